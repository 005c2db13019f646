"""The story pack's claims: each country's role (and its year) in the pack's agreement, and the
agreement's own span ("подписанных в 2020–2021 годах").

They join the quantity and date claims of any story in one long table, so one rule finds the
discrepancies: the same subject and attribute with incompatible values in different articles.
``claim_row`` builds a row of that table for every kind of claim.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.core.document import Document, Sentence
from analysis.core.schema import CLAIMS, TABLES, Col, empty, validate
from analysis.core.story import StoryPack
from analysis.nlp.agreement import (
    agreement_contexts,
    agreement_entity,
    article_sentences,
    article_years,
    vocabulary,
)

SPAN_WINDOW = 4  # tokens before a year range that may hold the signing verb it dates


def _span_claims(
    article: list[Sentence],
    context: set[int],
    dates: pd.DataFrame,
    dated: bool,
    subject: tuple[str, str],
    pack: StoryPack,
) -> list[dict]:
    """A year range dating a signing verb in a sentence about the agreement is the agreement's span."""
    years = article_years(article, dates, dated)
    signing = vocabulary(pack).signing
    claims = []
    for sentence in article:
        if sentence.sentence_id not in context:
            continue
        for year in years.get(sentence.sentence_id, []):
            before = [t.key for t in sentence.tokens if t.end <= year.start][-SPAN_WINDOW:]
            if year.is_range and signing & set(before):
                value = (f"{year.first}–{year.last}", year.start, year.end)
                interval = (float(year.first), float(year.last), "year", "range")
                attribute = (f"{pack.key}_span", f"years of the {pack.agreement}")
                claims.append(claim_row(sentence, "span", subject, attribute, value, interval))
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


def _role_claims(roles: pd.DataFrame, by_key: dict[tuple[str, int], Sentence], key: str) -> list[dict]:
    """Each country's role, and the year of that role when the article states one."""
    claims = []
    for row in roles.itertuples(index=False):
        sentence = by_key[(row.article_id, row.sentence_id)]
        subject = (row.country, row.entity_id)
        claims.append(
            claim_row(sentence, "role", subject, (f"{key}_role", "role"), (row.role, row.start, row.end))
        )
        if row.year:
            year = float(row.year)
            attribute = (f"{row.role}_year", f"year ({row.role})")
            interval = (year, year, "year", "exact")
            claims.append(
                claim_row(sentence, "role", subject, attribute, (row.year, row.start, row.end), interval)
            )
    return claims


def extract_claims(
    documents: dict[str, Document],
    entities: pd.DataFrame,
    dates: pd.DataFrame,
    roles: pd.DataFrame,
    pack: StoryPack | None,
) -> pd.DataFrame:
    """The story pack's claims: role, role-year and agreement-span, each with the sentence that makes it."""
    if pack is None:
        return empty(CLAIMS)
    by_article = article_sentences(documents)
    by_key = {(s.article_id, s.sentence_id): s for article in by_article.values() for s in article}
    claims = _role_claims(roles, by_key, pack.key)
    agreement = agreement_entity(by_article, pack.stems)
    if agreement:
        name = entities.set_index(Col.ENTITY_ID).at[agreement, Col.NAME]
        contexts = agreement_contexts(by_article, agreement)
        dates_of = dict(list(dates.groupby(Col.ARTICLE_ID))) if len(dates) else {}
        for article_id, article in by_article.items():
            own = dates_of.get(article_id, dates.iloc[:0])
            dated = bool(len(dates))
            claims.extend(_span_claims(article, contexts[article_id], own, dated, (name, agreement), pack))
    frame = pd.DataFrame(claims, columns=list(TABLES[CLAIMS].columns))
    return validate(
        CLAIMS, frame.sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID]).reset_index(drop=True)
    )
