"""Generic figures: ranked bars, heatmaps and the citing -> cited source graph.

Labels come from the corpus (entity names, outlets, titles) and are escaped for Plotly here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analysis.core.schema import Col
from dashboard.components.text import hover as text_hover
from dashboard.components.text import plotly_text

TICK_CHARS = 52  # an axis label's length at most
OUTLETS = 10  # outlets with a colour of their own in the coverage chart; the others share one
OTHER_OUTLETS = "other outlets"
DAY, ARTICLES_COUNT = "day", "articles"  # columns of ``daily_coverage``
DAY_MS = 86_400_000  # a day on a date axis
# A coverage chart spanning more than BUSY_SPAN days opens on the days of the central articles (these
# quantiles): a stray article years before the news would make every bar a hairline.
BUSY, BUSY_SPAN = (0.05, 0.95), 60
UNITS = {"day": 1, "week": 7, "month": 31}  # the coverage chart's bins, finest first, and their days at most
PERIODS = {"day": "D", "week": "W-SUN", "month": "M"}  # each as a pandas period (a week from Monday)
MAX_BARS = 40  # bins the coverage chart opens on at most: a bar stays ~15 px wide on a 700 px chart
MARGIN = 0.03  # of the opening range, left empty at each side (at least one bin)
BAR = 0.8  # of its bin a bar covers, in the middle


def bar(labels: list[str], values: list[int], title: str) -> go.Figure:
    figure = go.Figure(
        go.Bar(x=values, y=[plotly_text(t) for t in labels], orientation="h", marker_color="#2c7fb8")
    )
    figure.update_layout(
        title=title, height=max(260, 26 * len(labels) + 80), margin={"l": 10, "r": 10, "t": 40, "b": 10}
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def heatmap(
    matrix: pd.DataFrame,
    title: str,
    colorscale: str = "Blues",
    zmax: float | None = None,
    column_text: Mapping[str, str] | None = None,
    column_ticks: bool = True,
) -> go.Figure:
    """Rows and columns by label. Long labels (articles) belong on rows, where they read across;
    columns named by a short id get their full text in the hover from ``column_text``, and columns
    that repeat the rows (a similarity matrix) can go without ticks (``column_ticks=False``)."""
    hover = "%{y}<br>%{x}: %{z}<extra></extra>"
    customdata = None
    if column_text is not None:
        texts = [text_hover(column_text.get(c, "")) for c in matrix.columns]
        customdata = [texts] * len(matrix.index)
        hover = "%{y}<br>%{x}: %{z}<br>%{customdata}<extra></extra>"
    rows = [plotly_text(i) for i in matrix.index]  # whole in the hover, shortened on the axis
    figure = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=[plotly_text(c) for c in matrix.columns],
            y=rows,
            customdata=customdata,
            colorscale=colorscale,
            zmin=0,
            zmax=zmax,
            hovertemplate=hover,
        )
    )
    figure.update_layout(
        title=title,
        height=max(300, 24 * len(matrix.index) + 140),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    figure.update_yaxes(
        autorange="reversed", type="category", tickvals=rows, ticktext=[_tick(i) for i in matrix.index]
    )
    figure.update_xaxes(type="category", tickangle=-45, dtick=1, showticklabels=column_ticks)
    return figure


def _tick(label: str, width: int = TICK_CHARS) -> str:
    """A long label shortened for an axis, keeping a " (2)" that tells look-alikes apart; the hover
    shows it whole."""
    if len(label) <= width:
        return plotly_text(label)
    suffix = re.search(r" \(\d+\)$", label)
    keep = suffix.group() if suffix else ""
    return plotly_text(label[: width - 1 - len(keep)].rstrip() + "…" + keep)


def citation_graph(edges: pd.DataFrame) -> go.Figure:
    """Bipartite graph: citing outlets on the left, cited sources on the right, edge width = citations.

    ``edges`` has columns ``citing``, ``source`` and ``n``.
    """
    left = sorted(set(edges["citing"]))
    right = sorted(set(edges[Col.SOURCE]))
    y_left = {a: i / max(len(left) - 1, 1) for i, a in enumerate(left)}
    y_right = {s: i / max(len(right) - 1, 1) for i, s in enumerate(right)}
    figure = go.Figure()
    for edge in edges.itertuples(index=False):
        figure.add_scatter(
            x=[0, 1],
            y=[y_left[edge.citing], y_right[edge.source]],
            mode="lines",
            hoverinfo="skip",
            line={"width": min(1 + 2 * edge.n, 12), "color": "rgba(44,127,184,0.45)"},
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
            text=[_tick(n) for n in names],
            textposition=position,
            marker={"size": 14, "color": colour},
            hovertext=[plotly_text(n) for n in names],
            hoverinfo="text",
            showlegend=False,
        )
    figure.update_layout(
        height=max(320, 40 * max(len(left), len(right)) + 80),
        margin={"l": 10, "r": 10, "t": 20, "b": 20},
        xaxis={"visible": False, "range": [-1.2, 2.2]},  # room for the names beside the nodes
        yaxis={"visible": False, "range": [-0.1, 1.1]},
    )
    return figure


def daily_coverage(articles: pd.DataFrame, unknown: str) -> tuple[pd.DataFrame, int]:
    """Articles per publication day and outlet (``day``, ``outlet``, ``articles``; ``unknown`` names a
    missing outlet), day by day then most articles first, and how many articles have no date."""
    dated = articles[articles[Col.PUBLISHED] != ""]
    outlet = dated[Col.OUTLET].where(dated[Col.OUTLET] != "", unknown)
    counts = (
        dated.assign(**{DAY: dated[Col.PUBLISHED], Col.OUTLET: outlet})
        .groupby([DAY, Col.OUTLET])
        .size()
        .rename(ARTICLES_COUNT)
        .reset_index()
        .sort_values([DAY, ARTICLES_COUNT, Col.OUTLET], ascending=[True, False, True], kind="stable")
    )
    return counts.reset_index(drop=True), len(articles) - len(dated)


@dataclass(frozen=True)
class CoverageView:
    """What the coverage chart opens on: bars of one ``unit`` (``UNITS``) from ``start`` to ``end``;
    ``zoomed`` when that is the central articles' span and the slider shows the rest."""

    unit: str
    start: pd.Timestamp
    end: pd.Timestamp
    zoomed: bool


