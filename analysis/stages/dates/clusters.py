"""Events of different sources that tell the same happening, grouped into the ``event_clusters``
table.

Two reported events of different articles *link* when they tell the same event: their intervals
overlap, and on average their intervals, entities and wording overlap enough (``similarity``); events
of different precision (a year and a day) also have to name a common entity, so "в 2018 году" of one
subject never takes the days of another. Links are taken strongest first, and a link joins two
groups only while every interval of the joined group still shares a day with every other (intervals
that pairwise overlap have a common part): a group is one happening, never a chain of neighbouring
days or a year-long catch-all. Each cluster is labelled by its most representative member (the
wording closest to the others'), and dated by the interval most of its articles give; where the
articles disagree, the earliest and latest they give are kept beside it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import numpy as np
import pandas as pd

from analysis.core.schema import EVENT_CLUSTERS, TABLES, Col, validate
from analysis.stages.dates.codes import EventKind, Granularity
from analysis.stages.dates.profiles import LEMMAS, Profiles, central_scores, event_pairs

LINK_THRESHOLD = 0.35
CENTRAL_EXACT = 400  # cluster members up to which the label is chosen by every pairwise similarity
# Dates of a season or coarser: such a group never takes a day about none of its entities.
COARSE = {Granularity.SEASON, Granularity.QUARTER, Granularity.YEAR, Granularity.DECADE, Granularity.CENTURY}


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
    intervals, entities and wording overlap; 0 when their intervals are disjoint, or when they differ
    in precision and name no common entity."""
    time = _time_overlap(a, b)
    if not time:
        return 0.0
    entities = _jaccard(set(a[Col.ENTITY_IDS]), set(b[Col.ENTITY_IDS]))
    if not entities and a[Col.GRANULARITY] != b[Col.GRANULARITY]:
        return 0.0
    return (time + entities + _jaccard(a[LEMMAS], b[LEMMAS])) / 3


def _linked(events: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scores, i, j) of every pair of reported events of different articles that link, strongest
    first, then by position (so the order never depends on a hash): scored once per pair of distinct
    profiles (``profiles``: wire copies share theirs), exactly as ``similarity`` scores them."""
    reported = [i for i, event in enumerate(events) if event[Col.KIND] == EventKind.REPORTED]
    articles = pd.factorize(pd.Series([event[Col.ARTICLE_ID] for event in events], dtype=object))[0]
    return event_pairs(Profiles(events, reported), articles, LINK_THRESHOLD)


def links(events: list[dict]) -> list[tuple[float, int, int]]:
    """(similarity, i, j) of every pair of reported events of different articles that link, strongest
    first (then by position, so the order never depends on a hash)."""
    scores, first, second = _linked(events)
    return list(zip(scores.tolist(), first.tolist(), second.tolist(), strict=True))


class _Group:
    """A group being joined: its members, the days every member's interval shares (``common``), the
    entities of its members dated to a season or coarser (``coarse``: None without one), and the
    entity sets of its members dated to a day (``days``)."""

    def __init__(self, index: int, event: dict) -> None:
        self.members = [index]
        self.common = (event[Col.START_DATE], event[Col.END_DATE])
        entities = frozenset(event[Col.ENTITY_IDS])
        coarse = event[Col.GRANULARITY] in COARSE
        self.coarse: frozenset | None = entities if coarse else None
        self.days = [entities] if event[Col.GRANULARITY] == Granularity.DAY else []

    def joinable(self, other: _Group) -> tuple[str, str] | None:
        """The days the joined group would share, or None when it may not be joined: no common day,
        or a day of one group about none of the entities the other's coarse dates are about."""
        first, last = max(self.common[0], other.common[0]), min(self.common[1], other.common[1])
        if first > last:
            return None
        if self.coarse is None and other.coarse is None:
            return first, last
        coarse = (self.coarse or frozenset()) | (other.coarse or frozenset())
        # the days of a group with coarse dates are about them already; the others' must be
        unchecked = (other.days if other.coarse is None else []) + (self.days if self.coarse is None else [])
        return None if any(day.isdisjoint(coarse) for day in unchecked) else (first, last)

    def join(self, other: _Group, common: tuple[str, str]) -> None:
        self.members += other.members
        self.common = common
        if other.coarse is not None:
            self.coarse = other.coarse | (self.coarse or frozenset())
        self.days += other.days


