"""Timeline: event clusters over time; select one to read every source's sentence."""

import streamlit as st

from analysis.schema import ARTICLES, ENTITIES, EVENT_CLUSTERS, EVENTS
from dashboard import data
from dashboard.components import sidebar, timeline, widgets

dataset = data.load()
view = data.apply_filters(dataset.tables, sidebar.current())

st.title("Timeline")
if not widgets.available(dataset, EVENTS, EVENT_CLUSTERS):
    st.stop()
events, clusters = view[EVENTS], view[EVENT_CLUSTERS]
if events.empty:
    widgets.nothing_selected("events")
    st.stop()

articles = dataset.tables[ARTICLES]
source_of = data.article_labels(articles)
type_of = (
    dict(zip(dataset.tables[ENTITIES]["entity_id"], dataset.tables[ENTITIES]["type"], strict=True))
    if ENTITIES in dataset.tables
    else {}
)
wording = {
    e.event_id: data.sentence_text(dataset.tables, e.article_id, e.sentence_id)
    for e in events.itertuples(index=False)
}
windows = timeline.zoom_windows(events, list(articles["published"]))

left, right = st.columns([3, 2])
zoom = left.segmented_control("Zoom", list(windows), default="Whole story", key="zoom", bind="query-params")
colour = right.segmented_control(
    "Colour by", ["source", "entity type"], default="source", key="colour", bind="query-params"
)
figure = timeline.timeline_figure(
    events, clusters, source_of, type_of, wording, color_by=colour or "source", window=windows.get(zoom or "")
)
picked = widgets.plot(figure, key="timeline-chart", on_select="rerun", selection_mode="points")
st.caption(
    "Bars are intervals, diamonds single days; hover for each source's wording, click to list the sentences."
)

labels = {
    c.cluster_id: f"{c.start_date} – {c.label}"
    for c in clusters.sort_values("start_date").itertuples(index=False)
}
clicked = [p.get("customdata") for p in (picked.selection.points if picked else []) if p.get("customdata")]
if clicked and clicked[0] in labels:
    st.session_state["event"] = clicked[0]
event = st.selectbox("Event", list(labels), format_func=labels.get, key="event", bind="query-params")
members = events[events["cluster_id"] == event].sort_values(["start_date", "article_id"])
st.subheader(labels[event])
for e in members.itertuples(index=False):
    with st.container(border=True):
        st.markdown(
            f"**{source_of.get(e.article_id, e.article_id)}** · {e.start_date}"
            + (f" – {e.end_date}" if e.end_date != e.start_date else "")
        )
        st.text(data.sentence_text(dataset.tables, e.article_id, e.sentence_id) or e.label)
        widgets.article_link(e.article_id, "Open in article view")
widgets.table(members[["article_id", "label", "start_date", "end_date", "granularity"]], "event sentences")
