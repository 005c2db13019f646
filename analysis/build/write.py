"""Writing a build's tables to ``data/``: all or nothing, one build at a time.

Tables go to a staging folder beside ``out`` that takes its place in one step (``renameat2``'s
exchange on Linux), so a reader or a killed build never sees half a build; an OS file lock keeps two
builds from writing the same folder (a killed build's lock goes with its process). A table past
``PARTITION_ROWS`` rows is a folder of parts of whole articles.

The same inputs give the same bytes: string columns are written in one form whichever way a table
was assembled (fresh or from cached rows), and the manifest's ``created`` is when tables from these
inputs (its ``input_hash``) were first written to the folder, so a change undone (an article added,
then removed) leaves ``data/`` byte for byte as it was, and a checkout clean.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock

from analysis.core.schema import MANIFEST, TABLES, Col

# Input hashes of the builds written to a folder and when each was first written, most recent last, kept
# beside it (``.data.builds.json``; at most ``BUILDS_KEPT``).
BUILDS_KEPT = 100
# A table with more rows is written as a folder of parts (``write_table``): tokens pass it at a few
# thousand articles.
PARTITION_ROWS = 1_000_000


class BuildBusy(RuntimeError):
    """Another build is writing the same output folder."""


def lock_for(out: Path) -> FileLock:
    """The lock that keeps two builds from writing ``out`` at once. It is an OS file lock: a killed
    build's lock is released with its process, so it never stays stuck."""
    out = Path(out).absolute()
    return FileLock(out.with_name(f".{out.name}.lock"))


def _exchange(staging: Path, out: Path) -> None:
    """Put ``staging`` in place of ``out`` in one step, so a kill at any moment leaves one of the two
    complete at ``out`` (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, and a build
    interrupted between them is repaired by ``recover`` at the next build)."""
    if out.exists():
        libc = ctypes.CDLL(None, use_errno=True)
        exchange = getattr(libc, "renameat2", None)
        at_cwd, rename_exchange = -100, 2
        if (
            exchange is not None
            and exchange(at_cwd, bytes(staging), at_cwd, bytes(out), rename_exchange) == 0
        ):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the previous tables
            return
        backup = _backup(out)
        shutil.rmtree(backup, ignore_errors=True)
        out.rename(backup)
        staging.rename(out)
        shutil.rmtree(backup, ignore_errors=True)
        return
    staging.rename(out)


def _backup(out: Path) -> Path:
    return out.with_name(f".{out.name}-previous")


def recover(out: Path) -> None:
    """Put back the previous tables if a build on a system without atomic exchange died mid-swap."""
    backup = _backup(out)
    if backup.exists() and not out.exists():
        backup.rename(out)


def remove_stale_staging(out: Path) -> None:
    """Staging folders of builds that were killed before their swap (only called under the lock)."""
    out = Path(out).absolute()
    for path in out.parent.glob(f".{out.name}-*"):
        if path.is_dir() and path != _backup(out):
            shutil.rmtree(path, ignore_errors=True)


def _builds_file(out: Path) -> Path:
    return out.with_name(f".{out.name}.builds.json")


