"""Sparse rows compared pair by pair: binary feature rows, unit rows and exact prefix filtering."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy import sparse

# Slack on the prefix bound so floating-point rounding can only add candidates, never drop one.
PREFIX_MARGIN = 1e-6
ROW_CHUNK = 5_000  # rows whose candidates are found at once


def coded_rows(codes: np.ndarray, sizes: np.ndarray, n_columns: int) -> sparse.csr_matrix:
    """Binary rows holding the columns ``codes``, row after row (``sizes[k]`` columns for row k, none
    twice), indices sorted."""
    indptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    rows = sparse.csr_matrix(
        (np.ones(len(codes)), np.asarray(codes, dtype=np.int64), indptr), shape=(len(sizes), n_columns)
    )
    rows.sort_indices()
    return rows


def renumbered(rows: sparse.csr_matrix, rank: np.ndarray) -> sparse.csr_matrix:
    """``rows`` with column k moved to ``rank[k]``, indices sorted."""
    moved = sparse.csr_matrix((rows.data, rank[rows.indices], rows.indptr), shape=rows.shape)
    moved.sort_indices()
    return moved


def unit_rows(matrix: sparse.csr_matrix, weights: np.ndarray) -> sparse.csr_matrix:
    """Rows weighted by ``weights`` and scaled to unit length (empty rows stay empty)."""
    weighted = sparse.csr_matrix(matrix @ sparse.diags(weights))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    unit = sparse.csr_matrix(sparse.diags(1 / np.where(norms == 0, 1, norms)) @ weighted)
    unit.sort_indices()
    return unit


def shared_sums(bits: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """For each pair of rows (i[k], j[k]) of a binary matrix, the sums of ``weights`` columns over
    the features the two share."""
    if len(i) == 0:
        return np.zeros((0, weights.shape[1]))
    return np.asarray(bits[i].multiply(bits[j]) @ weights)


def norm_product(norms: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    product = norms[i] * norms[j]
    return np.where(product == 0, 1, product)


def prefix_filter(unit: sparse.csr_matrix, threshold: float, min_shared: int = 1) -> sparse.csr_matrix:
    """The prefix of each row (its rarest features) that any row scoring ``threshold`` with it shares.

    Prefix filtering (Bayardo et al., "Scaling up all pairs similarity search", 2007): features
    are numbered in one global order, rarest first, and a row's prefix ends where the rest of the
    row has norm below ``threshold``. Two rows whose prefixes share no feature share features
    only in the rest of the one whose prefix ends first, so by Cauchy-Schwarz their cosine is
    below ``threshold``. A pair that must also share ``min_shared`` features can stop its prefix
    once fewer than ``min_shared`` features remain: the shorter of the two prefixes is still exact.
    """
    rows = np.repeat(np.arange(unit.shape[0]), np.diff(unit.indptr))
    cumulative = np.concatenate([[0.0], np.cumsum(unit.data**2)])
    ends = unit.indptr[1:][rows]
    position = np.arange(len(unit.data))
    rest = cumulative[ends] - cumulative[position]  # squared norm from this feature to the row's end
    keep = (rest >= (threshold - PREFIX_MARGIN) ** 2) & (ends - position >= min_shared)
    return sparse.csr_matrix((keep.astype(float), unit.indices, unit.indptr), shape=unit.shape)


def key_pair_blocks(
    keys: sparse.csr_matrix, marked: sparse.csr_matrix | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Row pairs (i < j) with a key in common, ``ROW_CHUNK`` rows i at a time (a large corpus has tens
    of millions of candidate pairs, which need never be held at once), and whether each pair also
    shares a key of ``marked`` (whose keys must be among the row's ``keys``).

    One product tells both: a key weighs 1, plus ``w`` where marked, so a pair's product is its shared
    keys plus ``w`` times their marks plus ``w``² times the keys marked in both rows; with ``w`` above
    twice a row's keys the first two stay below ``w``², and integers this small are exact floats."""
    keys = sparse.csr_matrix((keys > 0).astype(np.float64))
    weight = 2 * int(np.diff(keys.indptr).max(initial=0)) + 1
    if marked is not None:
        keys = sparse.csr_matrix(keys + weight * (marked > 0).astype(np.float64))
    by_key = sparse.csr_matrix(keys.T)
    for lo in range(0, keys.shape[0], ROW_CHUNK):
        shared = sparse.coo_matrix(keys[lo : lo + ROW_CHUNK] @ by_key)
        upper = shared.col > shared.row + lo
        i, j = shared.row[upper].astype(np.int64) + lo, shared.col[upper].astype(np.int64)
        yield i, j, shared.data[upper] >= weight**2 if marked is not None else np.zeros(len(i), dtype=bool)


def pairs_sharing_a_key(keys: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (i < j) with a key in common."""
    blocks = list(key_pair_blocks(keys))
    if not blocks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate([i for i, _, _ in blocks]), np.concatenate([j for _, j, _ in blocks])
