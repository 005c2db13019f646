"""Provenance of copied sentences (the ``copies`` table): who printed a sentence first, who repeated it,
whether the repeat names the first publisher, and how much of each outlet's and the story's prose is
its own.

A sentence's status says only what the dates can tell: ``copied`` when its article was published after
the group's earliest date (an earlier article printed it), ``first`` on the first publisher's sentence
when it alone has the earliest date, ``same day`` when several articles of the group share the earliest
date (which was first is not known) and ``undated`` when its article, or another of the group, has no
date (an earlier copy may exist). Only ``copied`` counts as copied from an earlier article; only
``first`` and sentences in no group count as original for certain.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.core.schema import ARTICLES, COPIES, SENTENCES, Col
from dashboard.data.articles import counted_sources
from dashboard.data.load import Dataset, connect

FIRST, COPIED, SAME_DAY, UNDATED = "first", "copied", "same day", "undated"
UNCERTAIN = (SAME_DAY, UNDATED)  # copies whose order the dates cannot tell
STATUS = "status"
SOURCE = "source"  # who printed the row's sentence: its outlet, or its article where outlets are unknown
FIRST_ARTICLE, FIRST_SOURCE, FIRST_PUBLISHED = "first article", "first publisher", "first published"
REPEATED_BY = "repeated by"
# The ``attributed`` codes of a repeat (schema): names the first outlet, another one, or none.
NAMES_FIRST, NAMES_OTHER, NAMES_NONE = "first", "other", "none"
# The columns of ``provenance`` rows the counts by source read (copying only them: at 10,000 articles
# every column of the rows weighs ~40 MB).
COUNTED = [
    Col.ARTICLE_ID,
    Col.SENTENCE_ID,
    Col.FIRST,
    Col.ATTRIBUTED,
    SOURCE,
    FIRST_ARTICLE,
    FIRST_SOURCE,
    STATUS,
]


def provenance(copies: pd.DataFrame, articles: pd.DataFrame, source_of: Mapping[str, str]) -> pd.DataFrame:
    """Each row of ``copies`` with its source (``source_of``: article id -> outlet or article label), its
    publication date, its group's first article, source and date, and its ``status`` (module doc)."""
    published = dict(zip(articles[Col.ARTICLE_ID], articles[Col.PUBLISHED], strict=True))
    rows = copies.assign(
        **{
            SOURCE: copies[Col.ARTICLE_ID].map(source_of).fillna(copies[Col.ARTICLE_ID]),
            Col.PUBLISHED: copies[Col.ARTICLE_ID].map(published).fillna(""),
        }
    )
    if rows.empty:  # no copy: the columns alone (a map over no row would not keep them strings)
        return rows.assign(
            **{c: pd.Series(dtype=object) for c in (FIRST_ARTICLE, FIRST_SOURCE, FIRST_PUBLISHED, STATUS)}
        )
    firsts = rows[rows[Col.FIRST]].drop_duplicates(Col.COPY_GROUP).set_index(Col.COPY_GROUP)
    group = rows[Col.COPY_GROUP]
    rows[FIRST_ARTICLE] = group.map(firsts[Col.ARTICLE_ID])
    rows[FIRST_SOURCE] = group.map(firsts[SOURCE])
    rows[FIRST_PUBLISHED] = group.map(firsts[Col.PUBLISHED]).fillna("")
    dated = rows[rows[Col.PUBLISHED] != ""]
    earliest = group.map(dated.groupby(Col.COPY_GROUP)[Col.PUBLISHED].min()).fillna("")
    later = (rows[Col.PUBLISHED] != "") & (earliest != "") & (rows[Col.PUBLISHED] > earliest)
    origin = rows[Col.ORIGIN]
    status = pd.Series(UNDATED, index=rows.index, dtype=object)
    status[origin == "tie"] = SAME_DAY
    status[origin == "earliest"] = FIRST  # the first's sentence (or the first article repeating itself)
    status[later] = COPIED
    return rows.assign(**{STATUS: status})


