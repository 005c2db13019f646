"""Compare reads two articles' aligned sentences from disk: with copy groups aligned once (through
each group's first sentence), the rows it fetches must still give every pair the whole table gives."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.aligned import article_pair
from analysis.core.schema import ALIGNMENTS, COPIES, Col
from dashboard.data import load
from dashboard.data.sources import pair_alignments

PAIR_COLUMNS = [Col.SENTENCE_A, Col.SENTENCE_B, Col.KIND, Col.SCORE]


def _repeats_of_one_group(copies: pd.DataFrame) -> list[tuple[str, str]]:
    """Article pairs holding two repeats of one group whose first is in a third article: their pair
    exists only through the first's rows."""
    repeats = copies[~copies[Col.FIRST]]
    pairs = set()
    for _, group in repeats.groupby(Col.COPY_GROUP):
        articles = sorted(set(group[Col.ARTICLE_ID]))
        pairs.update(zip(articles, articles[1:], strict=False))
    return sorted(pairs)


@pytest.mark.parametrize("name", ["ryanair"])
def test_compare_reads_every_pair_of_two_repeats_of_one_copy_group(real_corpus, name):
    built = real_corpus(name)
    dataset = load._read(str(built.data), ())
    alignments, copies = built.tables[ALIGNMENTS], dataset.tables[COPIES]
    pairs = _repeats_of_one_group(copies)
    assert len(pairs) >= 20  # wire copies are the rule: many articles repeat a third one's sentences
    for a, b in pairs[:20]:
        shown = pair_alignments(dataset, a, b)
        whole = article_pair(alignments, copies, a, b)
        assert shown[PAIR_COLUMNS].values.tolist() == whole[PAIR_COLUMNS].values.tolist()
        assert shown["n"].tolist() == list(range(1, len(whole) + 1))
        # the two repeats' sentences are in the pairs, though no row of the table joins them directly
        copied = copies[copies[Col.ARTICLE_ID].isin([a, b]) & ~copies[Col.FIRST]]
        shared = copied.groupby(Col.COPY_GROUP).filter(lambda g: g[Col.ARTICLE_ID].nunique() == 2)
        for _, group in shared.groupby(Col.COPY_GROUP):
            mine = group.set_index(Col.ARTICLE_ID)[Col.SENTENCE_ID]
            assert (mine[a], mine[b]) in set(zip(shown[Col.SENTENCE_A], shown[Col.SENTENCE_B], strict=True))
