"""The story pack's claims: each country's role (and its year) in the pack's agreement, and the
agreement's own span ("подписанных в 2020–2021 годах").

They join the quantity and date claims of any story in one long table, so one rule finds the
discrepancies: the same subject and attribute with incompatible values in different articles.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.codes import ClaimKind
from analysis.core.document import Document, Sentence
from analysis.core.schema import CLAIMS, TABLES, Col, empty, validate
from analysis.core.story import StoryPack
from analysis.nlp.agreement import YearExpr, read_agreement, vocabulary
from analysis.nlp.grammars.quantities import EXACT, RANGE
from analysis.stages.claims.rows import Claim, claim_row

SPAN_WINDOW = 4  # tokens before a year range that may hold the signing verb it dates


def _span_claims(
    article: list[Sentence],
    context: set[int],
    years: dict[int, list[YearExpr]],
    subject: tuple[str, str],
    pack: StoryPack,
) -> list[dict]:
    """A year range dating a signing verb in a sentence about the agreement is the agreement's span."""
    signing = vocabulary(pack).signing
    claims = []
    for sentence in article:
        if sentence.sentence_id not in context:
            continue
        for year in years.get(sentence.sentence_id, []):
            before = [t.key for t in sentence.tokens if t.end <= year.start][-SPAN_WINDOW:]
            if year.is_range and signing & set(before):
                value = (f"{year.first}–{year.last}", year.start, year.end)
                interval = (float(year.first), float(year.last), "year", RANGE)
                attribute = (f"{pack.key}_span", f"years of the {pack.agreement}")
                claims.append(claim_row(sentence, Claim(ClaimKind.SPAN, subject, attribute, value, interval)))
    return claims


def _role_claims(roles: pd.DataFrame, by_key: dict[tuple[str, int], Sentence], key: str) -> list[dict]:
    """Each country's role, and the year of that role when the article states one."""
    claims = []
    for row in roles.itertuples(index=False):
        sentence = by_key[(row.article_id, row.sentence_id)]
        subject = (row.country, row.entity_id)
        role = Claim(ClaimKind.ROLE, subject, (f"{key}_role", "role"), (row.role, row.start, row.end))
        claims.append(claim_row(sentence, role))
        if row.year:
            year = float(row.year)
            attribute = (f"{row.role}_year", f"year ({row.role})")
            interval = (year, year, "year", EXACT)
            value = (row.year, row.start, row.end)
            claims.append(claim_row(sentence, Claim(ClaimKind.ROLE, subject, attribute, value, interval)))
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
    agreement = read_agreement(documents, dates, pack)
    by_key = {(s.article_id, s.sentence_id): s for article in agreement.articles.values() for s in article}
    claims = _role_claims(roles, by_key, pack.key)
    if agreement.entity_id:
        subject = (entities.set_index(Col.ENTITY_ID).at[agreement.entity_id, Col.NAME], agreement.entity_id)
        for article_id, article in agreement.articles.items():
            about, years = agreement.about[article_id], agreement.years[article_id]
            claims.extend(_span_claims(article, about, years, subject, pack))
    frame = pd.DataFrame(claims, columns=list(TABLES[CLAIMS].columns))
    return validate(
        CLAIMS, frame.sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID, Col.CLAIM_ID]).reset_index(drop=True)
    )
