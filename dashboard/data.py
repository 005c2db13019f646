"""The only place the dashboard reads data: tables loaded once (``st.cache_data``) and the sidebar filters.

Tables come from ``data/`` or the folder named by ``$DASHBOARD_DATA_DIR``. A table that is absent or
stale is reported (with the command that rebuilds it) instead of raising, so every page can show an
empty state; only a missing ``articles`` table makes the whole dashboard unavailable.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.schema import (
    ALIGNMENTS,
    ARTICLES,
    CITATIONS,
    CLAIMS,
    CONTRADICTIONS,
    DATES,
    ELEMENTS,
    ENTITIES,
    EVENT_CLUSTERS,
    EVENTS,
    MANIFEST,
    MENTIONS,
    QUALITY,
    QUOTES,
    SENTENCES,
    SIGNATORIES,
    SIMILARITY,
    TABLES,
    SchemaError,
    validate,
)

DATA_ENV = "DASHBOARD_DATA_DIR"
REBUILD = "python -m analysis build"
ROOT = Path(__file__).resolve().parents[1]
UNKNOWN_DATE = "date unknown"


class DataUnavailable(RuntimeError):
    """The data folder cannot be used at all; the message says how to rebuild it."""


@dataclass(frozen=True)
class Dataset:
    tables: dict[str, pd.DataFrame]
    manifest: dict
    problems: dict[str, str]  # table name -> why it is not available
    folder: str


def data_dir() -> Path:
    """``$DASHBOARD_DATA_DIR`` when set, else ``data/`` at the repository root."""
    return Path(os.environ.get(DATA_ENV) or ROOT / "data")


def _stamp(folder: Path) -> tuple:
    """File names and modification times: a rebuild changes it and so refreshes the cache."""
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*")) if p.is_file())


@st.cache_data(show_spinner="Loading tables…")
def _read(folder: str, stamp: tuple) -> Dataset:
    path = Path(folder)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    with contextlib.suppress(OSError, ValueError):  # no measurement saved: the About page says so
        manifest["quality"] = json.loads((path / QUALITY).read_text(encoding="utf-8"))
    tables, problems = {}, {}
    for name, table in TABLES.items():
        file = path / table.file
        if not file.exists():
            problems[name] = "not computed yet"
            continue
        try:
            tables[name] = validate(name, pd.read_parquet(file))
        except SchemaError as error:
            problems[name] = str(error)
        except (OSError, ValueError) as error:
            problems[name] = f"unreadable ({error.__class__.__name__})"
    return Dataset(tables, manifest, problems, folder)


def load() -> Dataset:
    """The dataset, read once per change of the data folder."""
    folder = data_dir()
    if not folder.is_dir():
        raise DataUnavailable(f"No data folder at `{folder}`.")
    dataset = _read(str(folder), _stamp(folder))
    if ARTICLES not in dataset.tables:
        reason = dataset.problems.get(ARTICLES, "missing")
        raise DataUnavailable(f"The articles table in `{folder}` is {reason}.")
    return dataset


# --- filters -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The sidebar selection (the sidebar widgets keep it in the URL)."""

    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None


def source_key(article: Mapping) -> str:
    """An outlet groups its articles; an article with no known outlet is a source of its own."""
    return article["outlet"] or article["article_id"]


def source_label(articles: pd.DataFrame, key: str) -> str:
    if key in set(articles["outlet"]):
        return key
    return f"Unknown outlet ({key[:3]})"


def article_label(article: Mapping) -> str:
    """Short name for an article: outlet (or id) and date."""
    who = article["outlet"] or f"Unknown outlet ({article['article_id'][:3]})"
    return f"{who} · {article['published'] or UNKNOWN_DATE}"


def short_label(article: Mapping) -> str:
    """Compact name for axes and graphs: id prefix and outlet."""
    return f"{article['article_id'][:3]} · {article['outlet'] or 'unknown outlet'}"


def article_labels(articles: pd.DataFrame, short: bool = False) -> dict[str, str]:
    """Article id -> ``article_label`` (or ``short_label``) for every article."""
    label = short_label if short else article_label
    return {r["article_id"]: label(r) for r in articles.to_dict("records")}


def search_entities(entities: pd.DataFrame, query: str) -> pd.DataFrame:
    """Entities whose Russian or English name, ISO3 code or any alias contains ``query`` (any case)."""
    if not query:
        return entities
    hay = (
        entities["name"]
        + " "
        + entities["name_en"]
        + " "
        + entities["iso3"]
        + " "
        + entities["aliases"].map(" ".join)
    )
    return entities[hay.str.casefold().str.contains(query.casefold(), regex=False)]


