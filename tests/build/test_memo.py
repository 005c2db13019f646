"""A corpus stage's memo (``Stage.memo``): work keyed by what it reads is done once, served to the
next build while its key holds, and the file keeps only what the last build used."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from analysis.build.cache import DiskCache, load_memo
from analysis.build.runner import run_stages
from analysis.core.memo import Memo, memo_key
from analysis.core.schema import ARTICLES, SENTENCES, Col
from analysis.stages.registry import Scope, Stage

WORDS = "word_counts"


def _counting_stage(made: Counter) -> Stage:
    """A corpus stage counting each article's words, one memo entry per article's sentences."""

    def count(sentences: pd.DataFrame, memo: Memo) -> dict[str, int]:
        found = {}
        for article_id, rows in sentences.groupby(Col.ARTICLE_ID, sort=True):
            texts = tuple(rows[Col.TEXT])

            def words(texts=texts, article_id=article_id) -> int:
                made[article_id] += 1
                return sum(len(text.split()) for text in texts)

            found[article_id] = memo.get(memo_key("words", texts), words)
        return found

    return Stage(WORDS, Scope.CORPUS, needs=(SENTENCES,), makes=(WORDS,), run=count, doc="test", memo=True)


def _build(tables: dict[str, pd.DataFrame], sentences: pd.DataFrame, cache: DiskCache, made: Counter):
    inputs = {ARTICLES: tables[ARTICLES], SENTENCES: sentences}
    values, errors = run_stages(inputs, cache, stages=(_counting_stage(made),))
    assert errors == []
    return values


def test_a_memo_serves_the_next_build_and_keeps_only_what_it_used(tables, tmp_path, monkeypatch):
    import analysis.build.runner as runner

    monkeypatch.setattr(runner, "written", lambda stages: [WORDS])  # a value, not a table of data/
    cache = DiskCache(tmp_path / "stages")
    sentences = tables[SENTENCES]
    articles = sorted(set(sentences[Col.ARTICLE_ID]))
    truth = {a: sum(len(t.split()) for t in rows[Col.TEXT]) for a, rows in sentences.groupby(Col.ARTICLE_ID)}

    made = Counter()
    first = _build(tables, sentences, cache, made)
    assert first[WORDS] == truth and made == Counter(dict.fromkeys(articles, 1))
    assert len(load_memo(tmp_path / "stages" / f"memo-{WORDS}.pickle").known) == len(articles)

    made = Counter()  # unchanged: nothing made again
    assert _build(tables, sentences, cache, made)[WORDS] == truth and made == Counter()

    edited = sentences.copy()  # one article edited: that article alone made again, the right count
    row = edited.index[edited[Col.ARTICLE_ID] == articles[0]][0]
    edited.loc[row, Col.TEXT] = edited.loc[row, Col.TEXT] + " и ещё три слова"
    made = Counter()
    found = _build(tables, edited, cache, made)
    assert found[WORDS] == {**truth, articles[0]: truth[articles[0]] + 4} and made == Counter(
        {articles[0]: 1}
    )
    # the old entry of the edited article is gone: the file holds what this build used
    kept = load_memo(tmp_path / "stages" / f"memo-{WORDS}.pickle").known
    assert len(kept) == len(articles)


def test_a_broken_memo_file_is_made_again(tmp_path):
    path = tmp_path / "memo-x.pickle"
    path.write_bytes(b"not a pickle")
    memo = load_memo(path)
    assert memo.known == {} and memo.get("k", lambda: 3) == 3 and memo.changed


def test_a_key_is_of_values_not_of_how_they_are_shared():
    # one name object in two places, or two equal ones: the same key (a pickle with its memo writes
    # the first as a reference, so the Ryanair cluster's keys changed between builds)
    name = "".join(["Ryan", "air"])
    twin = "".join(["Ryana", "ir"])
    assert name == twin and name is not twin
    assert memo_key((name, name)) == memo_key((name, twin))
    assert memo_key((name, name)) != memo_key((name, "Aeroflot"))
