"""What a build keeps between builds, and the hashes that say when it may reuse it.

- ``input_hash``: everything a build reads (the corpus files, the analysis code and word lists, the
  engine and its version): equal hashes, the tables would come out the same (``run.up_to_date``);
- ``EngineCache``: the engine's analysis of each text, in a folder named for the engine, its version
  and the NLP code, so a rebuild re-analyses only new or edited articles;
- ``stage_cache``: each per-article stage's rows, in a folder named for the analysis code (the
  runner keys each entry by a hash of the article's inputs);
- ``corpus_hash``: the articles and sources.csv alone (the manifest's record of the input);
- ``Rows``: a per-article table kept by column, and ``concat_rows`` joining the articles' rows;
- ``StagePack``: a per-article stage's tables of the last build in one file, each article's rows
  served from it while the article's key holds (``RowsPack`` does the same for the engine tables).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import __version__
from analysis.build.corpus import SOURCES_FILE
from analysis.core.document import no_gc
from analysis.core.lexicon import FOLDER as LEXICON
from analysis.core.memo import Memo
from analysis.core.schema import Col
from analysis.nlp.base import Analysis

CACHE_DIR = Path(".cache") / "storylens"
# Share of a corpus's articles a pack of the last build's results (the engine tables' ``RowsPack``, the
# reading cache's) may lack before it is written again; until then those articles come from their own
# entries. At 10,000 articles writing the engine tables' pack cost 0.8-0.9 CPU s, a quarter of the engine
# step's 3, and every add-one paid it.
PACK_SLACK = 1 / 64
CODE = Path(__file__).parents[1]  # the analysis package
ROWS_CODE = ("annotate.py", "layout.py")  # what makes an article's engine rows of its analysis


def sources(*folders: Path) -> list[Path]:
    """The code under ``folders`` and every word list (``analysis/lexicon``): what a result depends on."""
    return [path for folder in folders for path in folder.rglob("*.py")] + list(LEXICON.glob("*.txt"))


def corpus_hash(articles: pd.DataFrame, folders: Sequence[Path]) -> str:
    """Hash of every article's bytes and of each folder's sources.csv: equal hashes mean the same input."""
    digest = hashlib.sha256()
    for sha in sorted(articles[Col.SHA256]):
        digest.update(sha.encode())
    for folder in folders:
        path = Path(folder) / SOURCES_FILE
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def input_hash(folders: Sequence[Path], engine: str, version: str, max_bytes: int) -> str:
    """Hash of everything a build reads: each folder's files (names and bytes), the analysis code,
    the engine and its version, the size limit. Equal hashes: the tables would come out the same.
    Reading bytes is cheap; it spares parsing 10,000 articles to learn that nothing changed."""
    digest = hashlib.sha256(f"{engine} {version} {max_bytes} {__version__}".encode())
    for path in sorted(sources(CODE)):
        digest.update(path.read_bytes())
    for folder in folders:
        for path in sorted(Path(folder).iterdir()) if Path(folder).is_dir() else []:
            if path.is_file():
                digest.update(os.fsencode(path.name) + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_hash(paths: Iterable[Path]) -> str:
    """A short hash of the files ``paths``: a cache folder's name changes with the code it holds."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _loads(data: bytes) -> Any:
    """``pickle.loads(data)``, with the collector paused (``no_gc``): unpickling makes objects only, none
    of them garbage, yet each collection walks every object made so far. At 10,000 articles the
    alignments' memo loaded in 1.75 CPU s instead of 0.64, the claims' in 1.18 instead of 0.43, the
    10,000 read results in 2.7 instead of 0.9."""
    with no_gc():
        return pickle.loads(data)


