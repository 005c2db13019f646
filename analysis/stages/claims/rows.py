"""One row of the ``claims`` table, for every kind of claim: what a sentence says about a subject
(an entity, or a noun for a claim about no entity), under an attribute that names one measure, with
its value as written and as an interval, so ``analysis.stages.discrepancies`` compares like with like.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.core.document import Sentence
from analysis.core.schema import CLAIMS, TABLES, Col, validate
from analysis.nlp.grammars.quantities import EXACT


@dataclass(frozen=True)
class Claim:
    """What a sentence claims: ``subject`` is (name, entity id), ``attribute`` (key, words for the
    reader), ``value`` (as written, start, end in the raw text), ``interval`` (low, high, unit,
    qualifier), ``time`` (moment and modality: ``analysis.stages.claims.timing``)."""

    kind: str
    subject: tuple[str, str]
    attribute: tuple[str, str]
    value: tuple[str, int, int]
    interval: tuple[float, float, str, str] = (math.nan, math.nan, "", EXACT)
    time: tuple[str, str] = ("", "")  # (moment, modality): when the figure holds, how it is stated


def claim_row(sentence: Sentence, claim: Claim) -> dict:
    """One row of ``claims``: the claim and the sentence that makes it."""
    name, entity_id = claim.subject
    key, measure = claim.attribute
    text, value_start, value_end = claim.value
    low, high, unit, qualifier = claim.interval
    moment, modality = claim.time
    return {
        Col.ARTICLE_ID: sentence.article_id,
        Col.SENTENCE_ID: sentence.sentence_id,
        Col.START: sentence.start,
        Col.END: sentence.end,
        Col.CLAIM_ID: f"{sentence.article_id}/{sentence.sentence_id}/{entity_id}/{key}/{text}@{value_start}",
        Col.KIND: claim.kind,
        Col.SUBJECT: name,
        Col.SUBJECT_ENTITY_ID: entity_id,
        Col.ATTRIBUTE: key,
        Col.MEASURE: measure,
        Col.MOMENT: moment,
        Col.MODALITY: modality,
        Col.VALUE: text,
        Col.LOW: low,
        Col.HIGH: high,
        Col.UNIT: unit,
        Col.QUALIFIER: qualifier,
        Col.VALUE_START: value_start,
        Col.VALUE_END: value_end,
        Col.TEXT: sentence.text,
    }


def claims_frame(rows: list[dict]) -> pd.DataFrame:
    """The ``claims`` table of ``rows``, checked against the schema."""
    return validate(CLAIMS, pd.DataFrame(rows, columns=list(TABLES[CLAIMS].columns)))


def entity_names(entities: pd.DataFrame) -> dict[str, str]:
    """Entity id -> the entity's name: the subject of its claims."""
    return dict(zip(entities[Col.ENTITY_ID], entities[Col.NAME], strict=True))
