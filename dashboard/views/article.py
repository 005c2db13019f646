"""Article view: the full raw text, boilerplate greyed, entities highlighted, dates underlined."""

import streamlit as st

from analysis.schema import ARTICLES, DATES, ENTITIES, MENTIONS, SENTENCES
from dashboard import data
from dashboard.components import sidebar, text

dataset = data.load()
filters = sidebar.current()
articles = dataset.tables[ARTICLES]
labels = {
    r.article_id: f"{data.article_label(r._asdict())} — {r.title[:70]}"
    for r in articles.itertuples(index=False)
}

ids = list(labels)
asked = st.query_params.get("article")
article_id = st.selectbox(
    "Article",
    ids,
    index=ids.index(asked) if asked in ids else 0,
    key="article",
    bind="query-params",
    format_func=labels.get,
)
row = articles.set_index("article_id").loc[article_id]
st.title(row["outlet"] or f"Article {article_id[:3]} (outlet unknown)")
st.markdown(f"**Published:** {row['published'] or data.UNKNOWN_DATE} · **File:** `{row['file']}`")
if row["outlet_source"] == "inferred":
    st.caption(f"Outlet inferred from: “{row['outlet_evidence']}”")
if row["url"]:
    st.markdown(f"[Original article]({row['url']})")

spans = text.outside_body(row["raw_text"], int(row["body_start"]), int(row["body_end"]))
if SENTENCES in dataset.tables:
    sentences = dataset.tables[SENTENCES]
    spans += text.boilerplate_spans(sentences[sentences["article_id"] == article_id])
if MENTIONS in dataset.tables and ENTITIES in dataset.tables:
    names = {e.entity_id: (e.name, e.name_en) for e in dataset.tables[ENTITIES].itertuples(index=False)}
    mentions = dataset.tables[MENTIONS]
    mentions = mentions[mentions["article_id"] == article_id]
    if filters.types:
        mentions = mentions[mentions["type"].isin(filters.types)]
    spans += text.entity_spans(mentions, names)
if DATES in dataset.tables:
    dates = dataset.tables[DATES]
    spans += text.date_spans(dates[dates["article_id"] == article_id])
else:
    st.caption(f"Dates are not computed yet — run `{data.REBUILD}`.")
st.html(text.legend())
st.html(text.render(row["raw_text"], spans))
