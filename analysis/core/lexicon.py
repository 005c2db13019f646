"""Word lists as data: one file per list in ``analysis/lexicon/``, loaded by one helper.

As natasha keeps ``natasha/data/dict/*.txt``: a file opens with ``#`` comment lines saying what the
list is for and where its words come from, then holds one entry per line. An entry of a table has
its columns separated by a tab (the word, then what it means). Blank lines and ``#`` lines are
skipped; words are kept as written (lists of lemmas are written in lower case).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "lexicon"


class LexiconError(ValueError):
    """A lexicon file is missing or malformed."""


@cache
def _lines(name: str) -> tuple[tuple[str, ...], ...]:
    path = FOLDER / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{path}: no such lexicon file") from None
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def words(name: str) -> frozenset[str]:
    """The entries of the list ``name`` (its first column)."""
    return frozenset(row[0] for row in _lines(name))


def ordered(name: str) -> tuple[str, ...]:
    """The entries of the list ``name`` in file order (for lists whose order matters)."""
    return tuple(row[0] for row in _lines(name))


def table(name: str) -> dict[str, str]:
    """The two-column list ``name``: word -> what it means (the second column)."""
    found = {}
    for number, row in enumerate(_lines(name), start=1):
        if len(row) != 2:
            raise LexiconError(f"{FOLDER / name}.txt: entry {number} {row!r} needs two tab-separated columns")
        found[row[0]] = row[1]
    return found


def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Every entry of the list ``name`` with all its columns."""
    return _lines(name)
