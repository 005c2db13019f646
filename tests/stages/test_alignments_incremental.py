"""The alignments' array paths for an added article (issue 23) against the loops they replaced, on real
text (the seeds and the BSNLP ryanair cluster): the sparse rows ``Space`` numbers from the clause rows
each article keeps between builds, and the story elements' homes, exactly. The references below are
the earlier code, kept here as the definition of the result."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.core.memo import Memo
from analysis.core.unionfind import UnionFind
from analysis.stages import alignments
from analysis.stages.alignments import features as vocabulary
from tests.helpers import binary_rows, documents


@pytest.fixture(scope="module", params=["seeds", "ryanair"])
def corpus(request, tables, real_corpus):
    chosen = tables if request.param == "seeds" else real_corpus("ryanair").tables
    docs = documents(chosen)
    return [s for article in sorted(docs) for s in docs[article].prose], chosen["copies"]


def reference_rows(prose):
    """Features numbered by a dictionary of sentence counts, rows made set by set (the earlier ``Space``)."""
    words: dict = {}
    clauses = [vocabulary.clause_features(s, words) for s in prose]
    bags = [set().union(*c) for c in clauses]
    df: dict[str, int] = {}
    for bag in bags:
        for f in bag:
            df[f] = df.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(df, key=lambda f: (df[f], f)))}
    twins: dict = {}
    twin = [twins.setdefault(tuple(map(frozenset, c)), k) for k, c in enumerate(clauses)]
    return vocab, binary_rows(bags, vocab), binary_rows([c for cs in clauses for c in cs], vocab), twin


def assert_same_rows(found, expected):
    assert found.shape == expected.shape
    for part in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(found, part), getattr(expected, part))


def test_space_rows_equal_the_set_by_set_ones_with_and_without_the_memo(corpus):
    prose, _ = corpus
    vocab, bits, clauses, twin = reference_rows(prose)
    memo = Memo()
    fresh = alignments.Space(prose, memo)
    served = alignments.Space(prose, Memo(memo.used))
    for space in (fresh, served):
        assert space.features == list(vocab)
        assert_same_rows(space.bits, bits)
        assert_same_rows(space.clauses, clauses)
        assert space.twin.tolist() == twin
    assert len(vocab) > 300


def reference_elements(prose, pairs, scores, spans):
    """The earlier ``story_elements``: each pair's home and each home's members, pair by pair."""
    linked = UnionFind(i for pair in pairs for i in pair)
    articles = {i: set(spans.get(i, {prose[i].article_id})) for i in linked.parent}
    for i, j in sorted(pairs, key=lambda pair: (-round(scores[pair], 9), pair)):
        ri, rj = linked.find(i), linked.find(j)
        if ri != rj and not articles[ri] & articles[rj]:
            joined = articles.pop(ri) | articles.pop(rj)
            articles[linked.union(ri, rj)] = joined
    found = sorted(linked.groups().items(), key=lambda group: min(group[1]))
    groups = {root: set(members) for root, members in found}
    size = {r: len(members) for r, members in groups.items()}
    lowest = {r: min(members) for r, members in groups.items()}

    def fit(home, guest):
        return (prose[guest].article_id not in articles[home], size[home], -lowest[home])

    edge_root = {}
    for i, j in pairs:
        ri, rj = linked.find(i), linked.find(j)
        edge_root[(i, j)] = ri if fit(ri, j) >= fit(rj, i) else rj
    for (i, j), home in edge_root.items():
        groups[home] |= {i, j}
    homes = set(edge_root.values())
    groups = {r: members for r, members in groups.items() if r in homes}
    number = {r: n for n, r in enumerate(sorted(groups, key=lambda r: min(groups[r])))}
    return {number[r]: members for r, members in groups.items()}, {p: number[r] for p, r in edge_root.items()}


def test_story_elements_equal_the_pair_by_pair_ones(corpus):
    prose, copies = corpus
    space = alignments.Space(prose)
    firsts, verbatim = alignments._copy_groups(prose, copies)
    alone = np.zeros(len(prose), dtype=bool)
    alone[list(firsts)] = True
    rows = np.array(sorted(set(range(len(prose))) - verbatim), dtype=np.int64)
    scores = alignments._aligned(space, rows, alone)
    pairs = sorted(scores)
    spans = {f: {prose[k].article_id for k in {f} | (set(others) & verbatim)} for f, others in firsts.items()}
    members, element_of = alignments.story_elements(prose, pairs, scores, spans)
    assert (members, element_of) == reference_elements(prose, pairs, scores, spans)
    assert list(element_of) == pairs
    assert len(members) > 5
