"""Sources and how articles relate: who cites whom, how similar articles are, which story elements
each tells, and the sentences two articles share."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from analysis.core.aligned import article_pair, units_of
from analysis.core.schema import ALIGNMENTS, COPIES, SIMILARITY, Col
from dashboard.data.frames import top_keys
from dashboard.data.load import Dataset, connect


def citation_edges(citations: pd.DataFrame, source_of: Mapping[str, str], limit: int) -> pd.DataFrame:
    """Citing source -> cited source with the number of citations (``citing``, ``source``, ``n``),
    among the ``limit`` most cited sources and the ``limit`` sources citing them most."""
    edges = (
        citations.assign(citing=citations[Col.ARTICLE_ID].map(source_of))
        .groupby(["citing", Col.SOURCE])
        .size()
        .rename("n")
        .reset_index()
    )
    edges = edges[edges[Col.SOURCE].isin(top_keys(edges.groupby(Col.SOURCE)["n"].sum(), limit))]
    return edges[edges["citing"].isin(top_keys(edges.groupby("citing")["n"].sum(), limit))]


def similarity_matrix(similarity: pd.DataFrame, labels: Mapping[str, str], limit: int) -> pd.DataFrame:
    """Article × article similarity by label, for the ``limit`` articles of ``labels`` most similar to
    another one (a matrix of every pair of a large corpus is unreadable)."""
    pairs = similarity[similarity[Col.ARTICLE_A] != similarity[Col.ARTICLE_B]]
    best = pd.concat([pairs.groupby(side)[Col.SCORE].max() for side in (Col.ARTICLE_A, Col.ARTICLE_B)])
    return _similarity_shown(
        best.groupby(level=0).max(),
        lambda keep: similarity[similarity[Col.ARTICLE_A].isin(keep) & similarity[Col.ARTICLE_B].isin(keep)],
        labels,
        limit,
    )


def similarity_on_disk(
    dataset: Dataset, chosen: set[str] | None, labels: Mapping[str, str], limit: int
) -> pd.DataFrame:
    """``similarity_matrix`` of the pairs of the similarity file (DuckDB) between ``chosen`` articles
    (every article when None): the table is never loaded whole."""
    among_chosen = ""
    path = dataset.on_disk[SIMILARITY].replace("'", "''")
    a, b, score = Col.ARTICLE_A, Col.ARTICLE_B, Col.SCORE
    with connect() as con:
        if chosen is not None:
            con.register("chosen", pd.DataFrame({"id": sorted(chosen)}, dtype=str))
            among_chosen = f"WHERE {a} IN (SELECT id FROM chosen) AND {b} IN (SELECT id FROM chosen)"
        con.execute(
            f"CREATE TEMP VIEW pairs AS SELECT {a}, {b}, {score} FROM read_parquet('{path}') {among_chosen}"
        )
        best = con.execute(
            f"SELECT article, max({score}) AS best FROM (SELECT {a} AS article, {score} FROM pairs "
            f"WHERE {a} <> {b} UNION ALL SELECT {b}, {score} FROM pairs WHERE {a} <> {b}) GROUP BY article"
        ).fetchall()

        def among(keep: list[str]) -> pd.DataFrame:
            con.register("keep", pd.DataFrame({"id": keep}, dtype=str))
            return con.execute(
                f"SELECT * FROM pairs WHERE {a} IN (SELECT id FROM keep) AND {b} IN (SELECT id FROM keep)"
            ).df()

        best_of = pd.Series([s for _, s in best], index=[article for article, _ in best], dtype="float64")
        return _similarity_shown(best_of, among, labels, limit)


def _similarity_shown(
    best: pd.Series, among: Callable[[list[str]], pd.DataFrame], labels: Mapping[str, str], limit: int
) -> pd.DataFrame:
    """The matrix of the ``limit`` articles of ``labels`` with the highest ``best`` score (by article),
    from the pairs ``among`` returns for them."""
    best = best.reindex(list(labels)).dropna()
    top = set(top_keys(best, limit))
    keep = [a for a in labels if a in top]
    shown = among(keep)
    matrix = shown.pivot_table(index=Col.ARTICLE_A, columns=Col.ARTICLE_B, values=Col.SCORE, aggfunc="max")
    matrix = matrix.combine_first(matrix.T).reindex(index=keep, columns=keep)
    return matrix.rename(index=labels, columns=labels)


def element_coverage(elements: pd.DataFrame, labels: Mapping[str, str], limit: int) -> pd.DataFrame:
    """Article (rows, by label) × story element (columns, by id), 1 where the article tells it: the
    ``limit`` elements told by most articles and the ``limit`` articles telling most of them."""
    pairs = elements[[Col.ARTICLE_ID, Col.ELEMENT_ID]].drop_duplicates()  # crosstab only what is shown
    top_elements = top_keys(pairs[Col.ELEMENT_ID].value_counts().sort_index(), limit)
    shown = pairs[pairs[Col.ELEMENT_ID].isin(top_elements)]
    told = shown[Col.ARTICLE_ID].value_counts().reindex(sorted(pairs[Col.ARTICLE_ID].unique()), fill_value=0)
    top_articles = set(top_keys(told, limit))
    shown = shown[shown[Col.ARTICLE_ID].isin(top_articles)]  # the rows shown only: 5 s -> 0.1 s at 10,000
    covered = pd.crosstab(shown[Col.ARTICLE_ID], shown[Col.ELEMENT_ID])
    covered = covered.reindex(
        index=[a for a in labels if a in top_articles], columns=top_elements, fill_value=0
    )
    return covered.rename(index=labels)


def element_table(
    elements: pd.DataFrame,
    labels: Mapping[str, str],
    told_by: int | None = None,
    names: int | None = None,
) -> pd.DataFrame:
    """One row per story element: its sentence, how many articles tell it and which. For a table on
    screen, ``told_by`` lists the articles of the first rows only ("" after them) and ``names`` names
    at most that many per row ("… and N more"): at 10,000 articles all the lists weigh ~60 MB."""
    pairs = elements[[Col.ELEMENT_ID, Col.ARTICLE_ID]].drop_duplicates()  # in their first order
    first = elements.drop_duplicates(Col.ELEMENT_ID)  # each element's first row, in their first order
    counts = pairs[Col.ELEMENT_ID].value_counts()
    table = pd.DataFrame(
        {
            Col.ELEMENT_ID: first[Col.ELEMENT_ID].astype(str).reset_index(drop=True),
            "text": first[Col.LABEL].astype(str).reset_index(drop=True),
            "articles": counts.reindex(first[Col.ELEMENT_ID]).to_numpy(dtype="int64"),
        }
    )
    table = table.sort_values("articles", ascending=False, kind="stable").reset_index(drop=True)
    listed = table[Col.ELEMENT_ID] if told_by is None else table[Col.ELEMENT_ID].head(told_by)
    some = pairs[pairs[Col.ELEMENT_ID].isin(listed)]
    if names is not None:  # the articles named only (at 10,000 articles a label for every pair: ~90 MB)
        some = some[some.groupby(Col.ELEMENT_ID, sort=False).cumcount() < names]
    named = pd.Series([labels.get(a, a) for a in some[Col.ARTICLE_ID]], index=some.index, dtype=str)
    told = named.groupby(some[Col.ELEMENT_ID], sort=False).agg("; ".join).reindex(listed)
    if names is not None:
        more = counts.reindex(listed) - names
        told = told + more.map(lambda n: f"; … and {n} more" if n > 0 else "")
    return table.assign(**{"told by": pd.Series([*told, *[""] * (len(table) - len(told))], dtype=str)})


def pair_alignments(dataset: Dataset, a: str, b: str) -> pd.DataFrame:
    """The aligned sentence pairs of articles ``a`` and ``b`` (sentence_a of ``a``, sentence_b of ``b``,
    kind, score), numbered from 1: read from the alignments file (DuckDB) once per pair. A copy group is
    aligned once, through its first sentence (``analysis.core.aligned``), so the rows read are those
    with a side in ``a`` or ``b`` or at the first of a group one of their sentences belongs to."""

    def read() -> pd.DataFrame:
        copies = dataset.tables[COPIES] if dataset.has(COPIES) else None
        units = units_of(copies, a, b)
        articles = sorted({a, b, *(article for article, _ in units)})
        marks = ", ".join("?" * len(articles))
        rows = dataset.query(
            ALIGNMENTS, f"{Col.ARTICLE_A} IN ({marks}) OR {Col.ARTICLE_B} IN ({marks})", articles * 2
        )
        pairs = article_pair(rows, copies, a, b)[[Col.SENTENCE_A, Col.SENTENCE_B, Col.KIND, Col.SCORE]]
        return pairs.assign(n=range(1, len(pairs) + 1))

    return dataset.memo(("alignments", a, b), read)