class DiskCache:
    """Pickled values by key in one folder; a missing or unreadable file is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> Any:
        path = self.folder / f"{key}.pickle"
        try:
            return _loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, value: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{key}.pickle").write_bytes(pickle.dumps(value))


class EngineCache:
    """The engine's output per text on disk, so a rebuild re-analyses only new or edited articles.

    The folder is named for the engine, its version and a hash of the NLP code, and each entry for
    the text's hash: any change to one of them recomputes.
    """

    def __init__(self, name: str, version: str, folder: Path = CACHE_DIR) -> None:
        self.identity = f"{name}-{version}-{code_hash(sources(CODE / 'nlp', CODE / 'core'))}"
        self.store = DiskCache(folder / self.identity)
        # each article's rows made of the analysis (``annotate``), by ``annotate.rows_key``: reading
        # them spares rebuilding an unchanged article's Analysis objects and rows (most of the step)
        rows_code = code_hash(
            [*sources(CODE / "nlp", CODE / "core"), *(CODE / "build" / f for f in ROWS_CODE)]
        )
        self.rows = DiskCache(folder / f"rows-{name}-{version}-{rows_code}")
        self.pack = RowsPack(self.rows.folder)

    def get(self, text: str) -> Analysis | None:
        return self.store.get(hashlib.sha256(text.encode()).hexdigest())

    def put(self, text: str, analysis: Analysis) -> None:
        self.store.put(hashlib.sha256(text.encode()).hexdigest(), analysis)


def load_memo(path: Path | None) -> Memo:
    """A corpus stage's memo of the last build (``Stage.memo``); empty when there is none, or it cannot
    be read (then it is simply made again)."""
    known = _unpickled(path) if path is not None else None
    return Memo(known if isinstance(known, dict) else {})


def _unpickled(path: Path) -> Any:
    """The value pickled in ``path``; None when there is none or it cannot be read (made again then)."""
    try:
        return _loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None


def save_memo(path: Path | None, memo: Memo) -> None:
    """Keep what this build used of ``memo`` for the next one, replacing the file whole; a memo that
    cannot be written (a full disk) only costs the next build its reuse."""
    if path is not None and memo.changed:
        _replace(path, memo.used)


def _replace(path: Path, value: Any) -> None:
    """``value`` pickled into ``path``, the file replaced whole (a reader sees the old one or the new
    one); one that cannot be written (a full disk) only costs the next build its reuse."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps(value, protocol=5))
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def stage_cache(folder: Path = CACHE_DIR) -> DiskCache:
    """Where per-article stages keep their rows, in a folder named for the analysis code."""
    return DiskCache(folder / f"stages-{__version__}-{code_hash(sources(CODE))}")


# --- per-article rows, kept by column ---------------------------------------------------------------
# A cached per-article table is a few rows; as a DataFrame, unpickling it and concatenating a thousand
# of them cost more than the stage's whole work for an added article. Kept as its columns, it loads as
# plain lists and arrays, and the articles' rows are joined column by column, once per table.


@dataclass(frozen=True, slots=True)
class Rows:
    """One article's rows of a table: its column index, each column's dtype and values (a numpy
    array for a numpy dtype, else a list)."""

    columns: pd.Index
    dtypes: tuple
    values: tuple

    def __len__(self) -> int:
        return len(self.values[0]) if self.values else 0

    def frame(self) -> pd.DataFrame:
        columns = zip(self.columns, self.dtypes, self.values, strict=True)
        return pd.DataFrame(
            {name: _column(dtype, [values]) for name, dtype, values in columns}, columns=self.columns
        )


def _column(dtype: Any, pieces: list) -> Any:
    if isinstance(dtype, np.dtype):
        return np.concatenate(pieces) if pieces else np.array([], dtype=dtype)
    return pd.array([value for piece in pieces for value in piece], dtype=dtype)


def as_rows(frame: pd.DataFrame) -> Rows:
    """``frame``'s columns (its index left out)."""
    dtypes = tuple(frame.dtypes)
    values = tuple(
        series.to_numpy() if isinstance(dtype, np.dtype) else series.tolist()
        for (_, series), dtype in zip(frame.items(), dtypes, strict=True)
    )
    return Rows(frame.columns, dtypes, values)


def packed(frame: pd.DataFrame) -> Rows | pd.DataFrame:
    """A per-article table as the cache keeps it: by column (``Rows``; its index is dropped, as
    ``concat_rows`` drops it), or as it is when two of its columns share a name."""
    return frame if frame.columns.has_duplicates else as_rows(frame)


