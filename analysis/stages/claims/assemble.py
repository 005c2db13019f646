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

ONE_MEASURE = "one_measure"  # ``_singles``' code of what two claims share to be one measure (no table column)


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


def _singles(claims: pd.DataFrame) -> pd.DataFrame:
    """Each sentence's quantity claims that are the only one of their subject and unit in it (with
    two, which one a retelling's figure answers is not known): their sentence, subject, attribute and
    a code of what two claims must share to be one measure (``merge_aligned``)."""
    quantity = claims[claims[Col.KIND] == "quantity"]
    keys = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.SUBJECT_ENTITY_ID, Col.UNIT]
    single = quantity[~quantity.duplicated(keys, keep=False)]
    # the subject, the unit and the attribute's frame without its predicate ("quantity:работ:страна@loc:x"
    # -> "страна@loc:x": what is counted and what names it, the rate's period, the places) and the moment
    columns = [Col.SUBJECT_ENTITY_ID, Col.UNIT, Col.ATTRIBUTE, Col.MOMENT]
    codes: dict[tuple, int] = {}
    measure = [
        codes.setdefault((subject, unit, attribute.split(":", 2)[2], moment), len(codes))
        for subject, unit, attribute, moment in zip(*(single[c].tolist() for c in columns), strict=True)
    ]
    kept = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.SUBJECT_ENTITY_ID, Col.ATTRIBUTE]
    return single[kept].reset_index(drop=True).assign(**{ONE_MEASURE: measure})


def _one_measure(singles: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """(subject, attribute, attribute) of every two single claims, one in each sentence of an aligned
    pair, that are one measure (the same subject, unit, frame and moment), each such triple once: a
    join on the pairs' sentences and the claims' code, not a comparison of every two claims of a pair
    (at 10,000 articles a million comparisons, most of the stage)."""
    sides = []
    for article, sentence, attribute in (
        (Col.ARTICLE_A, Col.SENTENCE_A, "a"),
        (Col.ARTICLE_B, Col.SENTENCE_B, "b"),
    ):
        names = {Col.ARTICLE_ID: article, Col.SENTENCE_ID: sentence, Col.ATTRIBUTE: attribute}
        sides.append(singles.rename(columns=names))
    first = pairs.merge(sides[0], on=[Col.ARTICLE_A, Col.SENTENCE_A])
    both = first.merge(sides[1], on=[Col.ARTICLE_B, Col.SENTENCE_B, ONE_MEASURE, Col.SUBJECT_ENTITY_ID])
    return both[[Col.SUBJECT_ENTITY_ID, "a", "b"]].drop_duplicates()


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
    sentences = dict.fromkeys(
        zip(singles[Col.ARTICLE_ID].tolist(), singles[Col.SENTENCE_ID].tolist(), strict=True)
    )
    among = pd.DataFrame(list(sentences), columns=[Col.ARTICLE_ID, Col.SENTENCE_ID])
    pairs = aligned_pairs(alignments, copies, among)
    for subject, a, b in _one_measure(singles, pairs).itertuples(index=False):
        groups.union((subject, a), (subject, b))
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