def _in_chunks(first: np.ndarray, second: np.ndarray, size: int = 1 << 16) -> Iterator[tuple[int, int]]:
    """The pairs of two index arrays as Python ints, a chunk at a time (millions of links at 10,000
    articles: as one list of ints they took hundreds of megabytes)."""
    for low in range(0, len(first), size):
        yield from zip(first[low : low + size].tolist(), second[low : low + size].tolist(), strict=True)


def cluster_roots(events: list[dict]) -> list[int]:
    """Each event's group, named by its first event in input order: links joined strongest first,
    each only while the joined group's intervals still share a common day, and while no event dated
    to a day is about none of the entities of the group's events dated to a season or coarser."""
    group = list(range(len(events)))
    groups = {i: _Group(i, event) for i, event in enumerate(events)}
    _, first, second = _linked(events)
    for i, j in _in_chunks(first, second):
        a, b = group[i], group[j]
        if a == b:
            continue
        common = groups[a].joinable(groups[b])
        if common is None:
            continue
        keep, gone = min(a, b), max(a, b)
        for k in groups[gone].members:
            group[k] = keep
        groups[keep].join(groups.pop(gone), common)
    return group


def cluster_ids(events: list[dict]) -> tuple[list[int], dict[int, str]]:
    """(each event's group, the cluster id of each group): clusters numbered by their first date."""
    roots = cluster_roots(events)
    first_date: dict[int, str] = {}
    for event, root in zip(events, roots, strict=True):
        first_date[root] = min(first_date.get(root, event[Col.START_DATE]), event[Col.START_DATE])
    order = sorted(first_date, key=lambda root: (first_date[root], root))
    return roots, {root: f"c{n:03d}" for n, root in enumerate(order)}


def central(members: list[dict]) -> int:
    """Index of the member with the highest summed similarity to the others (the first such one),
    each sum added in member order (``profiles.central_scores``). A cluster larger than
    ``CENTRAL_EXACT`` (thousands of retellings in a large corpus) is labelled in linear time by
    ``central_by_share`` instead."""
    if len(members) == 1:
        return 0
    if len(members) > CENTRAL_EXACT:
        return central_by_share(members)
    return int(np.argmax(central_scores(members)))


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


def most_given(members: list[dict], label: int | None = None) -> tuple[str, str]:
    """The interval most of the members' articles give (each article once, with the interval it gives
    most); on a tie, the one the central member (``label``, when known) gives, else the earliest."""
    by_article: dict[str, Counter] = {}
    for member in members:
        by_article.setdefault(member[Col.ARTICLE_ID], Counter())[
            (member[Col.START_DATE], member[Col.END_DATE])
        ] += 1
    votes = Counter(counts.most_common(1)[0][0] for counts in by_article.values())
    best = max(votes.values())
    tied = sorted(span for span, count in votes.items() if count == best)
    own = members[central(members) if label is None else label]
    own = (own[Col.START_DATE], own[Col.END_DATE])
    return own if own in tied else tied[0]


def clusters_table(events: list[dict], ids: dict[int, str], roots: list[int]) -> pd.DataFrame:
    """The ``event_clusters`` table, one row per cluster: its label is the most representative
    member's, its dates the interval most of its articles give, with the earliest and latest that any
    member of the same precision gives (where they differ, the sources disagree)."""
    rows = []
    groups: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        groups.setdefault(root, []).append(i)
    for root, cluster_id in ids.items():
        members = [events[i] for i in groups[root]]
        articles = sorted({e[Col.ARTICLE_ID] for e in members})
        label = central(members)
        start, end = most_given(members, label)
        precision = next(
            e[Col.GRANULARITY] for e in members if (e[Col.START_DATE], e[Col.END_DATE]) == (start, end)
        )
        alike = [e for e in members if e[Col.GRANULARITY] == precision]  # a month beside days is no dispute
        rows.append(
            {
                Col.CLUSTER_ID: cluster_id,
                Col.LABEL: members[label][Col.LABEL],
                Col.START_DATE: start,
                Col.END_DATE: end,
                Col.EARLIEST: min(e[Col.START_DATE] for e in alike),
                Col.LATEST: max(e[Col.END_DATE] for e in alike),
                Col.ARTICLE_IDS: articles,
                Col.N_SOURCES: len(articles),
            }
        )
    columns = list(TABLES[EVENT_CLUSTERS].columns)
    return validate(EVENT_CLUSTERS, pd.DataFrame(rows, columns=columns))
