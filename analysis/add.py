"""Add articles to (and remove them from) the added-articles folder, safely; then rebuild.

Everything handed in here is untrusted: an uploaded file's name, its bytes, the outlet, URL and
date typed into a form. So a file name becomes a sanitised stem (letters, digits, ``-``, ``_``)
with a known extension; every path written is resolved and checked to lie in the folder; limits
on size and count are checked for the whole call before anything is written (all or nothing);
files are written without an executable bit and only ever read as text by the corpus reader.

Only the added folder is ever changed: an article of the main corpus (``seeds/``) cannot be
removed, and an added article never takes an id the main corpus already uses.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from analysis.build.corpus import ARTICLE_SUFFIXES, MAX_BYTES, SOURCES_COLUMNS, SOURCES_FILE, article_files
from analysis.core.files import replace_text

# Largest file accepted (bytes): the same limit the corpus reader applies, so nothing saved is skipped for size.
MAX_FILE_BYTES = MAX_BYTES
# Files per call: a page upload or one command; more is a corpus, built with `python -m analysis build`.
MAX_FILES = 20
# Articles the added folder may hold in all: each one is analysed on every rebuild.
MAX_ADDED = 200
EXTENSIONS = (".txt", ".html")
_ALIASES = {".htm": ".html"}
MAX_STEM = 80
MAX_OUTLET = 120
MAX_URL = 2000
# Names Windows reserves for devices (with any extension): a checkout there could not hold such a file.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_ARTICLE_ID = re.compile(rf"^[\w-]{{1,{MAX_STEM + 8}}}$")

Item = tuple[str, bytes] | str | os.PathLike


class AddError(ValueError):
    """An article cannot be added or removed; the message names the file and the limit or the fix."""


# --- names ---------------------------------------------------------------------------------------


def safe_stem(name: str) -> str:
    """A file stem that is safe on every file system and in a URL, from an untrusted ``name``.

    Only the last path component counts (an upload named ``../../x.txt`` is ``x``); control and
    separator characters, dots and spaces become ``-``; Windows device names get a suffix.
    """
    base = re.split(r"[/\\]", name)[-1]
    stem = os.path.splitext(base)[0] if base.lower().endswith(ARTICLE_SUFFIXES) else base
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^\w-]+", "-", stem)  # \w: letters and digits of any script, and "_"
    stem = re.sub(r"-{2,}", "-", stem).strip("-_")[:MAX_STEM].strip("-_")
    if not stem:
        return "article"
    return f"{stem}_file" if stem.casefold() in _RESERVED else stem


def extension(name: str) -> str:
    """The file's extension, lower case, if it is one articles may have; otherwise AddError."""
    suffix = os.path.splitext(re.split(r"[/\\]", name)[-1])[1].lower()
    suffix = _ALIASES.get(suffix, suffix)
    if suffix not in EXTENSIONS:
        raise AddError(
            f"{name!r}: only {' and '.join(EXTENSIONS)} files can be added "
            f"(this one is {suffix or 'without an extension'!r})"
        )
    return suffix


def unique_stem(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``… : the first not in ``taken`` (compared case-folded, since
    some file systems ignore case)."""
    candidate, n = stem, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def _article_files(folder: Path) -> list[Path]:
    """Article files of a corpus folder: what the corpus reader reads; none for a missing folder."""
    return article_files(folder) if folder.is_dir() else []


def article_ids(*folders: Path | None) -> set[str]:
    """Article ids (file stems, case-folded) already used in any of ``folders``."""
    return {p.stem.casefold() for folder in folders if folder for p in _article_files(Path(folder))}


def _hashes(*folders: Path | None) -> dict[str, str]:
    """sha256 of each article file's bytes -> its name, to refuse a file that is already there."""
    found = {}
    for folder in folders:
        for path in _article_files(Path(folder)) if folder else []:
            with contextlib.suppress(OSError):
                found.setdefault(
                    hashlib.sha256(path.read_bytes()).hexdigest(), f"{Path(folder).name}/{path.name}"
                )
    return found


# --- metadata ------------------------------------------------------------------------------------


def check_date(published: str) -> str:
    """A publication date as YYYY-MM-DD (a real date), or "" for unknown."""
    published = (published or "").strip()
    if not published:
        return ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        raise AddError(f"date {published!r} is not YYYY-MM-DD (e.g. 2025-11-07)")
    try:
        return date.fromisoformat(published).isoformat()
    except ValueError:
        raise AddError(f"date {published!r} is not a real date") from None


def check_url(url: str) -> str:
    """An http(s) URL with a host, or "" for none; anything else (javascript:, file:) is refused,
    because the dashboard shows it as a link."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > MAX_URL or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        raise AddError(f"URL {url[:80]!r} has spaces or control characters, or is over {MAX_URL} characters")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise AddError(f"URL {url[:80]!r} must start with http:// or https:// and name a host")
    return url


def clean_outlet(outlet: str) -> str:
    """The outlet's name on one line, without control characters, at most MAX_OUTLET characters."""
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in (outlet or ""))
    text = " ".join(text.split())
    if len(text) > MAX_OUTLET:
        raise AddError(f"outlet {text[:40]!r}… is over {MAX_OUTLET} characters")
    return text.lstrip("=+-@")  # a cell starting with these is a formula to a spreadsheet


