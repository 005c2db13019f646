"""Article view: the full raw text, boilerplate greyed, entities highlighted, dates underlined."""

import streamlit as st

from analysis.schema import ARTICLES, DATES
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

if DATES not in dataset.tables:
    st.caption(f"Dates are not computed yet — run `{data.REBUILD}`.")
st.html(text.legend())
st.html(text.render(row["raw_text"], text.article_spans(dataset.tables, article_id, filters.types)))
