"""Compare two articles: texts side by side, aligned passages linked, shared and unique entities."""

import pandas as pd
import streamlit as st

from analysis.schema import ALIGNMENTS, ARTICLES, CLAIMS, ENTITIES, MENTIONS, QUOTES, SENTENCES
from dashboard import data
from dashboard.components import sidebar, text, widgets

dataset = data.load()
filters = sidebar.current()
view = data.apply_filters(dataset.tables, filters)
tables = dataset.tables

st.title("Compare two articles")
articles = view[ARTICLES] if len(view[ARTICLES]) >= 2 else tables[ARTICLES]
if len(articles) < 2:
    st.info("Comparing needs at least two articles.")
    st.stop()
labels = {
    r.article_id: data.article_label(r._asdict()) + f" ({r.article_id[:3]})"
    for r in articles.itertuples(index=False)
}
ids = list(labels)
left, right = st.columns(2)
a = left.selectbox("Article A", ids, index=0, key="a", bind="query-params", format_func=labels.get)
b = right.selectbox("Article B", ids, index=1, key="b", bind="query-params", format_func=labels.get)
if a == b:
    st.warning("Choose two different articles.")
    st.stop()

names = (
    {e.entity_id: (e.name, e.name_en) for e in tables[ENTITIES].itertuples(index=False)}
    if ENTITIES in tables
    else {}
)
mentions = (
    tables[MENTIONS] if MENTIONS in tables else pd.DataFrame(columns=["article_id", "entity_id", "type"])
)
if filters.types:
    mentions = mentions[mentions["type"].isin(filters.types)]

pairs = pd.DataFrame(columns=["sentence_a", "sentence_b", "kind", "score"])
if ALIGNMENTS in tables:
    al = tables[ALIGNMENTS]
    forward = al[(al["article_a"] == a) & (al["article_b"] == b)][
        ["sentence_a", "sentence_b", "kind", "score"]
    ]
    backward = al[(al["article_a"] == b) & (al["article_b"] == a)].rename(
        columns={"sentence_a": "sentence_b", "sentence_b": "sentence_a"}
    )[["sentence_a", "sentence_b", "kind", "score"]]
    pairs = pd.concat([forward, backward]).sort_values("sentence_a").reset_index(drop=True)
    pairs["n"] = range(1, len(pairs) + 1)


def _align_spans(article_id: str, side: str, other: str) -> list[text.Span]:
    if SENTENCES not in tables or pairs.empty:
        return []
    sentences = tables[SENTENCES]
    sentences = sentences[sentences["article_id"] == article_id].set_index("sentence_id")
    spans = []
    for p in pairs.itertuples(index=False):
        s = sentences.loc[getattr(p, f"sentence_{side.lower()}")]
        spans.append(
            text.Span(
                int(s["start"]),
                int(s["end"]),
                f"sl-align sl-align-{p.kind}",
                f"{p.kind} ({p.score:.2f}) — jump to {other}",
                anchor=f"{side}-{p.n}",
                href=f"{other}-{p.n}",
                badge=f"[{p.n}]",
            )
        )
    return spans


st.html(text.legend())
st.html(text.align_legend())
row = tables[ARTICLES].set_index("article_id")
columns = st.columns(2)
for column, article_id, side, other in ((columns[0], a, "A", "B"), (columns[1], b, "B", "A")):
    with column, st.container(height=560, key=f"text-{side}"):
        spans = text.entity_spans(mentions[mentions["article_id"] == article_id], names)
        spans += (
            text.boilerplate_spans(tables[SENTENCES][tables[SENTENCES]["article_id"] == article_id])
            if SENTENCES in tables
            else []
        )
        spans += _align_spans(article_id, side, other)
        spans += text.outside_body(
            row.loc[article_id, "raw_text"],
            int(row.loc[article_id, "body_start"]),
            int(row.loc[article_id, "body_end"]),
        )
        st.html(text.render(row.loc[article_id, "raw_text"], spans))
if ALIGNMENTS not in tables:
    widgets.available(dataset, ALIGNMENTS)
elif pairs.empty:
    st.caption("No aligned passages between these two articles.")

st.subheader("Entities")
in_a = set(mentions.loc[mentions["article_id"] == a, "entity_id"])
in_b = set(mentions.loc[mentions["article_id"] == b, "entity_id"])


def _names(entity_ids: set[str]) -> pd.DataFrame:
    rows = [
        {"entity": names.get(e, (e, ""))[1] or names.get(e, (e, ""))[0], "name": names.get(e, (e, ""))[0]}
        for e in entity_ids
    ]
    return pd.DataFrame(rows, columns=["entity", "name"]).sort_values("entity")


for column, title, ids_ in zip(
    st.columns(3), ("Only in A", "In both", "Only in B"), (in_a - in_b, in_a & in_b, in_b - in_a), strict=True
):
    with column:
        st.markdown(f"**{title}** ({len(ids_)})")
        widgets.table(_names(ids_), f"entities {title}")

for name, columns_ in ((CLAIMS, ["attribute", "subject", "value", "text"]), (QUOTES, ["speaker", "text"])):
    st.subheader(name.capitalize())
    if not widgets.available(dataset, name):
        continue
    for column, article_id, side in zip(st.columns(2), (a, b), ("A", "B"), strict=True):
        with column:
            rows = tables[name][tables[name]["article_id"] == article_id][columns_]
            st.markdown(f"**{side}: {labels[article_id]}**")
            widgets.table(rows, f"{name} {side}")
