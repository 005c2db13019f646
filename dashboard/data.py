"""The only place the dashboard reads data: tables loaded once (``st.cache_resource``) and the sidebar filters.

Tables come from ``data/`` or the folder named by ``$DASHBOARD_DATA_DIR`` and are checked against
``analysis/schema.py``. They are read once per change of the folder and shared by every session
(never copied per run); what a page derives from them (labels, the filtered view, aggregates) is
computed once per dataset and selection (``Dataset.memo``). The largest tables, which no page needs
whole (``ON_DISK``: tokens, alignments), stay on disk and are queried with DuckDB for the slice a
page shows. A table that is absent, unreadable or stale is reported (naming the file;
pages add the command that rebuilds it) instead of raising, so every page can show an empty state;
only an unusable ``articles`` table makes the whole dashboard unavailable.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import streamlit as st

from analysis.core.labels import CODES, LABELS
from analysis.core.schema import (
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
    ROLES,
    SENTENCES,
    SIMILARITY,
    TABLES,
    TOKENS,
    Col,
    SchemaError,
    validate,
)

DATA_ENV = "DASHBOARD_DATA_DIR"
REBUILD = "python -m analysis build"
ROOT = Path(__file__).resolve().parents[1]
UNKNOWN_DATE = "date unknown"
UNKNOWN_OUTLET = "Unknown outlet"
NOT_COMPUTED = "is not computed yet"
# The build's problems in the manifest: key -> columns of its entries.
BUILD_PROBLEMS = {
    "errors": ["file", "stage", "type", "message"],
    "skipped": ["file", "reason"],
    "notices": ["file", "message"],
}


# Tables no page needs whole (tokens: none at all; sentences: one article's, or those of the events a
# figure shows; alignments: one pair of articles'; similarity: each article's best score and the pairs
# of the articles a heatmap shows). The largest by far (3.2M, 160k, 1.4M and 410k rows at 10,000
# articles, 640 MB in memory): kept on disk, queried with DuckDB.
ON_DISK = (TOKENS, SENTENCES, ALIGNMENTS, SIMILARITY)
# Columns that repeat one value over many rows, read as categories: an element's sentence is on
# every row of the element (40 of the table's 72 MB at 10,000 articles).
REPEATED = {ELEMENTS: [Col.LABEL]}
MEMO_ENTRIES = 64  # derived results kept per dataset (labels, filtered views, aggregates)
VIEW_ENTRIES = 8  # filtered views among them: the largest (a type filter copies most of mentions)


class DataUnavailable(RuntimeError):
    """The data folder cannot be used at all; the message says why."""


@dataclass(frozen=True)
class Dataset:
    tables: dict[str, pd.DataFrame]  # tables in memory (every usable table but ``ON_DISK``)
    manifest: dict
    problems: dict[str, str]  # table name -> why it is not available ("is not computed yet"...)
    folder: str
    manifest_problem: str = ""  # why manifest.json cannot be used, empty when it can
    on_disk: dict[str, str] = field(default_factory=dict)  # usable ``ON_DISK`` table -> its file
    rows: dict[str, int] = field(default_factory=dict)  # rows of every usable table
    _memo: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def has(self, name: str) -> bool:
        """Whether table ``name`` can be used (in memory or on disk)."""
        return name in self.tables or name in self.on_disk

    def memo(self, key: Hashable, compute: Callable[[], object]):
        """``compute()`` once per dataset and ``key``, shared by every session and run (the least
        recently used of more than ``MEMO_ENTRIES`` results are dropped). Callers never modify it."""
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_ENTRIES:
                self._memo.popitem(last=False)
            views = [k for k in self._memo if isinstance(k, tuple) and k[:1] == ("view",)]
            for oldest in views[: max(0, len(views) - VIEW_ENTRIES)]:
                del self._memo[oldest]
        return value

    def query(self, name: str, where: str, params: list, order: str = "") -> pd.DataFrame:
        """Rows of the on-disk table ``name`` matching the SQL condition ``where`` (``?`` parameters),
        in the order of the columns ``order`` when given."""
        order_by = f" ORDER BY {order}" if order else ""
        with duckdb.connect() as con:
            return con.execute(
                f"SELECT * FROM read_parquet(?) WHERE {where}{order_by}", [self.on_disk[name], *params]
            ).df()

    def lookup(self, name: str, keys: pd.DataFrame, column: str) -> dict[tuple, object]:
        """``column`` of the on-disk table ``name`` at each distinct row of ``keys`` (whose columns are
        columns of the table), the first in the file where a key repeats; absent keys left out."""
        on = list(keys.columns)
        wanted = keys.drop_duplicates().reset_index(drop=True)
        join = " AND ".join(f"t.{c} = w.{c}" for c in on)
        with duckdb.connect() as con:
            con.register("wanted", wanted)
            found = con.execute(
                f"SELECT {', '.join(f't.{c}' for c in on)}, "
                f"first(t.{column} ORDER BY t.filename, t.file_row_number) "
                f"FROM read_parquet(?, filename = true, file_row_number = true) t "
                f"SEMI JOIN wanted w ON {join} GROUP BY ALL",
                [self.on_disk[name]],
            ).fetchall()
        return {tuple(row[:-1]): row[-1] for row in found}

    def damaged(self) -> list[str]:
        """Files that exist but cannot be used (absent later tables are a normal state, not damage)."""
        found = [f"`{TABLES[n].file}` {why}" for n, why in self.problems.items() if why != NOT_COMPUTED]
        return ([f"`{MANIFEST}` {self.manifest_problem}"] if self.manifest_problem else []) + found


def data_dir() -> Path:
    """``$DASHBOARD_DATA_DIR`` when set, else ``data/`` at the repository root."""
    return Path(os.environ.get(DATA_ENV) or ROOT / "data")


def _stamp(folder: Path) -> tuple:
    """File names and modification times: a rebuild changes it and so refreshes the cache."""
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*")) if p.is_file())


def _why(error: BaseException) -> str:
    """An exception in a few words for a message (its first line, shortened)."""
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first[:160]}" if first else type(error).__name__


def _manifest(path: Path) -> tuple[dict, str]:
    """The manifest and, when it cannot be used, why (the pages still draw without it)."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, "is missing"
    except (OSError, ValueError) as error:
        return {}, f"cannot be read ({_why(error)})"
    if not isinstance(manifest, dict):
        return {}, "is not a JSON object"
    return manifest, ""


def _mismatch(name: str, actual: list[str]) -> str:
    """Why columns ``actual`` do not fit table ``name`` of the schema, empty when they do."""
    try:
        validate(name, pd.DataFrame(columns=actual))
    except SchemaError:
        expected = list(TABLES[name].columns)
        missing = [c for c in expected if c not in actual]
        extra = [c for c in actual if c not in expected]
        return f"does not match analysis/schema.py (missing {missing}, unexpected {extra})"
    return ""


