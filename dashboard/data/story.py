"""The story: its pack, what it is about in a sentence, its claims in words, and where its sources
disagree."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd

from analysis.core.codes import Relation
from analysis.core.metadata import check_metadata
from analysis.core.schema import ARTICLES, CONTRADICTIONS, ENTITIES, EVENT_CLUSTERS, EVENTS, Col
from dashboard.data import news
from dashboard.data.articles import counted_sources
from dashboard.data.entities import display_names
from dashboard.data.filters import Filters, filtered
from dashboard.data.load import Dataset
from dashboard.words import (
    READING,
    WHEN,
    claims_in_words,
    counted,
    date_span,
    names_joined,
    role_labels,
    when,
)

STORY_ENTITIES = 3  # entities the sentence about a story without a pack names
EVENT_CHARS = 90  # an event's label in that sentence at most


def story(dataset: Dataset) -> dict:
    """The story pack the build read (``manifest["story"]``: name, summary, map_title, roles...), or
    ``{}`` when the corpus has none or the build predates packs. Pages ask here, never the manifest."""
    pack = dataset.manifest.get("story")
    return pack if isinstance(pack, dict) else {}


def roles(dataset: Dataset) -> dict[str, str]:
    """Role code -> its label in the dataset's story pack (``words.role_labels``; ``{}`` without one)."""
    return role_labels(story(dataset))


def worded(dataset: Dataset, claims: pd.DataFrame) -> pd.DataFrame:
    """Claims or discrepancies of the dataset in words (``words.claims_in_words`` with its entities'
    English names and its story pack)."""
    return claims_in_words(claims, display_names(dataset), story(dataset))


