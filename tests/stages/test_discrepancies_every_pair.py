"""The discrepancies stage compares each group's claims as arrays and aligns sentences only among the
claims that conflict; here the way it did before, pair by pair (``itertools.combinations``) with every
claim's aligned sentences, on real builds: the seeds and the BSNLP Ryanair cluster. The two tables are
equal, row for row."""

from __future__ import annotations

import math
from itertools import combinations

import pandas as pd
import pytest

from analysis.core.aligned import aligned_pairs
from analysis.core.codes import Relation
from analysis.core.schema import CONTRADICTIONS, TABLES, Col
from analysis.stages.discrepancies import (
    CATEGORICAL,
    UNKNOWN,
    _meet,
    _relation,
    _said,
    _sources,
    _week,
    find_discrepancies,
)


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    (low_a, high_a), (low_b, high_b) = a, b
    gap = max(low_a, low_b) - min(high_a, high_b)
    if gap <= 0:
        return 0.0
    scale = max(abs(v) for v in (low_a, high_a, low_b, high_b) if math.isfinite(v))
    return gap / scale if scale else 1.0


def _conflicts(said, categorical: bool, aligned: set) -> tuple[set, float, bool, set]:
    sources, widest, backed, relations = set(), 0.0, False, set()
    for a, b in combinations(said, 2):
        if a.source == b.source or not _meet(a.moment, b.moment):
            continue
        gap = float(a.value != b.value) if categorical else _gap(a.interval, b.interval)
        if gap > 0:
            sources |= {a.source, b.source}
            widest = max(widest, gap)
            pair = (a.article, a.sentence, b.article, b.sentence)
            backed = backed or pair in aligned or (pair[2], pair[3], pair[0], pair[1]) in aligned
            relations.add(_relation(a, b))
    return sources, widest, backed, relations


def every_pair(claims: pd.DataFrame, alignments, articles, copies) -> pd.DataFrame:
    """``find_discrepancies`` pair by pair, each group a frame of its own."""
    pairs = aligned_pairs(alignments, copies, claims[[Col.ARTICLE_ID, Col.SENTENCE_ID]])
    aligned = set(pairs.itertuples(index=False, name=None))
    source, published = _sources(articles)
    claims = claims[claims[Col.MOMENT] != UNKNOWN].reset_index(drop=True)
    every = _said(claims, source, published)
    keys = [
        claims[Col.SUBJECT_ENTITY_ID],
        claims[Col.ATTRIBUTE],
        claims[Col.UNIT],
        claims[Col.MOMENT].map(_week),
    ]
    found = []
    for (entity_id, attribute, _, when), group in claims.groupby(keys, sort=True, dropna=False):
        said = [every[position] for position in group.index]
        n_sources = len({s.source for s in said})
        if n_sources < 2:
            continue
        sources, widest, backed, relations = _conflicts(said, group[Col.KIND].iloc[0] in CATEGORICAL, aligned)
        if not sources:
            continue
        relation = Relation.CONTRADICTION if Relation.CONTRADICTION in relations else Relation.UPDATE
        order = (relation == Relation.UPDATE, -len(sources), -bool(entity_id), -widest, -backed, -n_sources)
        identifier = f"{attribute}#{when}:{entity_id}" if when else f"{attribute}:{entity_id}"
        found.append((order, identifier, relation, group.assign(**{Col.N_SOURCES: n_sources})))
    found.sort(key=lambda item: (item[0], item[1]))
    seen: set[str] = set()
    frames = []
    for rank, (_, identifier, relation, group) in enumerate(found, start=1):
        if identifier in seen:
            identifier = f"{identifier}/{group[Col.UNIT].iloc[0]}"
        seen.add(identifier)
        frames.append(
            group.assign(
                **{Col.CONTRADICTION_ID: identifier, Col.RANK: rank, Col.RELATION: relation}
            ).sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID])
        )
    frame = pd.concat(frames, ignore_index=True)[list(TABLES[CONTRADICTIONS].columns)]
    return frame.astype({Col.RANK: "int64", Col.N_SOURCES: "int64"})


def _same(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    needs = [tables[name] for name in ("claims", "alignments", "articles", "copies")]
    found = find_discrepancies(*needs)
    pd.testing.assert_frame_equal(found, every_pair(*needs))
    return found


def test_seeds_discrepancies_equal_every_pair(tables):
    found = _same(tables)
    assert (len(found), found[Col.CONTRADICTION_ID].nunique()) == (9, 3)


@pytest.mark.slow
def test_ryanair_discrepancies_equal_every_pair(real_corpus):
    found = _same(real_corpus("ryanair").tables)
    assert (len(found), found[Col.CONTRADICTION_ID].nunique()) == (79, 9)
    assert found[Col.RELATION].value_counts().to_dict() == {"contradiction": 46, "update": 33}