def _table(name: str, file: Path) -> pd.DataFrame | int | str:
    """The table (its row count for an ``ON_DISK`` table, whose schema alone is read), or why it
    cannot be used."""
    if not file.exists():
        return NOT_COMPUTED
    try:
        if name in ON_DISK:
            parquet = pq.ParquetDataset(file)  # one file, or a folder of parts (a large corpus)
            columns, result = parquet.schema.names, sum(f.metadata.num_rows for f in parquet.fragments)
        else:
            result = pd.read_parquet(file, read_dictionary=REPEATED.get(name))
            columns = list(result.columns)
    except (OSError, ValueError, pa.ArrowException) as error:
        return f"is not a readable Parquet file ({_why(error)})"
    return _mismatch(name, columns) or result


def read_quality(file: Path) -> dict:
    """The measurements ``python -m analysis eval ner|bsnlp --save`` wrote: ``{"factru": {...},
    "bsnlp": {topic: {...}}}``, each part present only once measured; an older file holding the
    factRuEval entry alone is read as ``{"factru": it}``; nothing saved or unreadable: ``{}``."""
    try:
        quality = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(quality, dict):
        return {}
    if "benchmark" in quality:
        return {"factru": quality}
    result = {}
    if isinstance(quality.get("factru"), dict):
        result["factru"] = quality["factru"]
    clusters = quality.get("bsnlp")
    if isinstance(clusters, dict):
        result["bsnlp"] = {topic: entry for topic, entry in clusters.items() if isinstance(entry, dict)}
    return result


def _duckdb_source(file: Path) -> str:
    """What DuckDB's ``read_parquet`` reads for a table: its file, or the parts in its folder."""
    return str(file / "part-*.parquet") if file.is_dir() else str(file)


@st.cache_resource(show_spinner="Loading tables…", max_entries=2)
def _read(folder: str, stamp: tuple) -> Dataset:
    # Arrow's default allocator (mimalloc) keeps what reading and filtering free; the system one gives
    # it back: about 150 MB less for the dashboard process at 10,000 articles.
    pa.set_memory_pool(pa.system_memory_pool())
    path = Path(folder)
    manifest, manifest_problem = _manifest(path)
    manifest["quality"] = read_quality(path / QUALITY)
    tables, problems, on_disk, rows = {}, {}, {}, {}
    for name, table in TABLES.items():
        result = _table(name, path / table.file)
        if isinstance(result, str):
            problems[name] = result
        elif isinstance(result, int):
            on_disk[name], rows[name] = _duckdb_source(path / table.file), result
        else:
            tables[name], rows[name] = result, len(result)
    pa.default_memory_pool().release_unused()
    return Dataset(tables, manifest, problems, folder, manifest_problem, on_disk, rows)


def load() -> Dataset:
    """The dataset, read once per change of the data folder."""
    folder = data_dir()
    if not folder.is_dir():
        raise DataUnavailable(f"No data folder at `{folder}`.")
    dataset = _read(str(folder), _stamp(folder))
    if ARTICLES not in dataset.tables:
        file = folder / TABLES[ARTICLES].file
        raise DataUnavailable(f"The articles table `{file}` {dataset.problems[ARTICLES]}.")
    return dataset


def view(dataset: Dataset, filters: Filters) -> dict[str, pd.DataFrame]:
    """``apply_filters`` of the dataset's tables, computed once per selection."""
    return dataset.memo(("view", filters), lambda: apply_filters(dataset.tables, filters))


def labels_of(dataset: Dataset) -> dict[str, str]:
    """``article_labels`` of every article of the dataset, computed once."""
    return dataset.memo("labels", lambda: article_labels(dataset.tables[ARTICLES]))


def sources_of(dataset: Dataset) -> dict[str, str]:
    """``article_sources`` of every article of the dataset, computed once."""
    return dataset.memo("sources", lambda: article_sources(dataset.tables[ARTICLES], labels_of(dataset)))


def source_choices(dataset: Dataset) -> dict[str, str]:
    """``source_labels`` of the dataset (the source filter's options), computed once."""
    return dataset.memo(
        "source choices", lambda: source_labels(dataset.tables[ARTICLES], sources_of(dataset))
    )


def entity_choices(dataset: Dataset) -> dict[str, str]:
    """``entity_label`` of every entity (the entity filter's options), computed once."""
    entities = dataset.tables.get(ENTITIES)
    return dataset.memo("entity choices", lambda: entity_label(entities) if entities is not None else {})


def dataset_bounds(dataset: Dataset) -> tuple[date, date] | None:
    """``date_bounds`` of the dataset, computed once."""
    return dataset.memo("bounds", lambda: date_bounds(dataset.tables))


def display_names(dataset: Dataset) -> dict[str, str]:
    """``display_name`` of every entity of the dataset, computed once."""
    entities = dataset.tables.get(ENTITIES)
    return dataset.memo("display names", lambda: display_name(entities) if entities is not None else {})


def pair_alignments(dataset: Dataset, a: str, b: str) -> pd.DataFrame:
    """``aligned_pairs`` of articles ``a`` and ``b``, read from the alignments file (DuckDB) once per pair."""

    def read() -> pd.DataFrame:
        rows = dataset.query(
            ALIGNMENTS,
            f"({Col.ARTICLE_A} = ? AND {Col.ARTICLE_B} = ?) OR ({Col.ARTICLE_A} = ? AND {Col.ARTICLE_B} = ?)",
            [a, b, b, a],
        )
        return aligned_pairs(rows, a, b)

    return dataset.memo(("alignments", a, b), read)


def story(dataset: Dataset) -> dict:
    """The story pack the build read (``manifest["story"]``: name, summary, map_title, roles...), or
    ``{}`` when the corpus has none or the build predates packs. Pages ask here, never the manifest."""
    pack = dataset.manifest.get("story")
    return pack if isinstance(pack, dict) else {}


def story_facts(dataset: Dataset) -> str:
    """``story_sentence`` of the whole corpus, computed once."""
    return dataset.memo("story facts", lambda: story_sentence(dataset.tables, display_names(dataset)))


