"""Timeline of event clusters: one row per cluster, one bar (interval) or marker (day) per source."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from analysis.core.schema import Col
from dashboard.components.text import hover, plotly_text
from dashboard.words import when

NO_TYPE = "no entity"
OTHER_SOURCES = "other sources"
HOVER_ARTICLES = 8  # wordings in one hover label; the rest are counted
SOURCES = 12  # sources with a colour of their own: those reporting most of the shown events
ROW_LINE, ROW_LINES = 36, 2  # a row label's line at most, and its lines
BACKGROUND = timedelta(days=365)  # events ending longer before the news than this are its background
DAY_MS = 86_400_000  # a day on plotly's date axis
DAY_TICKS = 92  # a window of up to this many days has a tick per day (or per few days)
MAX_TICKS = 16  # ticks on the date axis at most, about
NOON = pd.Timedelta(hours=12)  # a day's diamond sits in the middle of its day
# however far the reader zooms in, labels name days, not hours (plotly's formats by tick spacing)
_NO_HOURS = [{"dtickrange": [None, DAY_MS], "value": "%-d %b %Y"}]


def span(first: str, last: str) -> str:
    """Two ISO days as a span short enough for a headline figure: "7 Nov 2025", "6–7 Nov 2025",
    "Feb–Oct 2018", "2018–2019" (the exact days belong in its help)."""
    try:
        a, b = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return " – ".join(dict.fromkeys([first, last]))
    if a.year != b.year:
        return f"{a.year}–{b.year}"
    if a.month != b.month:
        return f"{a:%b}–{b:%b %Y}"
    return f"{a.day} {a:%b %Y}" if a.day == b.day else f"{a.day}–{b.day} {a:%b %Y}"


def _row_label(text: str) -> str:
    """A cluster's label on at most ``ROW_LINES`` lines of ``ROW_LINE`` characters, so the axis keeps it
    whole inside its margin; shortened before escaping, so an entity is never cut in half."""
    lines = textwrap.wrap(text, ROW_LINE, max_lines=ROW_LINES, placeholder="…", break_on_hyphens=False)
    return "<br>".join(plotly_text(line) for line in lines)


def _rows(events: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Events with parsed dates and the cluster's row label, earliest cluster first."""
    frame = events.merge(
        clusters[[Col.CLUSTER_ID, Col.LABEL]].rename(columns={"label": "row"}), on=Col.CLUSTER_ID
    )
    frame["first"] = pd.to_datetime(frame[Col.START_DATE], errors="coerce")
    frame["last"] = pd.to_datetime(frame[Col.END_DATE], errors="coerce").fillna(frame["first"])
    frame = frame.dropna(subset=["first"]).sort_values(["first", Col.CLUSTER_ID])
    labels = frame.drop_duplicates(Col.CLUSTER_ID).set_index(Col.CLUSTER_ID)["row"].map(_row_label)
    repeated = labels.duplicated(keep=False)
    labels[repeated] = labels[repeated] + " (" + labels[repeated].index + ")"
    frame["row"] = frame[Col.CLUSTER_ID].map(labels)
    return frame


def zoom_windows(events: pd.DataFrame, news: tuple[date, date] | None) -> dict[str, tuple[date, date]]:
    """The zooms, the one to open on first: the news days (``news``: the period most publication dates
    and day-dated events fall in, ``dashboard.data.news``), the background (the events that end over
    ``BACKGROUND`` before the news: the years a story recalls, not last month's run-up), the whole story."""
    first = pd.to_datetime(events[Col.START_DATE], errors="coerce").dropna()
    last = pd.to_datetime(events[Col.END_DATE], errors="coerce").dropna()
    if first.empty:
        return {}
    windows = {}
    if news and _fits(first, last.reindex(first.index).fillna(first), news).any():  # none: no such zoom
        windows["News days"] = news
        before = last[last.dt.date < news[0] - BACKGROUND]
        if not before.empty:
            windows["Background"] = (
                first.min().date() - timedelta(days=365),
                before.max().date() + timedelta(days=365),
            )
    windows["Whole story"] = (
        first.min().date() - timedelta(days=365),
        last.max().date() + timedelta(days=365),
    )
    return windows