def story_sentence(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> str:
    """What a corpus is about, from its data alone (plain text): how many articles from how many
    outlets, when, the entities most articles name and the event most sources report."""
    articles = tables[ARTICLES]
    outlets = articles.loc[articles[Col.OUTLET] != "", Col.OUTLET].nunique()
    outlets = outlets if check_metadata(articles).outlets_known else 0  # a crawl's one name is no outlet
    parts = [counted(len(articles), "article") + (f" from {counted(outlets, 'outlet')}" if outlets else "")]
    dated = articles.loc[articles[Col.PUBLISHED] != "", Col.PUBLISHED]
    if len(dated):
        parts.append(date_span(dated.min(), dated.max()))
    entities = tables.get(ENTITIES)
    if entities is not None and len(entities):
        top = entities.sort_values([Col.N_ARTICLES, Col.N_MENTIONS], ascending=False, kind="stable")
        parts.append(
            f"most about {names_joined([names.get(e, e) for e in top[Col.ENTITY_ID].head(STORY_ENTITIES)])}"
        )
    clusters = tables.get(EVENT_CLUSTERS)
    if clusters is not None and len(clusters) and clusters[Col.N_SOURCES].max() > 1:  # one source: no "most"
        return f"{', '.join(parts)}; most-covered event: {_most_covered(tables)}."
    return f"{', '.join(parts)}."


def news_event(tables: Mapping[str, pd.DataFrame]) -> pd.Series | None:
    """The most-covered news event of ``tables`` (``news.most_covered`` in its ``news.news_days``)."""
    clusters, events = tables[EVENT_CLUSTERS], tables.get(EVENTS)
    window = news.news_days(events, tables[ARTICLES]) if events is not None else None
    return news.most_covered(clusters, window)


def _most_covered(tables: Mapping[str, pd.DataFrame]) -> str:
    """The most-covered news event: “label” (when most of its articles say it happened, the widest
    span any gives where they disagree, how many report it)."""
    event = news_event(tables)
    label = textwrap.shorten(str(event[Col.LABEL]), EVENT_CHARS, placeholder="…")
    dates = when(event[Col.START_DATE], event[Col.END_DATE]) if event[Col.START_DATE] else ""
    widest = news.disagreement(event)
    disputed = f"sources disagree: {when(*widest.split('/'))} at the widest" if widest else ""
    said = filter(None, [dates, disputed, counted(event[Col.N_SOURCES], "article")])
    return f"“{label}” ({'; '.join(said)})"


def story_facts(dataset: Dataset) -> str:
    """``story_sentence`` of the whole corpus, computed once."""
    return dataset.memo("story facts", lambda: story_sentence(dataset.tables, display_names(dataset)))


def readings(frame: pd.DataFrame) -> pd.Series:
    """What each claim of ``frame`` says, to tell values apart whatever their spelling: its interval and
    unit when it has one ("46-летней", "46-летняя" and "46 лет" are one reading), else its words."""
    numeric = frame[Col.LOW].notna() & frame[Col.HIGH].notna()
    interval = (
        frame[Col.LOW].astype(str) + "…" + frame[Col.HIGH].astype(str) + " " + frame[Col.UNIT].astype(str)
    )
    words = frame[Col.VALUE].str.casefold().str.split().str.join(" ")
    return interval.where(numeric, words)


def _group_moment(moments: pd.Series) -> str:
    """The moment a discrepancy is about: its claims' one moment, else the week they share (a day and
    the publication week it is in)."""
    values = list(dict.fromkeys(moments))
    if len(values) == 1:
        return values[0]
    weeks = [m for m in values if "-W" in m]
    return weeks[0] if weeks else values[0]


def disputed(
    contradictions: pd.DataFrame, source_of: Mapping[str, str], published: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The rows of the discrepancies that still set sources against each other in ``contradictions``
    (a filtered view): at least two sources take part and they do not all say the same (``readings``).
    Rank order (1 first); inside a contradiction, from the lowest value up (roles: by code), each
    reading's sources together; inside an update, in the order the figures were published (the
    figure's timeline). ``source``, ``reading``, ``published`` (``published``: article id -> its
    date) and ``when`` (the group's moment) added."""
    published = published or {}
    frame = contradictions.assign(
        **{
            Col.SOURCE: contradictions[Col.ARTICLE_ID].map(source_of),
            READING: readings(contradictions),
            Col.PUBLISHED: contradictions[Col.ARTICLE_ID].map(lambda a: published.get(a, "")),
        }
    )
    spread = frame.groupby(Col.CONTRADICTION_ID).agg(
        sources=(Col.SOURCE, "nunique"), said=(READING, "nunique")
    )
    kept = spread.index[(spread["sources"] >= 2) & (spread["said"] >= 2)]
    frame = frame[frame[Col.CONTRADICTION_ID].isin(kept)]
    when = frame.groupby(Col.CONTRADICTION_ID)[Col.MOMENT].agg(_group_moment)
    frame = frame.assign(**{WHEN: frame[Col.CONTRADICTION_ID].map(when)})
    update = frame[Col.RELATION] == Relation.UPDATE
    timeline = frame[Col.PUBLISHED].where(update, "")  # updates in the order they were published
    order = [
        Col.RANK,
        Col.CONTRADICTION_ID,
        "_timeline",
        Col.LOW,
        Col.HIGH,
        READING,
        Col.SOURCE,
        Col.ARTICLE_ID,
    ]
    frame = frame.assign(_timeline=timeline).sort_values(order, kind="stable")
    return frame.drop(columns="_timeline").reset_index(drop=True)


def selected_discrepancies(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """``disputed`` of the selection, in words (``worded``: the measure with the group's moment),
    computed once per selection."""

    def compute() -> pd.DataFrame:
        articles = dataset.tables[ARTICLES]
        published = dict(zip(articles[Col.ARTICLE_ID], articles[Col.PUBLISHED], strict=True))
        found = disputed(filtered(dataset, filters)[CONTRADICTIONS], counted_sources(dataset), published)
        return worded(dataset, found.assign(**{Col.MOMENT: found[WHEN]})).assign(
            **{Col.MOMENT: found[Col.MOMENT]}
        )

    return dataset.memo(("discrepancies", filters), compute)
