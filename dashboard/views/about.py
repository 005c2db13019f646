"""About / Methods: which engine and versions produced the data, and its measured quality."""

import pandas as pd
import streamlit as st

from analysis.core.metadata import check_metadata
from analysis.core.schema import ARTICLES, MANIFEST, TABLES, Col
from dashboard import correcting
from dashboard.components import widgets
from dashboard.components.review import review_section
from dashboard.components.text import md
from dashboard.data.load import DATA_ENV, ROOT, build_problems, load
from dashboard.data.quality import dates_rows, nerel_rows
from dashboard.data.review import quality_review
from dashboard.data.story import story
from dashboard.words import REBUILD, folder_words

dataset = load()
manifest = dataset.manifest

st.title("About / Methods")
st.markdown(
    "StoryLens compares how several outlets tell one story. An offline pipeline (`python -m analysis build`) "
    "reads the articles, runs a Russian NLP engine (sentences, lemmas, named entities), merges mentions into "
    "canonical entities, resolves dates and events, aligns sentences across articles and extracts citations, "
    "quotes and claims (amounts, dates, and each country's role when the corpus has a story pack), and finds "
    "where sources state incompatible values. This dashboard only reads the resulting tables."
)
cols = st.columns(4)
cols[0].metric("Engine", f"{manifest.get('engine', '?')} {manifest.get('engine_version', '')}")
cols[1].metric("StoryLens", str(manifest.get("package_version", "?")))
created = str(manifest.get("created", "?"))
cols[2].metric("Built", created[:10], help=created.replace("T", " "))
cols[3].metric("Corpus hash", str(manifest.get("corpus_hash", "?"))[:12])

st.subheader("Measured quality")
st.markdown(
    "What is scored is the `mentions` table a build writes (the entities every page shows), beside bare "
    "natasha (its NER, normaliser and, on BSNLP, linking by equal normal form) on the same texts in the "
    "same run."
)
quality = manifest.get("quality") or {}


def _when(entry: dict) -> str:
    """Date and command of a saved measurement, when the file has them."""
    measured, command = entry.get("measured"), entry.get("command")
    said = (f"Measured {str(measured)[:10]}" if measured else "Run") + (
        f" with `{command}`" if command else ""
    )
    return f" {said}." if measured or command else ""


def _round(value) -> float | None:
    return round(value, 3) if isinstance(value, (int, float)) else None


factru = quality.get("factru")
if factru:
    st.caption(
        f"{factru.get('benchmark', '?')} ({factru.get('protocol', '')}), {factru.get('documents', '?')} documents, "
        f"engine {factru.get('engine', '?')} {factru.get('version', '')}: "
        f"{factru.get('docs_per_second', '?')} documents/second." + _when(factru)
    )
    baseline = factru.get("baseline") or {}
    theirs = baseline.get("types") or {}
    rows = []
    for kind, s in factru.get("types", {}).items():
        row = {"type": kind, "precision": s.get("precision"), "recall": s.get("recall"), "F1": s.get("f1")}
        if theirs:
            row["bare natasha F1"] = (theirs.get(kind) or {}).get("f1")
        rows.append(row)
    widgets.table(pd.DataFrame(rows), "NER quality")
    if baseline:
        path = factru.get("mentions_path") or {}
        entities = f", the steps the mentions table comes from {path['speed_ratio']}" if path else ""
        st.caption(
            f"Bare natasha NER {baseline.get('version', '')}: {baseline.get('docs_per_second', '?')} "
            f"documents/second; as a share of its speed (CPU seconds), the whole build runs at "
            f"{factru.get('speed_ratio', '?')}{entities}."
        )
else:
    st.caption(
        "No factRuEval measurement saved: run "
        "`python -m analysis eval ner --factru DIR --save data/quality.json`."
    )

