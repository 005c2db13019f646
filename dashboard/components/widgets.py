"""Small shared widgets: empty states, tables with a CSV download, pagination, links between pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from analysis.core.schema import TABLES
from dashboard import links
from dashboard.words import REBUILD, column_label, readable

ARTICLE_PAGE = "views/article.py"
ABOUT_PAGE = "views/about.py"
ROWS = 500  # rows a table sends to the browser; its CSV download has them all


def available(missing: Mapping[str, str]) -> bool:
    """True when no table is ``missing`` (table -> why it cannot be used: ``Dataset.missing``); otherwise
    an empty state per table that names the file and the fix."""
    for name, reason in missing.items():
        st.info(f"**{name}**: `{TABLES[name].file}` {reason} — run `{REBUILD}`.", icon=":material/info:")
    return not missing


def data_warnings(no_article: bool, damaged: list[str], folder: str) -> None:
    """Warnings about the whole data folder, whatever the page: when it holds ``no_article``, and the
    ``damaged`` files (``Dataset.damaged``) of ``folder`` that cannot be used."""
    if no_article:
        st.warning(
            "The data holds no article: the build read no file of the corpus (About lists the skipped files).",
            icon=":material/warning:",
        )
    if damaged:
        listed = "\n".join(f"- {f}" for f in damaged)
        st.warning(
            f"Some data files in `{folder}` cannot be used; pages show what they can without them.\n\n"
            f"{listed}\n\nRebuild the data from the repository root: `{REBUILD}`",
            icon=":material/warning:",
        )


def nothing_selected(what: str) -> None:
    st.info(f"No {what} match the current filters.", icon=":material/info:")


def table(
    frame: pd.DataFrame,
    name: str,
    *,
    key: str | None = None,
    full: Callable[[], pd.DataFrame] | None = None,
    total: int | None = None,
    roles: Mapping[str, str] | None = None,
    **dataframe_args,
) -> None:
    """A dataframe (its first ``ROWS`` rows) with a CSV download button of every row, both in words:
    columns by their labels, codes by theirs (``words.readable``: role codes by ``roles``, the story
    pack's labels; ``column_config`` keys are column names too). A large table can come as its first
    rows (``frame``), the number of rows (``total``) and ``full``, which computes the whole table when the
    download is clicked."""
    roles = roles or {}
    config = dataframe_args.pop("column_config", None)
    if config:
        dataframe_args["column_config"] = {column_label(c): v for c, v in config.items()}
    st.dataframe(readable(frame.head(ROWS), roles), hide_index=True, **dataframe_args)
    total = len(frame) if total is None else total
    if total > ROWS:
        st.caption(f"Showing the first {ROWS:,} of {total:,} rows; the CSV has them all.")
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    st.download_button(
        f"Download {name} (CSV)",
        lambda: (  # on click only
            readable(frame if full is None else full(), roles).to_csv(index=False).encode("utf-8")
        ),
        file_name=f"storylens-{slug}.csv",
        mime="text/csv",
        key=key or f"csv-{slug}",
        icon=":material/download:",
    )


def paginate(frame: pd.DataFrame | pd.Series, size: int, key: str, what: str) -> pd.DataFrame | pd.Series:
    """The rows of the page chosen in a page selector (drawn only when there is more than one page)."""
    pages = max(1, -(-len(frame) // size))
    if pages == 1:
        return frame
    if st.session_state.get(key, 1) > pages:  # the filters left fewer pages than were there
        st.session_state[key] = pages
    page = st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, key=key, width=200)
    first = (int(page) - 1) * size
    st.caption(f"{what.capitalize()} {first + 1}–{min(first + size, len(frame))} of {len(frame)}.")
    return frame.iloc[first : first + size]


def article_link(article_id: str, label: str) -> None:
    """Link to the article view of ``article_id`` carrying the sidebar filters, a link worth sharing."""
    query = {**links.filter_params(), "article": article_id}
    st.page_link(ARTICLE_PAGE, label=label, query_params=query, icon=":material/article:")


def plot(figure, key: str | None = None, **args):
    """A Plotly chart with the PNG export button in its toolbar."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
    return st.plotly_chart(figure, key=key, config=config, **args)
