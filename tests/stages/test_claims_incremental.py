"""The claims' per-article profiles (``claim_profiles``, ``analysis.stages.claims.articles.profile``):
kept with each article in the stage cache, so a build that adds an article profiles that article
alone, and the claims stage keys each article's claims by its profile's hash of the prose instead of
hashing every article's tokens again; what it makes equals a build that starts from nothing."""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import replace

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.build.cache import DiskCache
from analysis.build.runner import Runner, restricted
from analysis.core.memo import Memo
from analysis.core.schema import ARTICLES, MENTIONS, SENTENCES, TOKENS, Col
from analysis.stages import registry
from analysis.stages.claims import articles
from analysis.stages.claims.assemble import extract_claims
from analysis.stages.registry import CLAIM_PROFILES, DOCUMENTS
from tests.helpers import article_id, claims_inputs


def _stage(name: str) -> registry.Stage:
    return next(each for each in registry.STAGES if each.name == name)


def _profiles(tables: dict, cache: DiskCache, leave_out: str = "") -> tuple[dict, Counter]:
    """The seeds' profiles through the runner with the stage cache ``cache`` (without the article
    ``leave_out``), and the articles profiled (not taken from the cache), counted."""
    inputs = {
        name: tables[name][tables[name][Col.ARTICLE_ID] != leave_out].reset_index(drop=True)
        for name in (ARTICLES, SENTENCES, TOKENS, MENTIONS)
    }
    made: Counter = Counter()

    def counted(document):
        made[document.article_id] += 1
        return articles.profile(document)

    runner = Runner(inputs, cache, None)
    runner.run(_stage("documents"))
    runner.run(replace(_stage("claim_profiles"), run=counted))
    assert runner.errors == []
    return runner.values[CLAIM_PROFILES], made


@pytest.fixture(scope="module")
def inputs(tables) -> dict:
    """The claims stage's other inputs over the seeds, as a build hands them."""
    return claims_inputs(tables)


def _claims(inputs: dict, profiles: dict, memo: Memo, pack) -> pd.DataFrame:
    ids = set(profiles)
    given = {name: restricted(value, ids) for name, value in inputs.items()}
    return extract_claims(**given, profiles=profiles, story=pack, memo=memo)


def _next_build(memo: Memo) -> Memo:
    return Memo(pickle.loads(pickle.dumps(memo.used, protocol=5)))


def test_an_added_article_is_profiled_alone_and_the_claims_hash_no_prose(
    tables, inputs, pack, tmp_path, monkeypatch
):
    cache = DiskCache(tmp_path / "stages")
    added = article_id(tables, "001")
    before, made = _profiles(tables, cache, leave_out=added)
    assert added not in before and made == Counter(dict.fromkeys(before, 1))
    memo = Memo()
    _claims(inputs, before, memo, pack)

    hashed: Counter = Counter()
    key = articles.document_key
    monkeypatch.setattr(articles, "document_key", lambda d: hashed.update([d.article_id]) or key(d))
    after, made = _profiles(tables, cache)
    assert made == Counter({added: 1})  # every other article's profile came from the stage cache
    grown = _claims(inputs, after, _next_build(memo), pack)
    assert hashed == Counter({added: 1})  # only in its profile: the claims stage hashed no prose

    fresh = {article: articles.profile(document) for article, document in inputs["documents"].items()}
    assert after == fresh
    assert_frame_equal(grown, _claims(inputs, fresh, Memo(), pack))


def test_an_edited_article_gets_another_profile_and_its_claims_are_made_again(
    tables, inputs, pack, tmp_path, monkeypatch
):
    """An article whose prose changes where nothing else its claims read does (the lemma of one of its
    commas: no new apposition noun or event verb, the same quantities) has its claims made again:
    its profile's hash of the prose keys them."""
    edited = article_id(tables, "002")
    cache = DiskCache(tmp_path / "stages")
    profiles, _ = _profiles(tables, cache)
    memo = Memo()
    _claims(inputs, profiles, memo, pack)

    tokens = tables[TOKENS].copy()
    comma = tokens.index[(tokens[Col.ARTICLE_ID] == edited) & (tokens[Col.TEXT] == ",")][0]
    tokens.loc[comma, Col.LEMMA] = ",,"
    changed, made = _profiles({**tables, TOKENS: tokens}, cache)
    assert made == Counter({edited: 1}) and changed[edited].document != profiles[edited].document

    extracted: Counter = Counter()
    extract = articles.claims
    monkeypatch.setattr(
        articles, "claims", lambda d, *rest: extracted.update([d.article_id]) or extract(d, *rest)
    )
    _claims(inputs, changed, _next_build(memo), pack)
    assert extracted == Counter({edited: 1})


def test_the_claims_read_the_profiles_the_registry_makes():
    claims, profiles = _stage("claims"), _stage("claim_profiles")
    assert CLAIM_PROFILES in claims.needs and profiles.makes == (CLAIM_PROFILES,)
    assert profiles.own_needs() == (DOCUMENTS,)  # a function of the article's document alone
