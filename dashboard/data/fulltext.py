"""Full-text search over the articles' sentences: case- and ё-insensitive, with where each match is.

The sentences table stays on disk (``load.ON_DISK``): DuckDB scans it once per query (memoised per
dataset), so a keystroke never loops over every text in Python; only the hit sentences are read back.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pandas as pd

from analysis.core.schema import ARTICLES, SENTENCES, Col
from dashboard.data.filters import Filters, filtered
from dashboard.data.load import Dataset

MIN_CHARS = 2  # a query shorter than this finds too much to be worth a scan
HITS = 5000  # hit sentences kept per query at most (the counts per article are of every hit)
COUNT = "hits"  # column: matches in a sentence
FOLDED_SQL = f"replace(lower({Col.TEXT}), 'ё', 'е')"  # ``fold_keeping_offsets`` of a sentence, in DuckDB


def fold_keeping_offsets(text: str) -> str:
    """``text`` as the full-text search compares it: lower case, "ё" read as "е". Not
    ``analysis.core.text.fold``, which also collapses spaces and drops accents and so changes the
    length: here every character stays where it was, so an offset into the folded text is an offset
    into the text, and a match can be highlighted where it stands (``FOLDED_SQL`` is its twin)."""
    return text.lower().replace("ё", "е")


def query_key(query: str) -> str:
    """A query as it is looked for: its words with single spaces, ``fold_keeping_offsets``."""
    return fold_keeping_offsets(" ".join(query.split()))


def matches(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query`` (``query_key``) occurs in ``text``, as (start, end) offsets into ``text``, not
    overlapping."""
    folded, found, at = fold_keeping_offsets(text), [], 0
    while (at := folded.find(query, at)) >= 0:
        found.append((at, at + len(query)))
        at += len(query)
    return found


def _scan(dataset: Dataset, query: str, among: list[str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first ``HITS`` sentences (article and sentence order) whose folded text contains ``query``
    (folded), of the articles ``among`` (every article when None), and per article how many sentences
    and matches there are in all."""
    matched = f"(length({FOLDED_SQL}) - length(replace({FOLDED_SQL}, $query, ''))) // length($query)"
    chosen = f" AND {Col.ARTICLE_ID} IN (SELECT id FROM chosen)" if among is not None else ""
    with duckdb.connect() as con:
        if among is not None:
            con.register("chosen", pd.DataFrame({"id": among}, dtype=str))
        con.execute(
            f"CREATE TEMP TABLE hit AS SELECT {Col.ARTICLE_ID}, {Col.SENTENCE_ID}, {Col.START}, {Col.TEXT}, "
            f"{matched} AS {COUNT} FROM read_parquet($file) WHERE contains({FOLDED_SQL}, $query){chosen}",
            {"file": dataset.on_disk[SENTENCES], "query": query},
        )
        rows = con.execute(
            f"SELECT * FROM hit ORDER BY {Col.ARTICLE_ID}, {Col.SENTENCE_ID} LIMIT {HITS}"
        ).df()
        articles = con.execute(
            f"SELECT {Col.ARTICLE_ID}, count(*) AS {SENTENCES}, sum({COUNT})::BIGINT AS {COUNT} "
            f"FROM hit GROUP BY {Col.ARTICLE_ID} ORDER BY {Col.ARTICLE_ID}"
        ).df()
    return rows, articles


def search(dataset: Dataset, query: str, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences of the selected articles containing ``query`` in any case, "ё" read as "е": the first
    ``HITS`` of them (``article_id``, ``sentence_id``, ``start``, ``text``, ``hits``: its matches),
    and every article with a hit (``article_id``, ``sentences``, ``hits``); computed once per query and
    selection. A query shorter than ``MIN_CHARS`` finds nothing."""
    folded = query_key(query)
    if len(folded) < MIN_CHARS or not dataset.has(SENTENCES):
        empty = pd.DataFrame(columns=[Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.TEXT, COUNT])
        return empty, pd.DataFrame(columns=[Col.ARTICLE_ID, SENTENCES, COUNT])

    def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
        chosen = filtered(dataset, filters)[ARTICLES][Col.ARTICLE_ID]
        every = len(chosen) == len(dataset.tables[ARTICLES])
        return _scan(dataset, folded, None if every else list(chosen))

    return dataset.memo(("full-text search", folded, filters), compute)


def per_source(articles: pd.DataFrame, source_of: Mapping[str, str]) -> pd.DataFrame:
    """Hits per source (``articles``: ``search``'s second table): articles, sentences and matches, the
    source with most articles first."""
    frame = articles.assign(**{Col.SOURCE: articles[Col.ARTICLE_ID].map(source_of)})
    counts = frame.groupby(Col.SOURCE).agg(
        articles=(Col.ARTICLE_ID, "size"), **{SENTENCES: (SENTENCES, "sum"), COUNT: (COUNT, "sum")}
    )
    order = ["articles", COUNT, Col.SOURCE]
    return counts.reset_index().sort_values(order, ascending=[False, False, True]).reset_index(drop=True)