def places(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """``place_table`` of the selection, computed once per selection."""
    return dataset.memo(
        ("places", filters), lambda: place_table(_placed(dataset, filters), *_place_names(dataset))
    )


def place_evidence(dataset: Dataset, filters: Filters, per_place: int | None, iso3: str = "") -> pd.DataFrame:
    """``first_mentions`` of the selection (of one country when ``iso3`` is given; at most ``per_place``
    sources per country, every one when None) with the sentence of each (``text``), computed once."""

    def compute() -> pd.DataFrame:
        hits = _placed(dataset, filters)
        first = first_mentions(hits[hits[Col.ISO3] == iso3] if iso3 else hits, per_place)
        return first.assign(**{Col.TEXT: sentence_texts(dataset, first)})

    return dataset.memo(("place evidence", filters, per_place, iso3), compute)


def places_by_source(dataset: Dataset, filters: Filters, limit: int) -> pd.DataFrame:
    """``source_places`` of the selection, computed once per selection."""

    def compute() -> pd.DataFrame:
        return source_places(_placed(dataset, filters), places(dataset, filters), limit)

    return dataset.memo(("places by source", filters, limit), compute)


def _placed(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """``country_mentions`` of the selection with each mention's source, computed once per selection."""

    def compute() -> pd.DataFrame:
        hits = country_mentions(view(dataset, filters)[MENTIONS], dataset.tables[ENTITIES])
        return hits.assign(**{Col.SOURCE: hits[Col.ARTICLE_ID].map(sources_of(dataset))})

    return dataset.memo(("placed", filters), compute)


def _place_names(dataset: Dataset) -> tuple[dict[str, str], dict[str, str]]:
    """Entity id -> English display name, and -> Russian canonical name."""
    names = entity_names(dataset)
    return display_names(dataset), {entity: russian for entity, (russian, _) in names.items()}


def discrepancies(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """``disputed`` of the selection, in words (``worded``), computed once per selection."""
    return dataset.memo(
        ("discrepancies", filters),
        lambda: worded(dataset, disputed(view(dataset, filters)[CONTRADICTIONS], sources_of(dataset))),
    )


# --- words: every column and code a page shows, in English ---------------------------------------

ROLE_COLUMNS = (Col.ROLE, Col.REFERENCE_ROLE)  # hold a story pack's role codes
# A claim's dimension (the counted noun's place in ``quantity:<predicate>:<noun or dimension>``) in words.
DIMENSIONS = {
    "money": "amount",
    "percent": "%",
    "duration": "duration",
    "length": "distance",
    "volume": "volume",
    "mass": "weight",
    "year": "years",
}
QUANTITY = re.compile(
    r"quantity:(?P<predicate>[^:]*):(?P<what>[^/@#]*)(?:/(?P<per>[^@#]*))?(?:@(?P<places>[^#]*))?(?:#(?P<time>.*))?"
)
WEEK, MONTH = re.compile(r"(\d{4})-W(\d{2})"), re.compile(r"\d{4}-\d{2}")


def column_label(column: str) -> str:
    """A column's heading: its label in ``analysis.core.labels.LABELS``; a column a page adds ("told by")
    is already in words and only starts with a capital."""
    return LABELS.get(column) or column[:1].upper() + column[1:]


def code_label(column: str, code: object, roles: Mapping[str, str]) -> object:
    """A code held in ``column`` in words: a role by the story pack's label (``roles``: ``role_labels``),
    any other by ``analysis.core.labels.CODES``; a code no list has, spaced ("social platform"); not a code
    (a number, a name), as it is."""
    words = roles if column in ROLE_COLUMNS else CODES.get(column)
    if words is None or not isinstance(code, str):
        return code
    return words.get(code, code.replace("_", " "))


def readable(frame: pd.DataFrame, roles: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` as a page shows it: each code in words (``code_label``; the value of a role claim is a
    role code too), each column by its label."""
    coded = [c for c in frame.columns if c in ROLE_COLUMNS or c in CODES]
    words = {c: frame[c].map(lambda code, c=c: code_label(c, code, roles)) for c in coded}
    if Col.KIND in frame.columns and Col.VALUE in frame.columns:
        value = frame[Col.VALUE]
        words[Col.VALUE] = value.where(frame[Col.KIND] != "role", value.map(lambda v: roles.get(v, v)))
    return frame.assign(**words).rename(columns=column_label) if words else frame.rename(columns=column_label)


def role_labels(pack: Mapping) -> dict[str, str]:
    """Role code -> its label in the story pack (``story``; ``{}`` without one)."""
    roles = pack.get("roles") or []
    return {
        str(r["code"]): str(r.get("label") or r["code"])
        for r in roles
        if isinstance(r, dict) and r.get("code")
    }


def time_label(code: str) -> str:
    """The time a claim's attribute names, as a reader says it: "week of 24 Sep 2018" (an ISO week:
    its Monday), "September 2018", "23 Aug 2018", "2018"; anything else as it is."""
    week = WEEK.fullmatch(code)
    if week:
        return "week of " + date_span(*[date.fromisocalendar(int(week[1]), int(week[2]), 1).isoformat()] * 2)
    if MONTH.fullmatch(code):
        return f"{date.fromisoformat(code + '-01'):%B %Y}"
    return date_span(code, code)


def measure_label(attribute: str, measure: str, names: Mapping[str, str], pack: Mapping) -> str:
    """What a claim is about in words, with no code (``claims``'s ``attribute`` and ``measure``): the
    clause's words as the text has them, what is counted (a noun, or a dimension in words), the rate,
    the places by English name (``names``: ``display_names``) and the time (``time_label``): "отменить
    (рейс) in Germany, week of 24 Sep 2018", "возраст (years), 2018". A story pack's attributes read
    from its agreement: "<agreement>: role", "<agreement>: years", "<agreement>: year (<role's label>)"."""
    words = measure.split(" · ")
    key, agreement = pack.get("key"), pack.get("agreement") or pack.get("name") or "the story"
    roles = role_labels(pack)
    if key and attribute == f"{key}_role":
        return f"{agreement}: role"
    if key and attribute == f"{key}_span":
        return f"{agreement}: years"
    role = attribute.removesuffix("_year")
    if role != attribute and role in roles:
        return f"{agreement}: year ({roles[role]})"
    if attribute.startswith("date:"):
        return f"{words[0]} (date)"
    found = QUANTITY.fullmatch(attribute)
    if found is None:
        return measure
    what = found["what"]
    said = f"{words[0]} ({DIMENSIONS.get(what, what)})"
    if found["per"]:
        said += f" per {found['per']}"
    if found["places"]:
        said += " in " + ", ".join(names.get(e, e) for e in found["places"].split("+"))
    return f"{said}, {time_label(found['time'])}" if found["time"] else said


def worded(dataset: Dataset, claims: pd.DataFrame) -> pd.DataFrame:
    """Claims or discrepancies (``claims``/``contradictions`` rows) as a reader sees them: the subject by
    its English name (a subject that is no entity, a Russian noun, as it is) and the measure in words
    (``measure_label``)."""
    names, pack = display_names(dataset), story(dataset)
    return claims.assign(
        **{
            Col.SUBJECT: in_english(claims[Col.SUBJECT], claims[Col.SUBJECT_ENTITY_ID], names),
            Col.MEASURE: [
                measure_label(a, m, names, pack)
                for a, m in zip(claims[Col.ATTRIBUTE], claims[Col.MEASURE], strict=True)
            ],
        }
    )


def in_english(named: pd.Series, entity_ids: pd.Series, names: Mapping[str, str]) -> pd.Series:
    """Names as a reader sees them: an entity's by its English name (``names``: ``display_names``), one
    that is no entity's (a Russian noun, a speaker not linked) as it is."""
    english = entity_ids.map(names)
    return english.where(english.notna(), named)


def build_problems(manifest: Mapping, key: str) -> pd.DataFrame:
    """The manifest's ``errors``, ``skipped`` or ``notices`` as a table (malformed entries kept as text)."""
    columns = BUILD_PROBLEMS[key]
    entries = manifest.get(key)
    rows = [
        {c: str(e.get(c, "")) for c in columns} if isinstance(e, dict) else {columns[-1]: str(e)}
        for e in (entries if isinstance(entries, list) else [])
    ]
    return pd.DataFrame(rows, columns=columns).fillna("")


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
    return article[Col.OUTLET] or article[Col.ARTICLE_ID]


def _opening(title: str, words: int, chars: int) -> str:
    """The first ``words`` whole words of a title within ``chars`` characters, "…" when cut."""
    parts = str(title or "").lstrip(" ,.;:-–—").split()  # a stray comma or dash opens some titles
    if not any(c.isalnum() for c in " ".join(parts[:words])):
        return "(no title)"
    kept = [parts[0][:chars]]
    for word in parts[1:words]:
        if len(" ".join([*kept, word])) > chars:
            break
        kept.append(word)
    text = " ".join(kept)
    return text + ("…" if text != " ".join(parts) else "")


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Article id -> a readable label, unique among ``articles``: outlet · date · opening words of the title.

    Ids are file names that often share long prefixes, so a label never shows them. Articles whose
    outlet, date and opening words coincide get more of their title, then " (2)", " (3)"... Pass
    the whole articles table so an article keeps its label whatever the filters.
    """
    columns = [Col.ARTICLE_ID, Col.OUTLET, Col.PUBLISHED, Col.TITLE]  # not the texts: 40 MB at 10,000
    records = sorted(articles[columns].to_dict("records"), key=lambda r: r[Col.ARTICLE_ID])

    def label(article: Mapping, words: int, chars: int) -> str:
        who = article[Col.OUTLET] or UNKNOWN_OUTLET
        return (
            f"{who} · {article[Col.PUBLISHED] or UNKNOWN_DATE} · {_opening(article[Col.TITLE], words, chars)}"
        )

    short = {r[Col.ARTICLE_ID]: label(r, 6, 40) for r in records}
    twice = {k for k, n in Counter(short.values()).items() if n > 1}
    labels, taken = {}, set()
    for r in records:
        first = short[r[Col.ARTICLE_ID]] if short[r[Col.ARTICLE_ID]] not in twice else label(r, 12, 80)
        unique, n = first, 1
        while unique in taken:
            n += 1
            unique = f"{first} ({n})"
        labels[r[Col.ARTICLE_ID]] = unique
        taken.add(unique)
    return {a: labels[a] for a in articles[Col.ARTICLE_ID]}


def article_sources(articles: pd.DataFrame, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Article id -> its source's label: the outlet, or the article's own label when the outlet is unknown
    (``labels``: ``article_labels(articles)`` when already computed)."""
    labels = article_labels(articles) if labels is None else labels
    return {
        a: outlet or labels[a]
        for a, outlet in zip(articles[Col.ARTICLE_ID], articles[Col.OUTLET], strict=True)
    }


def source_labels(articles: pd.DataFrame, sources: Mapping[str, str] | None = None) -> dict[str, str]:
    """``source_key`` -> label, for the source filter (``sources``: ``article_sources(articles)``)."""
    sources = article_sources(articles) if sources is None else sources
    return {
        outlet or a: sources[a]
        for a, outlet in zip(articles[Col.ARTICLE_ID], articles[Col.OUTLET], strict=True)
    }


def when(start: str, end: str = "") -> str:
    """An event's dates as precise as they are: a whole year "2020", whole years "2020–2021", a whole
    month "March 2020", whole months "August – October 2025", else its days ("2025-11-07",
    "2025-11-05 – 2025-11-06"); a date that is not ISO is shown as it is."""
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end or start)
    except ValueError:
        return " – ".join(dict.fromkeys(filter(None, [start, end])))
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
    if first.day == 1 and (last + timedelta(days=1)).day == 1:
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%B %Y}"
        return f"{first:%B}{'' if first.year == last.year else first.strftime(' %Y')} – {last:%B %Y}"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def date_span(first: str, last: str) -> str:
    """Two ISO dates as a short span for a headline figure: "7 Nov 2025", "6–7 Nov 2025",
    "5 Feb – 7 Oct 2018", "Feb 2018 – Jan 2019"."""
    try:
        a, b = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:  # not ISO dates: shown as they are
        return " – ".join(dict.fromkeys([first, last]))
    if a == b:
        return f"{a.day} {a:%b %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{a:%b %Y} – {b:%b %Y}"


LANGUAGES = {
    "en": "English",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "kk": "Kazakh",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pl": "Polish",
}


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code, for a sentence such as "This article is in …"."""
    if code in ("", "und"):
        return "an undetermined language"
    return LANGUAGES.get(code, f"the language “{code}”")


def fold(text: str) -> str:
    """Text to match, not to show: any case, ё as е, spaces collapsed."""
    return " ".join(text.casefold().replace("ё", "е").split())


SOUNDS = " ~"  # opens each word's sound key in ``search_text``: the key of a query word matches its start


@cache
def _sound_keys() -> Callable[[str], str] | None:
    """``analysis.stages.entities.sound_key``, imported on the first search: that module needs the NLP extras;
    without them (requirements.txt alone, as on Community Cloud) None, and a search matches spellings."""
    try:
        from analysis.stages.entities import sound_key
    except ImportError:
        return None
    return sound_key


def _sound_key(word: str) -> str:
    """The sound key of a lower-case word (so an acronym, "ЮНЕСКО", has one too), without the end-vowel
    mark ("Шварценеггера" starts with "Шварценеггер"); "" without the NLP extras."""
    sound_key = _sound_keys()
    return sound_key(word).rstrip("_") if sound_key else ""


def search_text(entities: pd.DataFrame) -> pd.Series:
    """What ``search_entities`` looks in, by entity id: the Russian and English names, the ISO3 code
    and every spelling, folded (case, ё), then the sound key of each of their words."""
    text = (
        entities[Col.NAME]
        + " "
        + entities[Col.NAME_EN]
        + " "
        + entities[Col.ISO3]
        + " "
        + entities[Col.ALIASES].map(" ".join)
    ).map(fold)
    keys = text.map(
        lambda t: "".join(SOUNDS + k for k in dict.fromkeys(map(_sound_key, re.findall(r"\w+", t))) if k)
    )
    return pd.Series((text + keys).to_numpy(), index=entities[Col.ENTITY_ID].to_numpy())


def entity_search_text(dataset: Dataset) -> pd.Series:
    """``search_text`` of every entity of the dataset, computed once."""
    return dataset.memo("entity search text", lambda: search_text(dataset.tables[ENTITIES]))


def search_entities(entities: pd.DataFrame, query: str, text: pd.Series | None = None) -> pd.DataFrame:
    """Entities whose Russian or English name, ISO3 code or any spelling contains ``query`` (any case, ё
    as е), or whose words sound like every word of it in either script ("Merkel": Меркель, "Unesco":
    ЮНЕСКО). ``text``: ``search_text`` of the entities (of more) when already computed."""
    folded = fold(query)
    if not folded:
        return entities
    hay = (search_text(entities) if text is None else text).reindex(entities[Col.ENTITY_ID]).fillna("")
    spelled = hay.str.contains(folded, regex=False)
    sounds = pd.Series(True, index=hay.index)
    for word in re.findall(r"\w+", folded):
        key = _sound_key(word)
        sounds &= hay.str.contains(SOUNDS + key if key else word, regex=False)
    return entities[(spelled | sounds).to_numpy()]


def entity_label(entities: pd.DataFrame) -> dict[str, str]:
    """Entity id -> "English · Russian (type)" (``both_names``), for a list to choose from."""
    return {
        r.entity_id: f"{both_names(r.name_en, r.name)} ({code_label(Col.TYPE, r.type, {})})"
        for r in entities.itertuples(index=False)
    }


def both_names(english: str, russian: str) -> str:
    """ "English · Russian", or the name once when there is no English name or both are spelled alike."""
    return f"{english} · {russian}" if english and fold(english) != fold(russian) else russian


def display_name(entities: pd.DataFrame) -> dict[str, str]:
    """English name where there is one, else the Russian canonical name; the type added where two
    entities would share a name (a chart axis merges equal labels)."""
    names = entities[Col.NAME_EN].where(entities[Col.NAME_EN] != "", entities[Col.NAME])
    names = names.where(~names.duplicated(keep=False), names + " (" + entities[Col.TYPE] + ")")
    return dict(zip(entities[Col.ENTITY_ID], names, strict=True))


def mentions_by_article(
    mentions: pd.DataFrame, entity_ids: list[str], labels: Mapping[str, str], limit: int
) -> pd.DataFrame:
    """Mentions per article of ``labels`` (rows, by label) and entity of ``entity_ids`` (columns), for
    at most ``limit`` articles: those that mention the first entity most, then the others most."""
    hits = mentions[mentions[Col.ENTITY_ID].isin(entity_ids)]  # count only the entities shown
    counts = (
        hits.groupby([Col.ARTICLE_ID, Col.ENTITY_ID]).size().unstack(fill_value=0)
        if len(hits)
        else pd.DataFrame()
    )
    counts = counts.reindex(index=list(labels), columns=entity_ids, fill_value=0).astype("int64")
    counts.index.name, counts.columns.name = Col.ARTICLE_ID, Col.ENTITY_ID
    if len(counts) > limit:
        rank = pd.DataFrame({"first": counts.iloc[:, 0], "all": counts.sum(axis=1)})
        counts = counts.loc[rank.sort_values(["first", "all"], ascending=False, kind="stable").index[:limit]]
    return counts.rename(index=labels)


def keyword_in_context(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    entity_id: str,
    width: int = 70,
    labels: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Every mention of ``entity_id`` (the first ``limit`` when given) with ``width`` characters of
    body text on each side (``labels``: ``article_labels(articles)`` when already computed)."""
    hits = mentions[mentions[Col.ENTITY_ID] == entity_id].sort_values([Col.ARTICLE_ID, Col.START])
    hits = hits if limit is None else hits.head(limit)
    label = article_labels(articles) if labels is None else labels
    raw = dict(zip(articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT], strict=True))
    body = dict(zip(articles[Col.ARTICLE_ID], articles[Col.BODY_START], strict=True))
    rows = [
        (
            label[a],
            raw[a][max(start - width, body[a]) : start].replace("\n", " "),
            text,
            raw[a][end : end + width].replace("\n", " "),
        )
        for a, start, end, text in zip(
            hits[Col.ARTICLE_ID], hits[Col.START], hits[Col.END], hits[Col.TEXT], strict=True
        )
    ]
    return pd.DataFrame(rows, columns=["article", "left", "mention", "right"])


def _top(counts: pd.Series, limit: int) -> list:
    """Keys of the ``limit`` largest counts, ties in their first order."""
    return list(counts.sort_values(ascending=False, kind="stable").index[:limit])


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
    edges = edges[edges[Col.SOURCE].isin(_top(edges.groupby(Col.SOURCE)["n"].sum(), limit))]
    return edges[edges["citing"].isin(_top(edges.groupby("citing")["n"].sum(), limit))]


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
    with duckdb.connect() as con:
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
    top = set(_top(best, limit))
    keep = [a for a in labels if a in top]
    shown = among(keep)
    matrix = shown.pivot_table(index=Col.ARTICLE_A, columns=Col.ARTICLE_B, values=Col.SCORE, aggfunc="max")
    matrix = matrix.combine_first(matrix.T).reindex(index=keep, columns=keep)
    return matrix.rename(index=labels, columns=labels)


def element_coverage(elements: pd.DataFrame, labels: Mapping[str, str], limit: int) -> pd.DataFrame:
    """Article (rows, by label) × story element (columns, by id), 1 where the article tells it: the
    ``limit`` elements told by most articles and the ``limit`` articles telling most of them."""
    pairs = elements[[Col.ARTICLE_ID, Col.ELEMENT_ID]].drop_duplicates()  # crosstab only what is shown
    top_elements = _top(pairs[Col.ELEMENT_ID].value_counts().sort_index(), limit)
    shown = pairs[pairs[Col.ELEMENT_ID].isin(top_elements)]
    told = shown[Col.ARTICLE_ID].value_counts().reindex(sorted(pairs[Col.ARTICLE_ID].unique()), fill_value=0)
    top_articles = set(_top(told, limit))
    covered = pd.crosstab(shown[Col.ARTICLE_ID], shown[Col.ELEMENT_ID])
    covered = covered.reindex(
        index=[a for a in labels if a in top_articles], columns=top_elements, fill_value=0
    )
    return covered.rename(index=labels)


def _listed(limit: int | None) -> Callable[[pd.Series], str]:
    """Joins names with "; ", the first ``limit`` of them and how many more when given."""

    def join(names: pd.Series) -> str:
        if limit is None or len(names) <= limit:
            return "; ".join(names)
        return "; ".join(names.iloc[:limit]) + f"; … and {len(names) - limit} more"

    return join


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
    named = pd.Series([labels.get(a, a) for a in some[Col.ARTICLE_ID]], index=some.index, dtype=str)
    told = named.groupby(some[Col.ELEMENT_ID], sort=False).agg(_listed(names)).reindex(listed)
    return table.assign(**{"told by": pd.Series([*told, *[""] * (len(table) - len(told))], dtype=str)})


# --- the story: what it is about, the places it names, where its sources disagree ------------------

STORY_ENTITIES = 3  # entities the sentence about a story without a pack names
EVENT_CHARS = 90  # an event's label in that sentence at most


def counted(n: int, one: str, many: str = "") -> str:
    """How many of a thing, in words: "1 article", "5 articles"; "3 discrepancies" with ``many``."""
    return f"{int(n)} {one if int(n) == 1 else many or one + 's'}"


def _names_joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def story_sentence(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> str:
    """What a corpus is about, from its data alone (plain text): how many articles from how many
    outlets, when, the entities most articles name and the event most sources report."""
    articles = tables[ARTICLES]
    outlets = articles.loc[articles[Col.OUTLET] != "", Col.OUTLET].nunique()
    parts = [counted(len(articles), "article") + (f" from {counted(outlets, 'outlet')}" if outlets else "")]
    dated = articles.loc[articles[Col.PUBLISHED] != "", Col.PUBLISHED]
    if len(dated):
        parts.append(date_span(dated.min(), dated.max()))
    entities = tables.get(ENTITIES)
    if entities is not None and len(entities):
        top = entities.sort_values([Col.N_ARTICLES, Col.N_MENTIONS], ascending=False, kind="stable")
        parts.append(
            f"most about {_names_joined([names.get(e, e) for e in top[Col.ENTITY_ID].head(STORY_ENTITIES)])}"
        )
    clusters = tables.get(EVENT_CLUSTERS)
    if clusters is not None and len(clusters) and clusters[Col.N_SOURCES].max() > 1:  # one source: no "most"
        return f"{', '.join(parts)}; most-covered event: {_most_covered(clusters)}."
    return f"{', '.join(parts)}."


def _most_covered(clusters: pd.DataFrame) -> str:
    """The event cluster most articles report (the earliest on a tie): “label” (when, how many)."""
    event = clusters.sort_values(
        [Col.N_SOURCES, Col.START_DATE], ascending=[False, True], kind="stable"
    ).iloc[0]
    label = textwrap.shorten(str(event[Col.LABEL]), EVENT_CHARS, placeholder="…")
    dates = when(event[Col.START_DATE], event[Col.END_DATE]) if event[Col.START_DATE] else ""
    return f"“{label}” ({', '.join(filter(None, [dates, counted(event[Col.N_SOURCES], 'article')]))})"


def country_mentions(mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """The mentions of a country or of a place standing for one (a capital counts for its country):
    ``article_id``, ``sentence_id``, ``start``, ``iso3`` and the country's ``entity_id``. Only the
    entities with an ISO3 code are looked up, so a large mentions table is scanned once."""
    placed = entities[entities[Col.ISO3] != ""]
    link = placed[Col.COUNTRY_ENTITY_ID]
    country = pd.Series(link.where(link != "", placed[Col.ENTITY_ID]).to_numpy(), index=placed[Col.ENTITY_ID])
    iso3 = pd.Series(placed[Col.ISO3].to_numpy(), index=placed[Col.ENTITY_ID])
    hits = mentions.loc[
        mentions[Col.ENTITY_ID].isin(country.index),
        [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.ENTITY_ID],
    ]
    found = hits[Col.ENTITY_ID]
    return hits.assign(**{Col.ISO3: found.map(iso3), Col.ENTITY_ID: found.map(country)}).reset_index(
        drop=True
    )


PLACE_SOURCES = 20  # sources a place's row names; the rest are counted
NAMED_BY = "named by"  # the column of a place's row that names them


def place_table(hits: pd.DataFrame, english: Mapping[str, str], russian: Mapping[str, str]) -> pd.DataFrame:
    """One row per country of ``hits`` (``country_mentions`` with each mention's ``source``): its entity
    (the most mentioned of those standing for it), names, how many sources, articles and mentions, and
    the sources naming it most (``named by``: at most ``PLACE_SOURCES``), most sources first."""
    columns = [Col.ISO3, Col.ENTITY_ID, Col.COUNTRY, Col.NAME, Col.N_SOURCES, Col.N_ARTICLES, Col.N_MENTIONS]
    if hits.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in [*columns, NAMED_BY]})
    counts = hits.groupby(Col.ISO3).agg(
        **{
            Col.N_SOURCES: (Col.SOURCE, "nunique"),
            Col.N_ARTICLES: (Col.ARTICLE_ID, "nunique"),
            Col.N_MENTIONS: (Col.START, "size"),
        }
    )
    entity = _most(hits, Col.ENTITY_ID)
    by_source = hits.groupby([Col.ISO3, Col.SOURCE]).size().rename("n").reset_index()
    by_source = by_source.sort_values([Col.ISO3, "n", Col.SOURCE], ascending=[True, False, True])
    table = counts.assign(
        **{
            Col.ENTITY_ID: entity,
            Col.COUNTRY: entity.map(lambda e: english.get(e, e)),
            Col.NAME: entity.map(lambda e: russian.get(e, e)),
            NAMED_BY: by_source.groupby(Col.ISO3)[Col.SOURCE].agg(_listed(PLACE_SOURCES)),
        }
    ).reset_index()
    order = [Col.N_SOURCES, Col.N_MENTIONS, Col.COUNTRY]
    table = table.sort_values(order, ascending=[False, False, True], kind="stable")
    return table[[*columns, NAMED_BY]].reset_index(drop=True)


def _most(hits: pd.DataFrame, column: str) -> pd.Series:
    """By ISO3, the value of ``column`` on most rows (the first in sort order on a tie)."""
    counts = hits.groupby([Col.ISO3, column]).size().rename("n").reset_index()
    counts = counts.sort_values([Col.ISO3, "n", column], ascending=[True, False, True])
    return counts.drop_duplicates(Col.ISO3).set_index(Col.ISO3)[column]


def source_places(hits: pd.DataFrame, places: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Mentions per source (rows) and country (columns, by name): the first ``limit`` countries of
    ``places`` (``place_table``: named by most sources first), the ``limit`` sources naming most of them."""
    shown = places.head(limit)
    counts = hits[hits[Col.ISO3].isin(shown[Col.ISO3])].groupby([Col.SOURCE, Col.ISO3]).size()
    counts = counts.unstack(fill_value=0).reindex(columns=shown[Col.ISO3], fill_value=0)
    sources = _top((counts > 0).sum(axis=1).sort_index(), limit)
    return counts.loc[sources].set_axis(list(shown[Col.COUNTRY]), axis=1)


def first_mentions(hits: pd.DataFrame, per_place: int | None) -> pd.DataFrame:
    """For each country of ``hits`` and each source naming it, the first mention (the source's first
    article, then its first sentence): ``iso3``, ``source``, ``article_id``, ``sentence_id``; sources
    naming the country most first, at most ``per_place`` of them when given."""
    columns = [Col.ISO3, Col.SOURCE, Col.ARTICLE_ID, Col.SENTENCE_ID]
    named = hits.groupby([Col.ISO3, Col.SOURCE]).size().rename("n")
    first = hits.sort_values([Col.ISO3, Col.SOURCE, Col.ARTICLE_ID, Col.START]).drop_duplicates(
        [Col.ISO3, Col.SOURCE]
    )
    first = first.join(named, on=[Col.ISO3, Col.SOURCE]).sort_values(
        [Col.ISO3, "n", Col.SOURCE], ascending=[True, False, True]
    )
    if per_place is not None:
        first = first.groupby(Col.ISO3, sort=False).head(per_place)
    return first[columns].reset_index(drop=True)


READING = "reading"  # column ``disputed`` adds: what a value says, whatever its spelling


def readings(frame: pd.DataFrame) -> pd.Series:
    """What each claim of ``frame`` says, to tell values apart whatever their spelling: its interval and
    unit when it has one ("46-летней", "46-летняя" and "46 лет" are one reading), else its words."""
    numeric = frame[Col.LOW].notna() & frame[Col.HIGH].notna()
    interval = (
        frame[Col.LOW].astype(str) + "…" + frame[Col.HIGH].astype(str) + " " + frame[Col.UNIT].astype(str)
    )
    words = frame[Col.VALUE].str.casefold().str.split().str.join(" ")
    return interval.where(numeric, words)


def disputed(contradictions: pd.DataFrame, source_of: Mapping[str, str]) -> pd.DataFrame:
    """The rows of the discrepancies that still set sources against each other in ``contradictions``
    (a filtered view): at least two sources take part and they do not all say the same (``readings``).
    Rank order (1 first); inside a discrepancy, from the lowest value up (roles: by code), each
    reading's sources together; ``source`` and ``reading`` added."""
    frame = contradictions.assign(
        **{Col.SOURCE: contradictions[Col.ARTICLE_ID].map(source_of), READING: readings(contradictions)}
    )
    spread = frame.groupby(Col.CONTRADICTION_ID).agg(
        sources=(Col.SOURCE, "nunique"), said=(READING, "nunique")
    )
    kept = spread.index[(spread["sources"] >= 2) & (spread["said"] >= 2)]
    frame = frame[frame[Col.CONTRADICTION_ID].isin(kept)]
    order = [Col.RANK, Col.CONTRADICTION_ID, Col.LOW, Col.HIGH, READING, Col.SOURCE, Col.ARTICLE_ID]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def co_mentions(mentions: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Entities named in the same sentences as ``entity_id``: how many sentences and articles."""
    hits = mentions[mentions[Col.ENTITY_ID] == entity_id]
    sentences = set(zip(hits[Col.ARTICLE_ID], hits[Col.SENTENCE_ID], strict=True))
    same = mentions[_in_sentences(mentions, sentences) & (mentions[Col.ENTITY_ID] != entity_id)]
    counts = same.groupby(Col.ENTITY_ID).agg(
        sentences=(Col.SENTENCE_ID, "size"), articles=(Col.ARTICLE_ID, "nunique")
    )
    return counts.sort_values("sentences", ascending=False).reset_index()


def aligned_pairs(alignments: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Aligned sentence pairs of articles ``a`` and ``b`` (either order in the table), numbered from 1."""
    columns = [Col.SENTENCE_A, Col.SENTENCE_B, Col.KIND, Col.SCORE]
    forward = alignments[(alignments[Col.ARTICLE_A] == a) & (alignments[Col.ARTICLE_B] == b)][columns]
    backward = alignments[(alignments[Col.ARTICLE_A] == b) & (alignments[Col.ARTICLE_B] == a)]
    backward = backward.rename(columns={"sentence_a": Col.SENTENCE_B, Col.SENTENCE_B: Col.SENTENCE_A})[
        columns
    ]
    pairs = pd.concat([forward, backward]).sort_values(Col.SENTENCE_A).reset_index(drop=True)
    return pairs.assign(n=range(1, len(pairs) + 1))


def date_bounds(tables: Mapping[str, pd.DataFrame]) -> tuple[date, date] | None:
    """The span of everything datable: publication dates, events and resolved expressions."""
    days = list(tables[ARTICLES][Col.PUBLISHED])
    for name in (EVENTS, DATES):
        if name in tables:
            days += list(tables[name][Col.START_DATE]) + list(tables[name][Col.END_DATE])
    parsed = pd.to_datetime(pd.Series([d for d in days if d], dtype=object), errors="coerce").dropna()
    if parsed.empty:
        return None
    return parsed.min().date(), parsed.max().date()


def _sentences_with(tables: Mapping[str, pd.DataFrame], entity_ids: set[str]) -> set[tuple[str, int]]:
    mentions = tables[MENTIONS]
    hit = mentions[mentions[Col.ENTITY_ID].isin(entity_ids)]
    return set(zip(hit[Col.ARTICLE_ID], hit[Col.SENTENCE_ID], strict=True))


def _in_sentences(frame: pd.DataFrame, sentences: set[tuple[str, int]]) -> pd.Series:
    keys = zip(frame[Col.ARTICLE_ID], frame[Col.SENTENCE_ID], strict=True)
    return pd.Series([k in sentences for k in keys], index=frame.index, dtype=bool)


def _overlaps(frame: pd.DataFrame, start: date | None, end: date | None) -> pd.Series:
    first = pd.to_datetime(frame[Col.START_DATE], errors="coerce")
    last = pd.to_datetime(frame[Col.END_DATE], errors="coerce").fillna(first)
    keep = pd.Series(True, index=frame.index)
    if start:
        keep &= last >= pd.Timestamp(start)
    if end:
        keep &= first <= pd.Timestamp(end)
    return keep & first.notna()


def _recount(entities: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    counts = mentions.groupby(Col.ENTITY_ID).agg(
        n_mentions=(Col.START, "size"), n_articles=(Col.ARTICLE_ID, "nunique")
    )
    out = entities.drop(columns=[Col.N_MENTIONS, Col.N_ARTICLES]).merge(counts, on=Col.ENTITY_ID, how="inner")
    return out.sort_values([Col.N_MENTIONS, Col.NAME_EN], ascending=[False, True]).reset_index(drop=True)


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
        outlet = articles[Col.OUTLET]
        keep &= outlet.where(outlet != "", articles[Col.ARTICLE_ID]).isin(filters.sources)
    published = pd.to_datetime(articles[Col.PUBLISHED], errors="coerce")
    if filters.start:
        keep &= published.isna() | (published >= pd.Timestamp(filters.start))
    if filters.end:
        keep &= published.isna() | (published <= pd.Timestamp(filters.end))
    chosen = set(filters.entities)
    if chosen and MENTIONS in tables:
        keep &= articles[Col.ARTICLE_ID].isin(
            tables[MENTIONS].loc[tables[MENTIONS][Col.ENTITY_ID].isin(chosen), Col.ARTICLE_ID]
        )
    if not keep.all():  # every article kept: no table to restrict
        out[ARTICLES] = articles[keep]
        ids = set(out[ARTICLES][Col.ARTICLE_ID])
        for name, frame in tables.items():
            if name != ARTICLES and Col.ARTICLE_ID in frame.columns:
                out[name] = frame[frame[Col.ARTICLE_ID].isin(ids)]
        for name in (ALIGNMENTS, SIMILARITY):
            if name in tables:
                frame = tables[name]
                out[name] = frame[frame[Col.ARTICLE_A].isin(ids) & frame[Col.ARTICLE_B].isin(ids)]

    if MENTIONS in out and filters.types:
        out[MENTIONS] = out[MENTIONS][out[MENTIONS][Col.TYPE].isin(filters.types)]
    if ENTITIES in tables and MENTIONS in out:
        entities = tables[ENTITIES]
        if filters.types:
            entities = entities[entities[Col.TYPE].isin(filters.types)]
        out[ENTITIES] = _recount(entities, out[MENTIONS])

    if chosen and MENTIONS in tables:
        about = _sentences_with(tables, chosen)
        for name, column in (
            (CITATIONS, Col.SOURCE_ENTITY_ID),
            (QUOTES, Col.SPEAKER_ENTITY_ID),
            (DATES, None),
        ):
            if name in out:
                frame = out[name]
                hit = _in_sentences(frame, about)
                out[name] = frame[hit | frame[column].isin(chosen)] if column else frame[hit]
        for name, column in ((CLAIMS, Col.SUBJECT_ENTITY_ID), (ROLES, Col.ENTITY_ID)):
            if name in out:
                frame = out[name]
                out[name] = frame[_in_sentences(frame, about) | frame[column].isin(chosen)]
        if CONTRADICTIONS in out:
            frame = out[CONTRADICTIONS]
            hit = _in_sentences(frame, about) | frame[Col.SUBJECT_ENTITY_ID].isin(chosen)
            out[CONTRADICTIONS] = frame[
                frame[Col.CONTRADICTION_ID].isin(frame.loc[hit, Col.CONTRADICTION_ID])
            ]
        if EVENTS in out:
            frame = out[EVENTS]
            out[EVENTS] = frame[[bool(chosen & set(e)) for e in frame[Col.ENTITY_IDS]]]

    if EVENTS in out and filters.types and ENTITIES in tables:
        typed = set(tables[ENTITIES].loc[tables[ENTITIES][Col.TYPE].isin(filters.types), Col.ENTITY_ID])
        out[EVENTS] = out[EVENTS][[bool(typed & set(e)) for e in out[EVENTS][Col.ENTITY_IDS]]]
    for name in (EVENTS, DATES):
        if name in out and (filters.start or filters.end):
            out[name] = out[name][_overlaps(out[name], filters.start, filters.end)]
    if EVENT_CLUSTERS in tables and EVENTS in out:
        clusters = tables[EVENT_CLUSTERS]
        out[EVENT_CLUSTERS] = clusters[clusters[Col.CLUSTER_ID].isin(out[EVENTS][Col.CLUSTER_ID])]
    return out


def sentence_texts(dataset: Dataset, frame: pd.DataFrame) -> list[str]:
    """The sentence each row of ``frame`` (``article_id``, ``sentence_id``) comes from, "" when unknown."""
    if not dataset.has(SENTENCES) or frame.empty:
        return [""] * len(frame)
    keys = pd.DataFrame(
        {
            Col.ARTICLE_ID: frame[Col.ARTICLE_ID].astype(str).to_numpy(),
            Col.SENTENCE_ID: frame[Col.SENTENCE_ID].astype("int64").to_numpy(),
        }
    )
    text = dataset.lookup(SENTENCES, keys, Col.TEXT)
    return [text.get(key, "") for key in zip(keys[Col.ARTICLE_ID], keys[Col.SENTENCE_ID], strict=True)]


def article_rows(dataset: Dataset, name: str, article_id: str) -> pd.DataFrame:
    """The rows of table ``name`` about one article, in memory or on disk (read once per article)."""
    if name in dataset.on_disk:
        return dataset.memo(
            ("article rows", name, article_id),
            lambda: dataset.query(name, f"{Col.ARTICLE_ID} = ?", [article_id], order=Col.SENTENCE_ID),
        )
    return rows_of(dataset, name, article_id)


def rows_of(dataset: Dataset, name: str, article_id: str) -> pd.DataFrame:
    """The rows of in-memory table ``name`` about one article (an index by article, built once)."""
    frame = dataset.tables[name]
    index = dataset.memo(("by article", name), lambda: frame.groupby(Col.ARTICLE_ID, sort=False).indices)
    return frame.take(index.get(article_id, []))


def article_row(dataset: Dataset, article_id: str) -> pd.Series:
    """One article's row of the articles table."""
    articles = dataset.tables[ARTICLES]
    index = dataset.memo("article index", lambda: pd.Index(articles[Col.ARTICLE_ID]))
    return articles.iloc[index.get_loc(article_id)]


def entity_names(dataset: Dataset) -> dict[str, tuple[str, str]]:
    """Entity id -> (Russian canonical name, English name), built once."""
    entities = dataset.tables.get(ENTITIES)
    if entities is None:
        return {}
    return dataset.memo(
        "entity names",
        lambda: dict(
            zip(
                entities[Col.ENTITY_ID],
                zip(entities[Col.NAME], entities[Col.NAME_EN], strict=True),
                strict=True,
            )
        ),
    )


GEOMETRY = Path(__file__).parent / "assets" / "countries.geojson"


@st.cache_data(show_spinner=False)
def countries_geojson() -> dict:
    """Natural Earth country outlines keyed by ISO alpha-3, shipped with the app (no download)."""
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))
