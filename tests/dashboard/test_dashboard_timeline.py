"""The Timeline opens on the news: the news days (the shortest span holding most publication dates and
day-dated events), day ticks, the most-covered news event selected; the background and the whole story
one click away. On the seed tables and the BSNLP development clusters."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from tests.helpers import launch


def _axis(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["xaxis"]


def test_the_seeds_timeline_opens_on_the_news_days_with_day_ticks(data_dir, use_data):
    use_data(data_dir)
    at = launch("timeline")
    assert at.button_group(key="zoom").value == "News days"
    axis = _axis(at)
    assert axis["range"] == ["2025-11-04", "2025-11-10"]
    assert (axis["dtick"], axis["tickformat"], axis["ticklabelmode"]) == (86_400_000, "%-d %b %Y", "period")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    diamonds = [x for trace in spec["data"] if trace["type"] == "scatter" for x in trace["x"]]
    assert diamonds and all(x.endswith("T12:00:00.000000") for x in diamonds)  # in the middle of their day
    # no cluster of more than one source in the news days: the most-covered event of all is selected,
    # dated as most of its sources date it
    assert at.selectbox(key="event").value == "c003"
    assert at.subheader[0].value.startswith("2020–2021 · «Соглашения Авраама»")


def test_ticks_follow_the_precision_of_the_window():
    from dashboard.components.timeline import ticks

    assert ticks((date(2018, 10, 29), date(2018, 11, 13)))["dtick"] == 86_400_000  # 16 days: each
    assert ticks((date(2018, 7, 21), date(2018, 10, 2)))["dtick"] == 5 * 86_400_000  # 74 days: every 5th
    assert ticks((date(2017, 1, 1), date(2019, 12, 31)))["dtick"] == "M3"
    assert ticks((date(1978, 1, 1), date(2026, 12, 31)))["dtick"] == "M48"
    assert all(stop["value"] == "%-d %b %Y" for stop in ticks(None)["tickformatstops"])  # never hours


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "news", "event", "when"),
    [  # (first day shown at the latest, last day shown at the earliest): the news, padded
        ("asia_bibi", ("2018-10-29", "2018-11-08"), "Верховный суд Пакистана", ("2018-10-31", "2018-10-31")),
        ("ryanair", ("2018-07-25", "2018-09-28"), "Ryanair", ("2018-07-25", "2018-07-26")),
    ],
)
def test_bsnlp_timeline_opens_on_the_news(real_corpus, use_data, name, news, event, when):
    """asia_bibi opened on 800–2200 ("Whole story") with a 2010 catch-all selected; it opens on the
    days around the acquittal, with the acquittal selected; ryanair on the summer of strikes, with the
    cabin crews' two-day strike of 25–26 July (reported by most articles; the 10 August strike next)."""
    built = real_corpus(name)
    use_data(built.data)
    at = launch("timeline")
    first, last = _axis(at)["range"]
    assert news[0] >= first >= "2018-07-01" and news[1] <= last <= "2018-11-30", (first, last)
    assert (date.fromisoformat(last) - date.fromisoformat(first)).days <= 92
    heading = at.subheader[0].value.replace("\\", "")
    assert heading.startswith(when[0]) and event in heading
    clusters = pd.read_parquet(built.data / "event_clusters.parquet").set_index("cluster_id")
    chosen = clusters.loc[at.selectbox(key="event").value]
    assert (chosen["start_date"], chosen["end_date"]) == when and chosen["n_sources"] >= 25
    overview = launch()
    assert f"most-covered event: “{chosen['label'][:40]}" in overview.markdown[0].value.replace("\\", "")
