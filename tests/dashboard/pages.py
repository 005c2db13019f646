"""What the dashboard tests share: the seed articles they name, the hostile corpus's text, and
readers of a page run in AppTest (its article cards, a table by its columns, its HTML)."""

from __future__ import annotations

import re

import pandas as pd
from streamlit.testing.v1 import AppTest

# The seed articles (seeds/*.txt) by their ids.
FIRST = "000_2889c3e23c9954a7"
SECOND = "001_f2c8b14476094b1d"
THIRD = "002_12d9e139bae2c6c1"  # an article of no known outlet, as the first two
KOMMERSANT = "003_d0884956e55f9437"
FOKUS = "004_9612a995b4a4a15c"

# The hostile corpus (the ``hostile`` fixture): markup in an article, its title, its outlet and the
# names given to its entities and speakers; an English article; and an empty file.
HOSTILE = "000_hostile"
ENGLISH = "001_english"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
LINK = "[click](javascript:alert(3))"
OUTLET = f'{IMAGE} **Bold "Outlet"** & Co'
HOSTILE_TEXT = (
    f" date 2025-11-07 {SCRIPT} Казахстан присоединился к Авраамовым соглашениям {IMAGE} **жирно** {LINK}.\n\n"
    "Президент Казахстана Касым-Жомарт Токаев заявил 6 ноября 2025 года: "
    f"«{SCRIPT} Мы присоединяемся к соглашениям {IMAGE}», сообщает РИА Новости.\n\n"
    "В 2020 году соглашения подписали ОАЭ и Бахрейн, а Марокко присоединилось к ним позже.\n"
)
ENGLISH_TEXT = (
    " date 2025-11-07 Kazakhstan joined the Abraham Accords on Thursday, President Tokayev said in "
    "Washington. The accords were first signed in 2020 by the UAE and Bahrain.\n"
)
SECOND_TEXT = (
    " date 2025-11-06 Казахстан присоединится к Авраамовым соглашениям, сообщил Дональд Трамп. "
    "В 2020 году соглашения подписали ОАЭ и Бахрейн.\n"
)

CARD = re.compile(r"`(\d{3}_[0-9a-f]{16})`$")


def cards(at: AppTest) -> set[str]:
    """The articles whose cards the page shows (the Overview's list)."""
    assert not at.exception, [e.value for e in at.exception]
    return {m.group(1) for m in (CARD.search(md.value) for md in at.markdown) if m}


def frame_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first dataframe shown that has all ``columns``."""
    assert not at.exception, [e.value for e in at.exception]
    for element in at.dataframe:
        if set(columns) <= set(element.value.columns):
            return element.value
    raise AssertionError(f"no table with columns {columns}")


def html(at: AppTest) -> str:
    """Every HTML block the page shows, one after another."""
    return "\n".join(h.proto.body for h in at.get("html"))
