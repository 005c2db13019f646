"""Overview: what the story is, the corpus at a glance, top entities and where the sources disagree
most, then one card per article."""

import streamlit as st

from analysis.core.metadata import check_metadata
from analysis.core.schema import ARTICLES, CITATIONS, CONTRADICTIONS, COPIES, ENTITIES, EVENT_CLUSTERS, Col
from dashboard import sidebar
from dashboard.components import charts, copies, discrepancies, timeline, widgets, worldmap
from dashboard.components.text import code, md
from dashboard.data import copies as provenance
from dashboard.data.articles import cited_sources
from dashboard.data.filters import filtered
from dashboard.data.load import build_problems, load
from dashboard.data.story import selected_discrepancies, story, story_facts
from dashboard.words import UNKNOWN_DATE, UNKNOWN_OUTLET, counted

CARDS = 30  # article cards per page
CONFLICTS = 5  # discrepancies listed (the most worth reading); the Discrepancies page has them all
DISCREPANCIES_PAGE = "views/discrepancies.py"
SOURCES_PAGE = "views/sources.py"

dataset = load()
filters = sidebar.current()
view = filtered(dataset, filters)
key = ("overview", filters)  # what this page derives from the selection, computed once per selection
articles = view[ARTICLES]

st.title("Story overview")
pack = story(dataset)
if pack.get("name"):
    summary = pack.get("summary")
    st.markdown(f"**{md(pack['name'])}**" + (f" — {md(summary)}" if summary else ""))
    st.caption(md(story_facts(dataset)))
else:
    st.markdown(md(story_facts(dataset)))
errors, skipped = (build_problems(dataset.manifest, key) for key in ("errors", "skipped"))
if len(errors) or len(skipped):
    with st.container(border=True, key="build-problems"):
        parts = [f"left out {len(skipped)} file(s)"] * bool(len(skipped))
        parts += [f"failed on {len(errors)} step(s) of an article"] * bool(len(errors))
        st.warning(f"The last build {' and '.join(parts)}; the rest was built.", icon=":material/warning:")
        st.page_link(widgets.ABOUT_PAGE, label="See which and why on About", icon=":material/info:")
metadata = dataset.memo("metadata", lambda: check_metadata(dataset.tables[ARTICLES]))
for warning in metadata.warnings():  # a crawl's date or host for all: what the pages below cannot tell
    st.warning(md(warning), icon=":material/report:")

published = articles[Col.PUBLISHED]
dated = published[published != ""]
first, last = (dated.min(), dated.max()) if len(dated) else ("", "")
cols = st.columns([1, 1, 2, 1, 1])  # the date span is the longest value
cols[0].metric("Articles", len(articles))
if not metadata.outlets_known:  # no outlet, or one name for a crawl's articles: every count is of articles
    articles = articles.assign(**{Col.OUTLET: ""})
known_outlets = articles.loc[articles[Col.OUTLET] != "", Col.OUTLET].nunique()
unknown_outlets = int((articles[Col.OUTLET] == "").sum())
if metadata.outlets_known:
    about_outlets = f"Known outlets; {unknown_outlets} article(s) do not say which outlet published them."
    cols[1].metric("Outlets", known_outlets, help=about_outlets if unknown_outlets else None)
else:
    about_outlets = (
        "Not known: the articles do not say which outlets published them, so this page counts articles."
    )
    cols[1].metric("Outlets", "—", help=about_outlets)
cols[2].metric(
    "Published",
    timeline.span(first, last) if len(dated) else UNKNOWN_DATE,
    help=" – ".join(dict.fromkeys([first, last])) if len(dated) else None,
)
cols[3].metric("Entities", len(view[ENTITIES]) if ENTITIES in view else "—")
cols[4].metric("Events", len(view[EVENT_CLUSTERS]) if EVENT_CLUSTERS in view else "—")
if len(dated) < len(articles):
    st.caption(
        f"{len(articles) - len(dated)} article(s) without a publication date: shown as “{UNKNOWN_DATE}”."
    )
