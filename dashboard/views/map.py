"""Signatory map: each country's role in the Abraham Accords as the sources tell it."""

import streamlit as st

from analysis.schema import ENTITIES, SIGNATORIES
from dashboard import data
from dashboard.components import sidebar, widgets, worldmap

dataset = data.load()
view = data.view(dataset, sidebar.current())

st.title("Signatory map")
if not widgets.available(dataset, SIGNATORIES):
    st.stop()
source_of = data.labels_of(dataset)
roles = worldmap.country_roles(view[SIGNATORIES], source_of)
if roles.empty:
    widgets.nothing_selected("countries")
    st.stop()
known = set(dataset.tables[ENTITIES]["entity_id"]) if ENTITIES in dataset.tables else set()


def _filter_on(entity_id: str) -> None:
    if entity_id in known:
        st.session_state[sidebar.ENTITY] = [entity_id]


def _filter_on_clicked() -> None:
    points = st.session_state["map-chart"].selection.points
    if points and points[0].get("customdata"):
        _filter_on(points[0]["customdata"])


widgets.plot(
    worldmap.map_figure(roles, data.countries_geojson()),
    key="map-chart",
    on_select=_filter_on_clicked,
    selection_mode="points",
)
st.caption("Hover a country for each source's claim and evidence; click it to filter every page on it.")

shown = roles[["country", "iso3", "label", "roles", "n_sources"]].rename(columns={"label": "role"})
widgets.table(shown, "country roles")
country = st.selectbox(
    "Country",
    list(roles["entity_id"]),
    format_func=dict(zip(roles["entity_id"], roles["country"], strict=True)).get,
    key="country",
)
st.button(
    "Filter every page on this country", on_click=_filter_on, args=(country,), disabled=country not in known
)
claims = view[SIGNATORIES][view[SIGNATORIES]["entity_id"] == country]
claims = claims.assign(source=claims["article_id"].map(source_of))
widgets.table(
    claims[["source", "role", "year", "evidence", "contested", "reference_role", "differs_from_reference"]],
    "country claims",
)
