"""Compare two articles: texts side by side, aligned passages linked, shared and unique entities; the
sentences a link names (``?sentence=ARTICLE_ID:SENTENCE_ID``, from a discrepancy) marked and scrolled to."""

import pandas as pd
import streamlit as st

from analysis.core.schema import ALIGNMENTS, ARTICLES, CLAIMS, MENTIONS, QUOTES, SENTENCES, Col
from dashboard import links, sidebar
from dashboard.components import focus, text, widgets
from dashboard.components.text import md
from dashboard.data.articles import article_row, article_rows, labels_of, rows_of
from dashboard.data.entities import display_names, entity_names, russian_names
from dashboard.data.filters import filtered
from dashboard.data.layers import article_layers
from dashboard.data.load import load
from dashboard.data.sources import pair_alignments
from dashboard.data.story import roles, worded
from dashboard.words import in_english

dataset = load()
filters = sidebar.current()
view = filtered(dataset, filters)
tables = dataset.tables

st.title("Compare two articles")
articles = view[ARTICLES] if len(view[ARTICLES]) >= 2 else tables[ARTICLES]
if len(articles) < 2:
    st.info("Comparing needs at least two articles.")
    st.stop()
labels = labels_of(dataset)
offered = {article_id: labels[article_id] for article_id in articles[Col.ARTICLE_ID]}
left, right = st.columns(2)
a = links.selectbox("Article A", offered, links.LEFT, where=left)
b = links.selectbox("Article B", offered, links.RIGHT, index=1 if list(offered)[0] == a else 0, where=right)
if a == b:
    st.warning("Choose two different articles.")
    st.stop()

pairs = pair_alignments(dataset, a, b) if dataset.has(ALIGNMENTS) and dataset.has(SENTENCES) else None
pointed = links.sentences(st.query_params.get_all(links.SENTENCE)) if dataset.has(SENTENCES) else {}
if pointed.get(a) or pointed.get(b):
    st.caption(":material/my_location: The sentences the link points to are marked in yellow.")

st.html(text.legend())
st.html(text.align_legend())
for column, article_id, side, other in zip(st.columns(2), (a, b), "AB", "BA", strict=True):
    with column, st.container(height=560, key=f"text-{side}"):
        row = article_row(dataset, article_id)
        spans = text.article_spans(
            row, article_layers(dataset, article_id, filters.types), entity_names(dataset)
        )
        if pairs is not None or pointed.get(article_id):
            sentences = article_rows(dataset, SENTENCES, article_id)
            spans += text.alignment_spans(sentences, pairs, side, other) if pairs is not None else []
            spans += focus.spans(sentences, pointed.get(article_id, ()), side)
        if pointed.get(article_id):
            rendered = focus.CSS + text.render(row[Col.RAW_TEXT], spans) + focus.scroll_script(side)
            st.html(rendered, unsafe_allow_javascript=True)
        else:
            st.html(text.render(row[Col.RAW_TEXT], spans))
if not dataset.has(ALIGNMENTS):
    widgets.available(dataset.missing(ALIGNMENTS))
elif pairs is not None and pairs.empty:
    st.caption("No aligned passages between these two articles.")

st.subheader("Entities")


def _entities_of(article_id: str) -> set[str]:
    if MENTIONS not in tables:
        return set()
    mentions = rows_of(dataset, MENTIONS, article_id)
    if filters.types:
        mentions = mentions[mentions[Col.TYPE].isin(filters.types)]
    return set(mentions[Col.ENTITY_ID])


in_a, in_b = _entities_of(a), _entities_of(b)
names = display_names(dataset)
russian = russian_names(dataset)


def _names(entity_ids: set[str]) -> pd.DataFrame:
    rows = [{"entity": names.get(e, e), "name": russian.get(e, e)} for e in entity_ids]
    return pd.DataFrame(rows, columns=["entity", "name"]).sort_values("entity")


for column, title, ids_ in zip(
    st.columns(3), ("Only in A", "In both", "Only in B"), (in_a - in_b, in_a & in_b, in_b - in_a), strict=True
):
    with column:
        st.markdown(f"**{title}** ({len(ids_)})")
        widgets.table(_names(ids_), f"entities {title}")


def _claims(article_id: str) -> pd.DataFrame:
    """An article's claims as Discrepancies words them (``story.worded``; kinds and roles in words by
    ``widgets.table``)."""
    claims = worded(dataset, rows_of(dataset, CLAIMS, article_id))
    return claims[[Col.KIND, Col.SUBJECT, Col.MEASURE, Col.VALUE, Col.TEXT]]


def _quotes(article_id: str) -> pd.DataFrame:
    """An article's quotes, each speaker by English name where the speaker is an entity."""
    quotes = rows_of(dataset, QUOTES, article_id)
    speakers = in_english(quotes[Col.SPEAKER], quotes[Col.SPEAKER_ENTITY_ID], names)
    return quotes.assign(**{Col.SPEAKER: speakers})[[Col.SPEAKER, Col.TEXT]]


for name, rows in ((CLAIMS, _claims), (QUOTES, _quotes)):
    st.subheader(name.capitalize())
    if not widgets.available(dataset.missing(name)):
        continue
    for column, article_id, side in zip(st.columns(2), (a, b), ("A", "B"), strict=True):
        with column:
            st.markdown(f"**{side}: {md(labels[article_id])}**")
            widgets.table(rows(article_id), f"{name} {side}", roles=roles(dataset))