def ticks(window: tuple[date, date] | None) -> dict:
    """The date axis at the precision the window shows: days (labelled in the middle of each day,
    where a day's diamond is) for up to ``DAY_TICKS`` days, months up to three years, else years."""
    if window is None:
        return {"tickformatstops": _NO_HOURS}
    days = (window[1] - window[0]).days + 1
    if days <= DAY_TICKS:
        step = max(1, math.ceil(days / MAX_TICKS))
        return {"dtick": step * DAY_MS, "tick0": window[0].isoformat(), "tickformat": "%-d %b %Y",
                "ticklabelmode": "period", "tickformatstops": _NO_HOURS}  # fmt: skip
    if days <= 3 * 366:
        step = max(1, math.ceil(days / 31 / MAX_TICKS))
        return {"dtick": f"M{step}", "tickformat": "%b %Y", "ticklabelmode": "period"}
    step = max(1, math.ceil(days / 365 / MAX_TICKS))
    return {"dtick": f"M{12 * step}", "tickformat": "%Y", "ticklabelmode": "period"}


def _wordings(group: pd.DataFrame, label_of: Mapping[str, str], wording: Mapping[str, str]) -> str:
    """Hover text: each article's wording of one cluster, the first ``HOVER_ARTICLES`` of them."""
    shown = group.head(HOVER_ARTICLES)
    lines = [
        f"<b>{plotly_text(label_of.get(a, a))}</b>:<br>{hover(wording.get(e, label), limit=160)}"
        for a, e, label in zip(shown[Col.ARTICLE_ID], shown[Col.EVENT_ID], shown[Col.LABEL], strict=True)
    ]
    more = len(group) - len(shown)
    return "<br>".join(lines + ([f"… and {more} more"] if more else []))


def _fits(first: pd.Series, last: pd.Series, window: tuple[date, date]) -> pd.Series:
    """Intervals that overlap ``window`` and are no longer than it: a year behind the news days is
    background (a wider zoom shows it), not a bar across the whole of them."""
    overlaps = (last.dt.date >= window[0]) & (first.dt.date <= window[1])
    return overlaps & ((last - first).dt.days <= (window[1] - window[0]).days)


def _in_window(frame: pd.DataFrame, window: tuple[date, date] | None) -> pd.DataFrame:
    return frame[_fits(frame["first"], frame["last"], window)] if window else frame


def busiest(
    events: pd.DataFrame, clusters: pd.DataFrame, window: tuple[date, date] | None, limit: int
) -> tuple[pd.DataFrame, int]:
    """The ``limit`` clusters with something in ``window`` reported by most articles, and how many
    have something there: a figure with hundreds of rows helps nobody and weighs on the browser."""
    frame = _in_window(_rows(events, clusters), window)
    counts = (
        frame.groupby(Col.CLUSTER_ID)[Col.ARTICLE_ID].nunique().sort_values(ascending=False, kind="stable")
    )
    return clusters[clusters[Col.CLUSTER_ID].isin(counts.index[:limit])], len(counts)


def timeline_figure(
    events: pd.DataFrame,
    clusters: pd.DataFrame,
    source_of: Mapping[str, str],
    label_of: Mapping[str, str],
    type_of: Mapping[str, str],
    wording: Mapping[str, str] | Callable[[pd.DataFrame], Mapping[str, str]],
    color_by: str = "source",
    window: tuple[date, date] | None = None,
) -> go.Figure:
    """Bars for intervals and markers for single days; hover lists every article's wording of the cluster.

    ``source_of`` maps article id to its source (colour and legend), ``label_of`` to the article's
    label (hover), ``type_of`` entity id to type, ``wording`` event id to the sentence it comes from (or
    a function giving that mapping for the rows it is passed: those a hover quotes).
    Coloured by source, the ``SOURCES`` sources reporting most of the shown events have a colour (and
    a bar group) each and the others share a grey one, ``OTHER_SOURCES``: hundreds of sources would
    make every bar a hairline and the legend longer than the figure.
    """
    frame = _in_window(_rows(events, clusters), window)  # only the rows with something in the window
    frame = _coloured(frame, source_of, type_of, color_by)
    if callable(wording):  # read for the rows a hover quotes only (a few per cluster, not every report)
        wording = wording(frame.groupby(Col.CLUSTER_ID, sort=False).head(HOVER_ARTICLES))
    said = {cluster: _wordings(group, label_of, wording) for cluster, group in frame.groupby(Col.CLUSTER_ID)}
    # articles reporting one cluster over the same days with one colour draw the same bar (or diamond)
    # at the same place with the same hover: one of them is enough (a figure of megabytes otherwise).
    # The hover is written for the rows kept only: at 10,000 articles one per row weighed ~100 MB.
    frame = frame.drop_duplicates(["colour", Col.CLUSTER_ID, "first", "last"])
    frame["hover"] = [
        f"{when(a, b)}<br>{said[c]}"
        for a, b, c in zip(frame[Col.START_DATE], frame[Col.END_DATE], frame[Col.CLUSTER_ID], strict=True)
    ]
    palette = qualitative.Safe + qualitative.Pastel
    # one colour per source or type whatever the window shows, so colours mean the same across views
    keys = (
        sorted(set(source_of.values())) if color_by == "source" else [*sorted(set(type_of.values())), NO_TYPE]
    )
    colour_of = {key: palette[i % len(palette)] for i, key in enumerate(keys)}
    figure = go.Figure()
    for key, group in sorted(frame.groupby("colour", sort=True), key=lambda kv: kv[0] == OTHER_SOURCES):
        _add_traces(figure, group, plotly_text(key), colour_of.get(key, "#888888"))
    _lay_out(figure, list(dict.fromkeys(frame["row"])), color_by, window)
    return figure


