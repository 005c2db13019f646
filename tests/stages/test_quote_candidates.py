"""Quotation groups score only the pairs of distinct quotations whose ``token_set_ratio`` may reach the
threshold (``quotes._candidates``): every pair that does is among them, so the groups are those of
every pair scored. Checked on Ryanair's prose sentences (a real corpus that reprints and retells),
some also reworded the ways a reprint rewords a quotation (a word dropped, words swapped, a letter
changed, a word added)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from analysis.core.schema import Col
from analysis.core.text import fold
from analysis.stages.citations import quotes
from analysis.stages.citations.quotes import QUOTE_GROUP_SIMILARITY, _candidates, _quote_groups


def _reworded(text: str, n: int) -> str:
    """``text`` reworded the ``n % 4``-th way."""
    words = text.split()
    if len(words) < 4:
        return text + " сказал он"
    way = n % 4
    if way == 0:
        return " ".join(words[:2] + words[3:])
    if way == 1:
        return " ".join([words[1], words[0], *words[2:]])
    if way == 2:
        return text[:-2] + "ы" + text[-1]
    return " ".join([*words, "также"])


@pytest.fixture(scope="module")
def texts(real_corpus) -> list[str]:
    """Sentences of Ryanair's prose, with rewordings: near and far pairs of every length."""
    sentences = real_corpus("ryanair").tables["sentences"]
    prose = sentences.loc[sentences[Col.BOILERPLATE] == "", Col.TEXT].tolist()[:600]
    return prose + [_reworded(text, n) for n, text in enumerate(prose[::3])]


def _keys(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(fold(re.sub(r"[^\w\s]", " ", t)) for t in texts))


def test_every_pair_that_matches_is_a_candidate(texts):
    distinct = _keys(texts)
    scores = process.cdist(
        distinct, distinct, scorer=fuzz.token_set_ratio, score_cutoff=QUOTE_GROUP_SIMILARITY, dtype=np.uint8
    )
    matching = {(i, j) for i, j in zip(*np.nonzero(scores), strict=True) if j < i}
    candidates = set(_candidates(distinct))
    assert len(matching) > 300  # the rewordings, and sentences the corpus reprints or nearly
    assert matching <= candidates
    assert len(candidates) < len(distinct) ** 2 / 20  # the bounds leave few pairs to score


def test_groups_are_those_of_every_pair_scored(texts, monkeypatch):
    def every_pair(distinct):
        return ((i, j) for i in range(len(distinct)) for j in range(i))

    reference = _quote_groups(texts[:300])
    monkeypatch.setattr(quotes, "_candidates", every_pair)
    assert _quote_groups(texts[:300]) == reference
    assert len(set(reference)) < len(_keys(texts[:300]))


def test_a_quotation_inside_a_longer_one_is_its_group():
    """token_set_ratio is 100 when one's words are all in the other, whatever the lengths."""
    short = "Мы не видим оснований"
    long = "Мы не видим оснований для пересмотра решения, принятого на прошлой неделе в Брюсселе"
    assert _quote_groups([short, long, "Совсем другие слова здесь"]) == ["q0", "q0", "q1"]
    assert set(_candidates(_keys([short, long]))) == {(1, 0)}
