"""Discrepancies: where sources state incompatible values of the same measure of the same thing at the same
moment, most worth reading first; contradictions and updates (a figure's timeline) told apart."""

import streamlit as st

from analysis.core.schema import CONTRADICTIONS, Col
from dashboard import correcting, links, sidebar
from dashboard.components import discrepancies, widgets, worldmap
from dashboard.data.articles import articles_by_id, outlets_known
from dashboard.data.load import load
from dashboard.data.story import roles, selected_discrepancies, story
from dashboard.words import counted

CARDS = 10  # discrepancies per page
RELATIONS = {"contradiction": "Contradictions", "update": "Updates"}

dataset = load()
filters = sidebar.current()

st.title("Discrepancies")
st.caption(
    "Claims of the same measure of the same thing at the same moment whose values cannot all be true: "
    "amounts, dates, roles. A threshold, target, condition or comparison point is no claimed value. "
    "A discrepancy is listed while at least two of the selected sources take part in it; an **update** "
    "is a figure expected or told early, then another (shown as its timeline), a **contradiction** "
    "sources that disagree about the same moment."
)
noun = "source" if outlets_known(dataset) else "article"  # a source: its outlet where named, else the article
if noun == "article":
    st.caption(
        "Outlets are not known (none named, or one host for every article): each article counts as a source."
    )
if not widgets.available(dataset.missing(CONTRADICTIONS)):
    st.stop()
found = selected_discrepancies(dataset, filters)
kinds = {kind: discrepancies.kind_label(kind) for kind in found[Col.KIND]}
chosen = links.multiselect("Kind", kinds, "kind", pills=True)
shown = found[found[Col.KIND].isin(chosen)] if chosen else found
relations = {r: RELATIONS[r] for r in shown[Col.RELATION]}
told = links.multiselect("Disagreement", relations, "relation", pills=True)
shown = shown[shown[Col.RELATION].isin(told)] if told else shown
correcting.dismissed_list(dataset)
if shown.empty:
    st.info(
        "No discrepancy here: no two of the selected sources state incompatible values about the same subject.",
        icon=":material/info:",
    )
    st.stop()

styles = worldmap.role_styles(story(dataset).get("roles") or [])
ids = shown[Col.CONTRADICTION_ID].drop_duplicates()
st.markdown(
    f"{counted(len(ids), 'discrepancy', 'discrepancies')} among {counted(shown[Col.SOURCE].nunique(), noun)}."
)
page = widgets.paginate(ids, CARDS, "discrepancy-page", "discrepancies")


def _cards() -> list:
    """Each card's discrepancy, the statements it quotes and their articles (texts read at once)."""
    groups = shown[shown[Col.CONTRADICTION_ID].isin(page)].groupby(Col.CONTRADICTION_ID, sort=False)
    quoted = {cid: discrepancies.told(group) for cid, group in groups}
    dataset.texts(a for statements in quoted.values() for a in statements[Col.ARTICLE_ID])
    return [(g, quoted[cid], articles_by_id(dataset, quoted[cid][Col.ARTICLE_ID])) for cid, g in groups]


key = ("discrepancies", filters, tuple(chosen), tuple(told))  # computed once per selection and page
for group, statements, articles in dataset.memo((*key, "cards", tuple(page)), _cards):
    discrepancies.card(group, articles, styles, noun, statements=statements)
    correcting.verdict_controls(dataset, group[Col.CONTRADICTION_ID].iloc[0])
with st.expander("Every statement as a table"):
    table = dataset.memo((*key, "rows"), lambda: discrepancies.rows(shown))
    widgets.table(table, "discrepancies", roles=roles(dataset))
