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

Before grouping, quantity claims of two sentences that ``analysis.stages.alignments`` aligns as retellings of
one fact (score at least ALIGNED) and that differ only in their predicate are given one attribute
(``merge_aligned``): "Штат компании около 11,5 тысячи человек" and "В штате компании работает 11,5
тысячи человек", "Мать пятерых детей" and "воспитывала с мужем пятерых детей".

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

from analysis.core.document import Document
from analysis.core.schema import CLAIMS, CONTRADICTIONS, TABLES, Col, validate
from analysis.core.story import StoryPack
from analysis.stages.claims import pack as claims
from analysis.stages.claims.dates import extract_date_claims
from analysis.stages.claims.quantities import Parse, article_quantities, extract_quantity_claims

CATEGORICAL = {"role", "span"}
# Alignment score from which two sentences' quantity claims are one measure (``merge_aligned``). On
# the BSNLP clusters the merges are the same from 0.35 (the lowest score aligned) to 0.45, and all
# right (4 pairs of attributes, 6 claims); 0.5 loses one pair.
ALIGNED = 0.4


def every_claim(
    documents: dict[str, Document],
    entities: pd.DataFrame,
    dates: pd.DataFrame,
    roles: pd.DataFrame,
    story: StoryPack | None,
    alignments: pd.DataFrame | None = None,
    parse: Parse = article_quantities,
) -> pd.DataFrame:
    """The story pack's claims (roles and the agreement's span, from ``roles``) and any story's
    quantity and date claims, in one table; quantity claims that ``alignments`` shows to be one
    measure said with different words share one attribute (``merge_aligned``). ``parse`` gives an
    article's quantities (the pipeline passes its per-article cache of them)."""
    parts = [
        claims.extract_claims(documents, entities, dates, roles, story),
        extract_quantity_claims(documents, entities, dates, parse),
        extract_date_claims(documents, entities, dates),
    ]
    frame = pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)
    if alignments is not None:
        frame = merge_aligned(frame, alignments)
    order = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID]
    return validate(CLAIMS, frame.sort_values(order).reset_index(drop=True))


def _aligned_pairs(alignments: pd.DataFrame) -> pd.DataFrame:
    """The sentence pairs of ``alignments`` scoring at least ALIGNED."""
    keep = alignments[alignments[Col.SCORE] >= ALIGNED]
    return keep[[Col.ARTICLE_A, Col.SENTENCE_A, Col.ARTICLE_B, Col.SENTENCE_B]]


def _frame(attribute: str) -> str:
    """A quantity attribute without its predicate ("quantity:работ:страна#2018" -> "страна#2018"):
    what is counted, the rate's period, the places and the time."""
    return attribute.split(":", 2)[2]


def _singles(claims: pd.DataFrame) -> dict[tuple[str, int], list[dict]]:
    """Each sentence's quantity claims that are the only one of their subject and unit in it
    (with two, which one a retelling's figure answers is not known)."""
    quantity = claims[claims[Col.KIND] == "quantity"]
    keys = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.SUBJECT_ENTITY_ID, Col.UNIT]
    single = quantity[~quantity.duplicated(keys, keep=False)]
    found: dict[tuple[str, int], list[dict]] = {}
    for row in single.to_dict("records"):
        found.setdefault((row[Col.ARTICLE_ID], row[Col.SENTENCE_ID]), []).append(row)
    return found


def _root(parent: dict, node: tuple) -> tuple:
    while parent.setdefault(node, node) != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def merge_aligned(claims: pd.DataFrame, alignments: pd.DataFrame) -> pd.DataFrame:
    """Quantity claims of two aligned sentences (a retelling of one fact, ``alignments`` scoring
    at least ALIGNED) about the same subject (or both about no entity), in the same unit and the
    same frame (what is counted, period, places, time) are one measure whatever their predicates
    ("Штат компании около 11,5 тысячи" / "В штате компании работает 11,5 тысячи"): their attributes
    are merged (union-find over
    (subject, attribute)), each group taking its most frequent attribute and that one's words."""
    singles = _singles(claims)
    parent: dict[tuple, tuple] = {}
    for a_article, a_sentence, b_article, b_sentence in _aligned_pairs(alignments).itertuples(index=False):
        for x in singles.get((a_article, a_sentence), []):
            for y in singles.get((b_article, b_sentence), []):
                same = [x[c] == y[c] for c in (Col.SUBJECT_ENTITY_ID, Col.UNIT)]
                if all(same) and _frame(x[Col.ATTRIBUTE]) == _frame(y[Col.ATTRIBUTE]):
                    subject = x[Col.SUBJECT_ENTITY_ID]
                    root_x = _root(parent, (subject, x[Col.ATTRIBUTE]))
                    parent[root_x] = _root(parent, (subject, y[Col.ATTRIBUTE]))
    if not parent:
        return claims
    nodes = list(zip(claims[Col.SUBJECT_ENTITY_ID], claims[Col.ATTRIBUTE], strict=True))
    roots = [_root(parent, node) if node in parent else node for node in nodes]
    counts = pd.Series(nodes).value_counts()
    best: dict[tuple, tuple] = {}
    for node, root in zip(nodes, roots, strict=True):
        if root not in best or (-counts[node], node) < (-counts[best[root]], best[root]):
            best[root] = node
    words = dict(zip(nodes, claims[Col.MEASURE], strict=True))
    chosen = [best[root] for root in roots]
    return claims.assign(
        **{Col.ATTRIBUTE: [node[1] for node in chosen], Col.MEASURE: [words[node] for node in chosen]}
    )


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
        set() if alignments is None else set(_aligned_pairs(alignments).itertuples(index=False, name=None))
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
