"""Values a corpus stage keeps from one build to the next (``Stage.memo``), by a key the stage makes.

A corpus stage reads the whole corpus, so adding one article re-runs it over every article; most of its
work, though, is a function of one article's inputs (or of one name) plus the few corpus-wide values
it reads. The stage keys each such piece of work by a hash of everything the piece reads, asks the
memo for it, and computes it only when the key is new: the result is the one a build without the memo
makes, and a key that no longer holds is simply never asked for again. The build keeps each stage's
memo in its stage cache (``analysis.build.cache``), with only the entries the last build used.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING = object()


class Memo:
    """Values by key: those of the last build (``known``) served while their key is asked for, the rest
    made. ``used`` holds what this build asked for, the memo the next build starts from."""

    def __init__(self, known: Mapping[str, Any] | None = None) -> None:
        self.known = dict(known or {})
        self.used: dict[str, Any] = {}
        self.made = 0  # entries made in this build, not found in ``known``

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The value of ``key``: this build's, else the last build's, else ``make()``. A value may be
        served to several callers and to the next build: treat it as read-only."""
        value = self.used.get(key, _MISSING)
        if value is _MISSING:
            value = self.known.get(key, _MISSING)
            if value is _MISSING:
                value = make()
                self.made += 1
            self.used[key] = value
        return value

    @property
    def changed(self) -> bool:
        """Whether the memo the next build should start from differs from ``known``."""
        return self.made > 0 or len(self.used) != len(self.known)


def memo_key(*parts: Any) -> str:
    """A key of the values a piece of work reads: their pickled bytes hashed (equal values of the same
    types, equal key). Give ordered values (tuples, sorted lists, dicts built in a fixed order): a set of
    strings pickles in an order that changes with each process's hash seed, a miss every build.

    Pickled without the pickler's memo: with it an object met twice is written once and then referred
    to, so equal values shared differently (one name object in two places, or two equal ones) pickle
    to other bytes, a miss (helper C measured 131 of Ryanair's 148 articles' claim keys so)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # each value written whole wherever it recurs (values are never cyclic)
    pickler.dump(parts)
    return hashlib.sha256(buffer.getvalue()).hexdigest()