if dataset.has(COPIES):  # how much of the story is its outlets' own reporting
    prose = provenance.prose_counts(dataset).reindex(articles[Col.ARTICLE_ID]).fillna(0)
    share = dataset.memo(
        (*key, "original"), lambda: provenance.original_share(provenance.dataset_provenance(dataset), prose)
    )
    with st.container(horizontal=True, vertical_alignment="center", key="original-reporting"):
        st.markdown(copies.original_words(share))
        st.page_link(SOURCES_PAGE, label="Who copies whom", icon=":material/content_copy:")

left, right = st.columns(2)
with left:
    st.subheader("Top entities")
    if widgets.available(dataset.missing(ENTITIES)):
        top = view[ENTITIES].head(15)
        if top.empty:
            widgets.nothing_selected("entities")
        else:
            widgets.plot(
                charts.bar(
                    list(top[Col.NAME_EN].where(top[Col.NAME_EN] != "", top[Col.NAME])),
                    list(top[Col.N_MENTIONS]),
                    "Mentions",
                )
            )
with right:
    st.subheader("Where the sources disagree")
    if widgets.available(dataset.missing(CONTRADICTIONS)):
        found = selected_discrepancies(dataset, filters)
        ids = found[Col.CONTRADICTION_ID].drop_duplicates()
        if ids.empty:
            st.caption("No two of the selected sources state incompatible values about the same subject.")
        roles = worldmap.role_styles(pack.get("roles") or [])
        top = found[found[Col.CONTRADICTION_ID].isin(ids.head(CONFLICTS))]
        noun = "source" if metadata.outlets_known else "article"  # where outlets are not known: articles
        told = dataset.memo(  # each card's heading, relation and values, once per selection
            (*key, "disagreements"),
            lambda: [
                (
                    discrepancies.heading(group, noun),
                    discrepancies.relation_label(group),
                    "\n".join(discrepancies.summary(group, roles)),
                )
                for _, group in top.groupby(Col.CONTRADICTION_ID, sort=False)
            ],
        )
        for heading, relation, summary in told:
            with st.container(border=True):
                st.markdown(heading)
                st.caption(relation)
                st.markdown(summary)
        if len(ids):
            more = f"All {len(ids)} discrepancies" if len(ids) > CONFLICTS else "Read them in their sentences"
            st.page_link(DISCREPANCIES_PAGE, label=more, icon=":material/rule:")

st.subheader("Coverage volume")
volume, undated = dataset.memo((*key, "coverage"), lambda: charts.daily_coverage(articles, UNKNOWN_OUTLET))
if len(volume):
    widgets.plot(dataset.memo((*key, "coverage figure"), lambda: charts.coverage(volume)))
if undated:
    st.caption(f"{counted(undated, 'article')} without a publication date: not in the chart, counted apart.")
if len(volume) or undated:
    widgets.table(volume, "coverage volume")
else:
    widgets.nothing_selected("articles")

st.subheader("Articles")
if articles.empty:
    widgets.nothing_selected("articles")


# Whom each article cites, from the whole article whatever the filters (an entity filter selects
# articles; it does not make the rest of an article untrue).
cites = dataset.memo("cites", lambda: cited_sources(dataset.tables[CITATIONS])) if CITATIONS in view else None
order = dataset.memo(  # row positions, dated articles first (the rows themselves hold every text)
    (*key, "order"),
    lambda: (
        articles[[Col.PUBLISHED, Col.ARTICLE_ID]]
        .assign(undated=articles[Col.PUBLISHED] == "", at=range(len(articles)))
        .sort_values(["undated", Col.PUBLISHED, Col.ARTICLE_ID])["at"]
    ),
)
shown = articles.iloc[widgets.paginate(order, CARDS, "cards", "articles")]
grid = st.columns(3)
for i, row in enumerate(shown.itertuples(index=False)):
    with grid[i % 3], st.container(border=True, key=f"card-{i}"):
        outlet = row.outlet or UNKNOWN_OUTLET
        st.markdown(f"**{md(outlet)}** · {md(row.published or UNKNOWN_DATE)}  \n{code(row.article_id)}")
        st.text(row.title)
        if cites is not None:
            who = ", ".join(cites.get(row.article_id, [])) or "no attributed source found"
            st.caption(f"Cites: {md(who)}")
        widgets.article_link(row.article_id, "Open article")
if CITATIONS not in view:
    widgets.available(dataset.missing(CITATIONS))
