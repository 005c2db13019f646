"""The alignments' array paths for 10,000 articles (issue 23) against the loops they replaced, on real text
(the seeds and the BSNLP ryanair cluster): each element's label sentence, the copy groups read from the
``copies`` table, and the columns made from codes, exactly. The references below are the earlier code,
kept here as the definition of the result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.stages import alignments
from analysis.stages.alignments.columns import rounded, text_column
from tests.helpers import documents


@pytest.fixture(scope="module", params=["seeds", "ryanair"])
def corpus(request, tables, real_corpus):
    chosen = tables if request.param == "seeds" else real_corpus("ryanair").tables
    docs = documents(chosen)
    return [s for article in sorted(docs) for s in docs[article].prose], chosen["copies"]


def reference_copy_groups(prose, copies):
    """Row by row through a dictionary of positions."""
    position = {(s.article_id, s.sentence_id): k for k, s in enumerate(prose)}
    found: dict[str, tuple[list[int], list[int]]] = {}
    for group, article, sentence, first in copies[
        ["copy_group", "article_id", "sentence_id", "first"]
    ].itertuples(index=False):
        if (k := position.get((article, int(sentence)))) is not None:
            found.setdefault(group, ([], []))[0 if first else 1].append(k)
    same = copies[copies["kind"] == "verbatim"]
    verbatim = {position.get(key) for key in zip(same["article_id"], same["sentence_id"], strict=True)}
    firsts = {heads[0]: sorted(others) for heads, others in found.values() if heads and others}
    return firsts, {k for others in firsts.values() for k in others if k in verbatim}


def reference_centres(space, groups):
    """Group by group: every pair of members scored, the first member with the highest rounded sum."""
    centres = []
    for group in groups:
        nodes = np.array(group, dtype=np.int64)
        if len(group) > alignments.ELEMENT_EXACT:
            vectors = space.sentences[nodes]
            total = vectors @ np.asarray(vectors.sum(axis=0)).ravel() - 1
        else:
            x, y = np.triu_indices(len(group), k=1)
            scores = space.scores(nodes[x], nodes[y])
            total = np.bincount(x, scores, len(group)) + np.bincount(y, scores, len(group))
        centres.append(group[int(np.argmax(np.round(total, 9)))])
    return centres


def test_copy_groups_equal_the_row_by_row_ones(corpus):
    prose, copies = corpus
    firsts, verbatim = alignments._copy_groups(prose, copies)
    assert (firsts, verbatim) == reference_copy_groups(prose, copies)
    assert list(firsts) == list(reference_copy_groups(prose, copies)[0])  # the same order too
    assert firsts


def test_element_labels_equal_the_group_by_group_ones(corpus, monkeypatch):
    prose, copies = corpus
    space = alignments.Space(prose)
    firsts, verbatim = alignments._copy_groups(prose, copies)
    alone = np.zeros(len(prose), dtype=bool)
    alone[list(firsts)] = True
    scores = alignments._aligned(space, np.array(sorted(set(range(len(prose))) - verbatim)), alone)
    members, _ = alignments.story_elements(prose, sorted(scores), scores)
    groups = [sorted(members[n]) for n in sorted(members)]
    assert alignments._centres(space, groups) == reference_centres(space, groups)
    # the centroid path too, every group through it
    monkeypatch.setattr(alignments, "ELEMENT_EXACT", 1)
    assert alignments._centres(space, groups) == reference_centres(space, groups)
    assert max(len(g) for g in groups) > 2


def test_text_columns_are_the_columns_a_frame_infers():
    values = ["syn_00002", "Москва", "e17"]
    for codes in (np.array([2, 0, 0, 1, 2]), np.zeros(0, dtype=np.int64)):
        made = pd.DataFrame({"a": text_column(values, codes)})
        assert_frame_equal(made, pd.DataFrame({"a": np.array(values, dtype=object)[codes]}))


def test_rounded_is_pythons_round_where_numpys_differs():
    values = np.array([0.00025, 0.00035, 0.00095, 0.4123456, 0.00025])
    assert rounded(values, 4).tolist() == [round(v, 4) for v in values.tolist()]
    assert rounded(values, 4).tolist() != np.round(values, 4).tolist()
    assert rounded(np.zeros(0), 9).tolist() == []
