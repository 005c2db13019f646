"""Discrepancies between sources: one card per discrepancy (every source's value highlighted in its
sentence, with its date, linked to the article), the short form Overview lists, and the rows a CSV
download holds.

Rows come from ``data.story.selected_discrepancies`` (the contradictions table, with each row's
``source``, its publication date, its subject and measure in words). A discrepancy is a
*contradiction* (sources disagree about one moment) or an *update* (an expected or interim figure,
then another): an update's card reads as the figure's timeline, in the order the values were
published. A role's value is a code of the story pack: it is shown by the pack's label
(``worldmap.role_styles``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from analysis.core.codes import ClaimModality, Relation
from analysis.core.schema import Col
from dashboard import links
from dashboard.components import widgets
from dashboard.components.text import md, value_in_sentence
from dashboard.words import READING, UNKNOWN_DATE, WHEN, counted, time_label

KINDS = {
    "quantity": "Quantities (amounts, distances, counts…)",
    "date": "Dates",
    "role": "Roles and status",
    "span": "Time spans",
}
STATEMENTS = 4  # statements a card shows per value; the CSV has every one
RELATIONS = {
    Relation.CONTRADICTION: "Contradiction: the sources disagree about the same moment",
    Relation.UPDATE: "Update: a figure expected or told early, then another (its timeline below)",
}
STATED = {ClaimModality.EXPECTED: "expected", ClaimModality.ANNOUNCED: "announced"}
COMPARE_PAGE = "views/compare.py"
NAMES = 4  # sources a summary line names per value
# What a card's statement rows read of each statement, and of its article (one lookup per card, not per row).
SAID = [Col.ARTICLE_ID, Col.KIND, Col.VALUE, Col.SOURCE, Col.MOMENT, WHEN, Col.MODALITY]
SAID += [Col.START, Col.END, Col.VALUE_START, Col.VALUE_END]
ARTICLE = [Col.RAW_TEXT, Col.OUTLET, Col.PUBLISHED]
COLUMNS = [  # the rows a download holds, in this order
    Col.RANK,
    Col.RELATION,
    Col.KIND,
    Col.SUBJECT,
    Col.MEASURE,
    Col.VALUE,
    Col.QUALIFIER,
    Col.LOW,
    Col.HIGH,
    Col.UNIT,
    Col.MOMENT,
    Col.MODALITY,
    Col.SOURCE,
    Col.PUBLISHED,
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


def heading(group: pd.DataFrame, noun: str = "source") -> str:
    """ "**Subject** — measure · N sources" (Markdown, escaped); ``noun`` names what a source is
    ("source": an outlet where the corpus names it, else an article; "article" where outlets are not
    known)."""
    first = group.iloc[0]
    sources = counted(group[Col.SOURCE].nunique(), noun)
    return f"**{md(first[Col.SUBJECT])}** — {md(first[Col.MEASURE])} · {sources}"


def relation_label(group: pd.DataFrame) -> str:
    """What the disagreement is, in words (``RELATIONS``)."""
    relation = group[Col.RELATION].iloc[0] if Col.RELATION in group else Relation.CONTRADICTION
    return RELATIONS.get(relation, relation)


def _dated(published: str) -> str:
    return published or UNKNOWN_DATE


def _source(row, article: Mapping[str, str]) -> str:
    """The source with the article's publication date, when the figure holds if the clause says,
    and how it was stated ("expected", "announced")."""
    said = [row.source]
    if article[Col.OUTLET]:
        said.append(_dated(article[Col.PUBLISHED]))
    if row.moment and row.moment not in (row.when, "unknown"):
        said.append(f"for {time_label(row.moment)}")
    if row.modality in STATED:
        said.append(STATED[row.modality])
    return " · ".join(said)


def _pair(group: pd.DataFrame) -> tuple[tuple[str, int], tuple[str, int]] | None:
    """Two statements of the group, of two articles, that state different values (the first of each), as
    (article id, sentence id), if any."""
    reading, ids = group[READING].tolist(), group[Col.ARTICLE_ID].tolist()
    other = next(
        (i for i, (r, a) in enumerate(zip(reading, ids, strict=True)) if r != reading[0] and a != ids[0]),
        None,
    )
    if other is None:
        return None
    sentences = group[Col.SENTENCE_ID].tolist()
    return (ids[0], int(sentences[0])), (ids[other], int(sentences[other]))


def timeline(group: pd.DataFrame) -> str:
    """An update's figure as it was told, one step a publication day: "26 Sep 2018: 190 (expected) →
    28 Sep 2018: 250" (Markdown, escaped)."""
    steps: list[str] = []
    for published, said in group.groupby(Col.PUBLISHED, sort=True):
        values = ", ".join(dict.fromkeys(md(v) for v in said[Col.VALUE]))
        stated = {STATED[m] for m in said[Col.MODALITY] if m in STATED}
        steps.append(f"{_dated(published)}: {values}" + (f" ({', '.join(sorted(stated))})" if stated else ""))
    return " → ".join(steps)


def told(group: pd.DataFrame) -> pd.DataFrame:
    """The statements a card shows of one discrepancy: the first ``STATEMENTS`` of each reading."""
    return group.groupby(READING, sort=False).head(STATEMENTS)


def card(
    group: pd.DataFrame,
    articles: pd.DataFrame,
    roles: Mapping[str, tuple[str, str]],
    noun: str = "source",
    statements: pd.DataFrame | None = None,
) -> None:
    """One discrepancy: what it is about and whether it is a contradiction or an update (with the
    figure's timeline), then each source with its value highlighted in its sentence, its dates and a
    link to the article (the first ``STATEMENTS`` statements of each reading), and a link that opens
    two of the disagreeing articles side by side. ``articles``: the rows of the articles of its ``told``
    statements at least, by article id (``data.articles.articles_by_id``); ``noun``: what a source is;
    ``statements``: ``told(group)`` when already computed."""
    shown = told(group) if statements is None else statements
    with st.container(border=True):
        st.markdown(f"{heading(group, noun)} · {md(kind_label(group[Col.KIND].iloc[0]))}")
        st.caption(relation_label(group))
        if Col.RELATION in group and group[Col.RELATION].iloc[0] == Relation.UPDATE:
            st.markdown(timeline(group))
        by_id = articles.loc[shown[Col.ARTICLE_ID].unique(), ARTICLE].to_dict("index")  # the shown ones only
        for row in shown[SAID].itertuples(index=False):
            who, said = st.columns([2, 7], vertical_alignment="center")  # the link under the source: 2 blocks
            article = by_id[row.article_id]
            with who:
                st.markdown(f"**{md(value_label(row, roles))}**  \n{md(_source(row, article))}")
                widgets.article_link(row.article_id, "Open article")
            sentence, value = (row.start, row.end), (row.value_start, row.value_end)
            said.html(value_in_sentence(article[Col.RAW_TEXT], sentence, value, row.value))
        if len(shown) < len(group):
            st.caption(f"… and {len(group) - len(shown)} more statements of these values (in the CSV).")
        pair = _pair(group)
        if pair:
            label = "Compare two of these articles side by side"
            st.page_link(
                COMPARE_PAGE,
                label=label,
                query_params=links.compare_query(*pair),  # the two sentences marked there
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
    """The statements of ``frame`` (``data.story.selected_discrepancies``) as a download holds them,
    each moment in words."""
    return frame[COLUMNS].assign(**{Col.MOMENT: frame[Col.MOMENT].map(lambda m: time_label(m) if m else "")})
