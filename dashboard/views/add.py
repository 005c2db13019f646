"""Add articles: upload files or paste a text, analyse them offline, and remove them again.

Added articles live in their own corpus folder (``data/added`` or ``$STORYLENS_ADDED_DIR``), apart
from the main corpus (``seeds/`` or ``$STORYLENS_CORPUS_DIR``). Adding or removing one rebuilds
every table, so every page shows the change at once.

The analysis (``analysis.add``, which loads the NLP engines) is imported only when a button is
clicked: the rest of the dashboard reads tables and runs where only requirements.txt is installed.
Everything a user typed or uploaded is untrusted: it reaches the page as escaped Markdown only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType

import pandas as pd
import streamlit as st

from analysis.core import extras
from analysis.core.schema import ARTICLES
from dashboard.components import widgets
from dashboard.data.folders import ADDED_ENV, CORPUS_ENV, folders
from dashboard.data.load import ROOT, load
from dashboard.words import folder_words

EXTENSIONS = (".txt", ".html")  # analysis.add.EXTENSIONS
MAX_FILES = 20  # analysis.add.MAX_FILES
UPLOAD_MB = 1  # analysis.add.MAX_FILE_BYTES is 1,000,000 bytes: the browser refuses more before uploading
RESULT = "add-result"


def plain(text: object) -> str:
    """Untrusted text as Markdown that shows it literally (no links, images, emphasis or directives)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$&])", r"\\\1", str(text)).replace("\n", " ")


def code(text: object) -> str:
    """Untrusted text as an inline code span (nothing inside one is interpreted but a backtick)."""
    return "`" + str(text).replace("`", "'").replace("\n", " ") + "`"


def missing_analysis() -> str | None:
    """Why articles cannot be added here (a module of the nlp extra missing, and the install command),
    or None: ``find_spec`` looks the modules up without importing any."""
    return extras.missing([extras.NLP])


def added_files(folder: Path, articles: pd.DataFrame) -> pd.DataFrame:
    """The added folder's article files with what the tables say about each (empty if not built)."""
    files = sorted(
        p.name for p in folder.glob("*") if p.is_file() and p.suffix.lower() in (*EXTENSIONS, ".htm")
    )
    listed = pd.DataFrame({"file": files, "article_id": [Path(f).stem for f in files]})
    built = articles[["file", "title", "outlet", "published"]]
    return listed.merge(built, on="file", how="left")


def progress_bar(items: Iterable) -> Iterator:
    """Drives a Streamlit progress bar from the build's article loop (the build's ``progress``)."""
    items = list(items)
    bar = st.progress(0.0, text="Analysing articles…")
    for n, item in enumerate(items):
        bar.progress(n / len(items), text=f"Analysing article {n + 1} of {len(items)}")
        yield item
    bar.progress(1.0, text="Comparing articles and writing the tables…")


def run_change(change: Callable[[ModuleType], list[str]], verb: str) -> None:
    """Apply an add or a removal and rebuild, with a progress bar; the outcome is kept for the rerun
    that follows (the sidebar and every page then read the new tables)."""
    try:
        from analysis import add  # the one analysis entry point, loaded only on a click
    except ImportError as error:
        st.error(
            f"Adding articles needs the analysis extras: {plain(extras.message(error.name or str(error)))}."
        )
        return
    corpus, out, added = folders()
    with st.status(f"{verb.capitalize()}: analysing with the offline engine…", expanded=True) as status:
        try:
            files, manifest = add.change_and_build(
                lambda: change(add), corpus=corpus, out=out, added=added, progress=progress_bar
            )
        except add.expected_errors() as error:
            status.update(label="Nothing changed" if verb == "adding" else "Failed", state="error")
            st.error(plain(error), icon=":material/error:")
            return
        status.update(label="Done", state="complete")
    report = add.about(files, manifest, add.built_files(out)) if verb == "adding" else {}
    st.session_state[RESULT] = {"verb": verb, "files": files, "report": report}
    st.cache_data.clear()
    st.cache_resource.clear()
    st.session_state["add-form"] = st.session_state.get("add-form", 0) + 1  # empty the inputs
    st.rerun()


def dated(files: list[str], articles: pd.DataFrame) -> str:
    """Each added file with the publication date the tables give it (or none), as Markdown."""
    published = dict(zip(articles["file"], articles["published"], strict=True))
    return ", ".join(
        f"{code(f)} (published {plain(published[f])})"
        if published.get(f)
        else f"{code(f)} (no publication date)"
        for f in files
    )


