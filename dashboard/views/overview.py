"""Overview: the story at a glance, one card per article, top entities, where sources disagree."""

import streamlit as st

from analysis.schema import ARTICLES, CITATIONS, CONTRADICTIONS, ENTITIES, EVENT_CLUSTERS
from dashboard import data
from dashboard.components import charts, sidebar, widgets

dataset = data.load()
view = data.apply_filters(dataset.tables, sidebar.current())
articles = view[ARTICLES]

st.title("Story overview")
dated = sorted(d for d in articles["published"] if d)
span = " – ".join(dict.fromkeys([dated[0], dated[-1]])) if dated else data.UNKNOWN_DATE
cols = st.columns(5)
cols[0].metric("Articles", len(articles))
known_outlets = articles.loc[articles["outlet"] != "", "outlet"].nunique()
unknown_outlets = int((articles["outlet"] == "").sum())
cols[1].metric(
    "Known outlets",
    known_outlets,
    help=f"{unknown_outlets} article(s) do not say which outlet published them." if unknown_outlets else None,
)
cols[2].metric("Published", span)
cols[3].metric("Entities", len(view[ENTITIES]) if ENTITIES in view else "—")
cols[4].metric("Events", len(view[EVENT_CLUSTERS]) if EVENT_CLUSTERS in view else "—")
if len(dated) < len(articles):
    st.caption(
        f"{len(articles) - len(dated)} article(s) without a publication date: shown as “{data.UNKNOWN_DATE}”."
    )

st.subheader("Articles")
if articles.empty:
    widgets.nothing_selected("articles")
cites = view[CITATIONS].groupby("article_id")["source"].unique() if CITATIONS in view else None
ordered = articles.assign(undated=articles["published"] == "").sort_values(
    ["undated", "published", "article_id"]
)
grid = st.columns(3)
for i, row in enumerate(ordered.itertuples(index=False)):
    with grid[i % 3], st.container(border=True, key=f"card-{row.article_id}"):
        outlet = row.outlet or "Unknown outlet"
        st.markdown(f"**{outlet}** · {row.published or data.UNKNOWN_DATE} · `{row.article_id}`")
        st.text(row.title)
        if cites is not None:
            who = ", ".join(cites.get(row.article_id, [])) or "no attributed source found"
            st.caption(f"Cites: {who}")
        widgets.article_link(row.article_id, "Open article")
if CITATIONS not in view:
    widgets.available(dataset, CITATIONS)

left, right = st.columns(2)
with left:
    st.subheader("Top entities")
    if widgets.available(dataset, ENTITIES):
        top = view[ENTITIES].head(15)
        if top.empty:
            widgets.nothing_selected("entities")
        else:
            widgets.plot(
                charts.bar(
                    list(top["name_en"].where(top["name_en"] != "", top["name"])),
                    list(top["n_mentions"]),
                    "Mentions",
                )
            )
with right:
    st.subheader("Where the sources disagree")
    if widgets.available(dataset, CONTRADICTIONS):
        conflicts = view[CONTRADICTIONS]
        if conflicts.empty:
            st.caption("No contradictions among the selected articles.")
        labels = data.article_labels(dataset.tables[ARTICLES])
        for cid, group in conflicts.groupby("contradiction_id", sort=False):
            first = group.iloc[0]
            with st.container(border=True, key=f"conflict-{cid}"):
                st.markdown(f"**{first['subject']}** — {first['attribute'].replace('_', ' ')}")
                for r in group.itertuples(index=False):
                    st.markdown(f"- **{r.value}** — {labels.get(r.article_id, r.article_id)}")
                    st.caption(r.text)
