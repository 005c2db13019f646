"""Aligned sentences: which sentences of two articles say the same thing, read from ``alignments`` and
``copies`` together.

``alignments`` aligns each copy group once: a row whose side is a copy group's first sentence
(``copies.first``) stands for every copy of the group, and each other copy has one row with its first
(its score and kind against it). So a sentence reprinted k times costs k rows, not k². The functions
here give back every aligned sentence pair as the old table listed them: ``sentence_pairs`` (with
score, kind and element), ``article_pair`` (two articles, the Compare page's need) and
``aligned_pairs`` (the pairs that retell one fact, for the claims and discrepancies stages).

The claims stage reads aligned pairs to merge one measure said with other words, the discrepancies
stage to rank disagreements between retellings first. On the BSNLP clusters the claims merged are the
same from 0.35 (the lowest score aligned) to 0.45, and all right (4 pairs of attributes, 6 claims); 0.5
loses one pair.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.schema import Col

ALIGNED = 0.4  # alignment score from which two sentences retell one fact
LISTED = 0.35  # the lowest score two sentences align at (``alignments.ALIGN_THRESHOLD``)
# rapidfuzz ratios (0-100) of two sentences' folded text from which the alignments call them verbatim /
# near-verbatim; the copy groups (``analysis.stages.copies``) join near-verbatim copies at the same ratio.
VERBATIM_RATIO, NEAR_VERBATIM_RATIO = 95, 80


class AlignmentKind:
    """``alignments.kind``: how close the wording of two aligned sentences is."""

    VERBATIM = "verbatim"  # the same text, up to a few characters
    NEAR_VERBATIM = "near_verbatim"  # the same words up to small edits, inflection, order
    PARAPHRASE = "paraphrase"  # the same content in other words


KINDS = (
    AlignmentKind.VERBATIM,
    AlignmentKind.NEAR_VERBATIM,
    AlignmentKind.PARAPHRASE,
)  # a derived pair: the weaker

_KEY = [Col.ARTICLE_ID, Col.SENTENCE_ID]
_A, _B = [Col.ARTICLE_A, Col.SENTENCE_A], [Col.ARTICLE_B, Col.SENTENCE_B]
PAIR = [*_A, *_B]
COLUMNS = [*PAIR, Col.SCORE, Col.KIND, Col.ELEMENT_ID]
_UNIT = ["unit_article", "unit_sentence"]


def _members(copies: pd.DataFrame | None) -> pd.DataFrame:
    """Each copy with its group and the group's first sentence (``_UNIT``)."""
    if copies is None or copies.empty:
        return pd.DataFrame(columns=[Col.COPY_GROUP, *_KEY, Col.KIND, *_UNIT])
    firsts = copies.loc[copies[Col.FIRST].astype(bool), [Col.COPY_GROUP, *_KEY]]
    firsts = firsts.set_axis([Col.COPY_GROUP, *_UNIT], axis=1)
    return copies[[Col.COPY_GROUP, *_KEY, Col.KIND]].merge(firsts, on=Col.COPY_GROUP)


def _side(frame: pd.DataFrame, columns: list[str], members: pd.DataFrame) -> pd.Series:
    keyed = frame[columns].set_axis(_KEY, axis=1).merge(members[[*_KEY, Col.COPY_GROUP]], on=_KEY, how="left")
    return pd.Series(keyed[Col.COPY_GROUP].to_numpy(), index=frame.index)


def _oriented(frame: pd.DataFrame) -> pd.DataFrame:
    """Pairs of different articles, each with (article_a, sentence_a) < (article_b, sentence_b)."""
    frame = frame[frame[Col.ARTICLE_A] != frame[Col.ARTICLE_B]]
    swap = frame[Col.ARTICLE_A] > frame[Col.ARTICLE_B]
    flipped = frame.loc[swap].rename(columns=dict(zip(_A + _B, _B + _A, strict=True)))
    return pd.concat([frame.loc[~swap], flipped])[COLUMNS]


