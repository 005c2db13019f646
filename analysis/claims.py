"""Claims that attach a year or a status to an entity, and the ones sources contradict.

Claims come from two places: each country's role (and its year) in the story's agreement, taken
from the ``signatories`` table, and the agreement's own span ("подписанных в 2020–2021 годах").
Putting them in one long table lets a single rule find conflicts: the same subject and attribute
with different values in different articles.
"""

from __future__ import annotations

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
                claims.append(_claim(sentence, name, agreement, "accords_span", f"{year.first}–{year.last}"))
    return claims


def _claim(sentence: Sentence, subject: str, subject_id: str, attribute: str, value: str) -> dict:
    return {
        Col.ARTICLE_ID: sentence.article_id,
        Col.SENTENCE_ID: sentence.sentence_id,
        Col.START: sentence.start,
        Col.END: sentence.end,
        Col.CLAIM_ID: f"{sentence.article_id}/{sentence.sentence_id}/{subject_id}/{attribute}/{value}",
        Col.SUBJECT: subject,
        Col.SUBJECT_ENTITY_ID: subject_id,
        Col.ATTRIBUTE: attribute,
        Col.VALUE: value,
        Col.TEXT: sentence.text,
    }


def _role_claims(signatories: pd.DataFrame, by_key: dict[tuple[str, int], Sentence]) -> list[dict]:
    """Each country's role, and the year of that role when the article states one."""
    claims = []
    for row in signatories.itertuples(index=False):
        sentence = by_key[(row.article_id, row.sentence_id)]
        claims.append(_claim(sentence, row.country, row.entity_id, "accords_role", row.role))
        if row.year:
            claims.append(_claim(sentence, row.country, row.entity_id, f"{row.role}_year", row.year))
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
    values = once.groupby([Col.SUBJECT_ENTITY_ID, Col.ATTRIBUTE])[Col.VALUE].transform("nunique")
    conflicting = once[values > 1]
    frame = conflicting.assign(
        **{Col.CONTRADICTION_ID: conflicting[Col.ATTRIBUTE] + ":" + conflicting[Col.SUBJECT_ENTITY_ID]}
    ).sort_values([Col.CONTRADICTION_ID, Col.ARTICLE_ID, Col.SENTENCE_ID])
    return validate(CONTRADICTIONS, frame[list(TABLES[CONTRADICTIONS].columns)].reset_index(drop=True))