def entity_label(entities: pd.DataFrame) -> dict[str, str]:
    return {
        r.entity_id: f"{r.name_en or r.name} · {r.name} ({r.type})" for r in entities.itertuples(index=False)
    }


def display_name(entities: pd.DataFrame) -> dict[str, str]:
    """English name where there is one, else the Russian canonical name."""
    names = entities["name_en"].where(entities["name_en"] != "", entities["name"])
    return dict(zip(entities["entity_id"], names, strict=True))


def keyword_in_context(
    articles: pd.DataFrame, mentions: pd.DataFrame, entity_id: str, width: int = 70
) -> pd.DataFrame:
    """Every mention of ``entity_id`` with ``width`` characters of body text on each side."""
    hits = mentions[mentions["entity_id"] == entity_id].sort_values(["article_id", "start"])
    by_id, short = articles.set_index("article_id"), article_labels(articles, short=True)
    rows = []
    for hit in hits.itertuples(index=False):
        raw, body_start = by_id.at[hit.article_id, "raw_text"], by_id.at[hit.article_id, "body_start"]
        rows.append(
            {
                "article": short[hit.article_id],
                "left": raw[max(hit.start - width, body_start) : hit.start].replace("\n", " "),
                "mention": hit.text,
                "right": raw[hit.end : hit.end + width].replace("\n", " "),
            }
        )
    return pd.DataFrame(rows, columns=["article", "left", "mention", "right"])


