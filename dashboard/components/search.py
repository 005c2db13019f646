"""Full-text search hits on screen: a sentence with each match marked (``data.fulltext`` finds them)."""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.components.text import Span, render

# A match marked inside a word without padding, which would split the word on screen.
HIT_CSS = "<style>.sl-hit{background:#ffe08a;font-weight:600;border-radius:2px}</style>"


def highlighted(text: str, found: Iterable[tuple[int, int]]) -> str:
    """The sentence as escaped HTML with each match (``found``: start and end offsets into ``text``,
    ``data.fulltext.matches``) marked (``text.render``)."""
    return HIT_CSS + render(text, [Span(start, end, "sl-hit", "match") for start, end in found])
