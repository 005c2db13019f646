"""What the article view lays over one article's text, from whatever tables exist."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.core.schema import CONTRADICTIONS, DATES, ENTITIES, MENTIONS, SENTENCES, Col
from dashboard.data.articles import article_rows, rows_of
from dashboard.data.load import Dataset
from dashboard.data.story import worded


def article_layers(dataset: Dataset, article_id: str, types: Iterable[str] = ()) -> dict[str, pd.DataFrame]:
    """One article's rows by table, for ``components.text.article_spans``: its sentences (boilerplate),
    mentions (of ``types`` when given; only with the entities table, which names them), dates and the
    discrepancies it takes part in (in words: ``story.worded``). A table that does not exist is left out."""
    layers = {}
    if dataset.has(SENTENCES):
        layers[SENTENCES] = article_rows(dataset, SENTENCES, article_id)
    if MENTIONS in dataset.tables and ENTITIES in dataset.tables:
        mentions = rows_of(dataset, MENTIONS, article_id)
        layers[MENTIONS] = mentions[mentions[Col.TYPE].isin(types)] if types else mentions
    if DATES in dataset.tables:
        layers[DATES] = rows_of(dataset, DATES, article_id)
    if CONTRADICTIONS in dataset.tables:
        layers[CONTRADICTIONS] = worded(dataset, rows_of(dataset, CONTRADICTIONS, article_id))
    return layers
