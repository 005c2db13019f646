"""Event clustering scored once per distinct profile (``analysis.stages.dates.profiles``) gives the
links, clusters and labels that scoring every pair of events with ``clusters.similarity`` gives, bit
for bit: on the seeds, on wire copies made of real dated clauses, and on a BSNLP cluster."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from analysis.build.runner import run_stage
from analysis.stages.dates import clusters
from analysis.stages.dates.clusters import central, cluster_roots, links, similarity
from tests.helpers import every_pair_links


def _clauses(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Every article's dated clauses (the ``dated_clauses`` stage), in article order."""
    made = run_stage(
        "dated_clauses",
        {name: tables[name] for name in ("articles", "sentences", "mentions")} | {"dates": tables["dates"]},
    )
    by_article = made["dated_clauses"]
    return [dict(event) for article_id in sorted(by_article) for event in by_article[article_id]]


def _summed_central(members: list[dict]) -> int:
    """The most central member the slow way: each member's similarities summed in member order."""
    scores = [sum(similarity(m, o) for k, o in enumerate(members) if k != i) for i, m in enumerate(members)]
    return scores.index(max(scores))


def _wire_copies(events: list[dict], copies: int, seed: int) -> list[dict]:
    """The reported events, each reprinted by ``copies`` other articles (as a wire story is), and
    some with one entity dropped: many events, few distinct profiles."""
    rng = random.Random(seed)
    reported = [e for e in events if e["kind"] == "reported"]
    made = list(events)
    for n in range(copies):
        for event in rng.sample(reported, len(reported) // 2):
            names = list(event["entity_ids"])
            if names and rng.random() < 0.3:
                names = names[1:]
            made.append({**event, "article_id": f"copy{n:02d}_{event['article_id']}", "entity_ids": names})
    return sorted(made, key=lambda e: e["article_id"])


def test_seed_links_equal_every_pair_scored(tables):
    events = _clauses(tables)
    assert sum(e["kind"] == "reported" for e in events) > 10
    found = links(events)
    assert found == every_pair_links(events)
    assert len(found) > 0


@pytest.mark.parametrize("seed", range(3))
def test_wire_copies_of_seed_clauses_cluster_as_every_pair_scored(tables, seed):
    """Reprinted clauses share profiles: the links (scores, order), the groups and each group's
    central member equal the pairwise ones."""
    events = _wire_copies(_clauses(tables), copies=6, seed=seed)
    expected = every_pair_links(events)
    assert links(events) == expected
    assert len(expected) > 100
    roots = cluster_roots(events)
    groups: dict[int, list[dict]] = {}
    for event, root in zip(events, roots, strict=True):
        groups.setdefault(root, []).append(event)
    assert max(len(members) for members in groups.values()) > 5
    for members in groups.values():
        assert central(members) == _summed_central(members)


@pytest.mark.slow
def test_bsnlp_cluster_links_and_labels_equal_every_pair_scored(real_corpus):
    """ryanair (148 articles, 33 of them on one strike day): links and central members."""
    events = _clauses(real_corpus("ryanair").tables)
    expected = every_pair_links(events)
    assert clusters.links(events) == expected
    assert len(expected) > 500
    roots = cluster_roots(events)
    for root in set(roots):
        members = [e for e, other in zip(events, roots, strict=True) if other == root]
        assert central(members) == _summed_central(members)
