"""What became of each correction in a build: the rows of the ``corrections`` table."""

from __future__ import annotations

import pandas as pd

from analysis.core.corrections import Correction, Corrections, Key, Status, subject_of, value_of
from analysis.core.schema import CORRECTIONS, TABLES, Col, validate


def row(
    correction: Correction,
    status: str,
    reason: str = "",
    machine: str = "",
    entity_id: str = "",
    contradiction_id: str = "",
) -> dict:
    """One row of the ``corrections`` table: the correction in words, its status and the machine's original."""
    return {
        Col.CORRECTION_ID: correction.id,
        Col.KIND: correction.kind,
        Col.LINE: correction.line,
        Col.SUBJECT: subject_of(correction),
        Col.VALUE: value_of(correction),
        Col.BY: correction.text(Key.BY),
        Col.NOTE: correction.text(Key.NOTE),
        Col.STATUS: status,
        Col.REASON: reason,
        Col.MACHINE: machine,
        Col.ENTITY_ID: entity_id,
        Col.CONTRADICTION_ID: contradiction_id,
    }


def problem_rows(corrections: Corrections) -> list[dict]:
    """The entries that could not be read (and the whole file, when it could not be), as rows."""
    rows = []
    for problem in corrections.problems:
        rows.append(_invalid(problem.kind, problem.line, problem.message))
    if corrections.error:
        rows.append(_invalid("", 0, corrections.error))
    return rows


def _invalid(kind: str, line: int, message: str) -> dict:
    return {
        **{column: "" for column in TABLES[CORRECTIONS].columns},
        Col.CORRECTION_ID: f"line-{line}",
        Col.KIND: kind,
        Col.LINE: line,
        Col.STATUS: Status.INVALID,
        Col.REASON: message,
    }


def table(rows: list[dict]) -> pd.DataFrame:
    """The ``corrections`` table, in the file's order."""
    columns = list(TABLES[CORRECTIONS].columns)
    frame = pd.DataFrame(rows, columns=columns)
    frame[Col.LINE] = frame[Col.LINE].astype("int64")
    return validate(CORRECTIONS, frame.sort_values(Col.LINE, kind="stable", ignore_index=True))
