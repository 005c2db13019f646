"""End to end in headless Chromium: the real server, every page, a filter shared through the URL.

Starts ``streamlit run dashboard/app.py`` on a free port with the seed tables, drives Debian's
Chromium through Playwright, and saves a screenshot per page under ``tests/artifacts/``.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError

from tests.dashboard.browser import ARTIFACTS, CHROMIUM, serve, settle
from tests.dashboard.pages import FOKUS, HOSTILE, KOMMERSANT, OUTLET, SCRIPT, THIRD

PAGES = {  # url path -> (page heading, an element drawn once the page is complete)
    "map": ("Map", ".js-plotly-plot canvas"),
    "": ("Story overview", "a:has-text('Open article')"),
    "timeline": ("Timeline", ".js-plotly-plot .bars"),
    "compare": ("Compare two articles", ".sl-align"),
    "discrepancies": ("Discrepancies", ".sl-value"),
    "entities": ("Entities", "h3:has-text('Mentions of')"),
    "search": ("Search", "p:has-text('Type at least')"),
    "sources": ("Sources", ".js-plotly-plot .heatmaplayer"),
    "article": ("Unknown outlet", ".sl-date"),
    "about": ("About / Methods", "h3:has-text('Tables')"),
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    tab = context.new_page()
    tab.outside = []  # requests that leave localhost: the app must work offline
    tab.on(
        "request",
        lambda r: None if urlparse(r.url).hostname in (None, "localhost") else tab.outside.append(r.url),
    )
    tab.server = server
    yield tab
    context.close()


def _open(tab, path: str) -> None:
    tab.goto(f"{tab.server}/{path}")
    settle(tab, *PAGES[path])


def cards(tab, expected: int) -> int:
    """Number of article cards, once it reaches ``expected`` (the page draws them one by one)."""
    count = "Array.from(document.querySelectorAll('a')).filter(a => a.textContent.includes('Open article')).length"
    with contextlib.suppress(TimeoutError):
        tab.wait_for_function(f"() => {count} === {expected}", timeout=15_000)
    return tab.evaluate(f"() => {count}")


def test_every_page_draws_offline(page):
    """Deep links work on a fresh server (the map is visited first), nothing is fetched from outside."""
    ARTIFACTS.mkdir(exist_ok=True)
    for path in PAGES:
        _open(page, path)
        assert page.get_by_test_id("stException").count() == 0, path
        if path == "map":
            page.wait_for_timeout(1500)  # maplibre paints after the canvas appears
        page.screenshot(path=ARTIFACTS / f"{path or 'overview'}.png")
    assert page.outside == []


def test_filter_lives_in_the_url_and_survives_reload(page):
    _open(page, "")
    assert cards(page, 5) == 5
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("combobox", name="Source / outlet").click()
    page.get_by_role("option", name="Коммерсантъ").click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('source=')", timeout=15_000)
    assert parse_qs(urlparse(page.url).query)["source"] == ["Коммерсантъ"]
    assert cards(page, 1) == 1
    page.screenshot(path=ARTIFACTS / "overview-filtered.png")

    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    settle(page, *PAGES[""])
    assert cards(page, 1) == 1
    assert page.get_by_text("date unknown").first.is_visible()
    assert sidebar.get_by_text("Коммерсантъ").first.is_visible()

    page.get_by_role("link", name="Timeline").click()  # the filter follows the analyst across pages
    settle(page, *PAGES["timeline"])
    assert parse_qs(urlparse(page.url).query)["source"] == ["Коммерсантъ"]


def test_article_link_opens_the_article(page):
    page.goto(f"{page.server}/?article={KOMMERSANT}")
    settle(page, "Коммерсантъ", ".sl-ent-PER")
    assert urlparse(page.url).path == "/article"
    assert page.locator(".sl-ent-PER").first.is_visible()
    page.screenshot(path=ARTIFACTS / "article.png")


EGYPT = re.compile(r"^Egypt · Египет \(")  # the entity's label, whatever it calls its type


def query(tab) -> dict[str, list[str]]:
    return parse_qs(urlparse(tab.url).query)


def fresh(browser, url: str):
    """A new browser (no cookies, no session) opening ``url``: a link pasted by someone else."""
    tab = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
    tab.goto(url)
    return tab


def test_a_pasted_article_url_opens_that_article_and_follows_the_choice(browser, server):
    tab = fresh(browser, f"{server}/article?article={THIRD}")
    settle(tab, "Unknown outlet", ".sl-date")
    assert tab.get_by_text(f"{THIRD}.txt").is_visible()
    assert query(tab) == {"article": [THIRD]} and urlparse(tab.url).path == "/article"
    tab.get_by_role("combobox", name="Article").click()
    tab.get_by_role("option", name="Фокус · 2025-11-07").click()
    settle(tab, "Фокус", ".sl-date")
    tab.wait_for_function(f"() => location.search.includes('{FOKUS}')", timeout=15_000)
    assert query(tab) == {"article": [FOKUS]}

    tab.get_by_role("link", name="Timeline").click()  # the article stays with its page
    settle(tab, *PAGES["timeline"])
    assert "article" not in query(tab)
    tab.get_by_role("link", name="Article", exact=True).click()
    settle(tab, "Фокус", ".sl-date")
    tab.wait_for_function("() => location.search.includes('article=')", timeout=15_000)
    assert query(tab) == {"article": [FOKUS]}
    tab.context.close()


def test_shared_filter_and_article_link_are_ids(page, browser):
    _open(page, "")
    page.get_by_test_id("stSidebar").get_by_role("combobox", name="Entities").click()
    page.keyboard.type("Egypt")
    page.get_by_role("option", name=EGYPT).click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('entity=')", timeout=15_000)
    assert query(page) == {"entity": ["loc:egypt"]}
    assert cards(page, 2) == 2
    page.get_by_role("link", name="Open article").nth(1).click()
    settle(page, "Unknown outlet", ".sl-date")
    page.wait_for_function("() => location.search.includes('entity=')", timeout=15_000)
    shared = page.url
    assert query(page) == {"entity": ["loc:egypt"], "article": ["001_f2c8b14476094b1d"]}

    tab = fresh(browser, shared)
    settle(tab, "Unknown outlet", ".sl-date")
    assert tab.get_by_text("001_f2c8b14476094b1d.txt").is_visible()
    assert tab.get_by_test_id("stSidebar").get_by_text(EGYPT).is_visible()
    tab.get_by_role("link", name="Overview").click()
    settle(tab, *PAGES[""])
    assert cards(tab, 2) == 2 and query(tab) == {"entity": ["loc:egypt"]}
    tab.context.close()


def test_a_pasted_compare_url_opens_the_pair(browser, server):
    tab = fresh(browser, f"{server}/compare?a={FOKUS}&b={KOMMERSANT}")
    settle(tab, *PAGES["compare"])
    assert tab.get_by_role("combobox", name="Article A").input_value().startswith("Фокус · 2025-11-07")
    assert (
        tab.get_by_role("combobox", name="Article B").input_value().startswith("Коммерсантъ · date unknown")
    )
    assert query(tab) == {"a": [FOKUS], "b": [KOMMERSANT]}
    tab.context.close()


def test_hostile_article_stays_text(browser, hostile):
    """Markup in an article, its title and its outlet shows as typed: no dialog opens, no element is
    injected, nothing shows escaped twice."""
    with serve(hostile) as url:
        tab = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
        dialogs = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path, ready in (
            (f"article?article={HOSTILE}", ".sl-text"),
            ("", "a:has-text('Open article')"),
            ("timeline", ".js-plotly-plot .legendtext"),
            ("entities", "h3:has-text('Mentions of')"),
            ("sources", ".js-plotly-plot"),
        ):
            tab.goto(f"{url}/{path}")
            tab.locator(ready).first.wait_for(timeout=30_000)
            tab.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000
            )
            assert tab.get_by_test_id("stException").count() == 0, path
            assert tab.evaluate("() => document.querySelectorAll('[onerror]').length") == 0, path
            scripts = "() => [...document.scripts].filter(s => s.textContent.includes('alert(')).length"
            assert tab.evaluate(scripts) == 0, path
            assert tab.locator("a[href^='javascript' i]").count() == 0, path
            if path.startswith("article"):
                assert tab.locator("h1").first.inner_text() == OUTLET
                assert SCRIPT in tab.locator(".sl-text").first.inner_text()
                tab.screenshot(path=ARTIFACTS / "hostile-article.png")
            if path == "timeline":
                legend = tab.evaluate(
                    "() => [...document.querySelectorAll('.legendtext')].map(e => e.textContent).join(' ')"
                )
                assert OUTLET in legend and "&quot;" not in legend and "&amp;" not in legend
        assert dialogs == []
