"""Search: every sentence of the selected articles holding a word or phrase, in context, per article."""

import streamlit as st

from analysis.core.schema import SENTENCES, Col
from dashboard import data
from dashboard.components import search, sidebar, widgets
from dashboard.components.text import md

ARTICLES_PER_PAGE = 10  # articles (with their hit sentences) per page
SENTENCES_SHOWN = 5  # hit sentences shown per article; the CSV has them all

dataset = data.load()
filters = sidebar.current()

st.title("Search")
if not widgets.available(dataset, SENTENCES):
    st.stop()
query = st.text_input(
    "Search the articles",
    key="text",
    bind="query-params",
    placeholder="A word or phrase, or the start of one, in any case (ё or е alike): президент, договор, нефт…",
)
if len(search.fold(query.strip())) < search.MIN_CHARS:
    st.caption(
        f"Type at least {search.MIN_CHARS} characters: every sentence of the selected articles that holds "
        "them is listed, per article, the match highlighted."
    )
    st.stop()

hits, per_article = search.search(dataset, query, filters)
if per_article.empty:
    st.info(
        f"No sentence of the selected articles contains “{md(query.strip())}”.", icon=":material/search_off:"
    )
    st.stop()

source_of, label_of = data.sources_of(dataset), data.labels_of(dataset)
sources = search.per_source(per_article, source_of)
st.markdown(
    f"{data.counted(per_article[search.COUNT].sum(), 'match', 'matches')} in "
    f"{data.counted(per_article[SENTENCES].sum(), 'sentence')} of "
    f"{data.counted(len(per_article), 'article')} from {data.counted(len(sources), 'source')}."
)
with st.expander(f"Per source ({len(sources)})"):
    widgets.table(sources, "search hits per source", key="csv-search-sources")
order = per_article.sort_values([search.COUNT, Col.ARTICLE_ID], ascending=[False, True])
by_article = {a: group for a, group in hits.groupby(Col.ARTICLE_ID, sort=False)}
for row in widgets.paginate(order, ARTICLES_PER_PAGE, "search-page", "articles").itertuples(index=False):
    found = by_article.get(row.article_id, hits.iloc[:0])
    with st.container(border=True):
        st.markdown(
            f"**{md(label_of.get(row.article_id, row.article_id))}** · "
            f"{data.counted(row.hits, 'match', 'matches')} in {data.counted(row.sentences, 'sentence')}"
        )
        for text in found[Col.TEXT].head(SENTENCES_SHOWN):
            st.html(search.highlighted(text, query))
        if row.sentences > SENTENCES_SHOWN:
            st.caption(f"… and {row.sentences - SENTENCES_SHOWN} more sentences (CSV below).")
        widgets.article_link(row.article_id, "Open article")

st.subheader("Every hit")
if len(hits) < per_article[SENTENCES].sum():
    st.caption(f"The first {len(hits):,} sentences: narrow the query or the filters for the others.")
widgets.table(
    hits.assign(article=hits[Col.ARTICLE_ID].map(label_of), source=hits[Col.ARTICLE_ID].map(source_of))[
        ["article", "source", Col.SENTENCE_ID, Col.TEXT, search.COUNT, Col.ARTICLE_ID]
    ].rename(columns={Col.TEXT: "sentence"}),
    "search hits",
)