def _expanded(cross: pd.DataFrame, members: pd.DataFrame, among: pd.DataFrame | None) -> pd.DataFrame:
    """Rows between two units (sentences or copy groups' firsts), each side read as every sentence it
    stands for: a group's first as the group's copies, any other sentence as itself."""
    sides = pd.concat(
        [cross[_A].set_axis(_UNIT, axis=1), cross[_B].set_axis(_UNIT, axis=1)]
    ).drop_duplicates()
    firsts = members[_UNIT].drop_duplicates()
    alone = sides.merge(firsts, on=_UNIT, how="left", indicator=True)
    alone = alone.loc[alone["_merge"] == "left_only", _UNIT]
    itself = alone.assign(**{Col.ARTICLE_ID: alone["unit_article"], Col.SENTENCE_ID: alone["unit_sentence"]})
    stood_for = members[members[Col.KIND] != AlignmentKind.NEAR_VERBATIM]  # the first and its verbatim copies
    expansion = pd.concat([stood_for[[*_UNIT, *_KEY]], itself])
    if among is not None:
        expansion = expansion.merge(among[_KEY].drop_duplicates(), on=_KEY)
    left = cross.merge(expansion.set_axis([*_A, "a_article", "a_sentence"], axis=1), on=_A)
    both = left.merge(expansion.set_axis([*_B, "b_article", "b_sentence"], axis=1), on=_B)
    both = both.drop(columns=PAIR).rename(
        columns={"a_article": Col.ARTICLE_A, "a_sentence": Col.SENTENCE_A}
        | {"b_article": Col.ARTICLE_B, "b_sentence": Col.SENTENCE_B}
    )
    return _oriented(both)


def _is_first(rows: pd.DataFrame, side: list[str], members: pd.DataFrame) -> pd.Series:
    keyed = rows[side].set_axis(_KEY, axis=1).merge(members[[*_KEY, *_UNIT]], on=_KEY, how="left")
    first = (keyed[Col.ARTICLE_ID] == keyed["unit_article"]) & (
        keyed[Col.SENTENCE_ID] == keyed["unit_sentence"]
    )
    return pd.Series(first.to_numpy(), index=rows.index)


def _within(rows: pd.DataFrame, members: pd.DataFrame, among: pd.DataFrame | None) -> pd.DataFrame:
    """Pairs of copies of one group (``rows``: the rows of two copies of one group): a row where there
    is one; else for two copies, the lower score and the weaker kind of their rows with the first."""
    copies = members if among is None else members.merge(among[_KEY].drop_duplicates(), on=_KEY)
    a_first, b_first = _is_first(rows, _A, members), _is_first(rows, _B, members)
    info = [Col.SCORE, Col.KIND, Col.ELEMENT_ID]
    own = pd.concat(
        [
            rows.loc[a_first, [*_B, *info]].set_axis([*_KEY, "s", "k", "e"], axis=1),
            rows.loc[b_first, [*_A, *info]].set_axis([*_KEY, "s", "k", "e"], axis=1),
        ]
    )
    copies = copies.merge(own, on=_KEY, how="left")
    first = (copies[Col.ARTICLE_ID] == copies["unit_article"]) & (
        copies[Col.SENTENCE_ID] == copies["unit_sentence"]
    )
    copies.loc[first, ["s", "k", "e"]] = [1.0, KINDS[0], None]
    copies["order"] = copies["k"].map({k: n for n, k in enumerate(KINDS)}).fillna(len(KINDS) - 1)
    pairs = copies.merge(copies, on=Col.COPY_GROUP, suffixes=("_a", "_b"))
    pairs = pairs[pairs["article_id_a"] < pairs["article_id_b"]]
    derived = pd.DataFrame(
        {
            Col.ARTICLE_A: pairs["article_id_a"],
            Col.SENTENCE_A: pairs["sentence_id_a"],
            Col.ARTICLE_B: pairs["article_id_b"],
            Col.SENTENCE_B: pairs["sentence_id_b"],
            Col.SCORE: pairs[["s_a", "s_b"]].min(axis=1),
            Col.KIND: [KINDS[int(r)] for r in pairs[["order_a", "order_b"]].max(axis=1)],
            Col.ELEMENT_ID: pairs["e_a"].fillna(pairs["e_b"]),
        }
    )
    between = rows[~a_first & ~b_first]  # two copies aligned on their own: their row, as scored
    kept = derived[PAIR].drop_duplicates()
    between = _oriented(between).merge(kept, on=PAIR)
    return pd.concat([between, derived]).drop_duplicates(PAIR)


def _touching(alignments: pd.DataFrame, members: pd.DataFrame, among: pd.DataFrame) -> np.ndarray:
    """Which rows have both sides standing for a sentence of ``among`` (the sentence itself, or the
    first of a copy group holding it): the only rows a pair of ``among`` can come of. Reading only
    those spares the merges over every row (at 2,000 articles most of a claims' or discrepancies'
    read of the aligned pairs)."""
    wanted = among[_KEY].drop_duplicates()
    firsts = members.merge(wanted, on=_KEY)[_UNIT].set_axis(_KEY, axis=1)
    units = pd.MultiIndex.from_frame(pd.concat([wanted, firsts]))
    a, b = (pd.MultiIndex.from_frame(alignments[side].set_axis(_KEY, axis=1)) for side in (_A, _B))
    return a.isin(units) & b.isin(units)