def bin_start(days: pd.Series, unit: str) -> pd.Series:
    """The first day of the ``unit`` (day, ISO week from Monday, month) each of ``days`` falls in."""
    if unit == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    if unit == "month":
        return days.dt.to_period("M").dt.start_time
    return days


def bin_end(starts: pd.Series, unit: str) -> pd.Series:
    """The day after the last of each bin beginning at ``starts``."""
    return starts + (pd.offsets.MonthBegin(1) if unit == "month" else pd.Timedelta(days=UNITS[unit]))


def bins_between(low: pd.Timestamp, high: pd.Timestamp, unit: str) -> int:
    """How many bins of ``unit`` the days ``low`` to ``high`` touch."""
    return (pd.Period(high, PERIODS[unit]) - pd.Period(low, PERIODS[unit])).n + 1


def coverage_view(days: pd.Series) -> CoverageView:
    """The range and bin the coverage chart opens on, from the publication ``days`` (one per article):
    the central articles' days (``BUSY`` quantiles) when the whole span is longer than ``BUSY_SPAN``
    days, else every day; the finest unit that draws at most ``MAX_BARS`` bars there; widened to hold
    the busiest bin whole, with a margin, so no bar is a hairline and none sits on the edge."""
    first, last = days.min(), days.max()
    low, high = days.quantile(BUSY[0]).normalize(), days.quantile(BUSY[1]).normalize()
    zoomed = (low, high) != (first, last) and last - first > pd.Timedelta(days=BUSY_SPAN)
    low, high = (low, high) if zoomed else (first, last)
    unit = next((u for u in UNITS if bins_between(low, high, u) <= MAX_BARS), "month")
    starts = bin_start(days, unit)
    busiest = starts.value_counts().sort_index(kind="stable").idxmax()
    begin = min(bin_start(pd.Series([low]), unit).iloc[0], busiest)
    end = max(
        bin_end(bin_start(pd.Series([high]), unit), unit).iloc[0], bin_end(pd.Series([busiest]), unit)[0]
    )
    margin = max(pd.Timedelta(days=UNITS[unit]), (end - begin) * MARGIN)
    return CoverageView(unit, begin - margin, end + margin, zoomed)


