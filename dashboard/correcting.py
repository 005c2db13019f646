"""The analyst corrects the machine: controls on Entities (merge, split, rename, retype, drop), on
Discrepancies (dismiss with a reason, confirm) and on Article (a span is a name of a type, or none),
what each corrected value shows, and the Corrections section of About.

A correction is one entry written to ``corrections.toml`` in the corpus folder
(``analysis.core.corrections.append``), then the tables are rebuilt through the analysis's one entry
point, ``analysis.add.change_and_build``, imported on the click only (the build's caches make that a
matter of seconds: no engine runs again). Where correcting is off (Streamlit Community Cloud, or the
setting), the controls say how to correct locally and commit the file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from analysis.core.corrections import (
    CORRECTIONS_FILE,
    CorrectionError,
    Key,
    Kind,
    append,
    discrepancy_fields,
    read_corrections,
    remove,
)
from analysis.core.labels import CODES
from analysis.core.schema import CONTRADICTIONS, ENTITIES, MENTIONS, Col
from dashboard.components import widgets
from dashboard.components.text import code, md
from dashboard.data import corrections as corrected
from dashboard.data.entities import entity_label
from dashboard.data.folders import folders
from dashboard.data.load import Dataset
from dashboard.words import code_label

RESULT = "correction-result"
FORM = "fix-"  # the keys of the correction controls' inputs
REDRAWN = ("focus",)  # choices a correction can relabel (the Entities page's entity): drawn anew after it
TYPES = {code_type: code_label(Col.TYPE, code_type, {}) for code_type in ("PER", "ORG", "LOC", "MISC")}
CONTEXT = 40  # characters shown either side of a place in an article
HOW_TO = (
    "To correct this story, run StoryLens where you can write its corpus folder: clone the repository, "
    '`pip install -e ".[nlp]"`, `streamlit run dashboard/app.py` (or `python -m analysis correct …`), '
    f"correct, then commit the corpus's `{CORRECTIONS_FILE}` and `data/`. README: “Correct the machine”."
)


# --- writing a correction and rebuilding ------------------------------------------------------------


def _stamp(note: str = "") -> dict:
    when = datetime.now(UTC).replace(microsecond=0).isoformat()
    return {Key.BY: corrected.user(), Key.AT: when, Key.NOTE: note.strip()}


def _rebuild(change: Callable[[], list[str]], verb: str) -> None:
    """Run ``change`` (write or take out a correction) under the build lock and rebuild; the outcome is
    kept for the rerun that follows, when every page reads the new tables."""
    try:
        from analysis import add  # the one analysis entry point, loaded only on a click
    except ImportError as error:
        st.error(f"Correcting needs the analysis extras ({md(str(error))}).")
        return
    corpus, out, added = folders()
    began = time.perf_counter()
    with st.status(f"{verb}: rebuilding the tables…", expanded=False) as status:
        try:
            add.change_and_build(change, corpus=corpus, out=out, added=added)
        except (CorrectionError, *add.expected_errors()) as error:
            status.update(label="Nothing changed", state="error")
            st.error(md(str(error)), icon=":material/error:")
            return
        status.update(label="Done", state="complete")
    st.session_state[RESULT] = (verb, time.perf_counter() - began)
    for key in [key for key in st.session_state if str(key).startswith(FORM) or key in REDRAWN]:
        del st.session_state[key]  # the inputs of the correction, and choices labelled with old names
    st.cache_data.clear()
    st.rerun()


def apply(kind: str, fields: dict, note: str = "") -> None:
    """Write one correction and rebuild."""
    corpus, _, _ = folders()
    _rebuild(lambda: [append(corpus, kind, {**fields, **_stamp(note)}).id], f"{CODES[Col.KIND][kind]}")


def undo(correction_id: str) -> None:
    """Take a correction out of the file and rebuild."""
    corpus, _, _ = folders()
    _rebuild(lambda: [remove(corpus, correction_id).id], "Undone")


def show_result() -> None:
    """What the last correction did, once, on the page it was made on."""
    result = st.session_state.pop(RESULT, None)
    if result:
        verb, seconds = result
        st.success(f"{verb}: applied in {seconds:.1f} s; every page shows it.", icon=":material/check:")


def how_to(why: str) -> None:
    """Why this deployment does not correct, and how to correct locally."""
    st.info(f"Correcting is off here: {why}. {HOW_TO}", icon=":material/edit_off:")


@contextmanager
def _correcting_panel(label: str) -> Iterator[bool]:
    """An expander of corrections: the last result on top, and why correcting is off where it is;
    yields whether the controls may be drawn."""
    with st.expander(label, expanded=RESULT in st.session_state):
        show_result()
        state = corrected.correcting()
        if not state.enabled:
            how_to(state.why)
        yield state.enabled


def _undo_button(correction_id: str, label: str = "Undo") -> None:
    if corrected.correcting().enabled and st.button(
        label, key=f"undo-{correction_id}", icon=":material/undo:"
    ):
        undo(correction_id)


# --- Entities -----------------------------------------------------------------------------------------


def entity_notes(dataset: Dataset, entity_id: str) -> None:
    """How the analyst corrected the entity, by whom, and the machine's original, one line each."""
    rows = corrected.entity_notes(dataset).get(entity_id)
    for _, row in (rows if rows is not None else pd.DataFrame()).iterrows():
        text, button = st.columns([6, 1], vertical_alignment="center")
        machine = f" — the machine's original: {md(row[Col.MACHINE])}" if row[Col.MACHINE] else ""
        text.caption(f"✎ **{md(corrected.note(row))}**{machine}")
        with button:
            _undo_button(row[Col.CORRECTION_ID])