def repeats(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``provenance`` that repeat another article's sentence (not the first publisher's own)."""
    return rows[repeating(rows)]


def repeating(rows: pd.DataFrame) -> pd.Series:
    """Whether each row of ``provenance`` repeats another article's sentence (``repeats`` as a mask)."""
    return ~rows[Col.FIRST] & (rows[Col.ARTICLE_ID] != rows[FIRST_ARTICLE])


def copy_edges(rows: pd.DataFrame) -> pd.DataFrame:
    """First publisher -> repeater, one row per pair of sources, most copied sentences first: ``sentences``
    repeated, of them ``unattributed`` (naming no outlet), ``naming another`` outlet than the first, and
    ``order not known`` (same day or undated: the first publisher is the first by id, not for certain)."""
    copied = repeats(rows[COUNTED])
    columns = [FIRST_SOURCE, REPEATED_BY, "sentences", "unattributed", "naming another", "order not known"]
    if copied.empty:
        return pd.DataFrame(columns=columns).astype({c: "int64" for c in columns[2:]})
    edges = (
        copied.assign(
            unattributed=copied[Col.ATTRIBUTED] == NAMES_NONE,
            other=copied[Col.ATTRIBUTED] == NAMES_OTHER,
            uncertain=copied[STATUS].isin(UNCERTAIN),
        )
        .groupby([FIRST_SOURCE, SOURCE])
        .agg(
            sentences=(Col.SENTENCE_ID, "size"),
            unattributed=("unattributed", "sum"),
            other=("other", "sum"),
            uncertain=("uncertain", "sum"),
        )
        .reset_index()
    )
    edges.columns = columns
    edges = edges.sort_values(["sentences", FIRST_SOURCE, REPEATED_BY], ascending=[False, True, True])
    return edges.astype({c: "int64" for c in columns[2:]}).reset_index(drop=True)


