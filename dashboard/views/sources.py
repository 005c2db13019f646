"""Sources: outlets and whom they cite, the citation graph, article similarity and story coverage."""

import streamlit as st

from analysis.schema import ARTICLES, CITATIONS, ELEMENTS, SIMILARITY
from dashboard import data
from dashboard.components import charts, sidebar, widgets

TOP = 30  # sources, articles or story elements a figure shows at most

dataset = data.load()
view = data.apply_filters(dataset.tables, sidebar.current())
articles = view[ARTICLES]
every = data.article_labels(dataset.tables[ARTICLES])
labels = {a: every[a] for a in articles["article_id"]}

st.title("Sources")
st.subheader("Outlets")
outlets = articles[["article_id", "outlet", "outlet_source", "outlet_evidence", "published", "url"]].copy()
outlets.insert(0, "article", outlets["article_id"].map(labels))
outlets["outlet"] = outlets["outlet"].where(outlets["outlet"] != "", data.UNKNOWN_OUTLET)
outlets["published"] = outlets["published"].where(outlets["published"] != "", data.UNKNOWN_DATE)
if CITATIONS in view:
    cited = view[CITATIONS].groupby("article_id")["source"].agg(lambda s: ", ".join(dict.fromkeys(s)))
    outlets["cites"] = outlets["article_id"].map(cited).fillna("")
widgets.table(outlets, "outlets")

st.subheader("Who cites whom")
if widgets.available(dataset, CITATIONS):
    citations = view[CITATIONS]
    if citations.empty:
        widgets.nothing_selected("citations")
    else:
        edges = data.citation_edges(citations, data.article_sources(dataset.tables[ARTICLES]), TOP)
        widgets.plot(charts.citation_graph(edges))
        if edges["n"].sum() < len(citations):
            st.caption(
                f"The graph shows the {TOP} most cited sources and the {TOP} sources citing them most; "
                "the table lists every citation."
            )
        shown = citations.assign(article=citations["article_id"].map(labels))
        widgets.table(shown[["article", "source", "kind", "cue", "evidence"]], "citations")

similarity_tab, coverage_tab = st.tabs(["Article similarity", "Story element coverage"])
with similarity_tab:
    if widgets.available(dataset, SIMILARITY):
        matrix = data.similarity_matrix(view[SIMILARITY], labels, TOP)
        if matrix.empty:
            widgets.nothing_selected("article pairs")
        else:
            widgets.plot(charts.heatmap(matrix.round(2), "Similarity (0–1)", zmax=1, column_ticks=False))
            if len(matrix) < len(labels):
                st.caption(f"The {len(matrix)} articles most similar to another, of {len(labels)}.")
with coverage_tab:
    if widgets.available(dataset, ELEMENTS):
        elements = view[ELEMENTS]
        if elements.empty:
            widgets.nothing_selected("story elements")
        else:
            covered = data.element_coverage(elements, labels, TOP)
            table = data.element_table(elements, labels)
            text = dict(zip(table["element_id"], table["text"], strict=True))
            widgets.plot(
                charts.heatmap(
                    covered,
                    "Article × story element (1 = tells it)",
                    colorscale="Greens",
                    zmax=1,
                    column_text=text,
                )
            )
            if covered.shape != (elements["article_id"].nunique(), len(table)):
                st.caption(
                    f"The {len(covered.columns)} elements told by most articles and the {len(covered)} articles "
                    f"telling most of them; the table lists all {len(table)} elements."
                )
            widgets.table(table, "element coverage")
