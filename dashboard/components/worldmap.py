"""World maps of the story: the countries the articles name (Places) and, with a story pack, each
country's role as the sources state it. Drawn from geometry shipped with the app.

``go.Choroplethmap`` with the GeoJSON embedded and the blank ``white-bg`` style needs no tile
server or CDN, so the map draws offline (the geo-subplot ``go.Choropleth`` fetches its base map).
Role codes, labels and colours come from the story pack (``data.story.story``), never from here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from analysis.core.schema import Col
from dashboard.components.text import hover, plotly_text
from dashboard.words import counted

HOVER_CLAIMS = 8  # claims in one hover label; the rest are counted
HOVER_SOURCES = 6  # sources (with a sentence each) in a place's hover label
HOVER_CHARS = 160  # a sentence in a place's hover label at most
CONTESTED = "contested"  # a country whose sources state different roles
CONTESTED_STYLE = ("Contested", "#d7191c")  # label and colour
OTHER_COLOUR = "#7f7f7f"  # a role the pack does not list
PLACES_SCALE = [[0, "#c6dbef"], [0.5, "#4292c6"], [1, "#08306b"]]  # sequential: more sources, darker
SMALL_KM2 = 100_000  # a country smaller than this is a few pixels at world scale: it gets a marker too
EARTH_KM = 6371.0
# Once a country is clicked (and chosen below the map) the others stay readable, a little faded.
UNSELECTED = {"marker": {"opacity": 0.6}}


def role_styles(roles: list) -> dict[str, tuple[str, str]]:
    """Role code -> (label, colour) from the pack's ``roles`` (in the pack's order), then ``contested``."""
    styles = {
        str(r["code"]): (str(r.get("label") or r["code"]), str(r.get("colour") or OTHER_COLOUR))
        for r in roles
        if isinstance(r, dict) and r.get("code")
    }
    return {**styles, CONTESTED: CONTESTED_STYLE}


def _label(role: str, styles: Mapping[str, tuple[str, str]]) -> str:
    return styles[role][0] if role in styles else role.replace("_", " ")


def _year_text(years: pd.Series) -> str:
    found = sorted({y for y in years if y})
    return f" ({', '.join(found)})" if found else ""


def _more(shown: list[str], total: int) -> list[str]:
    """Hover lines, with how many more there are (the table below has them)."""
    return shown + ([f"… and {total - len(shown)} more (table below)"] if total > len(shown) else [])


def country_roles(
    claims: pd.DataFrame,
    source_of: Mapping[str, str],
    styles: Mapping[str, tuple[str, str]],
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per country of ``claims`` (the roles table): its role across sources (``contested`` when
    they disagree) and hover text; roles named by their label in ``styles`` (``role_styles``), countries
    by their English name in ``names`` (entity id -> name) where it has one."""
    rows = []
    for iso3, group in claims[claims[Col.ISO3] != ""].groupby(Col.ISO3, sort=True):
        roles = sorted(set(group[Col.ROLE]))
        contested = bool(group[Col.CONTESTED].any()) or len(roles) > 1
        role = CONTESTED if contested else roles[0]
        lines = [
            f"<b>{plotly_text(source_of.get(r.article_id, r.article_id))}</b>: "
            f"{plotly_text(_label(r.role, styles))}{plotly_text(' ' + r.year) if r.year else ''}"
            f"{plotly_text(f' ({r.modality})') if r.modality else ''}"
            f"<br><i>{hover(r.evidence)}</i>"
            for r in group.head(HOVER_CLAIMS).itertuples(index=False)
        ]
        country = (names or {}).get(group[Col.ENTITY_ID].iloc[0]) or group[Col.COUNTRY].iloc[0]
        rows.append(
            {
                Col.ISO3: iso3,
                Col.COUNTRY: country,
                Col.ENTITY_ID: group[Col.ENTITY_ID].iloc[0],
                Col.ROLE: role,
                Col.LABEL: f"{_label(role, styles)}{_year_text(group[Col.YEAR])}",
                "roles": ", ".join(_label(r, styles) for r in roles),
                Col.N_SOURCES: group[Col.ARTICLE_ID].nunique(),
                "hover": f"<b>{plotly_text(country)}</b> — {plotly_text(_label(role, styles))}<br>"
                + "<br>".join(_more(lines, len(group))),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[Col.ISO3, Col.COUNTRY, Col.ENTITY_ID, Col.ROLE, Col.LABEL, "roles", Col.N_SOURCES, "hover"],
    )


def place_hovers(places: pd.DataFrame, evidence: pd.DataFrame) -> list[str]:
    """Hover text of each row of ``places`` (``data.places.place_table``): the country, how many sources name
    it, and the first sources (``evidence``: ``data.places.place_evidence``) each with its sentence."""
    told = {iso3: group for iso3, group in evidence.groupby(Col.ISO3, sort=False)}
    hovers = []
    for place in places.itertuples(index=False):
        group = told.get(place.iso3, evidence.iloc[:0])
        lines = [
            f"<b>{plotly_text(r.source)}</b><br><i>{hover(r.text, limit=HOVER_CHARS)}</i>"
            for r in group.head(HOVER_SOURCES).itertuples(index=False)
        ]
        head = f"<b>{plotly_text(place.country)}</b> ({plotly_text(place.name)}) — {counted(place.n_sources, 'source')}"
        hovers.append("<br>".join([head, *_more(lines, place.n_sources)]))
    return hovers


def _ring(ring: list) -> tuple[float, float, float]:
    """Area (km², on a sphere, good enough at country scale) and centroid (lon, lat) of one outline."""
    lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
    scale = (math.pi * EARTH_KM / 180) ** 2 * math.cos(lat0)  # degrees² -> km² at that latitude
    twice, cx, cy = 0.0, 0.0, 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        twice, cx, cy = twice + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    if not twice:
        return 0.0, ring[0][0], ring[0][1]
    return abs(twice) / 2 * scale, cx / (3 * twice), cy / (3 * twice)


def country_shapes(geometry: dict) -> dict[str, tuple[float, float, float]]:
    """ISO3 -> (lon, lat, km²): the centroid of its largest outline and its whole area, computed from
    the geometry (holes are not subtracted: a country's lakes are a rounding error here)."""
    shapes = {}
    for feature in geometry["features"]:
        rings = [_ring([list(p[:2]) for p in polygon[0]]) for polygon in feature["geometry"]["coordinates"]]
        largest = max(rings)
        shapes[feature["id"]] = (largest[1], largest[2], sum(r[0] for r in rings))
    return shapes


def small_states(geometry: dict, limit: float = SMALL_KM2) -> dict[str, tuple[float, float, float]]:
    """``country_shapes`` of the countries smaller than ``limit`` km²: those a marker keeps visible and
    clickable at world scale."""
    return {iso3: shape for iso3, shape in country_shapes(geometry).items() if shape[2] < limit}


def clicked_country(points: list[dict], entity_of: Mapping[str, str]) -> str | None:
    """The entity id of the country a click on the map selected (``points``: the chart's selection):
    a marker or an outline carries it as ``customdata``; an outline may give only its ``location``
    (ISO3), looked up in ``entity_of``. None when the click selected no country."""
    for point in points:
        if point.get("customdata"):
            value = point["customdata"]
            return value[0] if isinstance(value, list) else value
        if point.get("location") in entity_of:
            return entity_of[point["location"]]
    return None


def _world(geometry: dict) -> go.Figure:
    """Every country in light grey, without hover: the background the layers draw on."""
    ids = [f["id"] for f in geometry["features"]]
    figure = go.Figure(
        go.Choroplethmap(
            geojson=geometry,
            locations=ids,
            z=[0] * len(ids),
            featureidkey="id",
            colorscale=[[0, "#eeeeee"], [1, "#eeeeee"]],
            showscale=False,
            hoverinfo="skip",
            marker={"line": {"color": "#ffffff", "width": 0.5}},
            unselected={"marker": {"opacity": 1}},  # the background never fades
            name="other",
        )
    )
    figure.update_layout(
        map={"style": "white-bg", "center": {"lat": 30, "lon": 15}, "zoom": 0.95},
        height=520,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        hoverlabel={"align": "left"},
    )
    return figure


def _layer(
    figure: go.Figure, part: pd.DataFrame, geometry: dict, name: str, colour: str = "", most: int = 0
) -> None:
    """The countries of ``part`` (``iso3``, ``entity_id``, ``hover``) in one ``colour`` with a legend
    entry, or else shaded by ``n_sources`` from 1 to ``most`` with a colour bar. Clicking a country
    gives its entity id (``clicked_country``)."""
    wanted = set(part[Col.ISO3])  # a layer carries only its countries' outlines, not the world's
    outlines = {**geometry, "features": [f for f in geometry["features"] if f["id"] in wanted]}
    if colour:
        scale, z, bounds = [[0, colour], [1, colour]], [1] * len(part), {}
    else:
        scale, z, bounds = PLACES_SCALE, [int(n) for n in part[Col.N_SOURCES]], {"zmin": 1, "zmax": most}
    figure.add_trace(
        go.Choroplethmap(
            geojson=outlines,
            locations=list(part[Col.ISO3]),
            z=z,
            featureidkey="id",
            colorscale=scale,
            showscale=not colour,
            colorbar={"title": {"text": "Sources"}, "x": 0.01, "xanchor": "left", "len": 0.5, "y": 0.3},
            name=plotly_text(name),
            showlegend=bool(colour),
            customdata=list(part[Col.ENTITY_ID]),
            hovertext=list(part["hover"]),
            hoverinfo="text",
            marker={"line": {"color": "#555555", "width": 0.6}},
            unselected=UNSELECTED,
            **bounds,
        )
    )


def _markers(figure: go.Figure, part: pd.DataFrame, geometry: dict, colours: list, scale: dict) -> None:
    """A ringed marker on each small state of ``part`` (``iso3``, ``entity_id``, ``hover``), in its
    ``colours`` (or values on the colour ``scale``), so it stays visible and clickable at world scale;
    one trace for every layer, the smallest state drawn last so a neighbour's marker never hides it."""
    small = small_states(geometry)
    placed = sorted(
        (
            (small[r.iso3][2], r, c)
            for r, c in zip(part.itertuples(index=False), colours, strict=True)
            if r.iso3 in small
        ),
        key=lambda item: -item[0],
    )
    if not placed:
        return
    lon, lat = [small[r.iso3][0] for _, r, _ in placed], [small[r.iso3][1] for _, r, _ in placed]
    ring = {"size": 15, "color": "#333333"}  # a dark ring: a pale colour still shows on the grey world
    figure.add_trace(
        go.Scattermap(lon=lon, lat=lat, mode="markers", marker=ring, hoverinfo="skip", showlegend=False)
    )
    figure.add_trace(
        go.Scattermap(
            lon=lon,
            lat=lat,
            mode="markers",
            marker={"size": 11, "color": [c for _, _, c in placed], **scale},
            unselected=UNSELECTED,
            showlegend=False,
            name="small states",
            customdata=[r.entity_id for _, r, _ in placed],
            hovertext=[r.hover for _, r, _ in placed],
            hoverinfo="text",
        )
    )


def map_figure(roles: pd.DataFrame, geometry: dict, styles: Mapping[str, tuple[str, str]]) -> go.Figure:
    """The countries in ``roles`` (``country_roles``) coloured by role, one legend entry per role, in
    the order of ``styles``."""
    figure = _world(geometry)
    unlisted = {r: (_label(r, styles), OTHER_COLOUR) for r in roles[Col.ROLE] if r not in styles}
    colours = {**styles, **unlisted}
    for role, (label, colour) in colours.items():
        part = roles[roles[Col.ROLE] == role]
        if len(part):
            _layer(figure, part, geometry, label, colour=colour)
    _markers(figure, roles, geometry, [colours[r][1] for r in roles[Col.ROLE]], {})
    figure.update_layout(legend={"title": "Role", "x": 0.01, "y": 0.02, "bgcolor": "rgba(255,255,255,0.8)"})
    return figure


CITY_COLOUR = "#e6550d"  # cities stand out from the blue countries


def _cities(figure: go.Figure, cities: pd.DataFrame) -> None:
    """A point per city of ``cities`` (``data.places.city_table``) at its coordinates, larger when more
    sources name it; hover: its names and how many sources and mentions; a click gives its entity id."""
    most = max(1, int(cities[Col.N_SOURCES].max()))
    hovers = [
        f"<b>{plotly_text(r.name_en)}</b> ({plotly_text(r.name)}) — city, "
        f"{counted(r.n_sources, 'source')}, {counted(r.n_mentions, 'mention')}"
        for r in cities.itertuples(index=False)
    ]
    figure.add_trace(
        go.Scattermap(
            lon=list(cities[Col.LONGITUDE]),
            lat=list(cities[Col.LATITUDE]),
            mode="markers",
            marker={
                "size": [7 + 11 * math.sqrt(int(n) / most) for n in cities[Col.N_SOURCES]],
                "color": CITY_COLOUR,
                "opacity": 0.85,
            },
            name="cities",
            showlegend=True,
            customdata=list(cities[Col.ENTITY_ID]),
            hovertext=hovers,
            hoverinfo="text",
            unselected=UNSELECTED,
        )
    )
    figure.update_layout(
        legend={"x": 0.99, "xanchor": "right", "y": 0.02, "bgcolor": "rgba(255,255,255,0.8)"}
    )


def places_figure(
    places: pd.DataFrame, hovers: list[str], geometry: dict, cities: pd.DataFrame | None = None
) -> go.Figure:
    """The countries of ``places`` (``data.places.place_table``) shaded by how many sources name them,
    and the ``cities`` (``data.places.city_table``) as points."""
    figure = _world(geometry)
    if len(places):
        most = max(2, int(places[Col.N_SOURCES].max()))
        shown = places.assign(hover=hovers)
        _layer(figure, shown, geometry, "sources", most=most)
        scale = {"colorscale": PLACES_SCALE, "cmin": 1, "cmax": most}
        _markers(figure, shown, geometry, [int(n) for n in places[Col.N_SOURCES]], scale)
    if cities is not None and len(cities):
        _cities(figure, cities)
    return figure
