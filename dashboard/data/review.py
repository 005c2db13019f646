"""The quality report of the loaded tables (``analysis.core.review``), computed once per dataset."""

from __future__ import annotations

from analysis.core.review import Review, review
from analysis.core.schema import ENTITIES, MENTIONS
from dashboard.data.load import Dataset


def quality_review(dataset: Dataset) -> Review | None:
    """The report of the dataset's ``entities`` and ``mentions``; None when either cannot be used."""
    if ENTITIES not in dataset.tables or MENTIONS not in dataset.tables:
        return None
    return dataset.memo("quality review", lambda: review(dataset.tables[ENTITIES], dataset.tables[MENTIONS]))
