"""Map: every country the articles name (Places) and, with a story pack, each country's role in the story
as the sources tell it (the pack's title, roles, labels and colours)."""

import streamlit as st

from analysis.core.schema import ENTITIES, MENTIONS, ROLES, Col
from dashboard import sidebar
from dashboard.components import charts, widgets, worldmap
from dashboard.data.articles import labels_of
from dashboard.data.entities import display_names, entity_choices
from dashboard.data.filters import filtered
from dashboard.data.load import load
from dashboard.data.places import (
    cities,
    countries_geojson,
    place_evidence,
    places,
    places_by_source,
    stated_roles,
)
from dashboard.data.story import roles, story

ROLES_LAYER, PLACES_LAYER = "Roles", "Places"
HEATMAP = 30  # countries and sources the mentions heatmap shows at most

dataset = load()
filters = sidebar.current()
view = filtered(dataset, filters)
key = ("map", filters)  # what this page derives from the selection, computed once per selection
pack = story(dataset)
styles = worldmap.role_styles(pack.get("roles") or [])
source_of = labels_of(dataset)
known = entity_choices(dataset)  # entity id -> label: the entities the filter can select

st.title("Map")
layer = PLACES_LAYER
if len(styles) > 1:  # the pack has roles: its map first, the places a click away
    picked = st.segmented_control(
        "Show", [ROLES_LAYER, PLACES_LAYER], default=ROLES_LAYER, key="layer", bind="query-params"
    )
    layer = picked or ROLES_LAYER


def _filter_on(entity_id: str) -> None:
    if entity_id in known:
        st.session_state[sidebar.ENTITY] = [entity_id]


def _chart(figure, widget: str, entity_of: dict[str, str]) -> None:
    """The map; a click on a country chooses it in the country list ``widget`` below, which shows its
    details (the button there filters every page on it)."""

    def show_clicked() -> None:
        country = worldmap.clicked_country(st.session_state["map-chart"].selection.points, entity_of)
        if country in entity_of.values():  # a country, not a city point
            st.session_state[widget] = country

    widgets.plot(figure, key="map-chart", on_select=show_clicked, selection_mode="points")


def _choose(entity_ids: list[str], names: list[str], widget: str) -> str:
    """A country chosen from a list, with the button that filters every page on it."""
    country = st.selectbox(
        "Country", entity_ids, format_func=dict(zip(entity_ids, names, strict=True)).get, key=widget
    )
    st.button(
        "Filter every page on this country",
        on_click=_filter_on,
        args=(country,),
        disabled=country not in known,
    )
    return country


def _roles() -> None:
    st.subheader(pack.get("map_title") or pack.get("name") or ROLES_LAYER)
    if not widgets.available(dataset.missing(ROLES)):
        return
    countries = dataset.memo(
        (*key, "roles"),
        lambda: worldmap.country_roles(view[ROLES], source_of, styles, display_names(dataset)),
    )
    if dataset.tables[ROLES].empty:
        st.info("No article states any of the story pack's roles: see Places for the countries they name.")
        return
    if countries.empty:
        widgets.nothing_selected("countries")
        return
    _chart(
        dataset.memo(
            (*key, "roles figure"), lambda: worldmap.map_figure(countries, countries_geojson(), styles)
        ),
        "country",
        dict(zip(countries[Col.ISO3], countries[Col.ENTITY_ID], strict=True)),
    )
    st.caption("Hover a country for each source's claim and evidence; click it for its claims below.")
    stated = stated_roles(view[ROLES], source_of, {code: style[0] for code, style in styles.items()})
    shown = countries.assign(**{"as each source states it": countries[Col.ISO3].map(stated)})
    shown = shown[[Col.COUNTRY, Col.ISO3, Col.LABEL, "as each source states it", Col.N_SOURCES]]
    shown = shown.rename(columns={Col.LABEL: "role"})
    widgets.table(shown, "country roles")
    country = _choose(list(countries[Col.ENTITY_ID]), list(countries[Col.COUNTRY]), "country")
    claims = view[ROLES][view[ROLES][Col.ENTITY_ID] == country]
    claims = claims.assign(
        source=claims[Col.ARTICLE_ID].map(source_of),
        **{Col.ROLE: claims[Col.ROLE].map(lambda r: styles.get(r, (r,))[0])},
    )
    columns = [
        Col.ROLE,
        Col.YEAR,
        Col.MODALITY,
        Col.EVIDENCE,
        Col.CONTESTED,
        Col.REFERENCE_ROLE,
        Col.DIFFERS_FROM_REFERENCE,
    ]
    widgets.table(claims[["source", *columns]], "country claims", roles=roles(dataset))


def _places() -> None:
    st.subheader("Places: every country and city the articles name")
    if not widgets.available(dataset.missing(MENTIONS, ENTITIES)):
        return
    named, towns = places(dataset, filters), cities(dataset, filters)
    if named.empty and towns.empty:
        widgets.nothing_selected("countries")
        return

    def figure():
        hovers = worldmap.place_hovers(named, place_evidence(dataset, filters, worldmap.HOVER_SOURCES))
        return worldmap.places_figure(named, hovers, countries_geojson(), towns)

    _chart(
        dataset.memo((*key, "places figure"), figure),
        "place",
        dict(zip(named[Col.ISO3], named[Col.ENTITY_ID], strict=True)),
    )
    st.caption(
        "Darker: named by more sources (a capital counts for its country); a ring marks a small state; "
        "orange points are cities (GeoNames coordinates), larger when more sources name them. Hover a "
        "country for each source's first sentence naming it; click it for its sentences below."
    )
    widgets.table(named.drop(columns=Col.ENTITY_ID), "places")  # headings from the schema's labels
    if len(towns):
        widgets.table(towns.drop(columns=Col.ENTITY_ID), "cities")
    if named.empty:
        return
    matrix = places_by_source(dataset, filters, HEATMAP)
    title = "Mentions per source and country"
    if len(matrix.columns) < len(named):
        title += f": the {len(matrix.columns)} countries named by most sources"
    widgets.plot(charts.heatmap(matrix, title))
    country = _choose(list(named[Col.ENTITY_ID]), list(named[Col.COUNTRY]), "place")
    iso3 = named.loc[named[Col.ENTITY_ID] == country, Col.ISO3].iloc[0]
    said = place_evidence(dataset, filters, None, iso3)
    said = said.assign(article=said[Col.ARTICLE_ID].map(source_of))
    widgets.table(said[["article", Col.TEXT]].rename(columns={Col.TEXT: "sentence"}), "place sentences")


if layer == ROLES_LAYER:
    _roles()
else:
    _places()
