"""Pages that answer quickly: Timeline dates at their precision and its zooms, the Overview's facts under
filters, the Map's clicks and small states, coverage volume and full-text search, on the seed tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.core.schema import CITATIONS, CONTRADICTIONS, TABLES
from tests.dashboard.pages import FOKUS, cards
from tests.helpers import APP, launch

TOKAYEV = "per:kasym-zhomart-tokayev"


@pytest.fixture
def page(app):
    """``page(name)``: the app on ``dashboard/views/NAME.py`` with the seed tables (the overview by default)."""
    return app


def figure(at, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def frame_with(at, *columns: str) -> pd.DataFrame:
    """The first table shown with all ``columns``, headings compared as words in lower case ("article id"
    for ``article_id`` or "Article id"), the frame's headings so too."""
    assert not at.exception, [e.value for e in at.exception]
    for element in at.dataframe:
        frame = element.value.rename(columns=lambda c: c.casefold().replace("_", " "))
        if set(columns) <= set(frame.columns):
            return frame
    raise AssertionError(f"no table with columns {columns}")


def hovers(spec: dict) -> list[str]:
    return [h for trace in spec["data"] for h in trace.get("hovertext") or []]


# --- Timeline -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("1979-01-01", "1979-12-31", "1979"),
        ("2020-01-01", "2021-12-31", "2020–2021"),
        ("2020-03-01", "2020-03-31", "March 2020"),
        ("2025-08-01", "2025-10-31", "August – October 2025"),
        ("2019-12-01", "2020-02-29", "December 2019 – February 2020"),
        ("2025-10-21", "2025-10-31", "2025-10-21 – 2025-10-31"),
        ("2025-11-07", "2025-11-07", "2025-11-07"),
        ("2025-01-01", "2025-01-01", "2025-01-01"),
        ("2025-11-07", "", "2025-11-07"),
    ],
)
def test_event_dates_read_at_their_precision(start, end, shown):
    from dashboard.words import when

    assert when(start, end) == shown


def test_timeline_shows_years_as_years(page):
    at = page("timeline")
    options = at.selectbox(key="event").options
    assert options[0].startswith("1979 · ") and options[1].startswith("1994 · ")
    assert not [o for o in options if "-01-01" in o]
    at.button_group(key="zoom").set_value("Whole story").run()
    spec = figure(at)
    assert not [h for h in hovers(spec) if "-01-01" in h]
    assert any(h.startswith("1979<br>") for h in hovers(spec))
    at.selectbox(key="event").select("c003").run()  # the Accords' signing, told by all five articles
    members = frame_with(at, "article", "when")
    assert set(members["when"]) == {"2020", "2020–2021", "2020–2025"}
    assert at.subheader[0].value.startswith("2020–2021 · ")  # the span most of its sources give


def test_timeline_quote_is_escaped_once(page):
    at = page("timeline")
    at.multiselect(key="source").set_value(["Фокус"]).run()
    at.button_group(key="zoom").set_value("Whole story").run()
    quote = [h for h in hovers(figure(at)) if "Надо признать" in h]
    assert len(quote) == 1 and '"Надо признать, что Путин проявил максимальную гибкость"' in quote[0]
    assert "&quot;" not in quote[0] and "&amp;" not in quote[0]


def test_timeline_row_labels_wrap_inside_the_margin(page):
    at = page("timeline")
    spec = figure(at)
    assert spec["layout"]["yaxis"]["automargin"] is True
    rows = {y for trace in spec["data"] for y in trace["y"]}
    assert "Президент Казахстана Касым-Жомарт<br>Токаев совершил официальный визит в…" in rows
    assert max(len(line) for row in rows for line in row.split("<br>")) <= 36