def _alike(part: Rows, first: Rows) -> bool:
    """Same columns and dtypes: ``concat_rows`` joins such parts column by column."""
    return (
        part.columns.equals(first.columns)
        and part.dtypes == first.dtypes
        and len(part.values) == len(first.values)
    )


def by_column(parts: Sequence[pd.DataFrame | Rows]) -> list[Rows] | None:
    """``parts`` as ``Rows`` when they have the same columns and dtypes, else None."""
    if not parts or any(isinstance(part, pd.DataFrame) and part.columns.has_duplicates for part in parts):
        return None
    rows = [part if isinstance(part, Rows) else as_rows(part) for part in parts]
    return rows if all(_alike(part, rows[0]) for part in rows) else None


def found_rows(parts: Sequence[pd.DataFrame | Rows]) -> list:
    """The articles' parts a table is joined of: those with rows, else the first alone (its columns)."""
    return [part for part in parts if len(part)] or list(parts[:1])


def _through_pandas(parts: Sequence[pd.DataFrame | Rows]) -> pd.DataFrame:
    return pd.concat([part.frame() if isinstance(part, Rows) else part for part in parts], ignore_index=True)


def concat_rows(parts: Sequence[pd.DataFrame | Rows]) -> pd.DataFrame:
    """``pd.concat(parts, ignore_index=True)`` of the articles' rows (frames or ``Rows``): column by
    column when every part has the same columns and dtypes, else through pandas."""
    rows = by_column(parts)
    if rows is None:
        return _through_pandas(parts)
    first = rows[0]
    columns = {
        name: _column(dtype, [part.values[k] for part in rows])
        for k, (name, dtype) in enumerate(zip(first.columns, first.dtypes, strict=True))
    }
    return pd.DataFrame(columns, columns=first.columns)


# --- the engine tables of the last build, in one file each ---------------------------------------------
# 10,000 articles' rows read one pickle at a time make 3 million Python strings (seconds); the last
# build's tables in Arrow files load at once, and an article's rows in them serve while its key holds.

PACK_KEYS = b"storylens_rows_keys"  # the Arrow schema's metadata: each article's rows_key


class RowsPack:
    """The engine tables of a recent build made with this cache (one Arrow file each; written again
    once stale, ``PACK_SLACK``), with the ``annotate.rows_key`` of every article they hold:
    equal keys, equal rows. A file is replaced whole (``os.replace``), so its rows and keys always
    belong together."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, table: str) -> Path:
        return self.folder / f"pack-{table}.arrow"

    def keys(self, table: str) -> dict[str, str]:
        """Article id -> rows key of the rows the file holds (its schema only is read)."""
        import pyarrow as pa

        try:
            with pa.memory_map(str(self.path(table))) as source:
                metadata = pa.ipc.open_file(source).schema.metadata or {}
            return json.loads(metadata.get(PACK_KEYS, b"{}"))
        except (OSError, ValueError, pa.ArrowException):
            return {}

    def rows(self, table: str, articles: set[str]) -> pd.DataFrame | None:
        """The file's rows of ``articles``, in its order; None when it cannot be read."""
        import pyarrow as pa

        try:
            frame = pd.read_feather(self.path(table))
        except (OSError, ValueError, pa.ArrowException):
            return None
        return frame[frame[Col.ARTICLE_ID].isin(articles).to_numpy()].reset_index(drop=True)

    def write(self, table: str, frame: pd.DataFrame, keys: dict[str, str]) -> None:
        import pyarrow as pa
        from pyarrow import feather

        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), PACK_KEYS: json.dumps(keys)})
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.path(table).with_name(f"{self.path(table).name}.{os.getpid()}")
        feather.write_feather(arrow, temporary)
        os.replace(temporary, self.path(table))


# --- a per-article stage's tables of the last build, in one file --------------------------------------
# 2,000 articles' rows read one pickle each cost about a second a table (each article's index, dtypes
# and columns made again); the last build's table loads at once, and the rows of every article whose
# key still holds are taken from it.


