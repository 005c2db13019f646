"""The claims stage: every kind of claim in one table, one measure retold in other words given one
attribute, so ``analysis.stages.discrepancies`` compares like with like.

Kinds: the story pack's roles and span (``pack``), quantities (``quantities``) and dates a sentence
recalls (``dates``).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from analysis.core.aligned import aligned_pairs
from analysis.core.document import Document
from analysis.core.memo import Memo
from analysis.core.schema import CLAIMS, Col, validate
from analysis.core.story import StoryPack
from analysis.core.unionfind import UnionFind
from analysis.nlp.grammars.quantities import Quantity
from analysis.nlp.syntax import Parse
from analysis.stages.claims import pack
from analysis.stages.claims.articles import Profile, article_claims
from analysis.stages.claims.rows import claims_frame


def extract_claims(
    documents: dict[str, Document],
    profiles: dict[str, Profile],
    entities: pd.DataFrame,
    dates: pd.DataFrame,
    roles: pd.DataFrame,
    alignments: pd.DataFrame,
    copies: pd.DataFrame,
    quantities: dict[str, dict[int, list[Quantity]]],
    syntax: dict[str, dict[int, Parse]],
    story: StoryPack | None = None,
    *,
    memo: Memo | None = None,
) -> pd.DataFrame:
    """The ``claims`` table: the story pack's claims (roles and the agreement's span, from
    ``roles``) and any story's quantity and date claims; quantity claims that ``alignments`` shows
    to be one measure said with different words share one attribute (``merge_aligned``; ``copies``
    stand for the copies ``alignments`` aligns once).
    ``profiles``: each article's share of the corpus-wide values and hash of its prose
    (``articles.profile``); ``quantities``: each article's parse (``quantities.article_quantities``);
    ``syntax``: the trees of its sentences with a quantity (``tree.article_parses``). Each article's
    quantity and date claims come from ``memo`` while all they read is unchanged (``articles``); the
    pack's claims and the merging are the corpus's."""
    quantity_rows, date_rows = article_claims(
        documents, profiles, entities, dates, quantities, syntax, Memo() if memo is None else memo
    )
    parts = [
        pack.extract_claims(documents, entities, dates, roles, story),
        claims_frame(quantity_rows),
        claims_frame(date_rows),
    ]
    frame = pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)
    frame = merge_aligned(frame, alignments, copies)
    order = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID]
    return validate(CLAIMS, frame.sort_values(order).reset_index(drop=True))


def _frame(claim: dict) -> tuple[str, str]:
    """A quantity claim's attribute without its predicate ("quantity:работ:страна@loc:x" ->
    "страна@loc:x": what is counted and what names it, the rate's period, the places) and its
    moment."""
    return claim[Col.ATTRIBUTE].split(":", 2)[2], claim[Col.MOMENT]


def _singles(claims: pd.DataFrame) -> dict[tuple[str, int], list[dict]]:
    """Each sentence's quantity claims that are the only one of their subject and unit in it
    (with two, which one a retelling's figure answers is not known)."""
    quantity = claims[claims[Col.KIND] == "quantity"]
    keys = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.SUBJECT_ENTITY_ID, Col.UNIT]
    single = quantity[~quantity.duplicated(keys, keep=False)]
    # what ``merge_aligned`` reads of them: a row of every column cost more than the merging
    columns = [*keys, Col.ATTRIBUTE, Col.MOMENT]
    found: dict[tuple[str, int], list[dict]] = {}
    for values in zip(*(single[column].tolist() for column in columns), strict=True):
        row = dict(zip(columns, values, strict=True))
        found.setdefault((row[Col.ARTICLE_ID], row[Col.SENTENCE_ID]), []).append(row)
    return found


def merge_aligned(
    claims: pd.DataFrame, alignments: pd.DataFrame, copies: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Quantity claims of two aligned sentences (a retelling of one fact, ``alignments`` scoring
    at least ALIGNED) about the same subject (or both about no entity), in the same unit and the
    same frame (what is counted, period, places, moment) are one measure whatever their predicates
    ("Штат компании около 11,5 тысячи" / "В штате компании работает 11,5 тысячи"): their attributes
    are merged (union-find over (subject, attribute)), each group taking its most frequent attribute
    and that one's words."""
    singles = _singles(claims)
    groups = UnionFind()
    among = pd.DataFrame(list(singles), columns=[Col.ARTICLE_ID, Col.SENTENCE_ID])
    pairs = aligned_pairs(alignments, copies, among)
    for a_article, a_sentence, b_article, b_sentence in zip(
        *(pairs[c].tolist() for c in pairs.columns), strict=True
    ):
        for x in singles.get((a_article, a_sentence), []):
            for y in singles.get((b_article, b_sentence), []):
                same = [x[c] == y[c] for c in (Col.SUBJECT_ENTITY_ID, Col.UNIT)]
                if all(same) and _frame(x) == _frame(y):
                    subject = x[Col.SUBJECT_ENTITY_ID]
                    groups.union((subject, x[Col.ATTRIBUTE]), (subject, y[Col.ATTRIBUTE]))
    if not groups.parent:
        return claims
    nodes = list(zip(claims[Col.SUBJECT_ENTITY_ID], claims[Col.ATTRIBUTE], strict=True))
    roots = [groups.find(node) if node in groups else node for node in nodes]
    counts = Counter(nodes)  # a dict: a Series lookup per claim cost more than the rest
    best: dict[tuple, tuple] = {}
    for node, root in zip(nodes, roots, strict=True):
        if root not in best or (-counts[node], node) < (-counts[best[root]], best[root]):
            best[root] = node
    words = dict(zip(nodes, claims[Col.MEASURE], strict=True))
    chosen = [best[root] for root in roots]
    return claims.assign(
        **{Col.ATTRIBUTE: [node[1] for node in chosen], Col.MEASURE: [words[node] for node in chosen]}
    )
