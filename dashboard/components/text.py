"""Untrusted text made inert for each place it is shown, and article text as HTML with layers.

Every string that comes from a corpus (article text, titles, outlets, entity names, quotes) is
escaped exactly once, here, for where it goes: ``html.escape`` for HTML, ``md`` for Streamlit
Markdown, ``plotly_text`` for Plotly labels. Only the tags built here are raw HTML.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.core.codes import Boilerplate, MentionForm
from analysis.core.schema import CONTRADICTIONS, DATES, MENTIONS, SENTENCES, Col
from dashboard.words import both_names, code_label, time_label

ENTITY_COLOURS = {"PER": "#fde2b3", "ORG": "#cfe3fb", "LOC": "#cdeccd", "MISC": "#ead7f5"}
ALIGN_COLOURS = {"verbatim": "#d62728", "near_verbatim": "#ff7f0e", "paraphrase": "#1f77b4"}

CSS = (
    "<style>"
    ".sl-text{white-space:pre-wrap;line-height:1.7;font-size:0.95rem}"
    ".sl-boiler{color:#9a9a9a}"
    ".sl-date{text-decoration:underline 2px #8a5a00;text-underline-offset:3px}"
    ".sl-ent{border-radius:3px;padding:0 1px}"
    + "".join(f".sl-ent-{t}{{background:{c}}}" for t, c in ENTITY_COLOURS.items())
    + ".sl-align{border-bottom:3px solid;text-decoration:none;color:inherit}"
    + "".join(f".sl-align-{k}{{border-color:{c}}}" for k, c in ALIGN_COLOURS.items())
    + ".sl-badge{font-size:0.7rem;font-weight:600;vertical-align:super;margin-right:2px}"
    ".sl-value{background:#ffe08a;font-weight:600;border-radius:3px;padding:0 2px}"
    "</style>"
)


MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$])")


def md(text: str) -> str:
    """Untrusted text for Streamlit Markdown (markdown, captions, titles, alerts), shown literally.

    ``&``, ``<`` and ``>`` become entities and Markdown punctuation is backslash-escaped, so no
    HTML, link, emphasis, LaTeX or ``:color[...]`` directive takes effect; line breaks become spaces.
    """
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


def code(text: str) -> str:
    """Untrusted text as a Markdown code span, shown literally whatever backticks it holds."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def plotly_text(text: str) -> str:
    """Untrusted text for a Plotly tick, legend, label or hover, shown literally.

    Plotly reads a few tags (``<b>``, ``<a href>``...) but decodes only some entities (not
    ``&quot;``), so only ``&``, ``<`` and ``>`` are escaped.
    """
    return html.escape(str(text), quote=False)


@dataclass(frozen=True)
class Span:
    """A layer over ``text[start:end]``: a CSS class, a tooltip, optional anchor id/link and badge."""

    start: int
    end: int
    css: str
    title: str = ""
    anchor: str = ""
    href: str = ""
    badge: str = ""


def _open(span: Span) -> str:
    attrs = f' class="{html.escape(span.css)}"'
    if span.title:
        attrs += f' title="{html.escape(span.title)}"'
    if span.anchor:
        attrs += f' id="{html.escape(span.anchor)}"'
    if span.href:
        return f'<a href="#{html.escape(span.href)}"{attrs}>'
    return f"<span{attrs}>"


def render(text: str, spans: Iterable[Span], offset: int = 0) -> str:
    """``text`` (which starts at ``offset`` of the raw text) as escaped HTML with ``spans`` layered on."""
    spans = [
        Span(
            max(s.start - offset, 0),
            min(s.end - offset, len(text)),
            s.css,
            s.title,
            s.anchor,
            s.href,
            s.badge,
        )
        for s in spans
        if s.end > offset and s.start < offset + len(text) and s.end > s.start
    ]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = sorted(
            (s for s in spans if s.start <= left and s.end >= right), key=lambda s: (s.start - s.end, s.css)
        )
        badges = "".join(
            f'<span class="sl-badge">{html.escape(s.badge)}</span>'
            for s in active
            if s.badge and s.start == left
        )
        piece = html.escape(text[left:right])
        for span in reversed(active):
            piece = f"{_open(span)}{piece}</{'a' if span.href else 'span'}>"
        out.append(badges + piece)
    return f'{CSS}<div class="sl-text">{"".join(out)}</div>'


def value_in_sentence(
    raw_text: str, sentence: tuple[int, int], value: tuple[int, int], title: str = ""
) -> str:
    """The sentence ``raw_text[start:end]`` as escaped HTML with the value at ``value`` (offsets into the
    raw text too) highlighted."""
    start, end = sentence
    return render(raw_text[start:end], [Span(value[0], value[1], "sl-value", title)], offset=start)


def hover(text: str, width: int = 70, limit: int = 220) -> str:
    """Untrusted text for a Plotly hover label: shortened, escaped, wrapped with ``<br>``."""
    short = textwrap.shorten(text, limit, placeholder="…")
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(short, width))


def type_label(code: str) -> str:
    """An entity type in words ("Person" for PER)."""
    return code_label(Col.TYPE, code, {})


def entity_spans(mentions: pd.DataFrame, names: Mapping[str, tuple[str, str]]) -> list[Span]:
    """One span per mention; tooltip = English and Russian name (``words.both_names``) and type, and
    for a place named by its adjective ("российские" for Russia) that it is the adjective."""
    spans = []
    for m in mentions.itertuples(index=False):
        name, name_en = names.get(m.entity_id, (m.normal, ""))
        form = getattr(m, Col.MENTION_FORM, MentionForm.NAME)
        how = (
            f"; {str(code_label(Col.MENTION_FORM, form, {})).lower()}"
            if form == MentionForm.ADJECTIVE
            else ""
        )
        title = f"{both_names(name_en, name)} ({type_label(m.type)}{how})"
        spans.append(Span(int(m.start), int(m.end), f"sl-ent sl-ent-{m.type}", title))
    return spans


