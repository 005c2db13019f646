"""Discrepancies between sources: claims about the same subject and attribute that cannot all be true.

Claims are grouped by (subject entity, attribute); claims about no entity (empty id) group by
attribute, which then holds their subject noun. A group is a discrepancy when two claims of
*different* articles conflict (one article disagreeing with itself is not what a reader comparing
outlets is after):
- role and span claims are categorical: they conflict when their values differ;
- quantity and date claims are intervals (low/high in one unit, qualifiers already applied by the
  extractors): they conflict when their intervals do not meet ("более 1200 км" [1200, inf) meets
  "1224 км"; "8 млрд евро" does not meet "10 млрд евро"). Claims of different units (another
  currency) are never compared: they form groups of their own.

Every claim of a conflicting group is listed (every source, its value and its sentence).

(The claims stage has already given one attribute to one measure that two retellings say with
different words: ``analysis.stages.claims.assemble.merge_aligned``.)

Ranking (1 = most worth reading): first whether two conflicting claims are in aligned sentences
(outlets retelling one fact with different figures), then the number of distinct articles whose
claim conflicts with another article's (a disagreement between many sources before a lone
outlier), then the number of articles in the group, then how clear the disagreement is (the widest
relative gap between two conflicting intervals; categorical conflicts count as a full gap of 1),
then the id for a stable order.
"""

from __future__ import annotations

import math
from itertools import combinations

import pandas as pd

from analysis.core.aligned import aligned_pairs
from analysis.core.codes import ClaimKind
from analysis.core.schema import CONTRADICTIONS, TABLES, Col, validate

CATEGORICAL = {ClaimKind.ROLE, ClaimKind.SPAN}


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two intervals are, relative to the larger value (0 when they meet)."""
    (low_a, high_a), (low_b, high_b) = a, b
    gap = max(low_a, low_b) - min(high_a, high_b)
    if gap <= 0:
        return 0.0
    scale = max(abs(v) for v in (low_a, high_a, low_b, high_b) if math.isfinite(v))
    return gap / scale if scale else 1.0


def _conflicts(group: pd.DataFrame, aligned: set[tuple]) -> tuple[set[str], float, bool]:
    """Articles whose claim conflicts with another article's, the widest relative gap, and
    whether two conflicting claims are in sentences ``aligned`` as retellings of one fact."""
    categorical = group[Col.KIND].iloc[0] in CATEGORICAL
    columns = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.VALUE, Col.LOW, Col.HIGH]
    claims = list(group[columns].itertuples(index=False))
    articles: set[str] = set()
    widest, backed = 0.0, False
    for a, b in combinations(claims, 2):
        if a[0] == b[0]:
            continue
        gap = float(a[2] != b[2]) if categorical else _gap((a[3], a[4]), (b[3], b[4]))
        if gap > 0:
            articles |= {a[0], b[0]}
            widest = max(widest, gap)
            backed = backed or (a[0], a[1], b[0], b[1]) in aligned or (b[0], b[1], a[0], a[1]) in aligned
    return articles, widest, backed


def _unique_ids(found: list) -> None:
    """Two groups of one subject and attribute in different units get the unit in their id."""
    seen: set[str] = set()
    for index, (order, identifier, group) in enumerate(found):
        if identifier in seen:
            found[index] = (order, f"{identifier}/{group[Col.UNIT].iloc[0]}", group)
        seen.add(found[index][1])


def find_discrepancies(claims: pd.DataFrame, alignments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per claim of every conflicting group (``contradictions`` columns), ranked: a
    disagreement between sentences ``alignments`` pairs as retellings of one fact first."""
    columns = list(TABLES[CONTRADICTIONS].columns)
    if claims.empty:
        return validate(CONTRADICTIONS, pd.DataFrame(columns=columns))
    aligned = (
        set() if alignments is None else set(aligned_pairs(alignments).itertuples(index=False, name=None))
    )
    keys = [Col.SUBJECT_ENTITY_ID, Col.ATTRIBUTE, Col.UNIT]
    found = []
    for (entity_id, attribute, _), group in claims.groupby(keys, sort=True, dropna=False):
        if group[Col.ARTICLE_ID].nunique() < 2:
            continue
        articles, widest, backed = _conflicts(group, aligned)
        if articles:
            order = (-backed, -len(articles), -group[Col.ARTICLE_ID].nunique(), -widest)
            found.append((order, f"{attribute}:{entity_id}", group))
    found.sort(key=lambda item: (item[0], item[1]))
    _unique_ids(found)
    frames = [
        group.assign(
            **{
                Col.CONTRADICTION_ID: identifier,
                Col.RANK: rank,
                Col.N_SOURCES: group[Col.ARTICLE_ID].nunique(),
            }
        ).sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID])
        for rank, (_, identifier, group) in enumerate(found, start=1)
    ]
    if not frames:
        return validate(CONTRADICTIONS, pd.DataFrame(columns=columns))
    frame = pd.concat(frames, ignore_index=True)[columns]
    return validate(CONTRADICTIONS, frame.astype({Col.RANK: "int64", Col.N_SOURCES: "int64"}))
