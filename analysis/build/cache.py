"""What a build keeps between builds, and the hashes that say when it may reuse it.

- ``input_hash``: everything a build reads (the corpus files, the analysis code and word lists, the
  engine and its version): equal hashes, the tables would come out the same (``run.up_to_date``);
- ``EngineCache``: the engine's analysis of each text, in a folder named for the engine, its version
  and the NLP code, so a rebuild re-analyses only new or edited articles;
- ``stage_cache``: each per-article stage's rows, in a folder named for the analysis code (the
  runner keys each entry by a hash of the article's inputs);
- ``corpus_hash``: the articles and sources.csv alone (the manifest's record of the input);
- ``Rows``: a per-article table kept by column, and ``concat_rows`` joining the articles' rows.
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
from analysis.core.lexicon import FOLDER as LEXICON
from analysis.core.memo import Memo
from analysis.core.schema import Col
from analysis.nlp.base import Analysis

CACHE_DIR = Path(".cache") / "storylens"
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


class DiskCache:
    """Pickled values by key in one folder; a missing or unreadable file is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> Any:
        path = self.folder / f"{key}.pickle"
        try:
            return pickle.loads(path.read_bytes())
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
    try:
        known = pickle.loads(path.read_bytes()) if path is not None else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        known = {}
    return Memo(known if isinstance(known, dict) else {})


def save_memo(path: Path | None, memo: Memo) -> None:
    """Keep what this build used of ``memo`` for the next one, replacing the file whole; a memo that
    cannot be written (a full disk) only costs the next build its reuse."""
    if path is None or not memo.changed:
        return
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps(memo.used, protocol=5))
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


def _through_pandas(parts: Sequence[pd.DataFrame | Rows]) -> pd.DataFrame:
    return pd.concat([part.frame() if isinstance(part, Rows) else part for part in parts], ignore_index=True)


def concat_rows(parts: Sequence[pd.DataFrame | Rows]) -> pd.DataFrame:
    """``pd.concat(parts, ignore_index=True)`` of the articles' rows (frames or ``Rows``): column by
    column when every part has the same columns and dtypes, else through pandas."""
    if any(isinstance(part, pd.DataFrame) and part.columns.has_duplicates for part in parts):
        return _through_pandas(parts)
    rows = [part if isinstance(part, Rows) else as_rows(part) for part in parts]
    first = rows[0]
    alike = all(
        part.columns.equals(first.columns)
        and part.dtypes == first.dtypes
        and len(part.values) == len(first.values)
        for part in rows
    )
    if not alike:
        return _through_pandas(parts)
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
    """The engine tables of the last build made with this cache (one Arrow file each), with the
    ``annotate.rows_key`` of every article they hold: equal keys, equal rows. A file is replaced whole
    (``os.replace``), so its rows and keys always belong together."""

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
