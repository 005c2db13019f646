"""Claims that attach a year or a status to an entity, and the ones sources contradict.

Claims come from two places: each country's role (and its year) in the story's agreement, taken
from the ``signatories`` table, and the agreement's own span ("подписанных в 2020–2021 годах").
Putting them in one long table lets a single rule find conflicts: the same subject and attribute
with different values in different articles.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.document import Document, Sentence
from analysis.schema import CLAIMS, CONTRADICTIONS, TABLES, Col, validate
from analysis.signatories import (
    JOIN,
    SIGN_NOUNS,
    SIGN_VERBS,
    agreement_contexts,
    agreement_entity,
    article_sentences,
    article_years,
)

SPAN_WINDOW = 4  # tokens before a year range that may hold the signing verb it dates
_SIGNING = SIGN_VERBS | SIGN_NOUNS | JOIN


def _span_claims(
    article: list[Sentence], context: set[int], dates: pd.DataFrame, dated: bool, agreement: str, name: str
) -> list[dict]:
    """A year range dating a signing verb in a sentence about the agreement is the agreement's span."""
    years = article_years(article, dates, dated)
    claims = []
    for sentence in article:
        if sentence.sentence_id not in context:
            continue
        for year in years.get(sentence.sentence_id, []):
            before = [t.lemma for t in sentence.tokens if t.end <= year.start][-SPAN_WINDOW:]
            if year.is_range and _SIGNING & set(before):
                value = (f"{year.first}–{year.last}", year.start, year.end)
                interval = (float(year.first), float(year.last), "year", "range")
                attribute = ("accords_span", "years of the agreement")
                claims.append(claim_row(sentence, "span", (name, agreement), attribute, value, interval))
    return claims


def claim_row(
    sentence: Sentence,
    kind: str,
    subject: tuple[str, str],
    attribute: tuple[str, str],
    value: tuple[str, int, int],
    interval: tuple[float, float, str, str] = (math.nan, math.nan, "", "exact"),
) -> dict:
    """One row of ``claims``: ``subject`` is (name, entity id), ``attribute`` (key, words for the
    reader), ``value`` (as written, start, end in the raw text), ``interval`` (low, high, unit, qualifier)."""
    name, entity_id = subject
    key, measure = attribute
    text, value_start, value_end = value
    low, high, unit, qualifier = interval
    return {
        Col.ARTICLE_ID: sentence.article_id,
        Col.SENTENCE_ID: sentence.sentence_id,
        Col.START: sentence.start,
        Col.END: sentence.end,
        Col.CLAIM_ID: f"{sentence.article_id}/{sentence.sentence_id}/{entity_id}/{key}/{text}@{value_start}",
        Col.KIND: kind,
        Col.SUBJECT: name,
        Col.SUBJECT_ENTITY_ID: entity_id,
        Col.ATTRIBUTE: key,
        Col.MEASURE: measure,
        Col.VALUE: text,
        Col.LOW: low,
        Col.HIGH: high,
        Col.UNIT: unit,
        Col.QUALIFIER: qualifier,
        Col.VALUE_START: value_start,
        Col.VALUE_END: value_end,
        Col.TEXT: sentence.text,
    }


def _role_claims(signatories: pd.DataFrame, by_key: dict[tuple[str, int], Sentence]) -> list[dict]:
    """Each country's role, and the year of that role when the article states one."""
    claims = []
    for row in signatories.itertuples(index=False):
        sentence = by_key[(row.article_id, row.sentence_id)]
        subject = (row.country, row.entity_id)
        claims.append(
            claim_row(sentence, "role", subject, ("accords_role", "role"), (row.role, row.start, row.end))
        )
        if row.year:
            year = float(row.year)
            attribute = (f"{row.role}_year", f"year ({row.role})")
            interval = (year, year, "year", "exact")
            claims.append(
                claim_row(sentence, "date", subject, attribute, (row.year, row.start, row.end), interval)
            )
    return claims


def extract_claims(
    documents: dict[str, Document], entities: pd.DataFrame, dates: pd.DataFrame, signatories: pd.DataFrame
) -> pd.DataFrame:
    """Role, role-year and agreement-span claims, each with the sentence that makes it."""
    by_article = article_sentences(documents)
    by_key = {(s.article_id, s.sentence_id): s for article in by_article.values() for s in article}
    claims = _role_claims(signatories, by_key)
    agreement = agreement_entity(by_article)
    if agreement:
        name = entities.set_index(Col.ENTITY_ID).at[agreement, Col.NAME]
        contexts = agreement_contexts(by_article, agreement)
        dates_of = dict(list(dates.groupby(Col.ARTICLE_ID))) if len(dates) else {}
        for article_id, article in by_article.items():
            own = dates_of.get(article_id, dates.iloc[:0])
            claims.extend(_span_claims(article, contexts[article_id], own, bool(len(dates)), agreement, name))
    frame = pd.DataFrame(claims, columns=list(TABLES[CLAIMS].columns))
    return validate(
        CLAIMS, frame.sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID]).reset_index(drop=True)
    )


def find_contradictions(claims: pd.DataFrame) -> pd.DataFrame:
    """Same subject and attribute, different values across articles: one row per article's claim."""
    once = claims.drop_duplicates([Col.SUBJECT_ENTITY_ID, Col.ATTRIBUTE, Col.ARTICLE_ID, Col.VALUE])
    group = once.groupby([Col.SUBJECT_ENTITY_ID, Col.ATTRIBUTE])
    conflicting = once[group[Col.VALUE].transform("nunique") > 1]
    sources = conflicting.groupby([Col.SUBJECT_ENTITY_ID, Col.ATTRIBUTE])[Col.ARTICLE_ID].transform("nunique")
    frame = conflicting.assign(
        **{
            Col.CONTRADICTION_ID: conflicting[Col.ATTRIBUTE] + ":" + conflicting[Col.SUBJECT_ENTITY_ID],
            Col.N_SOURCES: sources,
        }
    )
    ranks = frame.groupby(Col.CONTRADICTION_ID)[Col.N_SOURCES].first().rank(method="first", ascending=False)
    frame = frame.assign(**{Col.RANK: frame[Col.CONTRADICTION_ID].map(ranks).astype("int64")}).sort_values(
        [Col.RANK, Col.ARTICLE_ID, Col.SENTENCE_ID]
    )
    return validate(CONTRADICTIONS, frame[list(TABLES[CONTRADICTIONS].columns)].reset_index(drop=True))