def test_background_zoom_shows_the_background_years(page):
    at = page("timeline")
    assert at.button_group(key="zoom").options == ["News days", "Background", "Whole story"]
    assert figure(at)["layout"]["xaxis"]["range"] == ["2025-11-04", "2025-11-10"]  # opens on the news
    at.button_group(key="zoom").set_value("Whole story").run()
    whole = figure(at)["layout"]["xaxis"]["range"]
    at.button_group(key="zoom").set_value("Background").run()
    background = figure(at)["layout"]["xaxis"]["range"]
    assert whole == ["1978-01-01", "2027-01-01"]  # up to the end of 2026, the year after the last event
    assert background == ["1978-01-01", "2023-01-01"]  # 1979 to 2021: the events over a year before the news
    options = at.selectbox(key="event").options
    assert options[0].startswith("1979 · ")


# --- Overview -------------------------------------------------------------------------------------


def test_overview_card_cites_what_the_article_cites_whatever_the_entity(page, tables):
    at = page()
    at.multiselect(key="source").set_value(["Фокус"]).run()
    at.multiselect(key="entity").set_value([TOKAYEV]).run()
    assert cards(at) == {FOKUS}
    citations = tables[CITATIONS]
    assert set(citations.loc[citations["article_id"] == FOKUS, "source"]) == {"NY Times"}
    assert [c.value for c in at.caption if c.value.startswith("Cites:")] == ["Cites: NY Times"]


def test_overview_disagreements_need_two_filtered_sources(page, data_dir):
    contradictions = pd.read_parquet(data_dir / TABLES[CONTRADICTIONS].file)
    assert FOKUS in set(contradictions["article_id"])  # Фокус takes part in a discrepancy...
    at = page()
    at.multiselect(key="source").set_value(["Фокус"]).run()  # ...but alone it disagrees with no one
    assert "No two of the selected sources state incompatible values about the same subject." in [
        c.value for c in at.caption
    ]
    assert not [m.value for m in at.markdown if " sources" in m.value and m.value.startswith("**")]


def test_overview_metrics_are_short(page):
    at = page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Articles": "5",
        "Outlets": "2",
        "Published": "7 Nov 2025",
        "Entities": "52",  # the USSR among them: "бывших советских республик"
        "Events": "15",
    }


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [
        ("2025-11-07", "2025-11-07", "7 Nov 2025"),
        ("2025-11-06", "2025-11-07", "6–7 Nov 2025"),
        ("2018-02-05", "2018-10-07", "Feb–Oct 2018"),
        ("2018-02-05", "2019-01-07", "2018–2019"),
    ],
)
def test_publication_span_fits_a_metric(first, last, shown):
    from dashboard.components.timeline import span

    assert span(first, last) == shown


# --- Map ------------------------------------------------------------------------------------------


def test_small_states_are_found_from_the_geometry(data_dir, use_data):
    use_data(data_dir)
    from dashboard.components.worldmap import country_shapes, small_states
    from dashboard.data.places import countries_geojson

    shapes = country_shapes(countries_geojson())
    assert 20_000 < shapes["ISR"][2] < 25_000 and 2_600_000 < shapes["KAZ"][2] < 2_900_000  # km²
    lon, lat, _ = shapes["ISR"]
    assert 34 < lon < 36 and 30 < lat < 33
    small = small_states(countries_geojson())
    assert {"ISR", "ARE", "BHR", "QAT", "LBN", "KWT", "PSE", "JOR"} <= set(small)
    assert not {"KAZ", "EGY", "SAU", "MAR", "SDN", "USA", "FRA"} & set(small)


def test_roles_map_marks_the_small_states(page):
    at = page("map")
    traces = figure(at)["data"]
    marked = {c for t in traces if t["type"] == "scattermap" for c in t.get("customdata") or []}
    assert marked == {"loc:israel", "loc:united-arab-emirates", "loc:bahrain", "loc:jordan"}
    shaded = {c for t in traces if t["type"] == "choroplethmap" for c in t.get("customdata") or []}
    assert "loc:kazakhstan" in shaded and "loc:israel" in shaded  # a small state keeps its outline too
    clickable = [t for t in traces if t.get("customdata")]
    assert {t["unselected"]["marker"]["opacity"] for t in clickable} == {
        0.6
    }  # a click fades the rest a little
    assert traces[0]["unselected"]["marker"]["opacity"] == 1  # and never the grey world