def top_edges(edges: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The ``limit`` heaviest edges between two different sources (a source repeating itself is no
    arrow), for a figure that stays readable at 50 outlets."""
    return edges[edges[FIRST_SOURCE] != edges[REPEATED_BY]].head(limit)


def original_share(rows: pd.DataFrame, prose: pd.Series) -> dict[str, int]:
    """How the ``prose`` sentences (article id -> prose sentence count, the articles counted) divide:
    ``copied`` from an earlier article, copies whose order is not known (``uncertain``) and the rest,
    ``original``."""
    mine = rows[rows[Col.ARTICLE_ID].isin(prose.index)].drop_duplicates([Col.ARTICLE_ID, Col.SENTENCE_ID])
    copied = int((mine[STATUS] == COPIED).sum())
    uncertain = int(mine[STATUS].isin(UNCERTAIN).sum())
    total = int(prose.sum())
    return {"prose": total, COPIED: copied, "uncertain": uncertain, "original": total - copied - uncertain}


def _named(copied: pd.DataFrame, limit: int) -> pd.Series:
    """Per source of ``copied`` rows, whom it copied: ``name (n)`` of the ``limit`` first publishers it
    copied most, "; "-joined, with how many more (vectorised: at 10,000 articles as sources a loop over
    sources took 94 s)."""
    if copied.empty:
        return pd.Series(dtype=object)
    counts = copied.groupby([SOURCE, FIRST_SOURCE]).size().rename("n").reset_index()
    counts = counts.sort_values([SOURCE, "n", FIRST_SOURCE], ascending=[True, False, True], kind="stable")
    rank = counts.groupby(SOURCE).cumcount()
    item = counts[FIRST_SOURCE].astype(str) + " (" + counts["n"].astype(str) + ")"
    shown = item[rank < limit].groupby(counts[SOURCE]).agg("; ".join)
    more = (counts.groupby(SOURCE).size() - limit).reindex(shown.index)
    return shown.astype(object) + more.map(lambda n: f"; … and {n} more" if n > 0 else "").astype(object)


def source_shares(
    rows: pd.DataFrame, prose: pd.Series, source_of: Mapping[str, str], names: int = 3
) -> pd.DataFrame:
    """Per source of the ``prose`` articles (article id -> prose sentences): its prose sentences, how many
    are copied from an earlier article and from whom (the ``names`` largest), copies of unknown order,
    the share that is its own, and how many sentences it printed first that others repeated."""
    sources = pd.Series({a: source_of.get(a, a) for a in prose.index}, dtype=object)
    rows = rows[COUNTED]  # masks and single columns below, no filtered copy of the rows: ~60 MB at 10,000
    mine = rows[rows[Col.ARTICLE_ID].isin(prose.index)].drop_duplicates([Col.ARTICLE_ID, Col.SENTENCE_ID])
    status, source = mine[STATUS], mine[SOURCE]
    copied = mine.loc[status == COPIED, [SOURCE, FIRST_SOURCE]]
    unattributed = repeating(mine) & (mine[Col.ATTRIBUTED] == NAMES_NONE)
    others = repeating(rows) & (rows[FIRST_SOURCE] != rows[SOURCE])
    table = pd.DataFrame(
        {
            "articles": sources.value_counts(),
            "prose sentences": prose.groupby(sources).sum(),
            "copied": copied[SOURCE].value_counts(),
            "order not known": source[status.isin(UNCERTAIN)].value_counts(),
            "unattributed": source[unattributed].value_counts(),
            "repeated by others": rows.loc[others, FIRST_SOURCE].value_counts(),
        }
    )
    table = table.reindex(sorted(set(sources))).fillna(0).astype("int64")
    own = table["prose sentences"] - table["copied"] - table["order not known"]
    table.insert(
        2, "own share", (own / table["prose sentences"].where(table["prose sentences"] > 0)).round(3)
    )
    table["copied from"] = _named(copied, names).reindex(table.index).fillna("").astype(str)
    table = table.rename_axis(SOURCE).reset_index()
    return table.sort_values(["copied", SOURCE], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def article_marks(rows: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """One article's copied sentences, one row each: its status, first article, source and date, the
    attribution, and how many other articles print it (``others``)."""
    group_articles = rows.groupby(Col.COPY_GROUP)[Col.ARTICLE_ID].nunique()
    mine = rows[rows[Col.ARTICLE_ID] == article_id].drop_duplicates(Col.SENTENCE_ID)
    others = mine[Col.COPY_GROUP].map(group_articles).to_numpy(dtype="int64") - 1  # str dtype when empty
    return mine.assign(others=others).sort_values(Col.SENTENCE_ID).reset_index(drop=True)


# --- the dataset's copies, computed once -----------------------------------------------------------


def dataset_provenance(dataset: Dataset) -> pd.DataFrame:
    """``provenance`` of the whole copies table (the first publisher whatever the filters), computed once."""
    return dataset.memo(
        "provenance",
        lambda: provenance(dataset.tables[COPIES], dataset.tables[ARTICLES], counted_sources(dataset)),
    )


def article_counts(marks: pd.DataFrame) -> dict[str, int]:
    """How many of one article's copied sentences (``article_marks``) have each status, and how many it
    copied from each first publisher (``from``, largest first)."""
    counts = {status: int((marks[STATUS] == status).sum()) for status in (FIRST, COPIED, SAME_DAY, UNDATED)}
    copied = marks.loc[marks[STATUS] == COPIED, FIRST_SOURCE].value_counts()
    return counts | {"from": dict(copied.items())}


def prose_counts(dataset: Dataset) -> pd.Series:
    """Article id -> its prose sentences (not boilerplate), every article (0 for none), read once."""

    def count() -> pd.Series:
        ids = dataset.tables[ARTICLES][Col.ARTICLE_ID]
        if not dataset.has(SENTENCES):
            return pd.Series(0, index=ids, dtype="int64")
        a, prose = Col.ARTICLE_ID, f"{Col.BOILERPLATE} = ''"
        if SENTENCES in dataset.tables:
            frame = dataset.tables[SENTENCES]
            counts = frame[frame[Col.BOILERPLATE] == ""].groupby(a).size()
        else:
            with connect() as con:
                found = con.execute(
                    f"SELECT {a}, count(*) FROM read_parquet(?) WHERE {prose} GROUP BY {a}",
                    [dataset.on_disk[SENTENCES]],
                ).fetchall()
            counts = pd.Series(dict(found), dtype="int64")
        return counts.reindex(ids, fill_value=0).astype("int64")

    return dataset.memo("prose counts", count)