def _bin_label(start: pd.Timestamp, unit: str) -> str:
    if unit == "week":
        return f"week of {start.day} {start:%b %Y}"
    return f"{start:%B %Y}" if unit == "month" else f"{start.day} {start:%b %Y}"


def coverage(counts: pd.DataFrame) -> go.Figure:
    """Stacked bars of ``daily_coverage``: one bar a day, week or month (``coverage_view`` chooses, from
    the dates), one colour per outlet (the ``OUTLETS`` outlets with most articles; the others together,
    grey, last)."""
    totals = counts.groupby(DAY)[ARTICLES_COUNT].sum()
    days = pd.to_datetime(pd.Series(totals.index.repeat(totals.to_numpy())))  # one day per article
    view = coverage_view(days)
    binned = counts.assign(**{DAY: bin_start(pd.to_datetime(counts[DAY]), view.unit)})
    per_outlet = binned.groupby(Col.OUTLET)[ARTICLES_COUNT].sum().sort_values(ascending=False, kind="stable")
    top = list(per_outlet.index[:OUTLETS])
    outlet = binned[Col.OUTLET].where(binned[Col.OUTLET].isin(top), OTHER_OUTLETS)
    per_bin = binned.assign(**{Col.OUTLET: outlet}).groupby([Col.OUTLET, DAY])[ARTICLES_COUNT].sum()
    figure = go.Figure()
    for name in [n for n in [*top, OTHER_OUTLETS] if n in set(outlet)]:
        bins = per_bin[name]
        starts = pd.Series(bins.index)
        lengths = bin_end(starts, view.unit) - starts
        figure.add_bar(
            x=list(starts.dt.strftime("%Y-%m-%d")),  # the bin's first day
            y=list(bins),
            customdata=[_bin_label(start, view.unit) for start in starts],
            name=plotly_text(name),
            marker_color="#aaaaaa" if name == OTHER_OUTLETS else None,
            width=list(lengths.dt.total_seconds() * 1000 * BAR),  # a bin's bar, however few there are
            offset=list(lengths.dt.total_seconds() * 1000 * (1 - BAR) / 2),  # from its first day on
            hovertemplate=f"{plotly_text(name)}<br>%{{customdata}}: %{{y}}<extra></extra>",
        )
    _coverage_layout(figure, view, int(per_bin.groupby(DAY).sum().max()))
    return figure


def _coverage_layout(figure: go.Figure, view: CoverageView, most: int) -> None:
    """Title, axes and slider of the coverage chart opening on ``view``; ``most``: the tallest bar."""
    title = f"Articles per {view.unit}"
    if view.zoomed:
        title += f": the busiest {view.unit}s (the slider below shows every {view.unit})"
    figure.update_layout(
        barmode="stack",
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"traceorder": "normal"},
        title=title,
    )
    daily_ticks = view.unit == "day" and view.end - view.start <= pd.Timedelta(days=16)
    figure.update_xaxes(
        type="date",
        title=None,
        tickformat="%b %Y" if view.unit == "month" else "%-d %b %Y",
        range=[view.start, view.end],
        dtick=DAY_MS if daily_ticks else None,
        rangeslider={"visible": view.zoomed, "thickness": 0.08},
    )
    figure.update_yaxes(title=None, rangemode="tozero", tick0=0, dtick=1 if most < 10 else None)
