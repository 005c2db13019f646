"""Discrepancies between sources: one card per discrepancy (every source's value highlighted in its
sentence, linked to the article), the short form Overview lists, and the rows a CSV download holds.

Rows come from ``data.story.selected_discrepancies`` (the contradictions table, with each row's ``source``, its
subject and measure in words). A role's value is a code of the story pack: it is shown by the pack's
label (``worldmap.role_styles``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from analysis.core.schema import Col
from dashboard.components import widgets
from dashboard.components.text import md, value_in_sentence
from dashboard.words import READING, UNKNOWN_DATE, counted

KINDS = {
    "quantity": "Quantities (amounts, distances, counts…)",
    "date": "Dates",
    "role": "Roles and status",
    "span": "Time spans",
}
STATEMENTS = 4  # statements a card shows per value; the CSV has every one
COMPARE_PAGE = "views/compare.py"
NAMES = 4  # sources a summary line names per value
COLUMNS = [  # the rows a download holds, in this order
    Col.RANK,
    Col.KIND,
    Col.SUBJECT,
    Col.MEASURE,
    Col.VALUE,
    Col.QUALIFIER,
    Col.LOW,
    Col.HIGH,
    Col.UNIT,
    Col.SOURCE,
    Col.ARTICLE_ID,
    Col.TEXT,
]  # the rank tells the discrepancies apart (equal within one)


def kind_label(kind: str) -> str:
    """A kind of claim in words ("Dates"); an unknown kind as it is."""
    return KINDS.get(kind, kind)


def value_label(row, roles: Mapping[str, tuple[str, str]]) -> str:
    """The value as the reader should see it: a role by the pack's label, anything else as written."""
    if row.kind == "role" and row.value in roles:
        return roles[row.value][0]
    return row.value


def heading(group: pd.DataFrame) -> str:
    """ "**Subject** — measure · N sources" (Markdown, escaped)."""
    first = group.iloc[0]
    sources = counted(group[Col.SOURCE].nunique(), "source")
    return f"**{md(first[Col.SUBJECT])}** — {md(first[Col.MEASURE])} · {sources}"


def _source(row, article: pd.Series) -> str:
    """The source, with the article's date when it is a known outlet (else its label has the date)."""
    if not article[Col.OUTLET]:
        return row.source
    return f"{row.source} · {article[Col.PUBLISHED] or UNKNOWN_DATE}"


def _pair(group: pd.DataFrame) -> tuple[str, str] | None:
    """Two articles of the group that state different values (the first of each), if any."""
    first = group.iloc[0]
    other = group[(group[READING] != first[READING]) & (group[Col.ARTICLE_ID] != first[Col.ARTICLE_ID])]
    return (first[Col.ARTICLE_ID], other[Col.ARTICLE_ID].iloc[0]) if len(other) else None


def card(group: pd.DataFrame, articles: pd.DataFrame, roles: Mapping[str, tuple[str, str]]) -> None:
    """One discrepancy: what it is about, then each source with its value highlighted in its sentence
    and a link to the article (the first ``STATEMENTS`` statements of each reading), and a link that
    opens two of the disagreeing articles side by side. ``articles``: the rows of the group's articles,
    by article id (``data.articles.articles_by_id``)."""
    told = group.groupby(READING, sort=False).head(STATEMENTS)
    with st.container(border=True):
        st.markdown(f"{heading(group)} · {md(kind_label(group[Col.KIND].iloc[0]))}")
        for row in told.itertuples(index=False):
            who, said, link = st.columns([2, 7, 1.4], vertical_alignment="center")
            article = articles.loc[row.article_id]
            who.markdown(f"**{md(value_label(row, roles))}**  \n{md(_source(row, article))}")
            sentence, value = (row.start, row.end), (row.value_start, row.value_end)
            said.html(value_in_sentence(article[Col.RAW_TEXT], sentence, value, row.value))
            with link:
                widgets.article_link(row.article_id, "Open article")
        if len(told) < len(group):
            st.caption(f"… and {len(group) - len(told)} more statements of these values (in the CSV).")
        pair = _pair(group)
        if pair:
            label = "Compare two of these articles side by side"
            st.page_link(
                COMPARE_PAGE,
                label=label,
                query_params={"a": pair[0], "b": pair[1]},
                icon=":material/compare:",
            )


def summary(group: pd.DataFrame, roles: Mapping[str, tuple[str, str]]) -> list[str]:
    """One Markdown line per reading of a discrepancy: its most written spelling and the sources
    stating it."""
    lines = []
    for _, said in group.groupby(READING, sort=False):
        sources = list(dict.fromkeys(said[Col.SOURCE]))
        named = ", ".join(md(s) for s in sources[:NAMES])
        more = f" and {len(sources) - NAMES} more" if len(sources) > NAMES else ""
        usual = said[said[Col.VALUE] == said[Col.VALUE].mode().iloc[0]]
        lines.append(f"- **{md(value_label(next(usual.itertuples(index=False)), roles))}** — {named}{more}")
    return lines


def rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The statements of ``frame`` (``data.story.selected_discrepancies``) as a download holds them."""
    return frame[COLUMNS]
