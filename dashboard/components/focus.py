"""Sentences a link asks a page to show: marked in the article's text and scrolled to inside the text's
scrolling box (Compare opened from a discrepancy shows the two disputed sentences at once).

The script only scrolls: it reads no article text, and the anchor it looks for is a fixed id.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.core.schema import Col
from dashboard.components.text import Span

CSS = (
    "<style>.sl-focus{background:#fff1b8;box-shadow:0 0 0 2px #e6a700;border-radius:2px}"
    ".sl-focus .sl-value{background:#ffd24d}</style>"
)
TITLE = "the sentence the link points to"


def anchor(side: str) -> str:
    """The id of the first sentence marked on side ``A`` or ``B``."""
    return f"sl-focus-{side}"


def spans(sentences: pd.DataFrame, ids: Iterable[int], side: str) -> list[Span]:
    """The sentences ``ids`` (``sentence_id`` of ``sentences``, one article's) marked, the first with the
    side's ``anchor``; ids the article lacks are left out."""
    chosen = sentences[sentences[Col.SENTENCE_ID].isin(set(ids))].sort_values(Col.START)
    return [
        Span(int(row.start), int(row.end), "sl-focus", TITLE, anchor=anchor(side) if i == 0 else "")
        for i, row in enumerate(chosen.itertuples(index=False))
    ]


def scroll_script(side: str) -> str:
    """A script scrolling the nearest scrolling box around side ``side``'s ``anchor`` so the sentence
    stands a third of the way down (run by ``st.html(..., unsafe_allow_javascript=True)``)."""
    return (
        "<script>setTimeout(() => {"
        f'const mark = document.getElementById("{anchor(side)}");'
        "let box = mark && mark.parentElement;"
        "while (box && !(box.scrollHeight > box.clientHeight"
        " && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;"
        "if (mark && box) box.scrollTop += mark.getBoundingClientRect().top"
        " - box.getBoundingClientRect().top - box.clientHeight / 3;"
        "}, 150);</script>"
    )
