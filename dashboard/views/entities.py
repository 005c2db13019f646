"""Entities: searchable table; per entity every mention in context, a heatmap and co-mentions."""

import streamlit as st

from analysis.core.schema import ARTICLES, ENTITIES, MENTIONS, Col
from dashboard import correcting, links, sidebar
from dashboard.components import charts, widgets
from dashboard.components.text import md
from dashboard.data import corrections as corrected
from dashboard.data.articles import labels_of
from dashboard.data.entities import (
    co_mentions,
    display_names,
    entity_choices,
    entity_label,
    guessed,
    keyword_in_context,
    marked_english,
    mentions_by_article,
)
from dashboard.data.filters import filtered
from dashboard.data.load import load
from dashboard.data.search import entity_search_text, search_entities

HEATMAP_ARTICLES = 30  # columns of the mentions × article heatmap

dataset = load()
filters = sidebar.current()
view = filtered(dataset, filters)
key = ("entities", filters)  # what this page derives from the selection, computed once per selection

st.title("Entities")
if not widgets.available(dataset.missing(ENTITIES, MENTIONS)):
    st.stop()
entities, mentions = view[ENTITIES], view[MENTIONS]
query = st.text_input(
    "Search",
    key="q",
    bind="query-params",
    placeholder="Name in English or Russian, any spelling (Merkel, Меркель), or ISO3",
)
shown = dataset.memo(
    (*key, "search", query),
    lambda: search_entities(entities, query, entity_search_text(dataset)),
)
columns = [Col.NAME_EN, Col.NAME, Col.NAME_EN_SOURCE, Col.TYPE, Col.ISO3, Col.N_MENTIONS, Col.N_ARTICLES]
table = shown.assign(**{Col.NAME_EN: marked_english(shown)})
table, columns = corrected.marked(table, columns, dataset)  # the analyst's corrections, marked
widgets.table(table[[c for c in columns if c in table]], "entities")
if guessed(shown).any():
    st.caption(
        f"{int(guessed(shown).sum())} of {len(shown)} English names are only transliterated from the Russian "
        "(marked “transliterated”): no source knew the name. The others come from the story pack, the "
        "articles' own Latin spelling, CLDR, GeoNames, ISO 3166-2, the Wikidata name list or the glossary."
    )
if shown.empty:
    widgets.nothing_selected("entities")
    st.stop()

labels = dataset.memo((*key, "labels", query), lambda: entity_label(shown))
chosen = {e: labels[e] for e in filters.entities if e in labels}
focus = links.selectbox("Entity", chosen or labels, "focus", resolve=sidebar.entity_ids(dataset))
correcting.entity_controls(dataset, focus)
st.subheader(f"Mentions of {md(labels[focus])}")
every = labels_of(dataset)
widgets.table(
    dataset.memo(
        (*key, "kwic", focus),
        lambda: keyword_in_context(
            dataset.tables[ARTICLES], mentions, focus, labels=every, limit=widgets.ROWS, texts=dataset.texts
        ),
    ),
    "keyword in context",
    full=lambda: keyword_in_context(
        dataset.tables[ARTICLES], mentions, focus, labels=every, texts=dataset.texts
    ),
    total=dataset.memo((*key, "mentions of", focus), lambda: int((mentions[Col.ENTITY_ID] == focus).sum())),
    column_config={
        "left": st.column_config.TextColumn(width="large", alignment="right"),
        "right": st.column_config.TextColumn(width="large"),
    },
)


def _counts():
    names = display_names(dataset)
    rows = list(dict.fromkeys([focus, *entities[Col.ENTITY_ID].head(20)]))
    shown_articles = {a: every[a] for a in view[ARTICLES][Col.ARTICLE_ID]}
    counts = mentions_by_article(mentions, rows, shown_articles, HEATMAP_ARTICLES)
    counts.columns = [names.get(e, e) for e in counts.columns]
    return counts


counts = dataset.memo((*key, "heatmap", focus), _counts)
widgets.plot(charts.heatmap(counts, "Mentions per article (selected entity first, then the top 20)"))
if len(counts) < len(view[ARTICLES]):
    st.caption(
        f"The {len(counts)} articles that mention the selected entity most, of "
        f"{len(view[ARTICLES])}; the filters narrow the choice."
    )

st.subheader("Co-mentioned in the same sentence")


def _co_mentions():
    co = co_mentions(mentions, focus)
    co.insert(0, "entity", co.pop(Col.ENTITY_ID).map(entity_choices(dataset)))
    return co


widgets.table(dataset.memo((*key, "co-mentions", focus), _co_mentions), "co-mentions")
