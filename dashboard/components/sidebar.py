"""The sidebar filters shared by every page; each widget is bound to a URL query parameter."""

from __future__ import annotations

import streamlit as st

from dashboard.data import Dataset, Filters, dataset_bounds, entity_choices, source_choices

SOURCE, ENTITY, TYPE, DATES = "source", "entity", "type", "dates"
TYPES = ["PER", "ORG", "LOC", "MISC"]


def render(dataset: Dataset) -> Filters:
    """Draw the filters and return the selection (also kept in ``st.session_state['filters']``)."""
    sources = source_choices(dataset)
    labels = entity_choices(dataset)
    with st.sidebar:
        st.header("Filters")
        chosen_sources = st.multiselect(
            "Source / outlet",
            list(sources),
            key=SOURCE,
            bind="query-params",
            format_func=sources.get,
            placeholder="All sources",
        )
        chosen_entities = st.multiselect(
            "Entities",
            list(labels),
            key=ENTITY,
            bind="query-params",
            format_func=labels.get,
            placeholder="Any entity",
            help="Articles mentioning any of them; items stated in a sentence that does.",
        )
        chosen_types = st.multiselect(
            "Entity type", TYPES, key=TYPE, bind="query-params", placeholder="All types"
        )
        start = end = None
        bounds = dataset_bounds(dataset)
        if bounds:
            picked = st.date_input(
                "Date range",
                value=bounds,
                min_value=bounds[0],
                max_value=bounds[1],
                key=DATES,
                bind="query-params",
                format="YYYY-MM-DD",
                help="Events and dates overlapping it; articles published in it (undated articles stay).",
            )
            if isinstance(picked, tuple) and len(picked) == 2 and tuple(picked) != bounds:
                start, end = picked
    filters = Filters(tuple(chosen_sources), tuple(chosen_entities), tuple(chosen_types), start, end)
    st.session_state["filters"] = filters
    return filters


def current() -> Filters:
    """The selection made in the sidebar on this run."""
    return st.session_state.get("filters", Filters())