clusters = quality.get("bsnlp") or {}
if clusters:
    st.markdown("**BSNLP news clusters** (distinct surface forms per document, PER/LOC/ORG)")
    rows = []
    for topic, entry in sorted(clusters.items()):
        base = entry.get("baseline") or {}
        for label, ours, theirs in (
            ("recognition F1", entry.get("recognition"), base.get("recognition")),
            *(
                (f"{kind} F1", (entry.get("types") or {}).get(kind), (base.get("types") or {}).get(kind))
                for kind in ("PER", "LOC", "ORG")
            ),
            ("linking B-cubed F1", entry.get("linking_bcubed"), base.get("linking_bcubed")),
        ):
            rows.append(
                {
                    "cluster": topic,
                    "measure": label,
                    "StoryLens": _round((ours or {}).get("f1")),
                    "bare natasha": _round((theirs or {}).get("f1")),
                }
            )
        rows.append(
            {
                "cluster": topic,
                "measure": "normal-form accuracy",
                "StoryLens": _round(entry.get("normal_form_accuracy")),
                "bare natasha": _round(base.get("normal_form_accuracy")),
            }
        )
        rows.append(  # bare natasha's: its normal form transliterated
            {
                "cluster": topic,
                "measure": "English names (accuracy)",
                "StoryLens": _round((entry.get("english_names") or {}).get("accuracy")),
                "bare natasha": _round((base.get("english_names") or {}).get("accuracy")),
            }
        )
    widgets.table(pd.DataFrame(rows), "BSNLP quality")
    for topic, entry in sorted(clusters.items()):
        st.caption(
            f"{topic}: {entry.get('documents', '?')} of {entry.get('articles', '?')} articles scored "
            f"(copies the corpus reader skipped are not), engine {entry.get('engine', '?')} "
            f"{entry.get('version', '')}." + _when(entry)
        )
else:
    st.caption(
        "No BSNLP measurement saved: run `python -m analysis eval bsnlp TOPIC_DIR --save data/quality.json`."
    )

nerel = quality.get("nerel") or {}
if nerel:
    st.markdown("**NEREL Wikinews texts** (exact spans, nested gold; linking by Wikidata item)")
    widgets.table(nerel_rows(nerel), "NEREL quality")
    for folder, entry in sorted(nerel.items()):
        st.caption(f"{folder}: {entry.get('documents', '?')} texts." + _when(entry))
dates = quality.get("dates")
if dates:
    st.markdown(
        "**Dates** (the dates table against NEREL's DATE spans; resolution against a hand-normalised gold)"
    )
    widgets.table(dates_rows(dates), "dates quality")
    st.caption(f"{dates.get('documents', '?')} NEREL texts." + _when(dates))

st.subheader("Quality report")
st.markdown(
    "What to check before trusting the entities, from the tables alone (`python -m analysis review DATA` "
    "prints the same)."
)
report = quality_review(dataset)
if report is None:
    st.caption(f"Not computed: the entities or mentions table cannot be used. Rebuild with `{REBUILD}`.")
else:
    review_section(report)

st.subheader("Story pack")
pack = story(dataset)
if pack.get("roles"):
    st.markdown(
        f"**{md(pack.get('name', ''))}**: the roles the Map colours, as `story.toml` beside the corpus defines them."
    )
    widgets.table(
        pd.DataFrame(pack["roles"]).reindex(columns=["label", "code", "description", "colour"]), "story roles"
    )
else:
    st.caption(
        "None: the corpus has no `story.toml`, so no roles are read and the Map shows the places the articles "
        "name. Every other page works without one."
    )

correcting.about_section(dataset)

st.subheader("Problems of the last build")
if dataset.manifest_problem:
    st.caption(f"Unknown: `{MANIFEST}` {dataset.manifest_problem}. Rebuild with `{REBUILD}`.")
for key, heading, none in (
    ("errors", "Errors: a step failed on one article (the rest was built)", "No step failed on any article."),
    ("skipped", "Skipped files", "None: every file of the corpus was read."),
    ("notices", "Notices: what was done to files that were read", "None: every file was read as it was."),
):
    st.markdown(f"**{heading}**")
    problems = build_problems(manifest, key)
    if problems.empty:
        st.caption(none)
    else:
        widgets.table(problems, f"build {key}")

st.markdown("**What the articles' metadata cannot tell**")
metadata = check_metadata(dataset.tables[ARTICLES])
for warning in metadata.warnings():
    st.warning(md(warning), icon=":material/report:")
if not metadata.warnings():
    st.caption("Nothing: the articles do not all share one publication date or one URL host.")

st.subheader("Tables")
rows = [
    {
        Col.FILE: table.file,
        "rows": dataset.rows.get(name),
        "status": "loaded" if dataset.has(name) else dataset.problems.get(name, ""),
        "description": table.doc,
    }
    for name, table in TABLES.items()
]
widgets.table(pd.DataFrame(rows), "tables")
st.caption(f"Data folder: `{folder_words(dataset.folder, ROOT, DATA_ENV)}`. Rebuild with `{REBUILD}`.")
