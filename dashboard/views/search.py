"""Search: every sentence of the selected articles holding a word or phrase, in context, per article."""

import streamlit as st

from analysis.core.schema import SENTENCES, Col
from dashboard import sidebar
from dashboard.components import search, widgets
from dashboard.components.text import md
from dashboard.data import fulltext
from dashboard.data.articles import labels_of, sources_of
from dashboard.data.load import load
from dashboard.words import counted

ARTICLES_PER_PAGE = 10  # articles (with their hit sentences) per page
SENTENCES_SHOWN = 5  # hit sentences shown per article; the CSV has them all
FORMS_SHOWN = 4  # Russian forms named per entity a Latin query also looks for


def also_searched(named) -> str:
    """What a Latin query also looked for (``fulltext.named_entities``), as Markdown."""
    entities = [
        f"**{md(row.name_en)}** ({', '.join(md(f) for f in row.written[:FORMS_SHOWN])}"
        + (f" and {len(row.written) - FORMS_SHOWN} more" if len(row.written) > FORMS_SHOWN else "")
        + ")"
        for row in named.itertuples(index=False)
    ]
    return "The articles are in Russian: also searched for the Russian forms of " + "; ".join(entities) + "."


dataset = load()
filters = sidebar.current()

st.title("Search")
if not widgets.available(dataset.missing(SENTENCES)):
    st.stop()
query = st.text_input(
    "Search the articles",
    key="text",
    bind="query-params",
    placeholder="A word or phrase, or the start of one, in any case (ё or е alike): президент, договор, нефт…",
)
key = fulltext.query_key(query)  # as the search looks for it
if len(key) < fulltext.MIN_CHARS:
    st.caption(
        f"Type at least {fulltext.MIN_CHARS} characters: every sentence of the selected articles that holds "
        "them is listed, per article, the match highlighted."
    )
    st.stop()

named = fulltext.named_entities(dataset, query)
keys = fulltext.search_keys(dataset, query)
hits, per_article = fulltext.search(dataset, query, filters)
if not named.empty:
    st.caption(":material/translate: " + also_searched(named))
if per_article.empty:
    st.info(
        f"No sentence of the selected articles contains “{md(query.strip())}”"
        + (", nor a Russian form of what it names." if not named.empty else "."),
        icon=":material/search_off:",
    )
    st.stop()

source_of, label_of = sources_of(dataset), labels_of(dataset)
sources = fulltext.per_source(per_article, source_of)
st.markdown(
    f"{counted(per_article[fulltext.COUNT].sum(), 'match', 'matches')} in "
    f"{counted(per_article[SENTENCES].sum(), 'sentence')} of "
    f"{counted(len(per_article), 'article')} from {counted(len(sources), 'source')}."
)
with st.expander(f"Per source ({len(sources)})"):
    widgets.table(sources, "search hits per source", key="csv-search-sources")
order = per_article.sort_values([fulltext.COUNT, Col.ARTICLE_ID], ascending=[False, True])
by_article = {a: group for a, group in hits.groupby(Col.ARTICLE_ID, sort=False)}
for row in widgets.paginate(order, ARTICLES_PER_PAGE, "search-page", "articles").itertuples(index=False):
    found = by_article.get(row.article_id, hits.iloc[:0])
    with st.container(border=True):
        st.markdown(
            f"**{md(label_of.get(row.article_id, row.article_id))}** · "
            f"{counted(row.hits, 'match', 'matches')} in {counted(row.sentences, 'sentence')}"
        )
        for text in found[Col.TEXT].head(SENTENCES_SHOWN):
            st.html(search.highlighted(text, fulltext.matches(text, *keys)))
        if row.sentences > SENTENCES_SHOWN:
            st.caption(f"… and {row.sentences - SENTENCES_SHOWN} more sentences (CSV below).")
        widgets.article_link(row.article_id, "Open article")

st.subheader("Every hit")
if len(hits) < per_article[SENTENCES].sum():
    st.caption(f"The first {len(hits):,} sentences: narrow the query or the filters for the others.")
# The words matched in each sentence: the query, or the Russian forms it stood for.
matched = hits[Col.TEXT].map(
    lambda t: ", ".join(dict.fromkeys(t[a:b] for a, b in fulltext.matches(t, *keys)))
)
every = hits.assign(
    article=hits[Col.ARTICLE_ID].map(label_of), source=hits[Col.ARTICLE_ID].map(source_of), found=matched
)
widgets.table(
    every[["article", "source", Col.SENTENCE_ID, Col.TEXT, "found", fulltext.COUNT, Col.ARTICLE_ID]].rename(
        columns={Col.TEXT: "sentence"}
    ),
    "search hits",
)
