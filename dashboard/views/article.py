"""Article view: the full raw text, boilerplate greyed (what the build found from the corpus listed with
its reason), entities highlighted, dates underlined, sentences other articles print marked with their
first publisher."""

from textwrap import shorten
from urllib.parse import urlparse

import streamlit as st

from analysis.core.metadata import SHARED_DATE
from analysis.core.schema import ARTICLES, COPIES, DATES, SENTENCES, Col
from dashboard import correcting, links, sidebar
from dashboard.components import copies, text
from dashboard.components.text import code, md
from dashboard.data import copies as provenance
from dashboard.data.articles import article_row, labels_of
from dashboard.data.entities import entity_names
from dashboard.data.layers import article_layers
from dashboard.data.load import load
from dashboard.words import REBUILD, UNKNOWN_DATE, UNKNOWN_OUTLET, counted, language_name

PASSAGE = 160  # characters of a left-out passage listed above the text (the text shows it whole)

dataset = load()
filters = sidebar.current()
articles = dataset.tables[ARTICLES]
labels = labels_of(dataset)
if articles.empty:
    st.title("Article")
    st.info("There is no article to show: the build read none (see About).", icon=":material/info:")
    st.stop()

article_id = links.selectbox("Article", labels, "article")
row = article_row(dataset, article_id)
st.title(md(row[Col.OUTLET] or UNKNOWN_OUTLET))
published = row[Col.PUBLISHED] or UNKNOWN_DATE
st.markdown(f"**Published:** {md(published)} · **File:** {code(row[Col.FILE])}")
if row[Col.PUBLISHED_SOURCE] == SHARED_DATE:
    st.caption(
        "Every article has this publication date: probably the day they were collected, not this one's."
    )
if row[Col.OUTLET_SOURCE] == "inferred":
    st.caption(f"Outlet inferred from: “{md(row[Col.OUTLET_EVIDENCE])}”")
if urlparse(row[Col.URL]).scheme in ("http", "https"):
    st.link_button("Original article", row[Col.URL], icon=":material/open_in_new:")
elif row[Col.URL]:
    st.caption(f"Source address (not a web link): {md(row[Col.URL])}")
if row[Col.LANGUAGE] != "ru":
    st.info(
        f"This article is in {md(language_name(row[Col.LANGUAGE]))}: entities, dates, citations, quotes, "
        "roles and claims are extracted from Russian text only. Its text and aligned passages are shown.",
        icon=":material/translate:",
    )
elif DATES not in dataset.tables:
    st.caption(f"Dates are not computed yet — run `{REBUILD}`.")
correcting.span_controls(dataset, article_id)
st.html(text.legend())
layers = article_layers(dataset, article_id, filters.types)
found = text.found_boilerplate(layers[SENTENCES]) if SENTENCES in layers else []
if found:
    with st.expander(
        f"Greyed and left out of every analysis: {counted(len(found), 'passage')} of site boilerplate",
        icon=":material/block:",
    ):
        st.markdown(
            "\n".join(f"- “{md(shorten(passage, PASSAGE))}” — {md(reason)}" for passage, reason in found)
        )
spans = text.article_spans(row, layers, entity_names(dataset))
if dataset.has(COPIES) and SENTENCES in layers:
    marks = provenance.article_marks(provenance.dataset_provenance(dataset), article_id)
    spans += copies.copy_spans(layers[SENTENCES], marks, labels)
    st.html(copies.legend())
    st.caption(
        copies.article_words(provenance.article_counts(marks)) or "No sentence of it is printed elsewhere."
    )
else:
    st.caption(f"Copies of its sentences in other articles are not computed yet — run `{REBUILD}`.")
st.html(copies.CSS + text.render(row[Col.RAW_TEXT], spans))
