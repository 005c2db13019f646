"""Small shared widgets: empty states, tables with a CSV download, links to the article view."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from dashboard.data import REBUILD, Dataset

ARTICLE_PAGE = "views/article.py"


def available(dataset: Dataset, *names: str) -> bool:
    """True when every table is loaded; otherwise an empty state that says how to compute it."""
    missing = [n for n in names if n not in dataset.tables]
    for name in missing:
        reason = dataset.problems.get(name, "not computed yet")
        st.info(f"**{name}**: {reason} — run `{REBUILD}`.", icon=":material/info:")
    return not missing


def nothing_selected(what: str) -> None:
    st.info(f"No {what} match the current filters.", icon=":material/info:")


def table(frame: pd.DataFrame, name: str, *, key: str | None = None, **dataframe_args) -> None:
    """A dataframe with a CSV download button of exactly what is shown."""
    st.dataframe(frame, hide_index=True, **dataframe_args)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    st.download_button(
        f"Download {name} (CSV)",
        frame.to_csv(index=False).encode("utf-8"),
        file_name=f"storylens-{slug}.csv",
        mime="text/csv",
        key=key or f"csv-{slug}",
        icon=":material/download:",
    )


def article_link(article_id: str, label: str) -> None:
    """Link to the article view of ``article_id`` (the sidebar filters stay in the URL)."""
    st.page_link(ARTICLE_PAGE, label=label, query_params={"article": article_id}, icon=":material/article:")


def plot(figure, key: str | None = None, **args):
    """A Plotly chart with the PNG export button in its toolbar."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
    return st.plotly_chart(figure, key=key, config=config, **args)
