"""Table columns made from codes. The alignments' tables repeat a few thousand distinct strings over
millions of rows: a text column is its distinct values taken by code, so the table's text type is made
once per distinct value (converting each row's Python string cost seconds at 10,000 articles). Python's
``round`` is likewise applied once per distinct value."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def text_column(values: Sequence[str], codes: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``values[codes]`` typed as a frame infers it from the strings themselves (an empty column stays
    the empty object array a frame would be given)."""
    if len(codes) == 0:
        return np.asarray(values, dtype=object)[codes]
    return pd.Series(np.asarray(values, dtype=object)).array.take(np.asarray(codes, dtype=np.int64))


def rounded(values: np.ndarray, places: int) -> np.ndarray:
    """Python's ``round`` of each value (correctly rounded, which ``np.round`` is not: ties in a sort
    must be the ones Python's gives), once per distinct value."""
    distinct, inverse = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    return np.array([round(v, places) for v in distinct.tolist()], dtype=float)[inverse.ravel()]
