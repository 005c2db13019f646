"""The claims' merge of one measure said in other words (``assemble.merge_aligned``) joins the aligned
pairs with the single claims on a code of what one measure shares (subject, unit, frame, moment)
instead of comparing every two claims of every pair (a million comparisons at 10,000 articles): the
same unions as that comparison, on Ryanair's retellings (the seeds have no two single claims of one
measure in aligned sentences)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.aligned import aligned_pairs
from analysis.core.schema import Col
from analysis.stages.claims import assemble
from tests.helpers import claims_inputs, stage


@pytest.fixture(scope="module")
def unmerged(real_corpus) -> tuple[pd.DataFrame, dict]:
    """Ryanair's claims before ``merge_aligned`` (as the stage hands them to it) and its tables."""
    chosen = real_corpus("ryanair").tables
    inputs = {**claims_inputs(chosen), "profiles": stage("claim_profiles", chosen)["claim_profiles"]}
    seen = []
    original = assemble.merge_aligned

    def kept(claims, alignments, copies=None):
        seen.append(claims)
        return original(claims, alignments, copies)

    assemble.merge_aligned = kept
    try:
        assemble.extract_claims(**inputs)
    finally:
        assemble.merge_aligned = original
    return seen[0], chosen


def _compared(claims: pd.DataFrame, alignments: pd.DataFrame, copies: pd.DataFrame) -> set[tuple]:
    """(subject, attribute, attribute) of two single claims of an aligned pair that are one measure, found
    as the stage first found them: every two claims of every pair compared."""
    quantity = claims[claims[Col.KIND] == "quantity"]
    keys = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.SUBJECT_ENTITY_ID, Col.UNIT]
    singles: dict[tuple, list[dict]] = {}
    for row in quantity[~quantity.duplicated(keys, keep=False)].to_dict("records"):
        singles.setdefault((row[Col.ARTICLE_ID], row[Col.SENTENCE_ID]), []).append(row)
    among = pd.DataFrame(list(singles), columns=[Col.ARTICLE_ID, Col.SENTENCE_ID])
    pairs = aligned_pairs(alignments, copies, among)
    shared = (Col.SUBJECT_ENTITY_ID, Col.UNIT, Col.MOMENT)
    found = set()
    for a_article, a_sentence, b_article, b_sentence in pairs.itertuples(index=False):
        for x in singles.get((a_article, a_sentence), []):
            for y in singles.get((b_article, b_sentence), []):
                frames = (x[Col.ATTRIBUTE].split(":", 2)[2], y[Col.ATTRIBUTE].split(":", 2)[2])
                if all(x[c] == y[c] for c in shared) and frames[0] == frames[1]:
                    found.add((x[Col.SUBJECT_ENTITY_ID], x[Col.ATTRIBUTE], y[Col.ATTRIBUTE]))
    return found


def test_the_join_finds_the_pairs_every_comparison_finds(unmerged):
    claims, tables = unmerged
    singles = assemble._singles(claims)
    among = singles[[Col.ARTICLE_ID, Col.SENTENCE_ID]].drop_duplicates()
    pairs = aligned_pairs(tables["alignments"], tables["copies"], among)
    joined = set(assemble._one_measure(singles, pairs).itertuples(index=False, name=None))
    assert joined == _compared(claims, tables["alignments"], tables["copies"])
    assert any(a != b for _, a, b in joined)  # claims of one measure worded differently among them
