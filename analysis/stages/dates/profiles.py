"""``clusters.similarity`` for many pairs of events at once, exactly.

An event's similarity to another reads only its *profile*: its interval, its precision, its set of
entities and its set of content lemmas. Wire copies repeat the same dated clause word for word, so a
syndicated corpus holds far fewer profiles than events (3,546 for 12,096 reported events at 3,000
synthetic articles): pairs are scored once per pair of profiles, with numpy over blocks of profiles
sorted by start (sparse products count the shared entities and lemmas), and then handed to every
pair of their events. Each score is the same IEEE arithmetic ``similarity`` does in Python (integer
counts divided, then the three overlaps summed left to right and divided by 3), so the scores, and
every order built on them, are equal to the pairwise ones bit for bit.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from scipy import sparse

from analysis.core.schema import Col

LEMMAS = "_lemmas"  # an event's content lemmas (a set): its wording, compared across sources
BLOCK = 128  # profiles scored against their successors by one sparse product


def _incidence(sets: list[frozenset], vocabulary: dict) -> sparse.csr_matrix:
    """Profile x item: 1 where the profile's set holds the item (items numbered in ``vocabulary``)."""
    indptr, indices = [0], []
    for items in sets:
        indices += [vocabulary.setdefault(item, len(vocabulary)) for item in items]
        indptr.append(len(indices))
    shape = (len(sets), max(len(vocabulary), 1))
    data = np.ones(len(indices), dtype=np.int64)
    return sparse.csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr)), shape=shape)


class Profiles:
    """The distinct profiles of ``events[i]`` for ``i`` in ``indexes``, numbered by start date (then
    first appearance), with each event's profile (``of``) and each profile's events (``members``)."""

    def __init__(self, events: list[dict], indexes: list[int]) -> None:
        found: dict[tuple, int] = {}
        own = []
        for i in indexes:
            event = events[i]
            key = (
                event[Col.START_DATE],
                event[Col.END_DATE],
                event[Col.GRANULARITY],
                frozenset(event[Col.ENTITY_IDS]),
                frozenset(event[LEMMAS]),
            )
            own.append(found.setdefault(key, len(found)))
        keys = list(found)
        order = sorted(range(len(keys)), key=lambda k: (keys[k][0], k))
        rank = np.empty(len(keys), dtype=np.int64)
        rank[order] = np.arange(len(keys))
        keys = [keys[k] for k in order]
        days: dict[str, int] = {}

        def day(text: str) -> int:
            if text not in days:
                days[text] = date.fromisoformat(text).toordinal()
            return days[text]

        self.start = np.array([day(key[0]) for key in keys], dtype=np.int64)
        self.end = np.array([day(key[1]) for key in keys], dtype=np.int64)
        precisions: dict[str, int] = {}
        self.precision = np.array([precisions.setdefault(key[2], len(precisions)) for key in keys])
        self.entities = _incidence([key[3] for key in keys], {})
        self.lemmas = _incidence([key[4] for key in keys], {})
        self.n_entities = np.array([len(key[3]) for key in keys], dtype=np.int64)
        self.n_lemmas = np.array([len(key[4]) for key in keys], dtype=np.int64)
        self.of = rank[np.array(own, dtype=np.int64)] if own else np.zeros(0, dtype=np.int64)
        self.indexes = np.array(indexes, dtype=np.int32)

    def __len__(self) -> int:
        return len(self.start)

    def scores(self, rows: slice | np.ndarray, cols: slice | np.ndarray) -> np.ndarray:
        """``similarity`` of each profile of ``rows`` with each of ``cols`` (a dense matrix)."""
        first = np.maximum.outer(self.start[rows], self.start[cols])
        last = np.minimum.outer(self.end[rows], self.end[cols])
        span = np.maximum.outer(self.end[rows], self.end[cols]) - np.minimum.outer(
            self.start[rows], self.start[cols]
        )
        overlap = last >= first
        time = np.where(overlap, (last - first + 1) / (span + 1), 0.0)
        shared = (self.entities[rows] @ self.entities[cols].T).toarray()
        entities = _jaccard(shared, self.n_entities[rows], self.n_entities[cols])
        lemmas = _jaccard(
            (self.lemmas[rows] @ self.lemmas[cols].T).toarray(), self.n_lemmas[rows], self.n_lemmas[cols]
        )
        score = (time + entities + lemmas) / 3
        unlike = np.not_equal.outer(self.precision[rows], self.precision[cols])
        score[~overlap | ((shared == 0) & unlike)] = 0.0
        return score

    def linked(self, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(p, q, score) of every pair of profiles p <= q (a profile with itself too) scoring at
        least ``threshold``: each block of profiles against those that start before its last end."""
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for low in range(0, len(self), BLOCK):
            high = min(low + BLOCK, len(self))
            reach = int(np.searchsorted(self.start, self.end[low:high].max(), side="right"))
            score = self.scores(slice(low, high), slice(low, reach))
            p, q = np.nonzero(score >= threshold)
            p, q = p + low, q + low
            kept = q >= p
            found.append((p[kept], q[kept], score[p[kept] - low, q[kept] - low]))
        if not found:
            return (np.zeros(0, dtype=np.int64),) * 2 + (np.zeros(0),)
        return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))  # type: ignore[return-value]


def _jaccard(shared: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    union = np.add.outer(left, right) - shared
    return np.divide(shared, union, out=np.zeros(shared.shape), where=union > 0)


def event_pairs(
    profiles: Profiles, articles: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(score, i, j), i < j, of every pair of the profiled events of different articles (``articles``:
    a code per event index) scoring at least ``threshold``, strongest first, then by i, then by j."""
    p, q, score = profiles.linked(threshold)
    order = np.argsort(profiles.of, kind="stable")
    members = profiles.indexes[order]  # each profile's events, in index order
    offsets = np.searchsorted(profiles.of[order], np.arange(len(profiles) + 1))
    size_p, size_q = np.diff(offsets)[p], np.diff(offsets)[q]
    total = size_p * size_q
    pair = np.repeat(np.arange(len(p), dtype=np.int32), total)
    within = np.arange(int(total.sum()), dtype=np.int64) - np.repeat(np.cumsum(total) - total, total)
    size = size_q[pair]
    i = members[offsets[p][pair] + within // size]
    j = members[offsets[q][pair] + within % size]
    del within, size
    kept = (articles[i] != articles[j]) & ((p[pair] != q[pair]) | (i < j))
    i, j, pair = i[kept], j[kept], pair[kept]
    i, j = np.minimum(i, j), np.maximum(i, j)
    ranked = np.lexsort((j, i, -score[pair]))
    return score[pair[ranked]], i[ranked], j[ranked]


def central_scores(members: list[dict]) -> np.ndarray:
    """Each member's summed ``similarity`` to the others, added in member order (as a Python ``sum``
    over them adds: every term left to right; a 0 term leaves a float sum unchanged)."""
    profiles = Profiles(members, list(range(len(members))))
    score = profiles.scores(slice(None), slice(None))[np.ix_(profiles.of, profiles.of)]
    np.fill_diagonal(score, 0.0)
    return np.add.accumulate(score, axis=1)[:, -1]