def _coloured(
    frame: pd.DataFrame, source_of: Mapping[str, str], type_of: Mapping[str, str], color_by: str
) -> pd.DataFrame:
    """The rows with their ``source``, the type of their first typed entity (``etype``) and the key of
    their ``colour``: the source (one of the ``SOURCES`` reporting most, else ``OTHER_SOURCES``) or the
    entity type."""
    frame["source"] = frame[Col.ARTICLE_ID].map(source_of)
    frame["etype"] = [
        next((type_of[e] for e in ids if e in type_of), NO_TYPE) for ids in frame[Col.ENTITY_IDS]
    ]
    frame["colour"] = frame["source"] if color_by == "source" else frame["etype"]
    if color_by == "source":
        reported = frame.groupby("source")[Col.EVENT_ID].size().sort_values(ascending=False, kind="stable")
        frame["colour"] = frame["source"].where(frame["source"].isin(reported.index[:SOURCES]), OTHER_SOURCES)
    return frame


def _add_traces(figure: go.Figure, group: pd.DataFrame, name: str, colour: str) -> None:
    """One colour's rows: a bar per interval, a diamond per single day, in one legend group."""
    span = group[group["last"] > group["first"]]
    point = group[group["last"] <= group["first"]]
    if len(span):
        figure.add_bar(
            y=span["row"],
            base=span["first"],
            x=(span["last"] + pd.Timedelta(days=1) - span["first"]).dt.total_seconds() * 1000,
            orientation="h",
            name=name,
            legendgroup=name,
            marker_color=colour,
            offsetgroup=name,
            customdata=span[Col.CLUSTER_ID],
            hovertext=span["hover"],
            hoverinfo="text",
        )
    if len(point):
        figure.add_scatter(
            y=point["row"],
            x=point["first"] + NOON,
            mode="markers",
            name=name,
            legendgroup=name,
            showlegend=not len(span),
            marker={"color": colour, "size": 13, "symbol": "diamond", "line": {"width": 1, "color": "#333"}},
            customdata=point[Col.CLUSTER_ID],
            hovertext=point["hover"],
            hoverinfo="text",
        )


def _lay_out(figure: go.Figure, order: list[str], color_by: str, window: tuple[date, date] | None) -> None:
    """Rows in ``order`` top down, the legend above, a range slider under the dates (``window`` shown)."""
    figure.update_layout(
        barmode="group",
        scattermode="group",
        height=max(360, (64 if len(order) <= 15 else 40) * len(order) + 200),
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={
            "title": "Source" if color_by == "source" else "Entity type",
            "orientation": "h",
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
        },
        hoverlabel={"align": "left"},
        clickmode="event+select",
    )
    figure.update_yaxes(
        categoryorder="array", categoryarray=order, autorange="reversed", title=None, automargin=True
    )
    figure.update_xaxes(
        type="date", rangeslider={"visible": True, "thickness": 0.06}, title=None, **ticks(window)
    )
    if window:
        figure.update_xaxes(range=[window[0].isoformat(), (window[1] + timedelta(days=1)).isoformat()])
