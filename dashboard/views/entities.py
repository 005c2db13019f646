"""Entities: searchable table; per entity every mention in context, a heatmap and co-mentions."""

import streamlit as st

from analysis.schema import ARTICLES, ENTITIES, MENTIONS
from dashboard import data
from dashboard.components import charts, sidebar, widgets
from dashboard.components.text import md

HEATMAP_ARTICLES = 30  # columns of the mentions × article heatmap

dataset = data.load()
filters = sidebar.current()
view = data.apply_filters(dataset.tables, filters)

st.title("Entities")
if not widgets.available(dataset, ENTITIES, MENTIONS):
    st.stop()
entities, mentions = view[ENTITIES], view[MENTIONS]
query = st.text_input(
    "Search", key="q", bind="query-params", placeholder="Name in Russian or English, or ISO3"
)
shown = data.search_entities(entities, query)
columns = ["name", "name_en", "type", "iso3", "n_mentions", "n_articles"]
widgets.table(
    shown[columns].rename(
        columns={"name_en": "English name", "n_mentions": "mentions", "n_articles": "articles"}
    ),
    "entities",
)
if shown.empty:
    widgets.nothing_selected("entities")
    st.stop()

labels = data.entity_label(shown)
chosen = [e for e in filters.entities if e in labels]
focus = st.selectbox(
    "Entity", chosen or list(labels), key="focus", bind="query-params", format_func=labels.get
)
st.subheader(f"Mentions of {md(labels[focus])}")
widgets.table(
    data.keyword_in_context(dataset.tables[ARTICLES], mentions, focus),
    "keyword in context",
    column_config={
        "left": st.column_config.TextColumn(width="large", alignment="right"),
        "right": st.column_config.TextColumn(width="large"),
    },
)

names = data.display_name(dataset.tables[ENTITIES])
rows = list(dict.fromkeys([focus, *entities["entity_id"].head(20)]))
every = data.article_labels(dataset.tables[ARTICLES])
shown_articles = {a: every[a] for a in view[ARTICLES]["article_id"]}
counts = data.mentions_by_article(mentions, rows, shown_articles, HEATMAP_ARTICLES)
counts.columns = [names.get(e, e) for e in counts.columns]
widgets.plot(charts.heatmap(counts, "Mentions per article (selected entity first, then the top 20)"))
if len(counts) < len(view[ARTICLES]):
    st.caption(
        f"The {len(counts)} articles that mention the selected entity most, of "
        f"{len(view[ARTICLES])}; the filters narrow the choice."
    )

st.subheader("Co-mentioned in the same sentence")
co = data.co_mentions(mentions, focus)
co.insert(0, "entity", co.pop("entity_id").map(data.entity_label(dataset.tables[ENTITIES])))
widgets.table(co, "co-mentions")
