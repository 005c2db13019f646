"""Discrepancies: where sources state incompatible values about the same subject, most worth reading first."""

import streamlit as st

from analysis.core.schema import CONTRADICTIONS, Col
from dashboard import data, links
from dashboard.components import discrepancies, sidebar, widgets, worldmap

CARDS = 10  # discrepancies per page

dataset = data.load()
filters = sidebar.current()

st.title("Discrepancies")
st.caption(
    "Claims about the same subject and the same measure whose values cannot all be true: amounts, "
    "dates, roles. A discrepancy is listed while at least two of the selected sources take part in it."
)
if not widgets.available(dataset, CONTRADICTIONS):
    st.stop()
found = data.discrepancies(dataset, filters)
kinds = {kind: discrepancies.kind_label(kind) for kind in found[Col.KIND]}
chosen = links.multiselect("Kind", kinds, "kind", pills=True)
shown = found[found[Col.KIND].isin(chosen)] if chosen else found
if shown.empty:
    st.info(
        "No discrepancy here: no two of the selected sources state incompatible values about the same subject.",
        icon=":material/info:",
    )
    st.stop()

roles = worldmap.role_styles(data.story(dataset).get("roles") or [])
ids = shown[Col.CONTRADICTION_ID].drop_duplicates()
st.markdown(
    f"{data.counted(len(ids), 'discrepancy', 'discrepancies')} among {data.counted(shown[Col.SOURCE].nunique(), 'source')}."
)
page = widgets.paginate(ids, CARDS, "discrepancy-page", "discrepancies")
for _, group in shown[shown[Col.CONTRADICTION_ID].isin(page)].groupby(Col.CONTRADICTION_ID, sort=False):
    discrepancies.card(dataset, group, roles)
with st.expander("Every statement as a table"):
    widgets.table(discrepancies.rows(shown), "discrepancies")