# --- files ---------------------------------------------------------------------------------------


def _inside(folder: Path, name: str) -> Path:
    """``folder/name`` after checking ``name`` is one plain path component: the result is a direct
    child of the (resolved) folder. The last component is not resolved, since it is never followed:
    writes replace a link there instead of writing through it."""
    root = folder.resolve()
    separators = {"/", "\\", "\0", os.sep, os.altsep or "/"}
    if name in ("", ".", "..") or any(sep in name for sep in separators):
        raise AddError(f"{name!r}: refusing to write outside {folder}")
    target = root / name
    if target.parent != root:
        raise AddError(f"{name!r}: refusing to write outside {folder}")
    return target


def _write_new(folder: Path, name: str, data: bytes) -> None:
    """Write a new file (never replacing one, never following a link), readable, not executable."""
    target = _inside(folder, name)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _replace(folder: Path, name: str, text: str) -> None:
    """Replace ``folder/name`` in one step (``core.files.replace_text``), never outside ``folder``."""
    replace_text(_inside(folder, name), text)


def _read_rows(folder: Path) -> list[dict[str, str]]:
    path = folder / SOURCES_FILE
    if not path.exists() or path.is_symlink():  # never read (and copy) a file from elsewhere
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: v or "" for k, v in row.items() if k} for row in csv.DictReader(handle)]


def _write_rows(folder: Path, rows: list[dict[str, str]]) -> None:
    columns = list(SOURCES_COLUMNS) + sorted({k for row in rows for k in row} - set(SOURCES_COLUMNS))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda row: row.get("file", "")))
    _replace(folder, SOURCES_FILE, buffer.getvalue())


def _load(item: Item) -> tuple[str, bytes]:
    """(original name, bytes) of an item; a path's size is checked before it is read."""
    if isinstance(item, tuple):
        name, data = item
        return str(name), bytes(data)
    path = Path(item)
    if not path.is_file():
        raise AddError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AddError(
            f"{path.name!r}: {path.stat().st_size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit per file"
        )
    return path.name, path.read_bytes()


def _check(name: str, data: bytes, known: dict[str, str]) -> str:
    """The extension of one upload after checking its size and content; AddError names the file."""
    suffix = extension(name)
    if len(data) > MAX_FILE_BYTES:
        raise AddError(f"{name!r}: {len(data):,} bytes is over the {MAX_FILE_BYTES:,}-byte limit per file")
    if not data.strip():
        raise AddError(f"{name!r}: the file is empty")
    twin = known.get(hashlib.sha256(data).hexdigest())
    if twin:
        raise AddError(f"{name!r}: the same text is already in the corpus as {twin}")
    return suffix


def add_articles(
    items: Iterable[Item],
    folder: Path,
    *,
    corpus: Path | None = None,
    outlet: str = "",
    url: str = "",
    published: str = "",
) -> list[str]:
    """Save ``items`` into the added folder with their sources.csv rows; the file names saved.

    Every item and the metadata are checked before the first byte is written, so a call either
    adds every file or none. Ids never clash with the main ``corpus`` or the folder itself.
    """
    folder = Path(folder)
    items = list(items)
    if len(items) > MAX_FILES:
        raise AddError(
            f"{len(items)} files at once is over the limit of {MAX_FILES} files per call; add them in parts"
        )
    if not items:
        raise AddError("no file to add")
    meta = {"outlet": clean_outlet(outlet), "url": check_url(url), "published": check_date(published)}
    present = _article_files(folder)
    if len(present) + len(items) > MAX_ADDED:
        raise AddError(
            f"the added folder holds {len(present)} articles; the limit is {MAX_ADDED} added articles in all"
        )
    known = _hashes(corpus, folder)
    taken = article_ids(corpus, folder)
    planned = []
    for item in items:
        name, data = _load(item)
        suffix = _check(name, data, known)
        known[hashlib.sha256(data).hexdigest()] = name
        stem = unique_stem(safe_stem(name), taken)
        taken.add(stem.casefold())
        planned.append((stem + suffix, data))
    folder.mkdir(parents=True, exist_ok=True)
    rows = {row["file"]: row for row in _read_rows(folder)}
    for file, data in planned:
        _write_new(folder, file, data)
        rows[file] = {"file": file, "language": "", **meta}
    _write_rows(folder, list(rows.values()))
    return [file for file, _ in planned]


