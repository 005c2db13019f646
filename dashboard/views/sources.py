"""Sources: outlets and whom they cite, the citation graph, article similarity and story coverage."""

import pandas as pd
import streamlit as st

from analysis.schema import ARTICLES, CITATIONS, ELEMENTS, SIMILARITY
from dashboard import data
from dashboard.components import charts, sidebar, widgets

dataset = data.load()
view = data.apply_filters(dataset.tables, sidebar.current())
articles = view[ARTICLES]
short = data.article_labels(dataset.tables[ARTICLES], short=True)

st.title("Sources")
st.subheader("Outlets")
outlets = articles[["article_id", "outlet", "outlet_source", "outlet_evidence", "published", "url"]].copy()
outlets["outlet"] = outlets["outlet"].where(outlets["outlet"] != "", "Unknown outlet")
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
        edges = (
            citations.assign(article=citations["article_id"].map(short)).groupby(["article", "source"]).size()
        )
        widgets.plot(charts.citation_graph(edges.rename("n").reset_index()))
        shown = citations.assign(article=citations["article_id"].map(short))
        widgets.table(shown[["article", "source", "kind", "cue", "evidence"]], "citations")

similarity_tab, coverage_tab = st.tabs(["Article similarity", "Story element coverage"])
with similarity_tab:
    if widgets.available(dataset, SIMILARITY):
        sim = view[SIMILARITY]
        if sim.empty:
            widgets.nothing_selected("article pairs")
        else:
            matrix = sim.pivot_table(index="article_a", columns="article_b", values="score", aggfunc="max")
            matrix = matrix.combine_first(matrix.T)
            matrix.index = [short[a] for a in matrix.index]
            matrix.columns = [short[a] for a in matrix.columns]
            widgets.plot(charts.heatmap(matrix.round(2), "Similarity (0–1)", zmax=1))
with coverage_tab:
    if widgets.available(dataset, ELEMENTS):
        elements = view[ELEMENTS]
        if elements.empty:
            widgets.nothing_selected("story elements")
        else:
            label = elements.groupby("element_id")["label"].first()
            covered = pd.crosstab(elements["element_id"], elements["article_id"]).clip(upper=1)
            covered = covered.reindex(columns=list(articles["article_id"]), fill_value=0)
            covered.index = [f"{label[e][:60]} ({e})" for e in covered.index]
            covered.columns = [short[a] for a in covered.columns]
            widgets.plot(
                charts.heatmap(covered, "Element × article (1 = covered)", colorscale="Greens", zmax=1)
            )
            widgets.table(covered.reset_index(names="element"), "element coverage")