def entity_controls(dataset: Dataset, entity_id: str) -> None:
    """The corrections of one entity, in an expander below its name."""
    entities = dataset.tables[ENTITIES]
    row = entities[entities[Col.ENTITY_ID] == entity_id].iloc[0]
    entity_notes(dataset, entity_id)
    with _correcting_panel("✎ Correct this entity") as enabled:
        if not enabled:
            return
        this = {Key.ENTITY: row[Col.NAME], Key.ID: entity_id}
        tabs = st.tabs(["English name", "Type", "Merge", "Split a spelling off", "Drop"])
        with tabs[0]:
            _rename(this, row)
        with tabs[1]:
            _retype(this, row)
        with tabs[2]:
            _merge(entities, row)
        with tabs[3]:
            _split(entities, this, row)
        with tabs[4]:
            _drop(this, row)


def _rename(this: dict, row: pd.Series) -> None:
    name = st.text_input("English name", value=row[Col.NAME_EN], key=f"fix-name-{this[Key.ID]}")
    if st.button("Save the name", key=f"fix-rename-{this[Key.ID]}", type="primary"):
        if name.strip() and name.strip() != row[Col.NAME_EN]:
            apply(Kind.RENAME, {**this, Key.NAME_EN: name.strip()})
        else:
            st.warning("Type a new English name first.")


def _retype(this: dict, row: pd.Series) -> None:
    choices = list(TYPES)
    kind = st.radio(
        "Type", choices, index=choices.index(row[Col.TYPE]), format_func=TYPES.get, horizontal=True,
        key=f"fix-type-{this[Key.ID]}",
    )  # fmt: skip
    if st.button("Save the type", key=f"fix-retype-{this[Key.ID]}", type="primary") and kind != row[Col.TYPE]:
        apply(Kind.RETYPE, {**this, Key.TYPE: kind})


def _merge(entities: pd.DataFrame, row: pd.Series) -> None:
    focus = row[Col.ENTITY_ID]
    labels = entity_label(entities)
    others = st.multiselect(
        "Merge with", [e for e in labels if e != focus], format_func=labels.get, key=f"fix-merge-{focus}",
        help="Entities that are the same as this one: they become one entity.",
    )  # fmt: skip
    chosen = [focus, *others]
    keep = st.radio("Keep the name of", chosen, format_func=labels.get, key=f"fix-keep-{focus}")
    english = st.text_input("English name of the one entity (optional)", key=f"fix-merge-name-{focus}")
    if st.button("Merge", key=f"fix-merge-go-{focus}", type="primary", disabled=not others):
        names = {e: entities.loc[entities[Col.ENTITY_ID] == e, Col.NAME].iloc[0] for e in chosen}
        fields = {Key.ENTITIES: list(names.values()), Key.IDS: chosen, Key.NAME: names[keep]}
        apply(Kind.MERGE, {**fields, Key.NAME_EN: english.strip()})


