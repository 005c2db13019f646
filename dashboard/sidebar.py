"""The sidebar filters shared by every page; each is kept in the URL as ids (``dashboard.links``).

Drawn by ``app.py`` on every run from the dataset's choices; pages read the selection (``current``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from analysis.core.schema import ENTITIES, Col
from dashboard import links
from dashboard.data.articles import source_choices
from dashboard.data.entities import entity_choices
from dashboard.data.filters import Filters, dataset_bounds
from dashboard.data.load import Dataset
from dashboard.links import DATES, ENTITY, SOURCE, TYPE
from dashboard.words import code_label

TYPES = {code: code_label(Col.TYPE, code, {}) for code in ("PER", "ORG", "LOC", "MISC")}  # code -> words


def entity_ids(dataset: Dataset) -> Callable[[list[str]], links.Resolved]:
    """How a link's values become entity ids of the dataset (``links.entity_ids``: ids, labels of this
    build or an older one, ids of entities renamed since), for any widget that chooses entities."""
    entities = dataset.tables.get(ENTITIES)
    keys = dataset.memo(
        "entity link keys", lambda: links.entity_keys(entities) if entities is not None else {}
    )
    return lambda values: links.entity_ids(values, entity_choices(dataset), keys)


def _dates(bounds: tuple[date, date]) -> tuple[date, date] | None:
    """The date range picker, kept in the URL as two ISO dates while it is narrower than ``bounds``."""

    def resolve(values: list[str]) -> tuple[tuple[date, date] | None, list[str]]:
        picked = links.date_range(values, bounds)
        return picked, [] if picked else values

    dropped = links.seed(DATES, resolve)
    picked = st.date_input(
        "Date range",
        value=bounds,
        min_value=bounds[0],
        max_value=bounds[1],
        key=DATES,
        format="YYYY-MM-DD",
        help="Events and dates overlapping it; articles published in it (undated articles stay).",
    )
    narrower = isinstance(picked, tuple) and len(picked) == 2 and tuple(picked) != bounds
    links.publish(DATES, [d.isoformat() for d in picked] if narrower else [])
    links.note("date range", dropped)
    return tuple(picked) if narrower else None


def render(dataset: Dataset) -> Filters:
    """Draw the filters and return the selection (also kept in ``st.session_state['filters']``)."""
    with st.sidebar:
        st.header("Filters")
        sources = links.multiselect(
            "Source / outlet", source_choices(dataset), SOURCE, placeholder="All sources"
        )
        entities = links.multiselect(
            "Entities",
            entity_choices(dataset),
            ENTITY,
            resolve=entity_ids(dataset),
            placeholder="Any entity",
            help="Articles mentioning any of them; items stated in a sentence that does.",
        )
        types = links.multiselect("Entity type", TYPES, TYPE, placeholder="All types")
        bounds = dataset_bounds(dataset)
        start, end = (_dates(bounds) if bounds else None) or (None, None)
    filters = Filters(tuple(sources), tuple(entities), tuple(types), start, end)
    st.session_state["filters"] = filters
    return filters


def current() -> Filters:
    """The selection made in the sidebar on this run."""
    return st.session_state.get("filters", Filters())
