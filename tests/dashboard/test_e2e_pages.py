"""Pages that answer quickly, in headless Chromium on the real server with the seed tables: nothing cut
off at a laptop's width, a click on the map shows the country clicked (a small state too), search from a
shared URL. Screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.dashboard.browser import ARTIFACTS, CHROMIUM, settle

WIDTH = 1280  # a laptop: the sidebar open, the main column about 800 px wide

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

# Elements whose text overflows its box (CSS cuts it with "…"), as "testid: text".
OVERFLOWING = """(selector) => [...document.querySelectorAll(selector)]
    .flatMap(box => [box, ...box.querySelectorAll('*')])
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.closest('[data-testid]').dataset.testid + ': ' + e.textContent)"""


@pytest.fixture
def tab(browser, server):
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000})
    page = context.new_page()
    page.server = server
    yield page
    context.close()


def test_overview_metrics_are_whole_at_laptop_width(tab):
    tab.goto(tab.server)
    settle(tab, "Story overview", "a:has-text('Open article')")
    selector = "[data-testid='stMetricLabel'], [data-testid='stMetricValue']"
    shown = tab.evaluate("(s) => [...document.querySelectorAll(s)].map(e => e.textContent)", selector)
    assert shown == [
        "Articles",
        "5",
        "Outlets",
        "2",
        "Published",
        "7 Nov 2025",
        "Entities",
        "52",
        "Events",
        "15",
    ]
    assert tab.evaluate(OVERFLOWING, selector) == []
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=ARTIFACTS / "overview-1280.png")


def test_timeline_row_labels_are_inside_the_figure(tab):
    tab.goto(f"{tab.server}/timeline")
    settle(tab, "Timeline", ".js-plotly-plot .bars")
    outside = tab.evaluate(
        """() => {
            const plot = document.querySelector('.js-plotly-plot').getBoundingClientRect();
            return [...document.querySelectorAll('.js-plotly-plot .ytick text')]
                .filter(t => t.getBoundingClientRect().left < plot.left - 1).map(t => t.textContent);
        }"""
    )
    assert outside == []
    ticks = tab.evaluate("() => document.querySelectorAll('.js-plotly-plot .ytick text').length")
    # the clusters dated inside the news days (4–9 Nov 2025), which it opens on; longer spans (the
    # accords 2020–2025 as one source dates them) are background, drawn by the wider zooms
    assert ticks == 7
    tab.screenshot(path=ARTIFACTS / "timeline-1280.png")


def _click_country(tab, lon: float, lat: float) -> None:
    """Click the map at a point, placed by the map's own projection."""
    x, y = tab.evaluate(
        """([lon, lat]) => {
            const plot = document.querySelector('.js-plotly-plot');
            const map = plot._fullLayout.map._subplot.map;
            const box = map.getCanvas().getBoundingClientRect();
            const at = map.project([lon, lat]);
            return [box.left + at.x, box.top + at.y];
        }""",
        [lon, lat],
    )
    tab.mouse.move(x, y)
    tab.wait_for_timeout(300)
    tab.mouse.click(x, y)


@pytest.mark.parametrize(("iso3", "name"), [("ISR", "Israel"), ("BHR", "Bahrain"), ("KAZ", "Kazakhstan")])
def test_a_click_on_the_map_shows_that_country(tab, iso3, name):
    from dashboard.components.worldmap import country_shapes
    from dashboard.data.places import countries_geojson

    lon, lat, _ = country_shapes(countries_geojson())[iso3]
    tab.goto(f"{tab.server}/map")
    settle(tab, "Map", ".js-plotly-plot canvas")
    tab.wait_for_timeout(1500)  # maplibre paints after the canvas appears
    country = tab.get_by_role("combobox", name="Country")
    assert country.input_value() != name  # the list opens on another country
    _click_country(tab, lon, lat)
    tab.wait_for_function(
        "(name) => document.querySelector('input[aria-label=Country]').value === name",
        arg=name,
        timeout=15_000,
    )
    tab.screenshot(path=ARTIFACTS / f"map-click-{iso3}.png")


def test_search_from_a_shared_url(tab):
    tab.goto(f"{tab.server}/search?text=партнёр")
    settle(tab, "Search", ".sl-hit")
    marks = tab.evaluate("() => [...document.querySelectorAll('.sl-hit')].map(e => e.textContent)")
    assert sorted(marks) == ["партнер", "партнёр"]
    assert parse_qs(urlparse(tab.url).query)["text"] == ["партнёр"]
    tab.screenshot(path=ARTIFACTS / "search.png")
