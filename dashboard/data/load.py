"""The dataset: every table of the data folder read once (``st.cache_resource``), checked against the
schema, shared by every session and never copied per run.

Tables come from ``data/`` or the folder named by ``$DASHBOARD_DATA_DIR`` and are checked against
``analysis/core/schema.py``. They are read once per change of the folder; what a page derives from
them (labels, the filtered view, aggregates) is computed once per dataset and selection
(``Dataset.memo``). The largest tables, which no page needs whole (``ON_DISK``: tokens, alignments),
stay on disk and are queried with DuckDB for the slice a page shows. A table that is absent,
unreadable or stale is reported (naming the file; pages add the command that rebuilds it) instead of
raising, so every page can show an empty state; only an unusable ``articles`` table makes the whole
dashboard unavailable.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import streamlit as st

from analysis.core.schema import (
    ALIGNMENTS,
    ARTICLES,
    ELEMENTS,
    MANIFEST,
    QUALITY,
    SENTENCES,
    SIMILARITY,
    TABLES,
    TOKENS,
    Col,
    SchemaError,
    validate,
)

DATA_ENV = "DASHBOARD_DATA_DIR"
ROOT = Path(__file__).resolve().parents[2]
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
# Columns of in-memory tables that pages read for a few rows at a time: left on disk, read for the rows a
# page shows (``Dataset.texts``). Articles' raw text: ~50 MB of the process at 10,000 articles.
LEFT_ON_DISK = {ARTICLES: [Col.RAW_TEXT]}
TEXTS_KEPT = 2000  # article texts kept once read (the most recently used)
# glibc's malloc keeps what pandas frees for reuse (most in the arena of the script thread that freed it)
# and, once a large array was freed, serves later ones from that kept heap too: at 10,000 articles the
# dashboard held ~100 MB more than its tables and results. Large blocks mapped apart and the freed rest
# trimmed after each result computed give it back (``_release``); other C libraries are left as they are.
_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or None)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
_LARGE = 128 * 1024  # bytes: blocks from here on are mapped on their own and unmapped when freed
COLLECT_AFTER = 0.1  # seconds: a computation this long is followed by a full garbage collection
MEMO_ENTRIES = 64  # derived results kept per dataset (labels, filtered views, aggregates)
VIEW_ENTRIES = 8  # filtered views among them: the largest (a type filter copies most of mentions)


class DataUnavailable(RuntimeError):
    """The data folder cannot be used at all; the message says why."""


@dataclass(frozen=True)
class Dataset:
    # tables in memory: every usable table but ``ON_DISK``, without the ``LEFT_ON_DISK`` columns
    tables: dict[str, pd.DataFrame]
    manifest: dict
    problems: dict[str, str]  # table name -> why it is not available ("is not computed yet"...)
    folder: str
    manifest_problem: str = ""  # why manifest.json cannot be used, empty when it can
    on_disk: dict[str, str] = field(default_factory=dict)  # usable ``ON_DISK`` table -> its file
    rows: dict[str, int] = field(default_factory=dict)  # rows of every usable table
    _memo: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)
    _texts: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)
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
        began = time.perf_counter()
        value = compute()
        _release(collect=time.perf_counter() - began > COLLECT_AFTER)
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_ENTRIES:
                self._memo.popitem(last=False)
            views = [k for k in self._memo if isinstance(k, tuple) and k[:1] == ("view",)]
            for oldest in views[: max(0, len(views) - VIEW_ENTRIES)]:
                del self._memo[oldest]
        return value

    def texts(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The raw text of each of ``article_ids`` (of the articles table), read from its file once for
        the articles not read lately; unknown ids left out."""
        wanted = list(dict.fromkeys(article_ids))
        with self._lock:
            known = {a: self._texts[a] for a in wanted if a in self._texts}
        unread = [a for a in wanted if a not in known]
        if unread:
            with connect() as con:
                found = con.execute(
                    f"SELECT {Col.ARTICLE_ID}, {Col.RAW_TEXT} FROM read_parquet(?) "
                    f"WHERE {Col.ARTICLE_ID} IN (SELECT unnest(?))",
                    [_duckdb_source(Path(self.folder) / TABLES[ARTICLES].file), unread],
                ).fetchall()
            known |= dict(found)
        with self._lock:
            for a in wanted:
                if a in known:
                    self._texts[a] = known[a]
                    self._texts.move_to_end(a)
            while len(self._texts) > TEXTS_KEPT:
                self._texts.popitem(last=False)
        return {a: known[a] for a in wanted if a in known}

    def query(self, name: str, where: str, params: list, order: str = "") -> pd.DataFrame:
        """Rows of the on-disk table ``name`` matching the SQL condition ``where`` (``?`` parameters),
        in the order of the columns ``order`` when given."""
        order_by = f" ORDER BY {order}" if order else ""
        with connect() as con:
            return con.execute(
                f"SELECT * FROM read_parquet(?) WHERE {where}{order_by}", [self.on_disk[name], *params]
            ).df()

    def lookup(self, name: str, keys: pd.DataFrame, column: str) -> dict[tuple, object]:
        """``column`` of the on-disk table ``name`` at each distinct row of ``keys`` (whose columns are
        columns of the table), the first in the file where a key repeats; absent keys left out."""
        on = list(keys.columns)
        wanted = keys.drop_duplicates().reset_index(drop=True)
        join = " AND ".join(f"t.{c} = w.{c}" for c in on)
        with connect() as con:
            con.register("wanted", wanted)
            found = con.execute(
                f"SELECT {', '.join(f't.{c}' for c in on)}, "
                f"first(t.{column} ORDER BY t.filename, t.file_row_number) "
                f"FROM read_parquet(?, filename = true, file_row_number = true) t "
                f"SEMI JOIN wanted w ON {join} GROUP BY ALL",
                [self.on_disk[name]],
            ).fetchall()
        return {tuple(row[:-1]): row[-1] for row in found}

    def missing(self, *names: str) -> dict[str, str]:
        """Those of tables ``names`` that cannot be used, each with why ("is not computed yet"...)."""
        return {name: self.problems.get(name, NOT_COMPUTED) for name in names if not self.has(name)}

    def damaged(self) -> list[str]:
        """Files that exist but cannot be used (absent later tables are a normal state, not damage)."""
        found = [f"`{TABLES[n].file}` {why}" for n, why in self.problems.items() if why != NOT_COMPUTED]
        return ([f"`{MANIFEST}` {self.manifest_problem}"] if self.manifest_problem else []) + found


