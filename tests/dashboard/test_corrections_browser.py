"""In headless Chromium on the real server: two entities merged on the Entities page are one entity in a
fresh browser (another analyst opening the same tables), marked as corrected, the machine's original
beside it."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.schema import Col
from tests.dashboard.browser import ARTIFACTS, CHROMIUM, serve, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]
MENTIONS = "h3:has-text('Mentions of')"


def _id(data, name: str) -> str:
    entities = pd.read_parquet(data / "entities.parquet")
    return entities.loc[entities[Col.NAME] == name, Col.ENTITY_ID].iloc[0]


def _tab(browser, url: str):
    tab = browser.new_context(viewport={"width": 1400, "height": 1800}).new_page()
    tab.goto(url)
    settle(tab, "Entities", MENTIONS)
    return tab


def test_two_entities_merged_in_the_browser_are_one_after_a_reload_in_a_fresh_browser(browser, correcting):
    _, data = correcting
    washington = _id(data, "Вашингтон")
    with serve(data) as url:
        before = _tab(browser, f"{url}/entities?q=Белый")
        assert before.locator(MENTIONS).inner_text() == "Mentions of White House · Белый дом (Place)"
        tab = _tab(browser, f"{url}/entities?focus={washington}")
        tab.get_by_text("Correct this entity").click()
        tab.get_by_role("tab", name="Merge").click()
        choose = tab.get_by_role("combobox", name="Merge with")
        choose.click()
        choose.fill("Белый дом")
        tab.keyboard.press("Enter")
        tab.keyboard.press("Escape")
        tab.get_by_role("textbox", name="English name of the one entity (optional)").fill("Washington DC")
        tab.get_by_role("button", name="Merge", exact=True).click()
        tab.get_by_text("Merged: applied in").wait_for(timeout=120_000)
        tab.screenshot(path=ARTIFACTS / "corrections-merged.png", full_page=True)

        fresh = _tab(browser, f"{url}/entities?q=Белый")  # no session: what anyone opening the app sees
        assert fresh.locator(MENTIONS).inner_text() == "Mentions of Washington DC · Вашингтон (Place)"
        assert fresh.locator("p", has_text="✎ Merged by anna").first.is_visible()  # the table cell is canvas
        assert fresh.get_by_text("the machine's original: «Вашингтон»").is_visible()
    entities = pd.read_parquet(data / "entities.parquet")
    assert "Белый дом" not in set(entities[Col.NAME])
    assert entities.loc[entities[Col.ENTITY_ID] == washington, Col.N_MENTIONS].iloc[0] == 15
