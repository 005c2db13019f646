"""Article view: the full raw text, boilerplate greyed, entities highlighted, dates underlined."""

from urllib.parse import urlparse

import streamlit as st

from analysis.schema import ARTICLES, DATES
from dashboard import data
from dashboard.components import sidebar, text
from dashboard.components.text import code, md

dataset = data.load()
filters = sidebar.current()
articles = dataset.tables[ARTICLES]
labels = data.article_labels(articles)
if articles.empty:
    st.title("Article")
    st.info("There is no article to show: the build read none (see About).", icon=":material/info:")
    st.stop()

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
st.title(md(row["outlet"] or data.UNKNOWN_OUTLET))
published = row["published"] or data.UNKNOWN_DATE
st.markdown(f"**Published:** {md(published)} · **File:** {code(row['file'])}")
if row["outlet_source"] == "inferred":
    st.caption(f"Outlet inferred from: “{md(row['outlet_evidence'])}”")
if urlparse(row["url"]).scheme in ("http", "https"):
    st.link_button("Original article", row["url"], icon=":material/open_in_new:")
elif row["url"]:
    st.caption(f"Source address (not a web link): {md(row['url'])}")
if row["language"] != "ru":
    st.info(
        f"This article is in {md(data.language_name(row['language']))}: entities, dates, citations, quotes, "
        "roles and claims are extracted from Russian text only. Its text and aligned passages are shown.",
        icon=":material/translate:",
    )
elif DATES not in dataset.tables:
    st.caption(f"Dates are not computed yet — run `{data.REBUILD}`.")
st.html(text.legend())
st.html(text.render(row["raw_text"], text.article_spans(dataset.tables, article_id, filters.types)))
