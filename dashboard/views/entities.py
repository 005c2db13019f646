"""Entities: searchable table; per entity every mention in context, a heatmap and co-mentions."""

import pandas as pd
import streamlit as st

from analysis.schema import ARTICLES, ENTITIES, MENTIONS
from dashboard import data
from dashboard.components import charts, sidebar, widgets

CONTEXT = 70

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
shown = entities
if query:
    needle = query.casefold()
    hay = (
        entities["name"]
        + " "
        + entities["name_en"]
        + " "
        + entities["iso3"]
        + " "
        + entities["aliases"].map(" ".join)
    )
    shown = entities[hay.str.casefold().str.contains(needle, regex=False)]
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
articles = dataset.tables[ARTICLES].set_index("article_id")
short = {a: data.short_label(articles.loc[a].to_dict() | {"article_id": a}) for a in articles.index}

st.subheader(f"Mentions of {labels[focus]}")
hits = mentions[mentions["entity_id"] == focus].sort_values(["article_id", "start"])
raw, body = articles["raw_text"], articles["body_start"]
kwic = pd.DataFrame(
    {
        "article": [short[a] for a in hits["article_id"]],
        "left": [
            raw[a][max(s - CONTEXT, body[a]) : s].replace("\n", " ")
            for a, s in zip(hits["article_id"], hits["start"], strict=True)
        ],
        "mention": hits["text"].tolist(),
        "right": [
            raw[a][e : e + CONTEXT].replace("\n", " ")
            for a, e in zip(hits["article_id"], hits["end"], strict=True)
        ],
    }
)
widgets.table(
    kwic,
    "keyword in context",
    column_config={
        "left": st.column_config.TextColumn(width="large", alignment="right"),
        "right": st.column_config.TextColumn(width="large"),
    },
)

left, right = st.columns([3, 2])
with left:
    top = list(entities["entity_id"].head(20))
    rows = list(dict.fromkeys([focus, *top]))
    counts = (
        mentions[mentions["entity_id"].isin(rows)]
        .groupby(["entity_id", "article_id"])
        .size()
        .unstack(fill_value=0)
    )
    counts = counts.reindex(index=rows, columns=list(view[ARTICLES]["article_id"]), fill_value=0)
    name = dict(
        zip(
            entities["entity_id"],
            entities["name_en"].where(entities["name_en"] != "", entities["name"]),
            strict=True,
        )
    )
    counts.index = [name.get(e, e) for e in counts.index]
    counts.columns = [short[a] for a in counts.columns]
    widgets.plot(charts.heatmap(counts, "Mentions × article (selected entity first, then the top 20)"))
with right:
    st.markdown("**Co-mentioned in the same sentence**")
    sentences = set(zip(hits["article_id"], hits["sentence_id"], strict=True))
    same = mentions[
        [k in sentences for k in zip(mentions["article_id"], mentions["sentence_id"], strict=True)]
    ]
    same = same[same["entity_id"] != focus]
    co = (
        same.groupby("entity_id")
        .agg(sentences=("sentence_id", "size"), articles=("article_id", "nunique"))
        .reset_index()
    )
    co.insert(
        0,
        "entity",
        co["entity_id"].map(lambda e: labels.get(e, data.entity_label(dataset.tables[ENTITIES]).get(e, e))),
    )
    widgets.table(co.drop(columns="entity_id").sort_values("sentences", ascending=False), "co-mentions")