@dataclass(frozen=True)
class PackedTable:
    """A table's rows before the stage's ``finish``, as ``concat_rows`` joined them column by column,
    each article's together, in the order of the pack's ``keys``; ``counts``: each article's rows."""

    frame: pd.DataFrame
    counts: np.ndarray


@dataclass(frozen=True)
class StagePack:
    """A per-article stage's tables of one build: ``keys`` (article id -> the runner's cache key of
    its result, in the order of the rows) and each table (None: its articles' rows differed in
    dtypes, pandas joined them, and an article's rows in the join are not its own)."""

    keys: dict[str, str]
    tables: dict[str, PackedTable | None]

    @staticmethod
    def made(
        last: StagePack | None,
        keys: dict[str, str],
        parts: dict[str, dict[str, pd.DataFrame | Rows]],
        tables: dict[str, pd.DataFrame],
    ) -> StagePack:
        """The pack of a build's ``tables`` (before ``finish``) of the articles ``keys`` (in their
        order): each article's rows counted in its part of ``parts`` (by table), else in ``last``
        (the pack its other rows came from)."""
        kept: dict[str, PackedTable | None] = {}
        for name, frame in tables.items():
            counts = last.counts(name) if last is not None else {}
            counts.update((article_id, len(part)) for article_id, part in parts[name].items())
            # joined column by column (the pack's rows with like ones, or every article's): each
            # article's rows in the table are its own
            whole = last is not None or by_column(found_rows(list(parts[name].values()))) is not None
            kept[name] = (
                PackedTable(frame, np.array([counts[a] for a in keys], dtype=np.int64)) if whole else None
            )
        return StagePack(keys, kept)

    def held(self, keys: dict[str, str]) -> set[str]:
        """The articles whose rows every table holds under their key in ``keys``."""
        if any(table is None for table in self.tables.values()):
            return set()
        return {article_id for article_id, key in keys.items() if self.keys.get(article_id) == key}

    def counts(self, name: str) -> dict[str, int]:
        """Each article's number of rows of the table ``name``."""
        return dict(zip(self.keys, self.tables[name].counts.tolist(), strict=True))

    def joined(
        self, name: str, held: set[str], fresh: dict[str, pd.DataFrame | Rows], ids: Sequence[str]
    ) -> pd.DataFrame | None:
        """``concat_rows`` of the articles' rows in the order of ``ids`` (without the empty ones), the
        rows of ``held`` taken from the pack, the others' in ``fresh``; None when that cannot be the
        same table (no rows at all, or fresh rows of other columns or dtypes than the pack's)."""
        table = self.tables[name]
        order = {article_id: position for position, article_id in enumerate(ids)}
        mine = np.array([article_id in held for article_id in self.keys], dtype=bool)
        frame = table.frame[np.repeat(mine, table.counts)]
        where = np.repeat(
            [order[a] for a, kept in zip(self.keys, mine, strict=True) if kept], table.counts[mine]
        )
        own = sorted(((order[a], part) for a, part in fresh.items() if len(part)), key=lambda item: item[0])
        if own:
            parts = [part for _, part in own]
            if by_column([table.frame.iloc[:0], *parts]) is None:
                return None
            frame = (
                pd.concat([frame, concat_rows(parts)], ignore_index=True)
                if len(frame)
                else concat_rows(parts)
            )
            where = np.concatenate([where, *(np.full(len(part), position) for position, part in own)])
        elif not len(frame):
            return None  # no rows: the table is the first article's empty one, not the pack's
        if (np.diff(where) < 0).any():
            return frame.take(np.argsort(where, kind="stable")).reset_index(drop=True)
        return frame.reset_index(drop=True)


def load_stage_pack(path: Path) -> StagePack | None:
    """The stage pack in ``path``; None when there is none or it cannot be read."""
    pack = _unpickled(path)
    return pack if isinstance(pack, StagePack) else None


def save_stage_pack(path: Path, pack: StagePack) -> None:
    """Keep ``pack`` for the next build, replacing the file whole: its keys always match its rows."""
    _replace(path, pack)