@pytest.mark.parametrize(
    ("points", "chosen"),
    [
        ([{"curve_number": 3, "point_index": 1, "customdata": "loc:israel", "lat": 31.5}], "loc:israel"),
        ([{"curve_number": 1, "point_index": 0, "customdata": ["loc:bahrain"]}], "loc:bahrain"),
        ([{"curve_number": 1, "point_index": 2, "location": "KAZ", "z": 1}], "loc:kazakhstan"),
        ([{"curve_number": 0, "point_index": 5, "location": "FRA"}], None),  # the grey world: no country
        ([], None),
    ],
)
def test_a_click_chooses_the_country_clicked(points, chosen):
    from dashboard.components.worldmap import clicked_country

    entity_of = {"KAZ": "loc:kazakhstan", "ISR": "loc:israel", "BHR": "loc:bahrain"}
    assert clicked_country(points, entity_of) == chosen


# --- Coverage volume ------------------------------------------------------------------------------


def charts_titled(at, title: str) -> list[dict]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [s for s in specs if s["layout"].get("title", {}).get("text") == title]


def test_coverage_volume_counts_articles_per_day_and_outlet(page):
    at = page()
    volume = frame_with(at, "day", "outlet", "articles")
    assert volume.values.tolist() == [["2025-11-07", "Unknown outlet", 3], ["2025-11-07", "Фокус", 1]]
    (chart,) = charts_titled(at, "Articles per day")
    assert chart["layout"]["barmode"] == "stack"
    assert [(t["name"], t["x"], t["y"]) for t in chart["data"]] == [
        ("Unknown outlet", ["2025-11-07"], [3]),
        ("Фокус", ["2025-11-07"], [1]),
    ]
    undated = "1 article without a publication date: not in the chart, counted apart."
    assert undated in [c.value for c in at.caption]  # Коммерсантъ's article has no date


def test_coverage_volume_follows_the_filters(page):
    at = page()
    at.multiselect(key="source").set_value(["Коммерсантъ"]).run()
    assert charts_titled(at, "Articles per day") == []
    assert frame_with(at, "day", "outlet", "articles").empty
    assert "1 article without a publication date: not in the chart, counted apart." in [
        c.value for c in at.caption
    ]


# --- Search ---------------------------------------------------------------------------------------


def sentences_shown(at) -> list[str]:
    return [
        h.proto.body.split('<div class="sl-text">')[1] for h in at.get("html") if "sl-text" in h.proto.body
    ]


def test_search_any_case_and_yo_highlighted_in_context(page):
    at = page("search")
    assert at.title[0].value == "Search"
    at.text_input(key="text").set_value("ПАРТНЁР").run()
    assert "2 matches in 2 sentences of 2 articles from 2 sources." in [m.value for m in at.markdown]
    shown = sentences_shown(at)
    assert len(shown) == 2
    assert any('стратегического <span class="sl-hit" title="match">партнер</span>ства' in s for s in shown)
    assert any('с ключевыми <span class="sl-hit" title="match">партнёр</span>ами' in s for s in shown)
    assert [link.proto.label for link in at.get("page_link") if link.proto.label == "Open article"] == [
        "Open article"
    ] * 2
    hits = frame_with(at, "sentence", "hits", "article id")
    assert sorted(hits["article id"].str[:3]) == ["001", "002"]


def test_search_query_lives_in_the_url_and_follows_the_filters(data_dir, use_data):
    from streamlit.testing.v1 import AppTest

    use_data(data_dir)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"text": "казахстан", "source": "Фокус"})
    at.run()
    at.switch_page("views/search.py").run()
    assert at.text_input(key="text").value == "казахстан"
    assert "9 matches in 9 sentences of 1 article from 1 source." in [m.value for m in at.markdown]
    assert set(frame_with(at, "sentence", "article id")["article id"]) == {FOKUS}
    assert frame_with(at, "source", "articles", "sentences").values.tolist() == [["Фокус", 1, 9, 9]]


