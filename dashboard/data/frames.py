"""Small helpers over frames that several modules of the data package share."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.core.schema import Col


def top_keys(counts: pd.Series, limit: int) -> list:
    """Keys of the ``limit`` largest counts, ties in their first order."""
    return list(counts.sort_values(ascending=False, kind="stable").index[:limit])


def joiner(limit: int | None) -> Callable[[pd.Series], str]:
    """Joins names with "; ", the first ``limit`` of them and how many more when given."""

    def join(names: pd.Series) -> str:
        if limit is None or len(names) <= limit:
            return "; ".join(names)
        return "; ".join(names.iloc[:limit]) + f"; … and {len(names) - limit} more"

    return join


def sentences_naming(mentions: pd.DataFrame, entity_ids: set[str]) -> set[tuple[str, int]]:
    """The sentences (article id, sentence id) with a mention of one of ``entity_ids``."""
    hit = mentions[mentions[Col.ENTITY_ID].isin(entity_ids)]
    return set(zip(hit[Col.ARTICLE_ID], hit[Col.SENTENCE_ID], strict=True))


def in_sentences(frame: pd.DataFrame, sentences: set[tuple[str, int]]) -> pd.Series:
    """Whether each row of ``frame`` (``article_id``, ``sentence_id``) is stated in one of ``sentences``."""
    keys = zip(frame[Col.ARTICLE_ID], frame[Col.SENTENCE_ID], strict=True)
    return pd.Series([k in sentences for k in keys], index=frame.index, dtype=bool)