def _split(entities: pd.DataFrame, this: dict, row: pd.Series) -> None:
    focus = this[Key.ID]
    aliases = list(row[Col.ALIASES])
    alias = st.selectbox("Spelling that is not this entity", aliases, key=f"fix-alias-{focus}")
    labels = entity_label(entities)
    target = st.selectbox(
        "It is", ["", *(e for e in labels if e != focus)], key=f"fix-to-{focus}",
        format_func=lambda e: labels.get(e, "an entity of its own"),
    )  # fmt: skip
    english = "" if target else st.text_input("Its English name (optional)", key=f"fix-split-name-{focus}")
    if st.button("Split it off", key=f"fix-split-go-{focus}", type="primary", disabled=not alias):
        to = entities.loc[entities[Col.ENTITY_ID] == target, Col.NAME].iloc[0] if target else ""
        moved = {Key.TO: to, Key.TO_ID: target, Key.NAME_EN: english.strip()}
        apply(Kind.SPLIT, {**this, Key.ALIAS: alias, **moved})


def _drop(this: dict, row: pd.Series) -> None:
    st.caption(f"{row[Col.N_MENTIONS]} mentions in {row[Col.N_ARTICLES]} articles leave every page.")
    reason = st.text_input("Why it is no entity (optional)", key=f"fix-drop-why-{this[Key.ID]}")
    if st.button("Drop: not an entity", key=f"fix-drop-{this[Key.ID]}", icon=":material/delete:"):
        apply(Kind.DROP, dict(this), reason)


# --- Discrepancies ----------------------------------------------------------------------------------


def verdict_controls(dataset: Dataset, contradiction_id: str) -> None:
    """Below one discrepancy: the analyst's confirmation, if any, and the buttons to judge it."""
    verdict = corrected.verdicts(dataset).get(contradiction_id)
    if verdict is not None:
        why = f": {md(verdict[Col.NOTE])}" if verdict[Col.NOTE] else ""
        st.caption(f"✔ **{md(corrected.note(verdict))}**{why}")
    state = corrected.correcting()
    if not state.enabled:
        return
    if verdict is not None:
        _undo_button(verdict[Col.CORRECTION_ID], "Undo the confirmation")
        return
    with st.popover("✎ Judge this discrepancy", icon=":material/gavel:"):
        reason = st.text_input(
            "Reason", key=f"fix-why-{contradiction_id}", placeholder="why it is no disagreement"
        )
        fields = _verdict_fields(dataset, contradiction_id)
        left, right = st.columns(2)
        if left.button("Dismiss: not a disagreement", key=f"fix-dismiss-{contradiction_id}"):
            if reason.strip():
                apply(Kind.DISMISS, fields, reason)
            else:
                st.warning("Say why it is not a disagreement first.")
        if right.button("Confirm", key=f"fix-confirm-{contradiction_id}"):
            apply(Kind.CONFIRM, fields, reason)


def _verdict_fields(dataset: Dataset, contradiction_id: str) -> dict:
    """How a verdict names a discrepancy: its subject's Russian name, attribute, id and values (once per
    discrepancy: a page of cards asks on every run)."""

    def fields() -> dict:
        table = dataset.tables[CONTRADICTIONS]
        return discrepancy_fields(table[table[Col.CONTRADICTION_ID] == contradiction_id], contradiction_id)

    return dict(dataset.memo(("verdict fields", contradiction_id), fields))


def dismissed_list(dataset: Dataset) -> None:
    """The discrepancies the analyst dismissed: what the machine found, the reason, by whom."""
    dismissed = corrected.dismissed(dataset)
    if dismissed.empty:
        return
    with st.expander(f"Dismissed by the analyst ({len(dismissed)})"):
        for _, row in dismissed.iterrows():
            text, button = st.columns([6, 1], vertical_alignment="center")
            text.markdown(
                f"**{md(row[Col.SUBJECT])}** — {md(corrected.note(row))}: {md(row[Col.NOTE]) or 'no reason given'}  \n"
                f"The machine found: {md(row[Col.MACHINE])}"
            )
            with button:
                _undo_button(row[Col.CORRECTION_ID], "Restore")


# --- Article ----------------------------------------------------------------------------------------


def _places(raw: str, text: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(text), raw)] if text else []


def _context(raw: str, start: int, end: int) -> str:
    return f"…{raw[max(0, start - CONTEXT) : start]}[{raw[start:end]}]{raw[end : end + CONTEXT]}…"