def test_a_search_is_not_the_entity_search(data_dir, use_data):
    """Search and Entities each keep their own query (both used the key "q": one page's words
    filled the other's box)."""
    use_data(data_dir)
    at = launch("search")
    at.text_input(key="text").set_value("договор").run()
    at.switch_page("views/entities.py").run()
    assert at.text_input(key="q").value == ""


def test_search_with_no_hit_says_so(page):
    at = page("search")
    at.text_input(key="text").set_value("Ryanair").run()
    assert [i.value for i in at.info] == ["No sentence of the selected articles contains “Ryanair”."]


def test_search_escapes_the_text_and_memoises_each_query(data_dir, use_data):
    use_data(data_dir)
    from dashboard.components.search import highlighted
    from dashboard.data.filters import Filters
    from dashboard.data.fulltext import matches, query_key, search
    from dashboard.data.load import load

    text = '<b>Путин</b> & "путин"'
    html = highlighted(text, matches(text, query_key("ПУТИН")))
    assert '&lt;b&gt;<span class="sl-hit" title="match">Путин</span>&lt;/b&gt; &amp; &quot;' in html
    assert "<b>" not in html
    dataset = load()
    first = search(dataset, "Путин", Filters())
    assert first is search(dataset, "  путин ", Filters())  # one scan per query
    assert first[1].values.tolist() == [[FOKUS, 3, 3]]


def test_roles_name_countries_in_english(page):
    at = page("map")
    roles = frame_with(at, "country", "iso3").set_index("iso3")
    assert roles.loc[["ISR", "ARE", "EGY"], "country"].tolist() == ["Israel", "United Arab Emirates", "Egypt"]
    israel = [h for h in hovers(figure(at)) if h.startswith("<b>Israel</b> — ")]
    assert len(israel) == 2  # its outline and its marker


def test_coverage_opens_on_the_busy_days_when_a_stray_article_is_years_away():
    from dashboard.components.charts import coverage, daily_coverage

    days = ["2014-10-17"] + [f"2018-11-{d:02d}" for d in range(1, 21)] * 2
    articles = pd.DataFrame({"published": days + [""], "outlet": ["a.ru", *["b.ru", "c.ru"] * 20, ""]})
    counts, undated = daily_coverage(articles, "Unknown outlet")
    assert undated == 1 and len(counts) == 21 and counts["articles"].sum() == 41
    layout = coverage(counts).to_plotly_json()["layout"]
    assert layout["title"]["text"] == "Articles per day: the busiest days (the slider below shows every day)"
    start, end = (pd.Timestamp(x) for x in layout["xaxis"]["range"])
    assert pd.Timestamp("2018-10-30") <= start <= pd.Timestamp("2018-11-02") and end >= pd.Timestamp(
        "2018-11-19"
    )
    assert layout["xaxis"]["rangeslider"]["visible"] is True


def test_search_keeps_markup_in_an_article_as_text(hostile, use_data):
    from streamlit.testing.v1 import AppTest

    use_data(hostile)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["text"] = "script>"
    at.run()
    at.switch_page("views/search.py").run()
    shown = sentences_shown(at)
    literal = [
        s for s in shown if '&lt;<span class="sl-hit" title="match">script&gt;</span>alert(1)&lt;/' in s
    ]
    assert len(literal) == 2  # the opening sentence and Токаев's quote, both in the hostile article
    # the fixture gave every entity an English name with "<script>": a Latin query names them all, so
    # their Russian forms are found too, and marked, never as markup
    assert len(shown) > 2 and all('<span class="sl-hit"' in s for s in shown)
    assert not [s for s in shown if "<script" in s or "<img" in s]
