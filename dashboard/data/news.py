"""The news a corpus is about: its news days (the shortest period holding most of its publication
dates and of the events its articles date to a day) and its most-covered news event (the event most
articles report in those days). The Timeline opens on them and the Overview's sentence names them."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from analysis.core.metadata import suspect_publication_dates
from analysis.core.schema import Col

NEWS_SHARE = 0.8  # the news days hold this share of the publication dates and day-dated events
PAD = timedelta(days=2)  # around the news days, so their first and last events are not on the edge
REPORTED, DAY = "reported", "day"  # events.kind, events.granularity (analysis.stages.dates.codes)


def _days(values: pd.Series) -> list[date]:
    found = pd.to_datetime(values[values != ""], errors="coerce").dropna()
    return sorted(day.date() for day in found)


def news_points(events: pd.DataFrame, articles: pd.DataFrame) -> list[date]:
    """The days the news happened on: each event reported to a day and each publication date (not
    a date every article shares: a crawl's, ``analysis.core.metadata``), in order."""
    reported = events[(events[Col.KIND] == REPORTED) & (events[Col.GRANULARITY] == DAY)]
    published = articles[Col.PUBLISHED].fillna("").astype(str)
    published = published[~published.isin(suspect_publication_dates(articles))]
    return sorted(_days(reported[Col.START_DATE]) + _days(published))


def news_days(events: pd.DataFrame, articles: pd.DataFrame) -> tuple[date, date] | None:
    """The shortest period holding ``NEWS_SHARE`` of the ``news_points`` (the earliest such one), padded
    by ``PAD``; None when nothing is dated to a day."""
    points = news_points(events, articles)
    if not points:
        return None
    size = max(1, math.ceil(NEWS_SHARE * len(points)))
    spans = [(points[i + size - 1] - points[i], i) for i in range(len(points) - size + 1)]
    _, first = min(spans)
    return points[first] - PAD, points[first + size - 1] + PAD


def _inside(clusters: pd.DataFrame, window: tuple[date, date]) -> pd.Series:
    start = pd.to_datetime(clusters[Col.START_DATE], errors="coerce").dt.date
    end = pd.to_datetime(clusters[Col.END_DATE], errors="coerce").dt.date
    return (start >= window[0]) & (end <= window[1])


def most_covered(clusters: pd.DataFrame, window: tuple[date, date] | None) -> pd.Series | None:
    """The news event: of the clusters dated inside the news days (``window``) that more than one
    article reports, the one most articles report (the earliest on a tie); without one there, the most
    reported of all. None when there are no clusters."""
    if clusters.empty:
        return None
    chosen = (
        clusters[_inside(clusters, window) & (clusters[Col.N_SOURCES] > 1)] if window else clusters.iloc[:0]
    )
    chosen = chosen if len(chosen) else clusters
    order = chosen.sort_values([Col.N_SOURCES, Col.START_DATE], ascending=[False, True], kind="stable")
    return order.iloc[0]


def disagreement(cluster: pd.Series) -> str:
    """The widest span the cluster's sources give when they disagree with its dates, else ""."""
    earliest = cluster.get(Col.EARLIEST) or cluster[Col.START_DATE]
    latest = cluster.get(Col.LATEST) or cluster[Col.END_DATE]
    if (earliest, latest) == (cluster[Col.START_DATE], cluster[Col.END_DATE]):
        return ""
    return f"{earliest}/{latest}"
