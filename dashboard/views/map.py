"""Signatory map: each country's role in the Abraham Accords as the sources tell it."""

import streamlit as st

from analysis.schema import SIGNATORIES, Col
from dashboard import data
from dashboard.components import sidebar, widgets, worldmap

dataset = data.load()
filters = sidebar.current()
view = data.view(dataset, filters)
key = ("map", filters)  # what this page derives from the selection, computed once per selection

st.title("Signatory map")
if not widgets.available(dataset, SIGNATORIES):
    st.stop()
source_of = data.labels_of(dataset)
roles = dataset.memo((*key, "roles"), lambda: worldmap.country_roles(view[SIGNATORIES], source_of))
if roles.empty:
    widgets.nothing_selected("countries")
    st.stop()
known = data.entity_choices(dataset)  # entity id -> label: the entities the filter can select


def _filter_on(entity_id: str) -> None:
    if entity_id in known:
        st.session_state[sidebar.ENTITY] = [entity_id]


def _filter_on_clicked() -> None:
    points = st.session_state["map-chart"].selection.points
    if points and points[0].get("customdata"):
        _filter_on(points[0]["customdata"])


widgets.plot(
    dataset.memo((*key, "figure"), lambda: worldmap.map_figure(roles, data.countries_geojson())),
    key="map-chart",
    on_select=_filter_on_clicked,
    selection_mode="points",
)
st.caption("Hover a country for each source's claim and evidence; click it to filter every page on it.")

shown = roles[[Col.COUNTRY, Col.ISO3, Col.LABEL, "roles", Col.N_SOURCES]].rename(columns={Col.LABEL: "role"})
widgets.table(shown, "country roles")
country = st.selectbox(
    "Country",
    list(roles[Col.ENTITY_ID]),
    format_func=dict(zip(roles[Col.ENTITY_ID], roles[Col.COUNTRY], strict=True)).get,
    key="country",
)
st.button(
    "Filter every page on this country", on_click=_filter_on, args=(country,), disabled=country not in known
)
claims = view[SIGNATORIES][view[SIGNATORIES][Col.ENTITY_ID] == country]
claims = claims.assign(source=claims[Col.ARTICLE_ID].map(source_of))
columns = [Col.ROLE, Col.YEAR, Col.EVIDENCE, Col.CONTESTED, Col.REFERENCE_ROLE, Col.DIFFERS_FROM_REFERENCE]
widgets.table(
    claims[["source", *columns]],
    "country claims",
)
