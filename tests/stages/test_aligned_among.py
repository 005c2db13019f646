"""Aligned pairs among some sentences (``analysis.core.aligned``, as the claims and discrepancies
stages ask for them): read from the rows that touch those sentences only, they are the pairs of every
row that fall among them."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.core.aligned import PAIR, aligned_pairs, sentence_pairs
from analysis.core.schema import Col


def _among_only(pairs: pd.DataFrame, among: pd.DataFrame) -> pd.DataFrame:
    keys = set(zip(among[Col.ARTICLE_ID], among[Col.SENTENCE_ID], strict=True))
    sides = [list(zip(pairs[a], pairs[s], strict=True)) for a, s in ((PAIR[0], PAIR[1]), (PAIR[2], PAIR[3]))]
    keep = [a in keys and b in keys for a, b in zip(*sides, strict=True)]
    return pairs[keep].reset_index(drop=True)


@pytest.mark.parametrize("share", [1.0, 0.5, 0.1])
def test_pairs_among_sentences_are_every_rows_pairs_among_them(tables, share):
    alignments, copies = tables["alignments"], tables["copies"]
    assert len(copies) and len(alignments)  # copy groups stand for their copies: both paths are read
    sides = pd.concat(
        [
            alignments[[Col.ARTICLE_A, Col.SENTENCE_A]].set_axis([Col.ARTICLE_ID, Col.SENTENCE_ID], axis=1),
            alignments[[Col.ARTICLE_B, Col.SENTENCE_B]].set_axis([Col.ARTICLE_ID, Col.SENTENCE_ID], axis=1),
            copies[[Col.ARTICLE_ID, Col.SENTENCE_ID]],
        ]
    ).drop_duplicates()
    among = sides.sample(frac=share, random_state=7)
    every = sentence_pairs(alignments, copies)
    # values only: a few pairs' ``kind`` comes out as object, more as str (main's code did so too)
    assert_frame_equal(
        sentence_pairs(alignments, copies, among), _among_only(every, among), check_dtype=False
    )
    assert_frame_equal(
        aligned_pairs(alignments, copies, among), _among_only(aligned_pairs(alignments, copies), among)
    )


def test_a_copy_stands_for_its_group_among_sentences_that_leave_out_the_groups_first():
    """Articles b and c reprint a's sentence (a copy group whose first is a's); d retells it. The one
    row of d's sentence is with the group's first, yet among b's, c's and d's sentences it pairs them."""
    row = {Col.SCORE: 0.9, Col.KIND: "paraphrase", Col.ELEMENT_ID: "e1"}
    alignments = pd.DataFrame(
        [
            {Col.ARTICLE_A: "a", Col.SENTENCE_A: 1, Col.ARTICLE_B: "d", Col.SENTENCE_B: 5, **row},
            {Col.ARTICLE_A: "a", Col.SENTENCE_A: 1, Col.ARTICLE_B: "b", Col.SENTENCE_B: 1, **row},
            {Col.ARTICLE_A: "a", Col.SENTENCE_A: 1, Col.ARTICLE_B: "c", Col.SENTENCE_B: 2, **row},
        ]
    )
    copy = {Col.COPY_GROUP: "g1", Col.KIND: "verbatim", Col.ORIGIN: "", Col.ATTRIBUTED: ""}
    copies = pd.DataFrame(
        [
            {Col.ARTICLE_ID: "a", Col.SENTENCE_ID: 1, Col.FIRST: True, **copy},
            {Col.ARTICLE_ID: "b", Col.SENTENCE_ID: 1, Col.FIRST: False, **copy},
            {Col.ARTICLE_ID: "c", Col.SENTENCE_ID: 2, Col.FIRST: False, **copy},
        ]
    )
    among = pd.DataFrame({Col.ARTICLE_ID: ["b", "c", "d"], Col.SENTENCE_ID: [1, 2, 5]})
    found = aligned_pairs(alignments, copies, among)
    assert sorted(map(tuple, found.to_numpy().tolist())) == [
        ("b", 1, "c", 2),
        ("b", 1, "d", 5),
        ("c", 2, "d", 5),
    ]
    assert_frame_equal(found, _among_only(aligned_pairs(alignments, copies), among))
