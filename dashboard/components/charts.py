"""Generic figures: ranked bars, heatmaps and the article -> cited source graph."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go


def bar(labels: list[str], values: list[int], title: str) -> go.Figure:
    figure = go.Figure(go.Bar(x=values, y=labels, orientation="h", marker_color="#2c7fb8"))
    figure.update_layout(
        title=title, height=max(260, 26 * len(labels) + 80), margin={"l": 10, "r": 10, "t": 40, "b": 10}
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def heatmap(
    matrix: pd.DataFrame, title: str, colorscale: str = "Blues", zmax: float | None = None
) -> go.Figure:
    figure = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=list(matrix.columns),
            y=list(matrix.index),
            colorscale=colorscale,
            zmin=0,
            zmax=zmax,
            hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
        )
    )
    figure.update_layout(
        title=title,
        height=max(300, 24 * len(matrix.index) + 140),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    figure.update_yaxes(autorange="reversed", type="category", dtick=1)
    figure.update_xaxes(type="category", tickangle=-30)
    return figure


def citation_graph(edges: pd.DataFrame) -> go.Figure:
    """Bipartite graph: articles on the left, cited sources on the right, edge width = citations.

    ``edges`` has columns ``article``, ``source`` and ``n``.
    """
    left = sorted(set(edges["article"]))
    right = sorted(set(edges["source"]))
    y_left = {a: i / max(len(left) - 1, 1) for i, a in enumerate(left)}
    y_right = {s: i / max(len(right) - 1, 1) for i, s in enumerate(right)}
    figure = go.Figure()
    for edge in edges.itertuples(index=False):
        figure.add_scatter(
            x=[0, 1],
            y=[y_left[edge.article], y_right[edge.source]],
            mode="lines",
            hoverinfo="skip",
            line={"width": 1 + 2 * edge.n, "color": "rgba(44,127,184,0.45)"},
            showlegend=False,
        )
    for names, x, ys, colour, position in (
        (left, 0, y_left, "#2c7fb8", "middle left"),
        (right, 1, y_right, "#d95f0e", "middle right"),
    ):
        figure.add_scatter(
            x=[x] * len(names),
            y=[ys[n] for n in names],
            mode="markers+text",
            text=names,
            textposition=position,
            marker={"size": 14, "color": colour},
            hovertext=names,
            hoverinfo="text",
            showlegend=False,
        )
    figure.update_layout(
        height=max(320, 40 * max(len(left), len(right)) + 80),
        margin={"l": 10, "r": 10, "t": 20, "b": 20},
        xaxis={"visible": False, "range": [-0.9, 1.9]},
        yaxis={"visible": False, "range": [-0.1, 1.1]},
    )
    return figure