def connect() -> duckdb.DuckDBPyConnection:
    """A DuckDB connection for one query of the on-disk tables, on one thread: the dashboard serves
    pages while a query runs, and each more thread holds buffers of its own (at 10,000 articles the
    similarity query's peak 95 -> 79 MB, in the same time)."""
    return duckdb.connect(config={"threads": 1})


def _release(collect: bool = True) -> None:
    """Give the memory freed by a computation back to the system (glibc only; a no-op elsewhere), after
    collecting the garbage Python holds in cycles when ``collect`` (a full collection takes ~0.3 s at
    10,000 articles: worth it after a long computation only)."""
    if hasattr(_LIBC, "malloc_trim"):
        if collect:
            gc.collect()
        _LIBC.malloc_trim(0)


def _map_large_blocks() -> None:
    """Large blocks mapped on their own (glibc's default threshold grows to 32 MB as arrays are freed,
    after which they stay in the heap), and the heap trimmed from 128 kB free at its top."""
    if hasattr(_LIBC, "mallopt"):
        _LIBC.mallopt(_M_MMAP_THRESHOLD, _LARGE)
        _LIBC.mallopt(_M_TRIM_THRESHOLD, _LARGE)


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
            columns = pq.read_schema(file).names
            kept = [c for c in columns if c not in LEFT_ON_DISK.get(name, ())]
            result = pd.read_parquet(file, columns=kept, read_dictionary=REPEATED.get(name))
    except (OSError, ValueError, pa.ArrowException) as error:
        return f"is not a readable Parquet file ({_why(error)})"
    return _mismatch(name, columns) or result


def read_quality(file: Path) -> dict:
    """The measurements ``python -m analysis eval ner|bsnlp|nerel|dates --save`` wrote: ``{"factru": {...},
    "bsnlp": {topic: {...}}, "nerel": {folder: {...}}, "dates": {...}}``, each part present only once measured; an older file holding the
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
    for key in ("bsnlp", "nerel"):  # one entry per cluster or folder
        entries = quality.get(key)
        if isinstance(entries, dict):
            result[key] = {name: entry for name, entry in entries.items() if isinstance(entry, dict)}
    if isinstance(quality.get("dates"), dict):
        result["dates"] = quality["dates"]
    return result


def _duckdb_source(file: Path) -> str:
    """What DuckDB's ``read_parquet`` reads for a table: its file, or the parts in its folder."""
    return str(file / "part-*.parquet") if file.is_dir() else str(file)


@st.cache_resource(show_spinner="Loading tables…", max_entries=2)
def _read(folder: str, stamp: tuple) -> Dataset:  # noqa: ARG001 - stamp is the cache key: the files changed
    # Arrow's default allocator (mimalloc) keeps what reading and filtering free; the system one gives
    # it back: about 150 MB less for the dashboard process at 10,000 articles.
    pa.set_memory_pool(pa.system_memory_pool())
    _map_large_blocks()
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
    _release()
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


def build_problems(manifest: Mapping, key: str) -> pd.DataFrame:
    """The manifest's ``errors``, ``skipped`` or ``notices`` as a table (malformed entries kept as text)."""
    columns = BUILD_PROBLEMS[key]
    entries = manifest.get(key)
    rows = [
        {c: str(e.get(c, "")) for c in columns} if isinstance(e, dict) else {columns[-1]: str(e)}
        for e in (entries if isinstance(entries, list) else [])
    ]
    return pd.DataFrame(rows, columns=columns).fillna("")