def date_spans(dates: pd.DataFrame) -> list[Span]:
    """One span per temporal expression; tooltip = the time it resolves to, in words ("week of 24 Sep
    2018", "1987 – 2014"), or why it does not."""
    return [
        Span(
            int(d.start),
            int(d.end),
            "sl-date",
            " – ".join(map(time_label, d.value.split("/"))) if d.resolved else d.reason or d.text,
        )
        for d in dates.itertuples(index=False)
    ]


# Boilerplate the build found from the whole corpus (``analysis/build/boilerplate.py``): shown with a badge
# and listed with its reason, since no rule of the line alone tells it from prose.
FOUND = (Boilerplate.REPEATED, Boilerplate.FOOTER)


def boilerplate_spans(sentences: pd.DataFrame) -> list[Span]:
    """Greyed boilerplate; tooltip = its kind, and why for boilerplate found from the corpus."""
    prose = sentences[sentences[Col.BOILERPLATE] != ""]
    spans = []
    for s in prose.itertuples():
        kind = code_label(Col.BOILERPLATE, s.boilerplate, {}).lower()
        why = f" ({s.reason}), not read by any analysis" if s.reason else ""
        badge = kind if s.boilerplate in FOUND else ""
        spans.append(Span(int(s.start), int(s.end), "sl-boiler", f"boilerplate: {kind}{why}", badge=badge))
    return spans


def found_boilerplate(sentences: pd.DataFrame) -> list[tuple[str, str]]:
    """(text, reason) of each passage of an article the build left out as boilerplate found from the
    corpus (``FOUND``)."""
    rows = sentences[sentences[Col.BOILERPLATE].isin(FOUND)]
    return list(zip(rows[Col.TEXT], rows[Col.REASON], strict=True))


def outside_body(raw_text: str, body_start: int, body_end: int) -> list[Span]:
    """Header and trailer around the body (the date line...), greyed like boilerplate."""
    spans = [Span(0, body_start, "sl-boiler", "header")] if body_start > 0 else []
    return spans + (
        [Span(body_end, len(raw_text), "sl-boiler", "trailer")] if body_end < len(raw_text) else []
    )


def alignment_spans(sentences: pd.DataFrame, pairs: pd.DataFrame, side: str, other: str) -> list[Span]:
    """Aligned sentences of side ``A`` or ``B`` (``pairs`` from ``data.sources.aligned_pairs``), each linked to its partner."""
    by_id = sentences.set_index(Col.SENTENCE_ID)
    spans = []
    for p in pairs.itertuples(index=False):
        s = by_id.loc[getattr(p, f"sentence_{side.lower()}")]
        spans.append(
            Span(
                int(s[Col.START]),
                int(s[Col.END]),
                f"sl-align sl-align-{p.kind}",
                f"{code_label(Col.KIND, p.kind, {})} ({p.score:.2f}) — jump to {other}",
                anchor=f"{side}-{p.n}",
                href=f"{other}-{p.n}",
                badge=f"[{p.n}]",
            )
        )
    return spans


def article_spans(
    article: pd.Series, layers: Mapping[str, pd.DataFrame], names: Mapping[str, tuple[str, str]]
) -> list[Span]:
    """Every layer of one article (its row of the articles table) from whatever tables ``layers`` holds
    (``data.layers.article_layers``): header, boilerplate, entities
    (``names``: entity id -> Russian and English name), dates and the values other sources dispute."""
    spans = outside_body(article[Col.RAW_TEXT], int(article[Col.BODY_START]), int(article[Col.BODY_END]))
    if SENTENCES in layers:
        spans += boilerplate_spans(layers[SENTENCES])
    if MENTIONS in layers:
        spans += entity_spans(layers[MENTIONS], names)
    if DATES in layers:
        spans += date_spans(layers[DATES])
    if CONTRADICTIONS in layers:
        spans += disputed_spans(layers[CONTRADICTIONS])
    return spans


def disputed_spans(rows: pd.DataFrame) -> list[Span]:
    """The values of ``rows`` (contradictions of one article, ``data.story.worded``); tooltip: what is disputed,
    and with how many."""
    return [
        Span(
            int(r.value_start),
            int(r.value_end),
            "sl-value",
            f"{r.subject} — {r.measure}: {r.value} (disputed among {r.n_sources} articles)",
        )
        for r in rows.itertuples(index=False)
    ]


def legend() -> str:
    """Legend for the layers, as HTML (fixed strings only)."""
    items = [f'<span class="sl-ent sl-ent-{t}">{type_label(t).lower()}</span>' for t in ENTITY_COLOURS]
    items += ['<span class="sl-date">date</span>', '<span class="sl-value">disputed value</span>']
    items += ['<span class="sl-boiler">boilerplate</span>']
    return CSS + '<div style="font-size:0.8rem">' + " &nbsp; ".join(items) + "</div>"


def align_legend() -> str:
    items = [
        f'<a class="sl-align sl-align-{k}">{code_label(Col.KIND, k, {}).lower()}</a>' for k in ALIGN_COLOURS
    ]
    return CSS + '<div style="font-size:0.8rem">aligned passages: ' + " &nbsp; ".join(items) + "</div>"