def span_notes(dataset: Dataset, article_id: str) -> None:
    """The spans of this article the analyst marked, with the machine's original."""
    corpus, _, _ = folders()
    table = corrected.corrections(dataset)
    done = table.set_index(Col.CORRECTION_ID) if not table.empty else table
    for entry in read_corrections(corpus).of((Kind.MARK, Kind.UNMARK)):
        if entry.text(Key.ARTICLE) != article_id or entry.id not in done.index:
            continue
        row = done.loc[entry.id]
        what = f"a name ({TYPES.get(entry.text(Key.TYPE))})" if entry.kind == Kind.MARK else "no name"
        status = "" if row[Col.STATUS] == "applied" else f" — {code_label(Col.STATUS, row[Col.STATUS], {})}"
        by = entry.text(Key.BY) or corrected.ANALYST
        st.caption(f"✎ «{md(entry.text(Key.TEXT))}» is {what}, by {md(by)}{status}; the machine's original: "
                   f"{md(row[Col.MACHINE] or '—')}")  # fmt: skip


def span_controls(dataset: Dataset, article_id: str) -> None:
    """Mark a span of the article as a name of a type, or a name the build found as none."""
    span_notes(dataset, article_id)
    with _correcting_panel("✎ Correct the names in this article") as enabled:
        if not enabled:
            return
        raw = dataset.texts([article_id])[article_id]
        _unmark(dataset, article_id, raw)
        st.divider()
        _mark(article_id, raw)


def _unmark(dataset: Dataset, article_id: str, raw: str) -> None:
    if not dataset.has(MENTIONS):  # a damaged or missing mentions table: nothing found to unmark
        return
    mentions = dataset.tables[MENTIONS]
    own = mentions[mentions[Col.ARTICLE_ID] == article_id]
    if own.empty:
        return
    spans = {
        (r.start, r.end): f"{r.text} ({TYPES.get(r.type, r.type)}) {_context(raw, r.start, r.end)}"
        for r in own.itertuples()
    }
    picked = st.selectbox(
        "A name the build found", list(spans), format_func=spans.get, key=f"fix-mention-{article_id}"
    )
    if picked and st.button("Not a name", key=f"fix-unmark-{article_id}", icon=":material/block:"):
        start, end = picked
        apply(
            Kind.UNMARK, {Key.ARTICLE: article_id, Key.START: start, Key.END: end, Key.TEXT: raw[start:end]}
        )


def _mark(article_id: str, raw: str) -> None:
    text = st.text_input("Text that is a name, as the article writes it", key=f"fix-span-{article_id}")
    places = _places(raw, text)
    if text and not places:
        st.warning("The article does not contain that text (case and spaces count).")
        return
    start = places[0] if places else None
    if len(places) > 1:
        start = st.selectbox(
            f"Which of its {len(places)} places", places, key=f"fix-place-{article_id}",
            format_func=lambda p: _context(raw, p, p + len(text)),
        )  # fmt: skip
    kind = st.radio(
        "A name of type",
        list(TYPES),
        format_func=TYPES.get,
        horizontal=True,
        key=f"fix-span-type-{article_id}",
    )
    if st.button("Mark as a name", key=f"fix-mark-{article_id}", type="primary", disabled=start is None):
        fields = {Key.ARTICLE: article_id, Key.START: start, Key.END: start + len(text), Key.TEXT: text}
        apply(Kind.MARK, {**fields, Key.TYPE: kind})


# --- About ------------------------------------------------------------------------------------------


def about_section(dataset: Dataset) -> None:
    """Every correction with what became of it in this build; those that no longer apply first."""
    st.subheader("Corrections by the analyst")
    table = corrected.corrections(dataset)
    state = corrected.correcting()
    if table.empty:
        st.caption(f"None: no `{CORRECTIONS_FILE}` beside the corpus, or it is empty. Entities, Discrepancies "
                   "and Article have the controls to correct what the build found.")  # fmt: skip
    else:
        stale = corrected.unapplied(dataset)
        if not stale.empty:
            listed = "\n".join(
                f"- line {r.line}: {md(r.subject)} — {md(r.reason)}" for r in stale.itertuples()
            )
            st.warning(f"{len(stale)} of {len(table)} corrections were not applied in this build:\n\n{listed}",
                       icon=":material/warning:")  # fmt: skip
        columns = [
            Col.LINE,
            Col.KIND,
            Col.SUBJECT,
            Col.VALUE,
            Col.BY,
            Col.NOTE,
            Col.STATUS,
            Col.REASON,
            Col.MACHINE,
        ]
        widgets.table(table[columns], "corrections")
    if not state.enabled:
        how_to(state.why)
    else:
        st.caption(
            f"Corrections live in {code(CORRECTIONS_FILE)} in the corpus folder; commit it with `data/`."
        )
