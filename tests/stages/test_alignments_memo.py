"""The alignments stage's memo on BSNLP ryanair: what it keeps (each article's clause features, folded
texts) reads no IDF weight, so a build from the last build's memo makes the tables a fresh build makes,
every score weighed again; an article's relinked entity or retokenised word makes its clause features
again."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from analysis.core.memo import Memo
from analysis.stages.alignments import align_articles
from analysis.stages.copies import find_copies
from tests.helpers import documents

ADDED = "ryan-ru_file_171"


@pytest.fixture(scope="module")
def ryanair(real_corpus):
    tables = real_corpus("ryanair").tables
    return tables, documents(tables)


def copies_of(tables, docs):
    articles = tables["articles"][tables["articles"]["article_id"].isin(docs)]
    return find_copies(docs, articles, tables["citations"][tables["citations"]["article_id"].isin(docs)])


def built(docs, tables, memo: Memo | None = None) -> tuple[pd.DataFrame, ...]:
    return align_articles(docs, copies_of(tables, docs), memo=memo)


def assert_tables_equal(found, expected):
    for mine, theirs in zip(found, expected, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)


def test_a_memo_build_equals_a_fresh_one_after_an_article_is_added(ryanair):
    tables, docs = ryanair
    before = Memo()
    built({a: doc for a, doc in docs.items() if a != ADDED}, tables, before)
    memo = Memo(before.used)
    with_memo = built(docs, tables, memo)
    assert_tables_equal(with_memo, built(docs, tables))
    alignments = with_memo[0]
    assert ((alignments["article_a"] == ADDED) | (alignments["article_b"] == ADDED)).any()
    # the added article's clause features, and texts and pairs new to the memo; the rest served
    assert 1 < memo.made < len(before.used) / 10


def test_a_relinked_entity_makes_its_articles_clauses_again(ryanair):
    """Entity ids come from the corpus-wide entity stage: ids that change reach the clause features."""
    tables, docs = ryanair
    memo = Memo()
    fresh = built(docs, tables, memo)
    aligned = {(a, s) for a, s in zip(fresh[0]["article_a"], fresh[0]["sentence_a"], strict=True)}
    doc, sentence = next(
        (d, s)
        for d in docs.values()
        for s in d.prose
        if s.mentions and (d.article_id, s.sentence_id) in aligned
    )
    relinked = replace(
        sentence,
        mentions=tuple(m._replace(entity_id=f"org:other-{k}") for k, m in enumerate(sentence.mentions)),
    )
    sentences = tuple(relinked if s is sentence else s for s in doc.sentences)
    changed = {**docs, doc.article_id: replace(doc, sentences=sentences)}
    again = Memo(memo.used)
    with_memo = built(changed, tables, again)
    assert_tables_equal(with_memo, built(changed, tables))
    assert not with_memo[1].equals(fresh[1])  # the article's features changed: its similarities did


def test_a_changed_lemma_makes_its_articles_clauses_again(ryanair):
    tables, docs = ryanair
    memo = Memo()
    fresh = built(docs, tables, memo)
    aligned = fresh[0].iloc[0]
    doc = docs[aligned["article_a"]]
    sentence = next(s for s in doc.prose if s.sentence_id == aligned["sentence_a"])
    tokens = tuple(
        t._replace(lemma="ыыы", pos="NOUN") if t.pos in {"NOUN", "PROPN"} else t for t in sentence.tokens
    )
    sentences = tuple(replace(s, tokens=tokens) if s is sentence else s for s in doc.sentences)
    changed = {**docs, doc.article_id: replace(doc, sentences=sentences)}
    again = Memo(memo.used)
    with_memo = built(changed, tables, again)
    assert_tables_equal(with_memo, built(changed, tables))
    assert not with_memo[0].equals(fresh[0])  # the sentence lost its nouns: its alignments changed