def co_mentions(mentions: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Entities named in the same sentences as ``entity_id``: how many sentences and articles."""
    hits = mentions[mentions["entity_id"] == entity_id]
    sentences = set(zip(hits["article_id"], hits["sentence_id"], strict=True))
    same = mentions[_in_sentences(mentions, sentences) & (mentions["entity_id"] != entity_id)]
    counts = same.groupby("entity_id").agg(
        sentences=("sentence_id", "size"), articles=("article_id", "nunique")
    )
    return counts.sort_values("sentences", ascending=False).reset_index()


def aligned_pairs(alignments: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Aligned sentence pairs of articles ``a`` and ``b`` (either order in the table), numbered from 1."""
    columns = ["sentence_a", "sentence_b", "kind", "score"]
    forward = alignments[(alignments["article_a"] == a) & (alignments["article_b"] == b)][columns]
    backward = alignments[(alignments["article_a"] == b) & (alignments["article_b"] == a)]
    backward = backward.rename(columns={"sentence_a": "sentence_b", "sentence_b": "sentence_a"})[columns]
    pairs = pd.concat([forward, backward]).sort_values("sentence_a").reset_index(drop=True)
    return pairs.assign(n=range(1, len(pairs) + 1))


def date_bounds(tables: Mapping[str, pd.DataFrame]) -> tuple[date, date] | None:
    """The span of everything datable: publication dates, events and resolved expressions."""
    days = list(tables[ARTICLES]["published"])
    for name in (EVENTS, DATES):
        if name in tables:
            days += list(tables[name]["start_date"]) + list(tables[name]["end_date"])
    parsed = pd.to_datetime(pd.Series([d for d in days if d], dtype=object), errors="coerce").dropna()
    if parsed.empty:
        return None
    return parsed.min().date(), parsed.max().date()


def _sentences_with(tables: Mapping[str, pd.DataFrame], entity_ids: set[str]) -> set[tuple[str, int]]:
    mentions = tables[MENTIONS]
    hit = mentions[mentions["entity_id"].isin(entity_ids)]
    return set(zip(hit["article_id"], hit["sentence_id"], strict=True))


def _in_sentences(frame: pd.DataFrame, sentences: set[tuple[str, int]]) -> pd.Series:
    keys = zip(frame["article_id"], frame["sentence_id"], strict=True)
    return pd.Series([k in sentences for k in keys], index=frame.index, dtype=bool)


def _overlaps(frame: pd.DataFrame, start: date | None, end: date | None) -> pd.Series:
    first = pd.to_datetime(frame["start_date"], errors="coerce")
    last = pd.to_datetime(frame["end_date"], errors="coerce").fillna(first)
    keep = pd.Series(True, index=frame.index)
    if start:
        keep &= last >= pd.Timestamp(start)
    if end:
        keep &= first <= pd.Timestamp(end)
    return keep & first.notna()


def _recount(entities: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    counts = mentions.groupby("entity_id").agg(
        n_mentions=("start", "size"), n_articles=("article_id", "nunique")
    )
    out = entities.drop(columns=["n_mentions", "n_articles"]).merge(counts, on="entity_id", how="inner")
    return out.sort_values(["n_mentions", "name_en"], ascending=[False, True]).reset_index(drop=True)


def apply_filters(tables: Mapping[str, pd.DataFrame], filters: Filters) -> dict[str, pd.DataFrame]:
    """Every table restricted to the selection (same keys as ``tables``).

    Sources and dates select articles (undated articles are kept: their date is unknown, not out of
    range); entities select the articles that mention any of them and, inside those, the items stated
    in a sentence that mentions one; entity types restrict mentions and entities; the date range also
    restricts dated items (events, temporal expressions) to those overlapping it.
    """
    out = dict(tables)
    articles = tables[ARTICLES]
    keep = pd.Series(True, index=articles.index)
    if filters.sources:
        keep &= articles.apply(source_key, axis=1).isin(filters.sources)
    published = pd.to_datetime(articles["published"], errors="coerce")
    if filters.start:
        keep &= published.isna() | (published >= pd.Timestamp(filters.start))
    if filters.end:
        keep &= published.isna() | (published <= pd.Timestamp(filters.end))
    chosen = set(filters.entities)
    if chosen and MENTIONS in tables:
        keep &= articles["article_id"].isin(
            tables[MENTIONS].loc[tables[MENTIONS]["entity_id"].isin(chosen), "article_id"]
        )
    out[ARTICLES] = articles[keep]
    ids = set(out[ARTICLES]["article_id"])

    for name, frame in tables.items():
        if name != ARTICLES and "article_id" in frame.columns:
            out[name] = frame[frame["article_id"].isin(ids)]
    for name in (ALIGNMENTS, SIMILARITY):
        if name in tables:
            frame = tables[name]
            out[name] = frame[frame["article_a"].isin(ids) & frame["article_b"].isin(ids)]

    if MENTIONS in out and filters.types:
        out[MENTIONS] = out[MENTIONS][out[MENTIONS]["type"].isin(filters.types)]
    if ENTITIES in tables and MENTIONS in out:
        entities = tables[ENTITIES]
        if filters.types:
            entities = entities[entities["type"].isin(filters.types)]
        out[ENTITIES] = _recount(entities, out[MENTIONS])

    if chosen and MENTIONS in tables:
        about = _sentences_with(tables, chosen)
        for name, column in ((CITATIONS, "source_entity_id"), (QUOTES, "speaker_entity_id"), (DATES, None)):
            if name in out:
                frame = out[name]
                hit = _in_sentences(frame, about)
                out[name] = frame[hit | frame[column].isin(chosen)] if column else frame[hit]
        for name, column in ((CLAIMS, "subject_entity_id"), (SIGNATORIES, "entity_id")):
            if name in out:
                frame = out[name]
                out[name] = frame[_in_sentences(frame, about) | frame[column].isin(chosen)]
        if CONTRADICTIONS in out:
            frame = out[CONTRADICTIONS]
            hit = _in_sentences(frame, about) | frame["subject_entity_id"].isin(chosen)
            out[CONTRADICTIONS] = frame[frame["contradiction_id"].isin(frame.loc[hit, "contradiction_id"])]
        if EVENTS in out:
            frame = out[EVENTS]
            out[EVENTS] = frame[[bool(chosen & set(e)) for e in frame["entity_ids"]]]

    if EVENTS in out and filters.types and ENTITIES in tables:
        typed = set(tables[ENTITIES].loc[tables[ENTITIES]["type"].isin(filters.types), "entity_id"])
        out[EVENTS] = out[EVENTS][[bool(typed & set(e)) for e in out[EVENTS]["entity_ids"]]]
    for name in (EVENTS, DATES):
        if name in out and (filters.start or filters.end):
            out[name] = out[name][_overlaps(out[name], filters.start, filters.end)]
    if EVENT_CLUSTERS in tables and EVENTS in out:
        clusters = tables[EVENT_CLUSTERS]
        out[EVENT_CLUSTERS] = clusters[clusters["cluster_id"].isin(out[EVENTS]["cluster_id"])]
    if ELEMENTS in out:
        out[ELEMENTS] = out[ELEMENTS][out[ELEMENTS]["article_id"].isin(ids)]
    return out


def sentence_text(tables: Mapping[str, pd.DataFrame], article_id: str, sentence_id: int) -> str:
    if SENTENCES not in tables:
        return ""
    sentences = tables[SENTENCES]
    row = sentences[(sentences["article_id"] == article_id) & (sentences["sentence_id"] == sentence_id)]
    return row["text"].iloc[0] if len(row) else ""


GEOMETRY = Path(__file__).parent / "assets" / "countries.geojson"


@st.cache_data(show_spinner=False)
def countries_geojson() -> dict:
    """Natural Earth country outlines keyed by ISO alpha-3, shipped with the app (no download)."""
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))
