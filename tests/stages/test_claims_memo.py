"""The claims stage's memo (``analysis.stages.claims.articles``): a build that starts from the last
build's memo makes the claims table a build without one makes, re-extracting only the articles
whose inputs or share of the corpus-wide values changed."""

from __future__ import annotations

import pickle
from collections import Counter

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.build.runner import restricted
from analysis.core.memo import Memo
from analysis.stages.claims import articles
from analysis.stages.claims.assemble import extract_claims
from tests.helpers import article_id, claims_inputs, stage


@pytest.fixture(scope="module")
def inputs(tables) -> dict:
    """The claims stage's inputs over the seeds, as a build hands them."""
    return {**claims_inputs(tables), "profiles": stage("claim_profiles", tables)["claim_profiles"]}


def _claims(inputs: dict, ids: set[str], memo: Memo, pack) -> pd.DataFrame:
    """The claims of the articles ``ids``, their share of each input as a build hands it (the
    entities whole, as the build of every article made them)."""
    return extract_claims(
        **{name: restricted(value, ids) for name, value in inputs.items()}, story=pack, memo=memo
    )


def _next_build(memo: Memo) -> Memo:
    """The memo the next build starts from: what this one used, through the memo file's pickle."""
    return Memo(pickle.loads(pickle.dumps(memo.used, protocol=5)))


@pytest.fixture
def extracted(monkeypatch) -> Counter:
    """The articles whose claims are extracted (not served from the memo), counted."""
    made: Counter = Counter()
    extract = articles.claims

    def counted(document, *rest):
        made[document.article_id] += 1
        return extract(document, *rest)

    monkeypatch.setattr(articles, "claims", counted)
    return made


def test_a_memo_of_n_articles_serves_n_plus_one(inputs, tables, pack, extracted):
    every = set(inputs["documents"])
    added = article_id(tables, "001")  # adding it changes no other article's share of the corpus
    fresh = _claims(inputs, every, Memo(), pack)
    assert len(fresh) and extracted == Counter(dict.fromkeys(every, 1))

    memo = Memo()
    _claims(inputs, every - {added}, memo, pack)
    extracted.clear()
    memo = _next_build(memo)
    assert_frame_equal(_claims(inputs, every, memo, pack), fresh)
    assert extracted == Counter({added: 1})  # the others' claims came from the memo

    extracted.clear()  # unchanged: nothing extracted, the same table
    assert_frame_equal(_claims(inputs, every, _next_build(memo), pack), fresh)
    assert extracted == Counter()


def test_an_apposition_gained_elsewhere_re_extracts_the_article_that_reads_it(
    inputs, tables, pack, extracted
):
    every = set(inputs["documents"])
    added, reader = article_id(tables, "004"), article_id(tables, "002")
    # 004 puts "президент" before Trump's name; 002 names Trump and says "президент" without it
    documents = inputs["documents"]
    without = articles.profile(documents[reader]).appositions.get("президент", frozenset())
    assert "per:donald-trump" not in without
    assert "per:donald-trump" in articles.profile(documents[added]).appositions["президент"]

    memo = Memo()
    _claims(inputs, every - {added}, memo, pack)
    extracted.clear()
    found = _claims(inputs, every, _next_build(memo), pack)
    assert extracted[reader] == 1 and extracted[added] == 1
    assert_frame_equal(found, _claims(inputs, every, Memo(), pack))
