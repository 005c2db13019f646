"""The analyst's corrections as pages show them: which values are corrected, by whom, and the machine's
original; whether this deployment may correct at all, and who is correcting.

The ``corrections`` table the build writes says what became of each entry of ``corrections.toml``;
the other tables are corrected already. Correcting is on where the analysis extras are installed and
the corpus folder can be written, except on Streamlit Community Cloud (read-only and shared), unless
the setting ``STORYLENS_CORRECTIONS`` (an environment variable, or ``[storylens] corrections`` in
``.streamlit/secrets.toml``) says ``on`` or ``off``.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import streamlit as st

from analysis.core import extras
from analysis.core.corrections import Kind, Status
from analysis.core.labels import CODES
from analysis.core.schema import CORRECTIONS, TABLES, Col
from dashboard.data.folders import folders
from dashboard.data.load import Dataset

SETTING_ENV = "STORYLENS_CORRECTIONS"  # on | off
USER_ENV = "STORYLENS_USER"  # who corrects, where the deployment has no login
CLOUD_MOUNT = Path("/mount/src")  # where Streamlit Community Cloud checks a repository out
CORRECTED = "corrected"  # the column a page adds to a table: how a row was corrected, by whom
ANALYST = "the analyst"


class Correcting(NamedTuple):
    enabled: bool
    why: str  # why not, when not


def _setting(name: str) -> str:
    """A setting from the environment (``STORYLENS_USER``), else from ``.streamlit/secrets.toml``'s
    ``[storylens]`` table (``user = ...``); empty when neither has it."""
    value = os.environ.get(name)
    if value is not None:
        return value.strip()
    try:
        section = st.secrets.get("storylens", {})
        return str(section.get(name.removeprefix("STORYLENS_").lower(), "")).strip()
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return ""


@functools.cache
def _nlp_missing() -> str | None:
    """Whether the analysis extras are missing, looked up once per process (a page of discrepancy cards
    asks once per card, ~20 module look-ups each)."""
    return extras.missing([extras.NLP])


def correcting() -> Correcting:
    """Whether the correction controls may write ``corrections.toml`` here, and why not."""
    setting = _setting(SETTING_ENV).lower()
    if setting in ("off", "false", "0", "no"):
        return Correcting(
            False, f"correcting is off on this deployment (${SETTING_ENV} or its secret is off)"
        )
    if CLOUD_MOUNT.is_dir() and setting not in ("on", "true", "1", "yes"):
        return Correcting(False, "this is a shared read-only deployment (Streamlit Community Cloud)")
    if _nlp_missing():
        needs = extras.install_command([extras.NLP])
        return Correcting(
            False, f"applying a correction rebuilds the tables, which needs the analysis extras: `{needs}`"
        )
    corpus, _, _ = folders()
    if not os.access(corpus, os.W_OK):
        return Correcting(False, "the corpus folder cannot be written here")
    return Correcting(True, "")


def user() -> str:
    """Who is correcting: the signed-in user where the deployment has a login, else ``$STORYLENS_USER``
    (or ``[storylens] user`` in the secrets); empty when nobody is known."""
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("name") or "")
    except (AttributeError, KeyError, st.errors.StreamlitAPIException):
        pass
    return _setting(USER_ENV)


def corrections(dataset: Dataset) -> pd.DataFrame:
    """The build's ``corrections`` table (empty for data built before it existed)."""
    table = dataset.tables.get(CORRECTIONS)
    return table if table is not None else pd.DataFrame(columns=list(TABLES[CORRECTIONS].columns))


def applied(dataset: Dataset, kinds: tuple[str, ...] = Kind.ALL) -> pd.DataFrame:
    table = corrections(dataset)
    if table.empty:
        return table
    return table[(table[Col.STATUS] == Status.APPLIED) & table[Col.KIND].isin(kinds)]


def note(row) -> str:
    """One applied correction in words: what was done and by whom ("Renamed by anna")."""
    done = CODES[Col.KIND].get(row[Col.KIND], row[Col.KIND])
    return f"{done} by {row[Col.BY] or ANALYST}"


def entity_notes(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Entity id -> the applied corrections that made or changed it."""
    done = applied(dataset, Kind.ENTITIES)
    done = done[done[Col.ENTITY_ID] != ""] if not done.empty else done
    return dataset.memo(
        "entity corrections", lambda: {key: rows for key, rows in done.groupby(Col.ENTITY_ID, sort=False)}
    )


def marked(frame: pd.DataFrame, columns: list[str], dataset: Dataset) -> tuple[pd.DataFrame, list[str]]:
    """An entities table with a ``corrected`` column ("✎ Renamed by anna") when any entity is corrected,
    and the columns to show with it."""
    notes = entity_notes(dataset)
    if not notes:
        return frame, columns
    words = {key: "✎ " + "; ".join(note(row) for _, row in rows.iterrows()) for key, rows in notes.items()}
    column = frame[Col.ENTITY_ID].map(words).fillna("")
    return frame.assign(**{CORRECTED: column}), [*columns, CORRECTED]


def verdicts(dataset: Dataset) -> dict[str, pd.Series]:
    """Discrepancy id -> the applied verdict on it (a confirmation; a dismissed one is in ``dismissed``)."""
    done = applied(dataset, (Kind.CONFIRM,))
    return {row[Col.CONTRADICTION_ID]: row for _, row in done.iterrows()}


def dismissed(dataset: Dataset) -> pd.DataFrame:
    """The discrepancies the analyst dismissed: subject, values as the machine found them, the reason."""
    return applied(dataset, (Kind.DISMISS,))


def unapplied(dataset: Dataset) -> pd.DataFrame:
    """The corrections this build could not apply as written: no longer applying, or unreadable."""
    table = corrections(dataset)
    return table if table.empty else table[table[Col.STATUS].isin([Status.STALE, Status.INVALID])]
