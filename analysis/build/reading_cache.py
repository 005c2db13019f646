"""What a re-build keeps from reading the corpus, so an unchanged file costs its bytes and their hash.

- each article file's read result (its row with the paragraphs, its notices, the sentence units the
  boilerplate pass counts; or why it cannot be used), under a hash of its bytes, its name and its
  sources.csv row, in a folder named for the analysis code and the libraries that read text: any
  change to one of them reads the file again;
- which bodies are copies of which (``corpus.Matches``), for the corpus folders, so only new bodies
  are compared with the others;
- the read results of the last read of the corpus folders in one file (their pack), so a re-read
  opens one file instead of one a file (at 10,000 articles those opens cost about 1 CPU s); it is
  written again once stale (``PACK_SLACK``), and a file read since comes from its own entry.

Neither can change a result: a key covers everything its value depends on, and the copies a build
finds are checked with ``fuzz.ratio`` again before an article is dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from analysis import __version__
from analysis.build.boilerplate import sentence_units
from analysis.build.cache import CACHE_DIR, CODE, PACK_SLACK, DiskCache, code_hash, sources
from analysis.build.corpus import Matches, body_key, load_article, normalised
from analysis.build.decode import CorpusError
from analysis.core.schema import Col
from analysis.nlp.knowledge.stored import installed_version

# The libraries a file's read result depends on: decoding, web pages, sentences, fuzzy matching.
LIBRARIES = ("charset-normalizer", "trafilatura", "htmldate", "razdel", "rapidfuzz")
_ERROR = "error"


def _libraries() -> str:
    versions = " ".join(f"{name}={installed_version(name)}" for name in LIBRARIES)
    return hashlib.sha256(versions.encode()).hexdigest()[:12]


class ReadingCache:
    """Read results of article files and the copies among the bodies of ``folders``, on disk."""

    def __init__(self, folders: Sequence[Path], folder: Path = CACHE_DIR) -> None:
        self.store = DiskCache(folder / f"reading-{__version__}-{code_hash(sources(CODE))}-{_libraries()}")
        places = "\0".join(str(Path(place).resolve()) for place in folders)
        self.copies_key = "copies-" + hashlib.sha256(places.encode("utf-8", "surrogateescape")).hexdigest()
        self._matches: dict[float, Matches] = {}
        self._pack: dict[str, tuple] | None = None  # the pack's read results by key, once loaded
        self._read: dict[str, tuple] = {}  # the read results of this read, by key

    def _found(self, key: str) -> tuple | None:
        """The read result under ``key``: from the pack of these folders, else from its own entry."""
        if self._pack is None:
            pack = self.store.get(f"pack-{self.copies_key}")
            self._pack = pack if isinstance(pack, dict) else {}
        found = self._pack.get(key)
        return found if found is not None else self.store.get(key)

    def article(self, path: Path, data: bytes, source: dict[str, str] | None) -> tuple[dict, list[str]]:
        """``corpus.load_article`` of ``path`` (``data``: its bytes), its row with private ``_units``
        (``boilerplate.sentence_units``) and ``_body`` (its body's key and length for
        ``corpus.drop_duplicates``) columns; raises CorpusError as it does."""
        identity = [path.name, hashlib.sha256(data).hexdigest(), source or {}]
        key = hashlib.sha256(
            json.dumps(identity, sort_keys=True).encode("utf-8", "surrogateescape")
        ).hexdigest()
        found = self._found(key)
        if found is None:
            try:
                row, notices = load_article(path, source, data)
                raw = row[Col.RAW_TEXT]
                body = normalised(raw[row[Col.BODY_START] : row[Col.BODY_END]])
                found = (row, notices, sentence_units(raw, row["_paragraphs"]), (body_key(body), len(body)))
            except CorpusError as error:
                found = (_ERROR, str(error))
            self.store.put(key, found)
        self._read[key] = found
        if found[0] == _ERROR:
            raise CorpusError(found[1])
        row, notices, units, body = found
        return {**row, "_units": units, "_body": body}, notices

    def matches(self, similarity: float) -> Matches:
        """The copies known among bodies at ``similarity``: from the last read of these folders, then
        kept up to date in memory (``save`` writes them)."""
        if similarity not in self._matches:
            known = self.store.get(f"{self.copies_key}-{similarity}")
            self._matches[similarity] = known if isinstance(known, Matches) else Matches(similarity)
        return self._matches[similarity]

    def save(self) -> None:
        """Write the copies found, and the pack when it holds a file not read this time or lacks more
        than ``PACK_SLACK`` of them, for the next read of these folders."""
        for similarity, matches in self._matches.items():
            self.store.put(f"{self.copies_key}-{similarity}", matches.pruned())
        pack = self._pack or {}
        lacking = sum(key not in pack for key in self._read)
        if not pack.keys() <= self._read.keys() or lacking > PACK_SLACK * len(self._read):
            self.store.put(f"pack-{self.copies_key}", self._read)
