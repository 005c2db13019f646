"""Provenance drawn: the who-copies-whom graph, copied sentences marked in an article's text, and the
story's share of original reporting in words. Takes the frames of ``dashboard.data.copies``; every
outlet name and label is escaped here (``plotly_text``, ``Span`` titles and badges are escaped by
``text.render``)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from analysis.core.schema import Col
from dashboard.components.text import Span, md, plotly_text

TICK_CHARS = 40  # a node's name on the graph at most
BADGE_CHARS = 32  # a source's name in a badge at most
# Status (``data.copies``) -> colour of its mark in the text.
COLOURS = {"copied": "#c0392b", "first": "#2e8b57", "same day": "#e69f00", "undated": "#e69f00"}
UNATTRIBUTED, ATTRIBUTED = "#c0392b", "#2c7fb8"  # edges mostly naming no outlet, or naming one
CSS = (
    "<style>"
    ".sl-copy{border-bottom:3px dotted;padding-bottom:1px}"
    + "".join(f".sl-copy-{k.replace(' ', '-')}{{border-color:{c}}}" for k, c in COLOURS.items())
    + ".sl-copy-same-day,.sl-copy-undated{border-bottom-style:dashed}"
    "</style>"
)
NAMES = {"first": "names the first publisher", "other": "names another outlet", "none": "names no outlet"}


def _short(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _ys(names: list[str]) -> dict[str, float]:
    """Heights from 1 (the first) to 0 (the last); one name in the middle."""
    return {n: 1 - i / (len(names) - 1) if len(names) > 1 else 0.5 for i, n in enumerate(names)}


def _nodes(figure: go.Figure, left: tuple[list[str], dict], right: tuple[list[str], dict]) -> None:
    """The sources on both sides, named (escaped, shortened; the hover has the whole name), and the legend
    of the edges."""
    for (names, ys), x, colour, position in (
        (left, 0, "#2e8b57", "middle left"),
        (right, 1, "#7f7f7f", "middle right"),
    ):
        figure.add_scatter(
            x=[x] * len(names),
            y=[ys[n] for n in names],
            mode="markers+text",
            text=[plotly_text(_short(n, TICK_CHARS)) for n in names],
            textposition=position,
            marker={"size": 12, "color": colour},
            hovertext=[plotly_text(n) for n in names],
            hoverinfo="text",
            showlegend=False,
        )
    for name, colour, dash in (
        ("mostly naming a source", ATTRIBUTED, "solid"),
        ("mostly naming no outlet", UNATTRIBUTED, "solid"),
        ("order mostly not known", "#7f7f7f", "dash"),
    ):
        figure.add_scatter(x=[None], y=[None], mode="lines", name=name, line={"color": colour, "dash": dash})


def copy_graph(edges: pd.DataFrame) -> go.Figure:
    """First publishers (left) -> repeaters (right), heaviest at the top; width = sentences copied, red
    where most repeats name no outlet, dashed where the order is mostly not known (same day, undated).
    ``edges``: ``data.copies.copy_edges`` rows (``first publisher``, ``repeated by``, counts)."""
    first, by = edges["first publisher"], edges["repeated by"]
    left = list(edges.groupby(first)["sentences"].sum().sort_values(ascending=False, kind="stable").index)
    right = list(edges.groupby(by)["sentences"].sum().sort_values(ascending=False, kind="stable").index)
    y_left, y_right = _ys(left), _ys(right)
    most = max(int(edges["sentences"].max()), 1) if len(edges) else 1
    figure = go.Figure()
    rows = edges.to_dict("records")
    for e in rows:
        n, uncertain = e["sentences"], e["order not known"]
        colour = UNATTRIBUTED if 2 * e["unattributed"] > n else ATTRIBUTED
        figure.add_scatter(
            x=[0, 1],
            y=[y_left[e["first publisher"]], y_right[e["repeated by"]]],
            mode="lines",
            hoverinfo="skip",
            line={
                "width": 1 + 7 * n / most,
                "color": colour,
                "dash": "dash" if 2 * uncertain > n else "solid",
            },
            opacity=0.5,
            showlegend=False,
        )
    middle = [
        f"{plotly_text(e['first publisher'])} → {plotly_text(e['repeated by'])}: {e['sentences']} sentence(s)"
        f"<br>{e['unattributed']} naming no outlet, {e['naming another']} naming another outlet; "
        f"order not known for {e['order not known']}"
        for e in rows
    ]
    figure.add_scatter(
        x=[0.5] * len(edges),
        y=[(y_left[a] + y_right[b]) / 2 for a, b in zip(first, by, strict=True)],
        mode="markers",
        marker={"size": 6, "color": "rgba(0,0,0,0.15)"},
        hovertext=middle,
        hoverinfo="text",
        showlegend=False,
    )
    _nodes(figure, (left, y_left), (right, y_right))
    figure.update_layout(
        height=max(240, 28 * max(len(left), len(right)) + 120),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis={"visible": False, "range": [-0.7, 1.7]},  # room for the names beside the nodes
        yaxis={"visible": False, "range": [-0.05, 1.1]},
        legend={"orientation": "h", "y": -0.02, "x": 0.5, "xanchor": "center", "yanchor": "top"},
        annotations=[
            {"x": 0, "y": 1.07, "text": "<b>first published by</b>", "showarrow": False, "xanchor": "right"},
            {"x": 0.5, "y": 1.07, "text": "copied sentences →", "showarrow": False},
            {"x": 1, "y": 1.07, "text": "<b>repeated by</b>", "showarrow": False, "xanchor": "left"},
        ],
    )
    return figure


def _mark(m: Mapping, labels: Mapping[str, str]) -> tuple[str, str]:
    """(badge, tooltip) of one copied sentence (a row of ``data.copies.article_marks``)."""
    source, when = m["first publisher"], m["first published"] or "date unknown"
    first = labels.get(m["first article"], m["first article"])
    others = f"{m['others']} other article{'s' if m['others'] != 1 else ''}"
    if m["status"] == "first":
        return "first published here", f"First published here; repeated by {others}."
    if m["status"] == "copied":
        return (
            f"copied · {_short(source, BADGE_CHARS)}",
            f"Copied: first published by {source} ({when}): {first}. This article "
            f"{NAMES.get(m[Col.ATTRIBUTED], 'names no outlet')}. Printed by {others}.",
        )
    if m["status"] == "same day":
        return (
            "same day · first not known",
            f"Printed on the same day by {others}: which was first is not known (the first by id: {first}).",
        )
    return (
        "undated · first not known",
        f"Printed by {others}, one of them without a publication date: an earlier copy may exist "
        f"(the earliest dated: {first}, {when}).",
    )


def copy_spans(sentences: pd.DataFrame, marks: pd.DataFrame, labels: Mapping[str, str]) -> list[Span]:
    """A mark over each copied sentence of one article (``sentences``: its rows of the sentences table;
    ``marks``: ``data.copies.article_marks``), its badge and tooltip saying where it was first printed
    (``labels``: article id -> label)."""
    where = sentences.set_index(Col.SENTENCE_ID)
    spans = []
    for m in marks.to_dict("records"):
        if m[Col.SENTENCE_ID] not in where.index:
            continue
        s = where.loc[m[Col.SENTENCE_ID]]
        badge, title = _mark(m, labels)
        css = f"sl-copy sl-copy-{m['status'].replace(' ', '-')}"
        spans.append(Span(int(s[Col.START]), int(s[Col.END]), css, title, badge=badge))
    return spans


def legend() -> str:
    """Legend of the copy marks, as HTML (fixed strings only)."""
    items = [
        '<span class="sl-copy sl-copy-copied">copied from an earlier article</span>',
        '<span class="sl-copy sl-copy-first">first published here</span>',
        '<span class="sl-copy sl-copy-same-day">a copy, which was first not known</span>',
    ]
    return CSS + '<div style="font-size:0.8rem">copies: ' + " &nbsp; ".join(items) + "</div>"


def original_words(share: Mapping[str, int]) -> str:
    """The story's prose in words (``data.copies.original_share``): original, copied, order not known."""
    total = share["prose"]
    if not total:
        return "No prose sentence in the selected articles."

    def pct(n: int) -> str:
        return f"{100 * n / total:.0f}%"

    return (
        f"**Original reporting: {pct(share['original'])}** of the {total:,} prose sentences · "
        f"{pct(share['copied'])} copied from an earlier article · {pct(share['uncertain'])} copies whose first "
        "publisher is not known (printed the same day, or undated). A sentence retold in other words counts as "
        "original: copies are verbatim or nearly."
    )


def article_words(counts: Mapping) -> str:
    """One article's copied sentences in words (``data.copies.article_counts``), names escaped."""
    parts = []
    if counts["copied"]:
        sources = "; ".join(f"{md(name)} ({n})" for name, n in list(counts["from"].items())[:3])
        more = f"; … and {len(counts['from']) - 3} more" if len(counts["from"]) > 3 else ""
        parts.append(
            f"{counts['copied']} copied from an earlier article (first published by {sources}{more})"
        )
    if counts["first"]:
        parts.append(f"{counts['first']} first published here and repeated by other articles")
    uncertain = counts["same day"] + counts["undated"]
    if uncertain:
        parts.append(
            f"{uncertain} printed elsewhere the same day or undated, so which article was first is not known"
        )
    return "Sentences printed by other articles: " + "; ".join(parts) + "." if parts else ""
