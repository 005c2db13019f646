"""Timeline: event clusters over time; select one to read every source's sentence."""

import streamlit as st

from analysis.core.schema import ARTICLES, EVENT_CLUSTERS, EVENTS, Col
from dashboard import links, sidebar
from dashboard.components import timeline, widgets
from dashboard.components.text import md
from dashboard.data.articles import labels_of, sentence_texts, sources_of
from dashboard.data.entities import entity_types
from dashboard.data.filters import filtered
from dashboard.data.load import load
from dashboard.data.news import NEWS_SHARE, most_covered, news_days
from dashboard.words import date_span, when

ROWS = 40  # event clusters the figure shows at most
SENTENCES = 20  # an event's sentences per page
CHOICES = 1000  # events the event selector lists at most (those reported by most articles)

dataset = load()
filters = sidebar.current()
view = filtered(dataset, filters)

st.title("Timeline")
if not widgets.available(dataset.missing(EVENTS, EVENT_CLUSTERS)):
    st.stop()
events, clusters = view[EVENTS], view[EVENT_CLUSTERS]
if events.empty:
    widgets.nothing_selected("events")
    st.stop()

label_of, source_of = labels_of(dataset), sources_of(dataset)
type_of = entity_types(dataset)
key = ("timeline", filters)  # what this page derives from the selection, computed once per selection
news = dataset.memo((*key, "news"), lambda: news_days(events, view[ARTICLES]))  # the selection's news
windows = dataset.memo((*key, "windows"), lambda: timeline.zoom_windows(events, news))

left, right = st.columns([3, 2])
zoom = left.segmented_control(
    "Zoom", list(windows), default=next(iter(windows), None), key="zoom", bind="query-params"
)
colour = right.segmented_control(
    "Colour by", ["source", "entity type"], default="source", key="colour", bind="query-params"
)
window = windows.get(zoom or "")
shown, in_window = dataset.memo(
    (*key, "busiest", window), lambda: timeline.busiest(events, clusters, window, ROWS)
)


def _figure():
    drawn = events[events[Col.CLUSTER_ID].isin(shown[Col.CLUSTER_ID])]

    def wording(rows):  # the sentences of the rows a hover quotes: a few per cluster, read from disk
        return dict(zip(rows[Col.EVENT_ID], sentence_texts(dataset, rows), strict=True))

    return timeline.timeline_figure(
        drawn, shown, source_of, label_of, type_of, wording, color_by=colour or "source", window=window
    )


figure = dataset.memo((*key, "figure", window, colour), _figure)
picked = widgets.plot(figure, key="timeline-chart", on_select="rerun", selection_mode="points")
st.caption(
    "Bars are intervals, diamonds single days; hover for each source's wording, click to list the sentences."
    + (
        f" News days: {date_span(news[0].isoformat(), news[1].isoformat())}, the shortest span holding "
        f"{NEWS_SHARE:.0%} of the publication dates and of the events dated to a day."
        if news and zoom == "News days"
        else ""
    )
    + (
        f" The {len(shown)} events reported by most articles, of {in_window}."
        if len(shown) < in_window
        else ""
    )
    + (
        f" Colours: the {timeline.SOURCES} sources reporting most of them; the others are grey."
        if any(trace.name == timeline.OTHER_SOURCES for trace in figure.data)
        else ""
    )
)

every = dataset.memo(
    (*key, "choices"),
    lambda: {
        c.cluster_id: f"{when(c.start_date, c.end_date)} · {c.label}"
        for c in clusters.sort_values(Col.START_DATE).itertuples(index=False)
    },
)
clicked = [p.get("customdata") for p in (picked.selection.points if picked else []) if p.get("customdata")]
if clicked and clicked[0] in every:
    st.session_state["event"] = clicked[0]
labels = every
if len(every) > CHOICES:  # tens of thousands of options weigh megabytes on every page view
    reported = dataset.memo(
        (*key, "most reported"),
        lambda: set(
            events.groupby(Col.CLUSTER_ID)[Col.ARTICLE_ID]
            .nunique()
            .sort_values(ascending=False, kind="stable")
            .index[:CHOICES]
        ),
    )
    wanted = reported | set(shown[Col.CLUSTER_ID]) | {most_covered(clusters, news)[Col.CLUSTER_ID]}
    wanted |= {st.session_state.get("event"), st.query_params.get("event")}  # a link or click keeps its event
    labels = {c: label for c, label in every.items() if c in wanted}
top = dataset.memo((*key, "news event"), lambda: most_covered(clusters, news))
opening = list(labels).index(top[Col.CLUSTER_ID]) if top is not None and top[Col.CLUSTER_ID] in labels else 0
# the URL holds the event's id, not its label; the page opens on the most-covered news event
event = links.selectbox("Event", labels, "event", index=opening)
if len(labels) < len(every):
    st.caption(
        f"The list holds the {len(labels)} events reported by most articles, of {len(every)}: "
        "click an event in the figure, or narrow the filters, to list another."
    )
members = events[events[Col.CLUSTER_ID] == event].sort_values([Col.START_DATE, Col.ARTICLE_ID])
st.subheader(md(labels[event]))
page = widgets.paginate(members, SENTENCES, "sentences", "sentences")
wording = dict(zip(page[Col.EVENT_ID], sentence_texts(dataset, page), strict=True))
for e in page.itertuples(index=False):
    with st.container(border=True):
        st.markdown(
            f"**{md(label_of.get(e.article_id, e.article_id))}** · {md(when(e.start_date, e.end_date))}"
        )
        st.text(wording.get(e.event_id) or e.label)
        widgets.article_link(e.article_id, "Open in article view")
members = members.assign(
    article=members[Col.ARTICLE_ID].map(label_of),
    when=[when(a, b) for a, b in zip(members[Col.START_DATE], members[Col.END_DATE], strict=True)],
)
shown_columns = ["article", "when", Col.LABEL, Col.ARTICLE_ID]
widgets.table(  # the CSV keeps the ISO dates and their precision for a spreadsheet
    members[shown_columns],
    "event sentences",
    full=lambda: members[[*shown_columns, Col.START_DATE, Col.END_DATE, Col.GRANULARITY]],
)
