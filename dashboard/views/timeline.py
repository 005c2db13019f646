"""Timeline: event clusters over time; select one to read every source's sentence."""

import streamlit as st

from analysis.schema import ARTICLES, ENTITIES, EVENT_CLUSTERS, EVENTS
from dashboard import data
from dashboard.components import sidebar, timeline, widgets
from dashboard.components.text import md

ROWS = 40  # event clusters the figure shows at most
SENTENCES = 20  # an event's sentences per page

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
label_of, source_of = data.article_labels(articles), data.article_sources(articles)
type_of = (
    dict(zip(dataset.tables[ENTITIES]["entity_id"], dataset.tables[ENTITIES]["type"], strict=True))
    if ENTITIES in dataset.tables
    else {}
)
wording = dict(zip(events["event_id"], data.sentence_texts(dataset.tables, events), strict=True))
windows = timeline.zoom_windows(events, list(articles["published"]))

left, right = st.columns([3, 2])
zoom = left.segmented_control(
    "Zoom", list(windows), default=next(iter(windows), None), key="zoom", bind="query-params"
)
colour = right.segmented_control(
    "Colour by", ["source", "entity type"], default="source", key="colour", bind="query-params"
)
window = windows.get(zoom or "")
shown, in_window = timeline.busiest(events, clusters, window, ROWS)
figure = timeline.timeline_figure(
    events[events["cluster_id"].isin(shown["cluster_id"])],
    shown,
    source_of,
    label_of,
    type_of,
    wording,
    color_by=colour or "source",
    window=window,
)
picked = widgets.plot(figure, key="timeline-chart", on_select="rerun", selection_mode="points")
st.caption(
    "Bars are intervals, diamonds single days; hover for each source's wording, click to list the sentences."
    + (
        f" The {len(shown)} events reported by most articles, of {in_window}."
        if len(shown) < in_window
        else ""
    )
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
st.subheader(md(labels[event]))
for e in widgets.paginate(members, SENTENCES, "sentences", "sentences").itertuples(index=False):
    with st.container(border=True):
        st.markdown(
            f"**{md(label_of.get(e.article_id, e.article_id))}** · {md(e.start_date)}"
            + (f" – {md(e.end_date)}" if e.end_date != e.start_date else "")
        )
        st.text(wording.get(e.event_id) or e.label)
        widgets.article_link(e.article_id, "Open in article view")
members = members.assign(article=members["article_id"].map(label_of))
widgets.table(
    members[["article", "article_id", "label", "start_date", "end_date", "granularity"]], "event sentences"
)