def show_result(articles: pd.DataFrame) -> None:
    """What the last add or removal did: files (an added one with the date the tables give it), and the
    build's skipped files, errors and notices."""
    result = st.session_state.pop(RESULT, None)
    if not result:
        return
    if result["verb"] == "removing":
        names = ", ".join(code(f) for f in result["files"])
        st.success(f"Removed {names}; the tables are rebuilt.", icon=":material/delete:")
        return
    names = dated(result["files"], articles)
    st.success(f"Added {names}; the tables are rebuilt and every page shows it.", icon=":material/check:")
    report = result["report"]
    for entry in report.get("skipped", []):
        st.warning(f"{code(entry['file'])} was skipped: {plain(entry['reason'])}")
    for entry in report.get("errors", []):
        st.warning(f"{code(entry['file'])} ({plain(entry['stage'])}): {plain(entry['message'])}")
    for entry in report.get("notices", []):
        st.info(f"{code(entry['file'])}: {plain(entry['message'])}")
    for entry in report.get("unread", []):
        st.warning(f"{code(entry['file'])} was saved, but the build did not read it.")


def pasted(title: str, text: str) -> list[tuple[str, bytes]]:
    """The pasted article as an upload named after its title, the title as its first line."""
    text = (text or "").strip()
    if not text:
        return []
    title = " ".join((title or "").split())
    body = text if not title or text.startswith(title) else f"{title}\n\n{text}"
    return [(f"{title or 'pasted article'}.txt", (body + "\n").encode("utf-8"))]


def add_form() -> None:
    """Uploads, a pasted text, optional metadata and the button that adds and rebuilds."""
    n = st.session_state.get("add-form", 0)
    uploads = st.file_uploader(
        f"Article files ({' or '.join(EXTENSIONS)}, up to {MAX_FILES} at once, {UPLOAD_MB} MB each)",
        type=[e.lstrip(".") for e in EXTENSIONS],
        accept_multiple_files=True,
        max_upload_size=UPLOAD_MB,
        key=f"add-files-{n}",
    )
    title = st.text_input("…or paste an article: title", key=f"add-title-{n}")
    text = st.text_area("Article text", height=200, key=f"add-text-{n}")
    left, middle, right = st.columns(3)
    outlet = left.text_input("Outlet (optional)", key=f"add-outlet-{n}")
    url = middle.text_input("URL (optional)", placeholder="https://…", key=f"add-url-{n}")
    published = right.text_input(  # typed, not a date picker: the picker drops a date outside its range
        "Publication date (optional)", placeholder="YYYY-MM-DD, any year", key=f"add-date-{n}"
    )
    st.caption("Outlet, URL and date apply to every file added at once; left empty, the outlet is inferred.")
    if not st.button("Add and rebuild", type="primary", icon=":material/note_add:", key="add"):
        return
    items = [(u.name, u.getvalue()) for u in uploads or []] + pasted(title, text)
    if not items:
        st.warning("Upload a file or paste an article's text first.")
        return
    meta = {"outlet": outlet, "url": url, "published": published}  # a bad date: refused, nothing added
    corpus, _, added = folders()
    run_change(lambda add: add.add_articles(items, added, corpus=corpus, **meta), "adding")


def describe(row, reasons: dict[str, str]) -> str:
    """One added article as Markdown: title, outlet, date and file; or why the tables lack it."""
    if not isinstance(row.title, str):
        why = reasons.get(row.file, "not built yet: add or remove an article to rebuild")
        return f"{code(row.file)} — not in the tables: {plain(why)}"
    meta = " · ".join(plain(v) for v in (row.outlet, row.published) if isinstance(v, str) and v)
    title = f"**{plain(row.title)}**  \n" if row.title else ""
    return f"{title}{meta or 'outlet and date unknown'} · {code(row.file)}"


def added_list(listed: pd.DataFrame, manifest: dict) -> None:
    """Each added article with a link to it and a Remove button (which rebuilds)."""
    st.subheader("Added articles")
    if listed.empty:
        st.info(
            "No added articles yet. Upload files or paste a text above: they are analysed with the offline "
            "engine and every page shows them at once. The main corpus is never changed here.",
            icon=":material/info:",
        )
        return
    corpus, _, added = folders()
    reasons = {entry.get("file"): entry.get("reason", "") for entry in manifest.get("skipped", [])}
    for row in listed.itertuples(index=False):
        text, link, button = st.columns([6, 1, 1], vertical_alignment="center")
        text.markdown(describe(row, reasons))
        if isinstance(row.title, str):
            with link:
                widgets.article_link(row.article_id, "Open")
        if button.button("Remove", key=f"remove-{row.file}", icon=":material/delete:"):
            run_change(
                lambda add, i=row.article_id: [add.remove_article(i, added, corpus=corpus)], "removing"
            )


dataset = load()
corpus_folder, out_folder, added_folder = folders()
st.title("Add articles")
st.markdown(
    "Add articles to the story: they are analysed like the main corpus and kept in their own folder, "
    f"{code(folder_words(added_folder, ROOT, ADDED_ENV))}, apart from "
    f"{code(folder_words(corpus_folder, ROOT, CORPUS_ENV))}."
)
show_result(dataset.tables[ARTICLES])
if absent := missing_analysis():
    st.info(f"Adding articles needs the analysis extras: {plain(absent)}.", icon=":material/info:")
    st.stop()
add_form()
added_list(added_files(added_folder, dataset.tables[ARTICLES]), dataset.manifest)
