"""Compare two articles: texts side by side, aligned passages linked, shared and unique entities."""

import pandas as pd
import streamlit as st

from analysis.schema import ALIGNMENTS, ARTICLES, CLAIMS, ENTITIES, MENTIONS, QUOTES, SENTENCES
from dashboard import data
from dashboard.components import sidebar, text, widgets
from dashboard.components.text import md

dataset = data.load()
filters = sidebar.current()
view = data.apply_filters(dataset.tables, filters)
tables = dataset.tables

st.title("Compare two articles")
articles = view[ARTICLES] if len(view[ARTICLES]) >= 2 else tables[ARTICLES]
if len(articles) < 2:
    st.info("Comparing needs at least two articles.")
    st.stop()
labels = data.article_labels(tables[ARTICLES])
ids = list(articles["article_id"])
left, right = st.columns(2)
a = left.selectbox("Article A", ids, index=0, key="a", bind="query-params", format_func=labels.get)
b = right.selectbox("Article B", ids, index=1, key="b", bind="query-params", format_func=labels.get)
if a == b:
    st.warning("Choose two different articles.")
    st.stop()

mentions = (
    tables[MENTIONS] if MENTIONS in tables else pd.DataFrame(columns=["article_id", "entity_id", "type"])
)
if filters.types:
    mentions = mentions[mentions["type"].isin(filters.types)]
pairs = data.aligned_pairs(tables[ALIGNMENTS], a, b) if ALIGNMENTS in tables and SENTENCES in tables else None

st.html(text.legend())
st.html(text.align_legend())
raw = tables[ARTICLES].set_index("article_id")["raw_text"]
for column, article_id, side, other in zip(st.columns(2), (a, b), "AB", "BA", strict=True):
    with column, st.container(height=560, key=f"text-{side}"):
        spans = text.article_spans(tables, article_id, filters.types)
        if pairs is not None:
            sentences = tables[SENTENCES]
            spans += text.alignment_spans(
                sentences[sentences["article_id"] == article_id], pairs, side, other
            )
        st.html(text.render(raw[article_id], spans))
if ALIGNMENTS not in tables:
    widgets.available(dataset, ALIGNMENTS)
elif pairs is not None and pairs.empty:
    st.caption("No aligned passages between these two articles.")

st.subheader("Entities")
in_a = set(mentions.loc[mentions["article_id"] == a, "entity_id"])
in_b = set(mentions.loc[mentions["article_id"] == b, "entity_id"])


names = data.display_name(tables[ENTITIES]) if ENTITIES in tables else {}
russian = (
    dict(zip(tables[ENTITIES]["entity_id"], tables[ENTITIES]["name"], strict=True))
    if ENTITIES in tables
    else {}
)


def _names(entity_ids: set[str]) -> pd.DataFrame:
    rows = [{"entity": names.get(e, e), "name": russian.get(e, e)} for e in entity_ids]
    return pd.DataFrame(rows, columns=["entity", "name"]).sort_values("entity")


for column, title, ids_ in zip(
    st.columns(3), ("Only in A", "In both", "Only in B"), (in_a - in_b, in_a & in_b, in_b - in_a), strict=True
):
    with column:
        st.markdown(f"**{title}** ({len(ids_)})")
        widgets.table(_names(ids_), f"entities {title}")

for name, columns_ in ((CLAIMS, ["attribute", "subject", "value", "text"]), (QUOTES, ["speaker", "text"])):
    st.subheader(name.capitalize())
    if not widgets.available(dataset, name):
        continue
    for column, article_id, side in zip(st.columns(2), (a, b), ("A", "B"), strict=True):
        with column:
            rows = tables[name][tables[name]["article_id"] == article_id][columns_]
            st.markdown(f"**{side}: {md(labels[article_id])}**")
            widgets.table(rows, f"{name} {side}")
