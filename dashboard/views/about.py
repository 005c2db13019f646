"""About / Methods: which engine and versions produced the data, and its measured quality."""

import pandas as pd
import streamlit as st

from analysis.schema import TABLES
from dashboard import data
from dashboard.components import widgets

dataset = data.load()
manifest = dataset.manifest

st.title("About / Methods")
st.markdown(
    "StoryLens compares how several outlets tell one story. An offline pipeline (`python -m analysis build`) "
    "reads the articles, runs a Russian NLP engine (sentences, lemmas, named entities), merges mentions into "
    "canonical entities, resolves dates and events, aligns sentences across articles and extracts citations, "
    "quotes, claims and each country's role. This dashboard only reads the resulting tables."
)
cols = st.columns(4)
cols[0].metric("Engine", f"{manifest.get('engine', '?')} {manifest.get('engine_version', '')}")
cols[1].metric("StoryLens", str(manifest.get("package_version", "?")))
created = str(manifest.get("created", "?"))
cols[2].metric("Built", created[:10], help=created.replace("T", " "))
cols[3].metric("Corpus hash", str(manifest.get("corpus_hash", "?"))[:12])

st.subheader("Measured quality")
quality = manifest.get("quality")
if quality:
    st.caption(
        f"{quality.get('benchmark', '?')} ({quality.get('protocol', '')}), {quality.get('documents', '?')} documents, "
        f"engine {quality.get('engine', '?')} {quality.get('version', '')}: "
        f"{quality.get('docs_per_second', '?')} documents/second."
    )
    scores = pd.DataFrame(
        [
            {"type": kind, "precision": s.get("precision"), "recall": s.get("recall"), "F1": s.get("f1")}
            for kind, s in quality.get("types", {}).items()
        ]
    )
    widgets.table(scores, "NER quality")
else:
    st.caption(
        "No quality measurement saved: run `python -m analysis eval ner --factru DIR --save data/quality.json`."
    )

st.subheader("Problems of the last build")
if dataset.manifest_problem:
    st.caption(f"Unknown: `{data.MANIFEST}` {dataset.manifest_problem}. Rebuild with `{data.REBUILD}`.")
for key, heading, none in (
    ("errors", "Errors: a step failed on one article (the rest was built)", "No step failed on any article."),
    ("skipped", "Skipped files", "None: every file of the corpus was read."),
    ("notices", "Notices: what was done to files that were read", "None: every file was read as it was."),
):
    st.markdown(f"**{heading}**")
    problems = data.build_problems(manifest, key)
    if problems.empty:
        st.caption(none)
    else:
        widgets.table(problems, f"build {key}")

st.subheader("Tables")
rows = [
    {
        "table": name,
        "rows": dataset.rows.get(name),
        "status": "loaded" if dataset.has(name) else dataset.problems.get(name, ""),
        "description": table.doc,
    }
    for name, table in TABLES.items()
]
widgets.table(pd.DataFrame(rows), "tables")
st.caption(f"Data folder: `{dataset.folder}`. Rebuild with `{data.REBUILD}`.")