def first_written(manifest: dict, out: Path) -> str:
    """When tables from ``manifest``'s inputs were first written to ``out`` (its ``created`` if never),
    remembering it, and the build ``out`` holds now, beside ``out`` (``_builds_file``)."""
    path = _builds_file(out)
    try:
        builds = json.loads(path.read_text(encoding="utf-8"))
        builds = builds if isinstance(builds, dict) else {}
    except (OSError, ValueError):
        builds = {}
    try:
        current = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        builds.setdefault(str(current["input_hash"]), str(current["created"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    key = str(manifest.get("input_hash", ""))
    created = builds.pop(key, None) or str(manifest.get("created", ""))
    builds[key] = created
    kept = dict(list(builds.items())[-BUILDS_KEPT:])
    with contextlib.suppress(OSError):  # a folder one cannot write beside: the build's own time stays
        temporary = path.with_name(f"{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    return created


def write_tables(tables: dict[str, pd.DataFrame], manifest: dict, out: Path) -> None:
    """Write Parquet files and manifest.json into ``out``, replacing it only once all are written.

    Everything in ``out`` that the build does not write (``quality.json``, the added-articles
    folder) is carried over into the new folder. ``manifest["created"]`` becomes the time tables
    from the same inputs were first written here (``first_written``).
    """
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    manifest["created"] = first_written(manifest, out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, frame in tables.items():
            write_table(frame, staging / TABLES[name].file)
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        owned = {TABLES[name].file for name in TABLES} | {MANIFEST}
        for path in sorted(out.iterdir()) if out.is_dir() else []:
            if path.name in owned or path.suffix == ".parquet":
                continue
            if path.is_dir():
                shutil.copytree(path, staging / path.name)
            else:
                shutil.copy2(path, staging / path.name)
        _exchange(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every string column as ``object`` (pandas 3 makes a fresh column of strings
    ``str``, Arrow ``large_string``, but keeps ``object`` where rows were concatenated from cached
    ones; pandas 2 has ``object`` only): equal values, equal Parquet bytes."""
    strings = {c: object for c, dtype in frame.dtypes.items() if isinstance(dtype, pd.StringDtype)}
    return frame.astype(strings) if strings else frame


def as_arrow(frame: pd.DataFrame) -> pa.Table:
    """``pa.Table.from_pandas(canonical(frame), preserve_index=False)``, without making a Python
    string of every value of a ``str`` column: its Arrow data is taken as it is (cast to ``string``,
    the type an ``object`` column of strings gets) and the pandas metadata is the one the ``object``
    column gives. On 2,000 articles the tokens' strings cost 1 CPU s there and back. A ``str`` column
    without a value goes through ``object`` as before (Arrow types it ``null`` then)."""
    direct = [
        name
        for name, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.StringDtype) and frame[name].notna().any()
    ]
    if frame.columns.has_duplicates or not direct:
        return pa.Table.from_pandas(canonical(frame), preserve_index=False)
    table = pa.Table.from_pandas(canonical(frame.drop(columns=direct)), preserve_index=False)
    for name in direct:
        column = pa.chunked_array(pa.array(frame[name].array)).cast(pa.string()).combine_chunks()
        table = table.add_column(frame.columns.get_loc(name), pa.field(name, pa.string()), column)
    described = canonical(frame.iloc[:0])  # the metadata of the object columns these would be
    metadata = pa.Table.from_pandas(described, schema=table.schema, preserve_index=False).schema.metadata
    return table.replace_schema_metadata(metadata)


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """``canonical(frame).to_parquet(path, index=False)``, byte for byte (``as_arrow``)."""
    if frame.attrs:  # pandas adds them to the metadata
        canonical(frame).to_parquet(path, index=False)
        return
    pq.write_table(as_arrow(frame), path, compression="snappy")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """One Parquet file, or for a table over ``PARTITION_ROWS`` rows a folder of that name holding
    ``part-NNNNN.parquet`` files of whole articles in table order (pandas, pyarrow and DuckDB read
    the folder as one table), so no file grows with the corpus past what a reader can take at once.
    String columns are written in one form (``canonical``)."""
    if len(frame) <= PARTITION_ROWS or Col.ARTICLE_ID not in frame.columns:
        _write_parquet(frame, path)
        return
    path.mkdir()
    ids = frame[Col.ARTICLE_ID].to_numpy()
    bounds = [*np.flatnonzero(ids[1:] != ids[:-1]) + 1, len(frame)]  # where each article's rows end
    begin, part = 0, 0
    while begin < len(frame):
        # the furthest article boundary within PARTITION_ROWS rows, or the next one if none fits
        fitting = [b for b in bounds if begin < b <= begin + PARTITION_ROWS]
        end = fitting[-1] if fitting else next(b for b in bounds if b > begin)
        _write_parquet(frame.iloc[begin:end], path / f"part-{part:05d}.parquet")
        begin, part = end, part + 1


def table_exists(path: Path) -> bool:
    """Whether a table was written at ``path``: its file, or its folder of parts."""
    return path.is_file() or (path.is_dir() and any(path.glob("part-*.parquet")))
