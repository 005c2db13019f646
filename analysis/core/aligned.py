"""Aligned sentences that retell one fact: the claims stage reads them to merge one measure said
with other words, the discrepancies stage to rank disagreements between retellings first.

On the BSNLP clusters the claims merged are the same from 0.35 (the lowest score aligned) to 0.45,
and all right (4 pairs of attributes, 6 claims); 0.5 loses one pair.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.schema import Col

ALIGNED = 0.4  # alignment score from which two sentences retell one fact
# rapidfuzz ratios (0-100) of two sentences' folded text from which they are verbatim / near-verbatim
# copies: the alignments' kinds and the copy groups' (``analysis.stages.copies``) read the same.
VERBATIM_RATIO, NEAR_VERBATIM_RATIO = 95, 80


def aligned_pairs(alignments: pd.DataFrame) -> pd.DataFrame:
    """The sentence pairs of ``alignments`` scoring at least ALIGNED: (article_a, sentence_a,
    article_b, sentence_b)."""
    keep = alignments[alignments[Col.SCORE] >= ALIGNED]
    return keep[[Col.ARTICLE_A, Col.SENTENCE_A, Col.ARTICLE_B, Col.SENTENCE_B]]
