"""Article similarity: TF-IDF cosine between whole articles over the alignments' clause features."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.core.schema import SIMILARITY, TABLES, Col
from analysis.stages.alignments.columns import text_column
from analysis.stages.alignments.sparse_pairs import unit_rows

# Article pairs less similar than this are not stored: on the Sources heatmap (white at 0) a
# score below it is a barely tinted cell, and most pairs of a large corpus fall below it.
SIMILARITY_THRESHOLD = 0.2
SIMILARITY_ROWS = 500  # articles compared with every other by one sparse product


def _article_counts(
    clauses: sparse.csr_matrix, clause_article: np.ndarray, features: list[str], n_articles: int
) -> sparse.csr_matrix:
    """Article x feature: how many clauses of the article hold the feature, features numbered by the
    articles holding them, rarest first (ties by name). One sparse product over the clause rows."""
    n = len(clause_article)
    owner = sparse.csr_matrix((np.ones(n), (clause_article, np.arange(n))), shape=(n_articles, n))
    counts = sparse.csc_matrix(owner @ clauses)
    names = np.array(features, dtype=str) if features else np.zeros(0, dtype=str)
    order = np.lexsort((names, np.diff(counts.indptr)))  # by articles holding the feature, then name
    tf = sparse.csr_matrix(counts[:, order])
    tf.sort_indices()
    return tf


def article_similarity(
    clauses: sparse.csr_matrix, clause_article: np.ndarray, features: list[str], article_ids: list[str]
) -> pd.DataFrame:
    """TF-IDF cosine between whole articles over the same features (``clauses``: clause x feature,
    binary; ``clause_article``: each clause's index into ``article_ids``, which are sorted): each article
    with itself (1) and both orders of every pair scoring at least ``SIMILARITY_THRESHOLD``, by article."""
    tf = _article_counts(clauses, clause_article, features, len(article_ids))
    df = np.diff(sparse.csc_matrix(tf).indptr)
    idf = np.log((1 + len(article_ids)) / (1 + df.astype(float))) + 1
    vectors, found = unit_rows(tf, idf), [(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))]
    by_feature = sparse.csr_matrix(vectors.T)
    # SIMILARITY_ROWS articles against all later ones by one product: whole articles share features with
    # most others, so a filter on rare features keeps most pairs, and gathering each pair's rows cost far
    # more. Only the columns from the block's first article on are multiplied (the pairs i < j): a product
    # sums each cell over the row's features in the same order whatever the columns, so the same floats.
    for lo in range(0, len(article_ids), SIMILARITY_ROWS):
        block = sparse.coo_matrix(vectors[lo : lo + SIMILARITY_ROWS] @ by_feature[:, lo:])
        keep = (block.col > block.row) & (np.clip(block.data, 0, 1) >= SIMILARITY_THRESHOLD)
        found.append((block.row[keep] + lo, block.col[keep] + lo, np.clip(block.data[keep], 0, 1)))
    i, j, cosine = (np.concatenate([part[k] for part in found]) for k in range(3))
    every = np.arange(len(article_ids))
    a, b = np.concatenate([i, j, every]), np.concatenate([j, i, every])
    order = np.lexsort((b, a))  # ``article_ids`` are sorted: their order is the ids', each pair once
    return pd.DataFrame(
        {
            Col.ARTICLE_A: text_column(article_ids, a[order]),
            Col.ARTICLE_B: text_column(article_ids, b[order]),
            Col.SCORE: np.concatenate([cosine, cosine, np.ones(len(every))])[order],
        },
        columns=list(TABLES[SIMILARITY].columns),
    )
