"""The analyst's verdicts on discrepancies, and the record of every correction.

A discrepancy is named by its subject's Russian name and its attribute (what is disputed), with its
id as it was then as a fallback: ids hold entity ids, which change with English names. A dismissed
discrepancy leaves the ``contradictions`` table (its values are kept in the ``corrections`` table,
with the reason); a confirmed one stays. Ranks are numbered again over the discrepancies left."""

from __future__ import annotations

import pandas as pd

from analysis.core.corrections import Correction, Corrections, Key, Kind, Status
from analysis.core.schema import CONTRADICTIONS, Col, empty
from analysis.core.text import fold
from analysis.stages.corrections import log


def _group(contradictions: pd.DataFrame, correction: Correction) -> str | None:
    """The id of the discrepancy a verdict names: by subject and attribute (among several, the one with
    its old id), else by its old id."""
    same = contradictions[Col.ATTRIBUTE] == correction.text(Key.ATTRIBUTE)
    named = same & (contradictions[Col.SUBJECT].map(fold) == fold(correction.text(Key.SUBJECT)))
    old = correction.text(Key.ID)
    for mask in (named, contradictions[Col.CONTRADICTION_ID] == old):
        found = list(dict.fromkeys(contradictions.loc[mask, Col.CONTRADICTION_ID]))
        if found:
            return old if old in found else str(found[0])
    return None


def _values(rows: pd.DataFrame) -> str:
    """A discrepancy as the machine found it: each article's value."""
    return "; ".join(f"«{row.value}» in {row.article_id}" for row in rows.itertuples(index=False))


def _judge(contradictions: pd.DataFrame, correction: Correction) -> tuple[pd.DataFrame, dict]:
    found = _group(contradictions, correction)
    if found is None:
        return contradictions, log.row(correction, Status.STALE, "no such discrepancy in this build")
    rows = contradictions[contradictions[Col.CONTRADICTION_ID] == found]
    subject = str(rows[Col.SUBJECT_ENTITY_ID].iloc[0])
    if correction.kind == Kind.CONFIRM:
        return contradictions, log.row(correction, Status.APPLIED, "", _values(rows), subject, found)
    kept = contradictions[contradictions[Col.CONTRADICTION_ID] != found]
    return kept, log.row(correction, Status.APPLIED, "", _values(rows), subject, found)


def judge_discrepancies(
    contradictions: pd.DataFrame, entity_log: pd.DataFrame, *, corrections: Corrections | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(contradictions without the dismissed ones, the ``corrections`` table: every correction of the
    file with what became of it, the entity corrections' from ``entity_log``)."""
    if not isinstance(contradictions, pd.DataFrame):  # the discrepancies stage failed as a whole
        contradictions = empty(CONTRADICTIONS)
    rows = entity_log.to_dict("records") if isinstance(entity_log, pd.DataFrame) else []
    if not corrections:
        return contradictions, log.table(rows)
    before = len(contradictions)
    for correction in corrections.of(Kind.DISCREPANCIES):
        try:
            contradictions, done = _judge(contradictions, correction)
        except Exception as error:  # noqa: BLE001 - one correction's fault never stops a build
            done = log.row(correction, Status.INVALID, f"could not be applied: {error}")
        rows.append(done)
    if len(contradictions) < before:
        ranks = contradictions[Col.RANK].rank(method="dense").astype("int64")
        contradictions = contradictions.assign(**{Col.RANK: ranks}).reset_index(drop=True)
    return contradictions, log.table(rows + log.problem_rows(corrections))
