"""One BLAS thread while slovnet's taggers run.

slovnet computes with numpy, whose OpenBLAS starts a thread per core. Its matrices (one article's
tokens through a small CNN) are too small to split: the second thread mostly spins waiting, and
with two engine processes on two cores (the build's pool) the threads fight for the cores.
Measured over the factRuEval devset in one process, one thread cut the engine's CPU time about
threefold (docs/benchmarks.md, 21 November 2026). The number is set through OpenBLAS's own
C function, found in the loaded library, and restored afterwards; where it cannot be found (not
Linux, another BLAS) nothing changes.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

_NAMES = ("scipy_openblas_{}_num_threads64_", "scipy_openblas_{}_num_threads", "openblas_{}_num_threads64_",
          "openblas_{}_num_threads")  # fmt: skip


@cache
def _openblas() -> tuple[Callable[[], int], Callable[[int], None]] | None:
    """(get, set) of the number of threads of the OpenBLAS numpy loaded, or None."""
    import numpy  # noqa: F401  (loads its BLAS)

    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", maps.read())))
    except OSError:
        return None
    for path in paths:
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _NAMES:
            get, set_ = name.format("get"), name.format("set")
            if hasattr(library, get) and hasattr(library, set_):
                getter, setter = getattr(library, get), getattr(library, set_)
                getter.restype, setter.argtypes = ctypes.c_int, [ctypes.c_int]
                return getter, setter
    return None


def blas_threads() -> int | None:
    """OpenBLAS's current number of threads (None when it cannot be found)."""
    functions = _openblas()
    return None if functions is None else functions[0]()


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Run the block with one OpenBLAS thread; the previous number is restored after it."""
    functions = _openblas()
    if functions is None:
        yield
        return
    get, set_ = functions
    before = get()
    set_(1)
    try:
        yield
    finally:
        set_(before)
