"""Sources: outlets and whom they cite, the citation graph, article similarity and story coverage."""

import streamlit as st

from analysis.core.metadata import check_metadata
from analysis.core.schema import ARTICLES, CITATIONS, COPIES, ELEMENTS, SIMILARITY, Col
from dashboard import sidebar
from dashboard.components import charts, copies, widgets
from dashboard.components.text import md
from dashboard.data import copies as provenance
from dashboard.data.articles import cited_sources, counted_sources, labels_of, sources_of
from dashboard.data.filters import filtered
from dashboard.data.load import load
from dashboard.data.sources import citation_edges, element_coverage, element_table, similarity_on_disk
from dashboard.words import UNKNOWN_DATE, UNKNOWN_OUTLET

TOP = 30  # sources, articles or story elements a figure shows at most
TOLD_BY = 20  # articles named per story element on screen (the CSV names all)
COPY_EDGES = 30  # who-copies-whom arrows drawn at most (the heaviest; the table lists all)

dataset = load()
filters = sidebar.current()
view = filtered(dataset, filters)
key = ("sources", filters)  # what this page derives from the selection, computed once per selection
articles = view[ARTICLES]
every = labels_of(dataset)
labels = dataset.memo((*key, "labels"), lambda: {a: every[a] for a in articles[Col.ARTICLE_ID]})


metadata = dataset.memo("metadata", lambda: check_metadata(dataset.tables[ARTICLES]))


def _outlets():
    columns = [Col.ARTICLE_ID, Col.OUTLET, Col.OUTLET_SOURCE, Col.OUTLET_EVIDENCE, Col.PUBLISHED, Col.URL]
    outlets = articles[columns].copy()
    outlets.insert(0, "article", outlets[Col.ARTICLE_ID].map(labels))
    named = outlets[Col.OUTLET] != ""
    outlets[Col.OUTLET] = outlets[Col.OUTLET].where(named & metadata.outlets_known, UNKNOWN_OUTLET)
    outlets[Col.PUBLISHED] = outlets[Col.PUBLISHED].where(outlets[Col.PUBLISHED] != "", UNKNOWN_DATE)
    if CITATIONS in view:
        cited = cited_sources(view[CITATIONS])
        outlets["cites"] = [", ".join(cited.get(a, ())) for a in outlets[Col.ARTICLE_ID]]
    return outlets


def citing_sources() -> dict[str, str]:
    """Article id -> who cites in it: its outlet, or the article itself when outlets are not known."""
    return sources_of(dataset) if metadata.outlets_known else labels


st.title("Sources")
st.subheader("Outlets")
for warning in metadata.warnings():
    st.warning(md(warning), icon=":material/report:")
if not metadata.outlets_known:
    st.caption(
        "Outlets are not known: each article is a source of its own on this page, counted as an article."
    )
widgets.table(dataset.memo((*key, "outlets"), _outlets), "outlets")

st.subheader("Who cites whom")
if widgets.available(dataset.missing(CITATIONS)):
    citations = view[CITATIONS]
    if citations.empty:
        widgets.nothing_selected("citations")
    else:
        edges = dataset.memo((*key, "edges"), lambda: citation_edges(citations, citing_sources(), TOP))
        widgets.plot(dataset.memo((*key, "graph"), lambda: charts.citation_graph(edges)))
        if edges["n"].sum() < len(citations):
            st.caption(
                f"The graph shows the {TOP} most cited sources and the {TOP} sources citing them most; "
                "the table lists every citation."
            )
        shown = dataset.memo(
            (*key, "citations"),
            lambda: citations.assign(article=citations[Col.ARTICLE_ID].map(labels))[
                ["article", Col.SOURCE, Col.KIND, Col.CUE, Col.EVIDENCE]
            ],
        )
        widgets.table(shown, "citations")

st.subheader("Who copies whom", anchor="copies")
if widgets.available(dataset.missing(COPIES)):
    st.caption(
        "Sentences printed verbatim or nearly by more than one article, from the first publisher (the "
        "earliest publication date) to each repeater. Where several printed it the same day, or a copy has "
        "no date, which was first is not known: those arrows are dashed and counted apart."
        + ("" if metadata.outlets_known else " Outlets are not known: each article is a source of its own.")
    )
    rows = provenance.dataset_provenance(dataset)
    prose = provenance.prose_counts(dataset).reindex(articles[Col.ARTICLE_ID]).fillna(0).astype("int64")
    edges = dataset.memo(
        (*key, "copy edges"),
        lambda: provenance.copy_edges(rows.loc[rows[Col.ARTICLE_ID].isin(prose.index), provenance.COUNTED]),
    )
    if edges.empty:
        st.caption("No sentence of the selected articles is printed by another article.")
    else:
        shown = provenance.top_edges(edges, COPY_EDGES)
        widgets.plot(dataset.memo((*key, "copy graph"), lambda: copies.copy_graph(shown)))
        if len(shown) < len(edges):
            st.caption(
                f"The {len(shown)} pairs that share most sentences, of {len(edges)} (an outlet repeating its "
                "own articles is no arrow); the table lists every pair."
            )
        widgets.table(edges, "copied sentences")
    shares = dataset.memo(
        (*key, "copy shares"), lambda: provenance.source_shares(rows, prose, counted_sources(dataset))
    )
    st.markdown("**Each source's prose: its own, and copied from whom**")
    widgets.table(
        shares,
        "copies by source",
        column_config={"own share": st.column_config.NumberColumn(format="percent")},
    )

similarity_tab, coverage_tab = st.tabs(["Article similarity", "Story element coverage"])
with similarity_tab:
    if widgets.available(dataset.missing(SIMILARITY)):
        chosen = None if len(articles) == len(dataset.tables[ARTICLES]) else set(labels)
        matrix = dataset.memo((*key, "similarity"), lambda: similarity_on_disk(dataset, chosen, labels, TOP))
        if matrix.empty:
            widgets.nothing_selected("article pairs")
        else:
            widgets.plot(charts.heatmap(matrix.round(2), "Similarity (0–1)", zmax=1, column_ticks=False))
            if len(matrix) < len(labels):
                st.caption(f"The {len(matrix)} articles most similar to another, of {len(labels)}.")
with coverage_tab:
    if widgets.available(dataset.missing(ELEMENTS)):
        elements = view[ELEMENTS]
        if elements.empty:
            widgets.nothing_selected("story elements")
        else:
            covered = dataset.memo((*key, "coverage"), lambda: element_coverage(elements, labels, TOP))
            table = dataset.memo(
                (*key, "elements"),
                lambda: element_table(elements, labels, told_by=widgets.ROWS, names=TOLD_BY),
            )
            text = dict(zip(table[Col.ELEMENT_ID], table["text"], strict=True))
            widgets.plot(
                charts.heatmap(
                    covered,
                    "Article × story element (1 = tells it)",
                    colorscale="Greens",
                    zmax=1,
                    column_text=text,
                )
            )
            if covered.shape != (elements[Col.ARTICLE_ID].nunique(), len(table)):
                st.caption(
                    f"The {len(covered.columns)} elements told by most articles and the {len(covered)} articles "
                    f"telling most of them; the table lists all {len(table)} elements."
                )
            widgets.table(table, "element coverage", full=lambda: element_table(elements, labels))