def check_removable(article_id: str, folder: Path, *, corpus: Path | None = None) -> list[Path]:
    """The added folder's files of ``article_id``; AddError if it is not an added article (e.g. one of
    the main corpus, which is never removed from here)."""
    folder = Path(folder)
    if not _ARTICLE_ID.fullmatch(article_id or ""):
        raise AddError(f"{article_id!r} is not an article id (letters, digits, '-' and '_' only)")
    matches = [p for p in _article_files(folder) if p.stem == article_id]
    if matches:
        return matches
    if article_id.casefold() in article_ids(corpus):
        raise AddError(
            f"{article_id!r} is in the main corpus ({corpus}), not an added article; it cannot be removed here"
        )
    raise AddError(f"{article_id!r} is not an added article in {folder}")


def remove_article(article_id: str, folder: Path, *, corpus: Path | None = None) -> str:
    """Delete an added article (its file and sources.csv row); the file name removed.

    Only a file of the added folder can go: an id of the main corpus is refused with a message.
    With the last added article, sources.csv goes and then the folder if nothing else is in it, so the
    inputs are as they were before the first add (and the build's output too: ``build.write``).
    """
    folder = Path(folder)
    removed = []
    for path in check_removable(article_id, folder, corpus=corpus):
        _inside(folder, path.name).unlink()
        removed.append(path.name)
    rows = [row for row in _read_rows(folder) if row.get("file") not in removed]
    if rows or _article_files(folder):
        _write_rows(folder, rows)
    else:
        _inside(folder, SOURCES_FILE).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # only an empty folder goes
            folder.rmdir()
    return removed[0]


def added_articles(folder: Path) -> list[dict[str, str]]:
    """The added folder's articles with their sources.csv metadata (``file``, ``article_id``, …)."""
    folder = Path(folder)
    rows = {row.get("file", ""): row for row in _read_rows(folder)}
    return [
        {**{c: "" for c in SOURCES_COLUMNS}, **rows.get(p.name, {}), "file": p.name, "article_id": p.stem}
        for p in _article_files(folder)
    ]


# --- add, then rebuild ---------------------------------------------------------------------------


def engine_of(out: Path, default: str = "auto") -> str:
    """The engine that built ``out`` (from its manifest), so a rebuild does not switch engines."""
    try:
        return json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))["engine"] or default
    except (OSError, ValueError, KeyError, TypeError):
        return default


@contextlib.contextmanager
def holding(out: Path) -> Iterator[None]:
    """The build lock of ``out`` while the added folder changes: a build running meanwhile would
    copy the folder before the change and put that copy back in place (the change lost)."""
    from filelock import Timeout

    from analysis.build.write import BuildBusy, lock_for

    try:
        with lock_for(out).acquire(timeout=0):
            yield
    except Timeout:
        raise BuildBusy(f"a build is writing {out}/ right now; try again when it has finished") from None


def change_and_build(
    change: Callable[[], list[str]],
    *,
    corpus: Path,
    out: Path,
    added: Path | None = None,
    engine: str | None = None,
    progress: bool | Callable[[Iterable], Iterable] = False,
    build: bool = True,
    wait: float = 60,
) -> tuple[list[str], dict | None]:
    """Run ``change`` (an add or a removal) under the build lock, then rebuild; (its result, manifest).

    The one path the command line and the dashboard share. The rebuild waits up to ``wait``
    seconds for a build someone else started meanwhile (it may raise BuildBusy).
    """
    from analysis.build.run import ADDED_DIR, run_build

    with holding(out):
        changed = change()
    if not build:
        return changed, None
    folder = Path(added) if added is not None else Path(out) / ADDED_DIR
    engine = engine or engine_of(out)
    manifest, _ = run_build(corpus, out, engine, added=folder, progress=progress, wait=wait)
    return changed, manifest


def expected_errors() -> tuple[type[Exception], ...]:
    """The errors a user can fix (bad input, a build running, a bad sources.csv, an engine missing):
    the dashboard shows their one-line message instead of a traceback."""
    from analysis.build.decode import CorpusError
    from analysis.build.write import BuildBusy
    from analysis.nlp import EngineUnavailable

    return AddError, BuildBusy, CorpusError, EngineUnavailable, OSError


def built_files(out: Path) -> set[str]:
    """File names of the articles in ``out``'s articles table (what the last build read)."""
    import pandas as pd

    from analysis.core.schema import ARTICLES, TABLES, Col

    try:
        return set(pd.read_parquet(Path(out) / TABLES[ARTICLES].file, columns=[Col.FILE])[Col.FILE])
    except (OSError, ValueError, KeyError):
        return set()


def about(files: Sequence[str], manifest: dict, built: set[str]) -> dict[str, list[dict]]:
    """The manifest's skipped files, errors and notices about ``files`` only, and (``unread``) those
    of them the build neither read nor explained (e.g. a file type the corpus reader does not read)."""
    names = set(files)
    report = {
        key: [entry for entry in manifest.get(key, []) if entry.get("file") in names]
        for key in ("skipped", "errors", "notices")
    }
    explained = {entry["file"] for entry in report["skipped"]} | set(built)
    report["unread"] = [{"file": f} for f in files if f not in explained]
    return report
