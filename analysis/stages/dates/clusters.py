"""Events of different sources that tell the same happening, grouped (single linkage) into the
``event_clusters`` table: two reported events link when their intervals overlap and, on average,
their intervals, entities and wording overlap enough (``similarity``). Each cluster is labelled by
the member wording closest to the others'."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pandas as pd

from analysis.core.schema import EVENT_CLUSTERS, TABLES, Col, validate
from analysis.core.unionfind import UnionFind
from analysis.stages.dates.codes import EventKind

LEMMAS = "_lemmas"  # an event's content lemmas (a set): its wording, compared across sources
LINK_THRESHOLD = 0.35
CENTRAL_EXACT = 400  # cluster members up to which the label is chosen by every pairwise similarity


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _time_overlap(a: dict, b: dict) -> float:
    """Days the two intervals share over days they span together (0 when disjoint)."""
    first = max(a[Col.START_DATE], b[Col.START_DATE])
    last = min(a[Col.END_DATE], b[Col.END_DATE])
    if first > last:
        return 0.0
    span = date.fromisoformat(max(a[Col.END_DATE], b[Col.END_DATE])) - date.fromisoformat(
        min(a[Col.START_DATE], b[Col.START_DATE])
    )
    return ((date.fromisoformat(last) - date.fromisoformat(first)).days + 1) / (span.days + 1)


def similarity(a: dict, b: dict) -> float:
    """How likely two reported events are the same happening, in [0, 1]: the mean of how much their
    intervals, entities and wording overlap; 0 when their intervals are disjoint."""
    time = _time_overlap(a, b)
    if not time:
        return 0.0
    return (
        time + _jaccard(set(a[Col.ENTITY_IDS]), set(b[Col.ENTITY_IDS])) + _jaccard(a[LEMMAS], b[LEMMAS])
    ) / 3


def _overlapping_pairs(events: list[dict], indexes: list[int]) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of ``indexes`` whose events' date intervals overlap: a sweep over the
    intervals sorted by start, so only such pairs are visited (``similarity`` is 0 for the others).
    Generated, not listed: year-long events overlap thousands of others in a large corpus."""
    ordered = sorted(indexes, key=lambda i: (events[i][Col.START_DATE], i))
    for k, i in enumerate(ordered):
        end = events[i][Col.END_DATE]
        for j in ordered[k + 1 :]:
            if events[j][Col.START_DATE] > end:
                break
            yield min(i, j), max(i, j)


def cluster_roots(events: list[dict]) -> list[int]:
    """Each event's group: single-linkage groups of reported events from different articles, each
    named by its first event in input order (whatever order the links are made in)."""
    groups = UnionFind(range(len(events)))
    reported = [i for i, event in enumerate(events) if event[Col.KIND] == EventKind.REPORTED]
    # Two events that share no entity and no lemma score at most 1/3 (their time overlap alone),
    # below LINK_THRESHOLD: they are passed over before any interval arithmetic.
    entity_sets = [frozenset(event[Col.ENTITY_IDS]) for event in events]
    for i, j in _overlapping_pairs(events, reported):
        a, b = events[i], events[j]
        if entity_sets[i].isdisjoint(entity_sets[j]) and a[LEMMAS].isdisjoint(b[LEMMAS]):
            continue
        if a[Col.ARTICLE_ID] != b[Col.ARTICLE_ID] and similarity(a, b) >= LINK_THRESHOLD:
            groups.union(i, j)
    return [groups.find(i) for i in range(len(events))]


def cluster_ids(events: list[dict]) -> tuple[list[int], dict[int, str]]:
    """(each event's group, the cluster id of each group): clusters numbered by their first date."""
    roots = cluster_roots(events)
    first_date: dict[int, str] = {}
    for event, root in zip(events, roots, strict=True):
        first_date[root] = min(first_date.get(root, event[Col.START_DATE]), event[Col.START_DATE])
    order = sorted(first_date, key=lambda root: (first_date[root], root))
    return roots, {root: f"c{n:03d}" for n, root in enumerate(order)}


def central(members: list[dict]) -> int:
    """Index of the member with the highest summed similarity to the others (the first such one).

    Only members whose intervals overlap add anything (``similarity`` is 0 for the others, and
    adding 0.0 leaves a float sum unchanged), so each sum runs over those, in member order. A
    cluster larger than ``CENTRAL_EXACT`` (thousands of retellings in a large corpus) is labelled
    in linear time by ``central_by_share`` instead."""
    if len(members) == 1:
        return 0
    if len(members) > CENTRAL_EXACT:
        return central_by_share(members)
    others: list[list[int]] = [[] for _ in members]
    for i, j in _overlapping_pairs(members, list(range(len(members)))):
        others[i].append(j)
        others[j].append(i)
    scores = [sum(similarity(members[i], members[j]) for j in sorted(others[i])) for i in range(len(members))]
    return scores.index(max(scores))


def central_by_share(members: list[dict]) -> int:
    """Index of the member whose entities and wording the other members share most: each of its
    entities and lemmas scores the share of members that have it, averaged per kind (the first
    member with the highest score). Linear in the cluster's size."""
    entity_count: Counter[str] = Counter(e for m in members for e in set(m[Col.ENTITY_IDS]))
    lemma_count: Counter[str] = Counter(lemma for m in members for lemma in m[LEMMAS])

    def score(member: dict) -> float:
        entities, lemmas = set(member[Col.ENTITY_IDS]), member[LEMMAS]
        shared_entities = sum(entity_count[e] for e in entities) / len(entities) if entities else 0
        shared_lemmas = sum(lemma_count[lemma] for lemma in lemmas) / len(lemmas) if lemmas else 0
        return shared_entities + shared_lemmas

    scores = [score(member) for member in members]
    return scores.index(max(scores))


def clusters_table(events: list[dict], ids: dict[int, str], roots: list[int]) -> pd.DataFrame:
    """The ``event_clusters`` table, one row per cluster; its label is the member wording closest to
    the others'."""
    rows = []
    groups: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        groups.setdefault(root, []).append(i)
    for root, cluster_id in ids.items():
        members = [events[i] for i in groups[root]]
        articles = sorted({e[Col.ARTICLE_ID] for e in members})
        rows.append(
            {
                Col.CLUSTER_ID: cluster_id,
                Col.LABEL: members[central(members)][Col.LABEL],
                Col.START_DATE: min(e[Col.START_DATE] for e in members),
                Col.END_DATE: max(e[Col.END_DATE] for e in members),
                Col.ARTICLE_IDS: articles,
                Col.N_SOURCES: len(articles),
            }
        )
    columns = list(TABLES[EVENT_CLUSTERS].columns)
    return validate(EVENT_CLUSTERS, pd.DataFrame(rows, columns=columns))