def sentence_pairs(
    alignments: pd.DataFrame, copies: pd.DataFrame | None, among: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every aligned sentence pair of different articles (``COLUMNS``), each once with article_a <
    article_b; with ``among`` (rows with article_id and sentence_id), only pairs of those sentences.
    Without ``copies``, ``alignments`` is read as listing every pair itself."""
    if alignments.empty or (among is not None and among.empty):
        return pd.DataFrame({c: alignments[c].iloc[:0] for c in COLUMNS})
    members = _members(copies)
    if among is not None:
        alignments = alignments[_touching(alignments, members, among)]
    group_a, group_b = _side(alignments, _A, members), _side(alignments, _B, members)
    in_one = group_a.notna() & (group_a == group_b)
    found = pd.concat(
        [_expanded(alignments[~in_one], members, among), _within(alignments[in_one], members, among)]
    )
    text = alignments[Col.ARTICLE_A].dtype  # as the table holds them, whatever the merges made
    types = {
        Col.ARTICLE_A: text,
        Col.ARTICLE_B: text,
        Col.SENTENCE_A: int,
        Col.SENTENCE_B: int,
        Col.SCORE: float,
    }
    found = found[found[Col.SCORE] >= LISTED]  # a copy's row with its first is kept whatever its score
    found = found.drop_duplicates(PAIR).astype(types)
    return found.sort_values(PAIR, ignore_index=True)[COLUMNS]


def article_pair(alignments: pd.DataFrame, copies: pd.DataFrame | None, a: str, b: str) -> pd.DataFrame:
    """The aligned sentence pairs of articles ``a`` and ``b`` (``COLUMNS``, article_a = ``a``), sorted by
    ``a``'s sentence. ``alignments`` may be only the rows one of whose sides is a sentence of ``a`` or
    ``b`` or the first of a copy group holding one of theirs (what a reader on disk needs to fetch)."""
    members = _members(copies)
    among = pd.concat(
        [members.loc[members[Col.ARTICLE_ID].isin([a, b]), _KEY]]
        + [alignments[side].set_axis(_KEY, axis=1) for side in (_A, _B)]
    )
    among = among[among[Col.ARTICLE_ID].isin([a, b])]
    pairs = sentence_pairs(alignments, copies, among)
    pairs = pairs[pairs[Col.ARTICLE_A].isin([a, b]) & pairs[Col.ARTICLE_B].isin([a, b])]
    flip = pairs[Col.ARTICLE_A] != a
    flipped = pairs.loc[flip].rename(columns=dict(zip(_A + _B, _B + _A, strict=True)))
    return pd.concat([pairs.loc[~flip], flipped])[COLUMNS].sort_values(_A + _B, ignore_index=True)


def units_of(copies: pd.DataFrame | None, a: str, b: str) -> list[tuple[str, int]]:
    """The (article, sentence) sides an ``alignments`` row of articles ``a`` and ``b`` can have besides
    their own sentences: the first sentences of copy groups holding a copy in ``a`` or ``b``."""
    members = _members(copies)
    mine = members[members[Col.ARTICLE_ID].isin([a, b])]
    return sorted(set(zip(mine["unit_article"], mine["unit_sentence"], strict=True)))


def aligned_pairs(
    alignments: pd.DataFrame, copies: pd.DataFrame | None = None, among: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The sentence pairs scoring at least ALIGNED (a retelling of one fact): (article_a, sentence_a,
    article_b, sentence_b); with ``among``, only pairs of those sentences (a reader asks for the ones
    it holds claims of, so a group of k copies costs pairs only where its copies have claims)."""
    pairs = sentence_pairs(alignments, copies, among)
    return pairs.loc[pairs[Col.SCORE] >= ALIGNED, PAIR].reset_index(drop=True)


def unique_sentences(sentences: pd.DataFrame, alignments: pd.DataFrame) -> pd.DataFrame:
    """Prose sentences no other article contains: those absent from both sides of ``alignments``."""
    aligned = pd.concat(
        [
            alignments[[Col.ARTICLE_A, Col.SENTENCE_A]].set_axis([Col.ARTICLE_ID, Col.SENTENCE_ID], axis=1),
            alignments[[Col.ARTICLE_B, Col.SENTENCE_B]].set_axis([Col.ARTICLE_ID, Col.SENTENCE_ID], axis=1),
        ]
    ).drop_duplicates()
    prose = sentences[sentences[Col.BOILERPLATE] == ""]
    merged = prose.merge(aligned, on=[Col.ARTICLE_ID, Col.SENTENCE_ID], how="left", indicator=True)
    return merged[merged["_merge"] == "left_only"].drop(columns="_merge").reset_index(drop=True)
