"""Choropleth of each country's role in the story, drawn from geometry shipped with the app.

``go.Choroplethmap`` with the GeoJSON embedded and the blank ``white-bg`` style needs no tile
server or CDN, so the map draws offline (the geo-subplot ``go.Choropleth`` fetches its base map).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from analysis.schema import Col
from dashboard.components.text import hover, plotly_text

HOVER_CLAIMS = 8  # claims in one hover label; the rest are counted
ROLE_COLOURS = {
    "signatory": "#2c7fb8",
    "mediator": "#7b3294",
    "prospective": "#41ab5d",
    "prior_treaty": "#fdae61",
    "incomplete": "#bdbdbd",
    "contested": "#d7191c",
}


def _year_text(years: pd.Series) -> str:
    found = sorted({y for y in years if y})
    return f" ({', '.join(found)})" if found else ""


def country_roles(signatories: pd.DataFrame, source_of: Mapping[str, str]) -> pd.DataFrame:
    """One row per country: its role across sources (``contested`` when they disagree) and hover text."""
    rows = []
    for iso3, group in signatories[signatories[Col.ISO3] != ""].groupby(Col.ISO3, sort=True):
        roles = sorted(set(group[Col.ROLE]))
        contested = bool(group[Col.CONTESTED].any()) or len(roles) > 1
        role = "contested" if contested else roles[0]
        claims = [
            f"<b>{plotly_text(source_of.get(r.article_id, r.article_id))}</b>: "
            f"{plotly_text(r.role)}{plotly_text(' ' + r.year) if r.year else ''}"
            f"<br><i>{hover(r.evidence)}</i>"
            for r in group.head(HOVER_CLAIMS).itertuples(index=False)
        ]
        if len(group) > HOVER_CLAIMS:
            claims.append(f"… and {len(group) - HOVER_CLAIMS} more (table below)")
        rows.append(
            {
                Col.ISO3: iso3,
                Col.COUNTRY: group[Col.COUNTRY].iloc[0],
                Col.ENTITY_ID: group[Col.ENTITY_ID].iloc[0],
                Col.ROLE: role,
                Col.LABEL: f"{role.replace('_', ' ')}{_year_text(group[Col.YEAR])}",
                "roles": ", ".join(roles),
                Col.N_SOURCES: group[Col.ARTICLE_ID].nunique(),
                "hover": f"<b>{plotly_text(group[Col.COUNTRY].iloc[0])}</b> — {role.replace('_', ' ')}<br>{'<br>'.join(claims)}",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[Col.ISO3, Col.COUNTRY, Col.ENTITY_ID, Col.ROLE, Col.LABEL, "roles", Col.N_SOURCES, "hover"],
    )


def _centres(geometry: dict) -> dict[str, tuple[float, float]]:
    """(lon, lat) inside each country: the mean point of its largest outline."""
    centres = {}
    for feature in geometry["features"]:
        ring = max((polygon[0] for polygon in feature["geometry"]["coordinates"]), key=len)
        centres[feature["id"]] = (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return centres


def map_figure(roles: pd.DataFrame, geometry: dict) -> go.Figure:
    """Every country in light grey, the countries in ``roles`` coloured by role (one legend entry each)."""
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
            name="other",
        )
    )
    centre = _centres(geometry)
    for role, colour in ROLE_COLOURS.items():
        part = roles[roles[Col.ROLE] == role]
        if part.empty:
            continue
        wanted = set(part[Col.ISO3])  # a role's trace carries only its countries' outlines, not the world's
        outlines = {**geometry, "features": [f for f in geometry["features"] if f["id"] in wanted]}
        figure.add_trace(
            go.Choroplethmap(
                geojson=outlines,
                locations=part[Col.ISO3],
                z=[1] * len(part),
                featureidkey="id",
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                name=role.replace("_", " "),
                showlegend=True,
                customdata=part[Col.ENTITY_ID],
                hovertext=part["hover"],
                hoverinfo="text",
                marker={"line": {"color": "#555555", "width": 0.6}},
            )
        )
        centres = [centre.get(iso3) for iso3 in part[Col.ISO3]]
        placed = [(c, r) for c, r in zip(centres, part.itertuples(index=False), strict=True) if c]
        figure.add_trace(  # a dot too, so small states (Bahrain, Israel) stay visible at world scale
            go.Scattermap(
                lon=[c[0] for c, _ in placed],
                lat=[c[1] for c, _ in placed],
                mode="markers",
                marker={"size": 9, "color": colour},
                showlegend=False,
                name=role.replace("_", " "),
                customdata=[r.entity_id for _, r in placed],
                hovertext=[r.hover for _, r in placed],
                hoverinfo="text",
            )
        )
    figure.update_layout(
        map={"style": "white-bg", "center": {"lat": 30, "lon": 15}, "zoom": 0.95},
        height=520,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"title": "Role", "x": 0.01, "y": 0.02, "bgcolor": "rgba(255,255,255,0.8)"},
        hoverlabel={"align": "left"},
    )
    return figure
