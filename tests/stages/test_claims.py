"""Claims and the contradictions between the seed articles."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.document import Sentence
from analysis.core.schema import CLAIMS, CONTRADICTIONS, empty, validate
from analysis.stages.claims.rows import Claim, claim_row
from analysis.stages.claims.timing import NO_DATES, clause_date, resolved_dates
from analysis.stages.dates import extract_dates
from analysis.stages.discrepancies import find_discrepancies
from tests.helpers import article_id, documents, stage


@pytest.fixture(scope="module", params=["timeline", "tokens"])
def claims(request, tables, pack) -> pd.DataFrame:
    t = tables
    if request.param == "tokens":
        dates = empty("dates")
    else:
        dates = t["dates"] if "dates" in t else extract_dates(t["articles"], t["sentences"])
    roles = stage("roles", t, pack, dates=dates)["roles"]
    quantities = stage("quantities", t)["quantities"]
    syntax = stage("syntax", t, quantities=quantities)["syntax"]
    inputs = {
        "dates": dates,
        "roles": roles,
        "alignments": empty("alignments"),
        "quantities": quantities,
        "syntax": syntax,
        "claim_profiles": stage("claim_profiles", t)["claim_profiles"],
    }
    return stage("claims", t, pack, **inputs)["claims"]


@pytest.fixture(scope="module")
def contradictions(claims) -> pd.DataFrame:
    return find_discrepancies(claims)


def _by_article(frame: pd.DataFrame) -> dict[str, tuple[int, str]]:
    return {row.article_id[:3]: (row.sentence_id, row.value) for row in frame.itertuples(index=False)}


def _sentence_id(tables, prefix: str, text: str) -> int:
    sentences = tables["sentences"]
    rows = sentences[sentences["article_id"].str.startswith(prefix) & sentences["text"].str.contains(text)]
    assert len(rows) == 1, (prefix, text)
    return int(rows.iloc[0]["sentence_id"])


def test_schemas(claims, contradictions):
    validate(CLAIMS, claims)
    validate(CONTRADICTIONS, contradictions)
    assert claims["claim_id"].is_unique


def test_accords_span_claims(claims, tables):
    spans = claims[claims["attribute"] == "accords_span"]
    assert set(spans["subject_entity_id"]) == {"misc:avraamovy-soglasheniya"}
    assert _by_article(spans) == {
        "000": (_sentence_id(tables, "000", "заключены в 2020—2021"), "2020–2021"),
        "002": (_sentence_id(tables, "002", "подписанных в 2020–2021"), "2020–2021"),
        "003": (_sentence_id(tables, "003", "подписанных в 2020-2021"), "2020–2021"),
        "004": (_sentence_id(tables, "004", "подписанных в 2020—2025"), "2020–2025"),
    }  # not "(2017–2021)", the years of a cabinet in 002


def test_role_claims_carry_years(claims):
    sudan_years = claims[
        (claims["subject_entity_id"] == "loc:sudan") & (claims["attribute"] == "signatory_year")
    ]
    assert {a[:3]: v for a, v in zip(sudan_years["article_id"], sudan_years["value"], strict=True)} == {
        "000": "2021",
        "001": "2021",
    }
    egypt = claims[
        (claims["subject_entity_id"] == "loc:egypt") & (claims["attribute"] == "prior_treaty_year")
    ]
    assert egypt["value"].tolist() == ["1979"]


def test_exactly_three_contradictions(contradictions):
    assert sorted(contradictions["contradiction_id"].unique()) == [
        "accords_role:loc:egypt",
        "accords_role:loc:sudan",
        "accords_span:misc:avraamovy-soglasheniya",
    ]


def test_egypt(contradictions, tables):
    rows = contradictions[contradictions["contradiction_id"] == "accords_role:loc:egypt"]
    assert set(rows["subject"]) == {"Египет"}
    assert _by_article(rows) == {
        "000": (_sentence_id(tables, "000", "лишь Египет и Иордания"), "prior_treaty"),
        "001": (_sentence_id(tables, "001", "потом — Египет"), "signatory"),
    }


def test_sudan(contradictions, tables):
    rows = contradictions[contradictions["contradiction_id"] == "accords_role:loc:sudan"]
    assert _by_article(rows) == {
        "000": (_sentence_id(tables, "000", "объявил Судан"), "signatory"),
        "001": (_sentence_id(tables, "001", "присоединился Судан"), "signatory"),
        "002": (_sentence_id(tables, "002", "не завершён"), "incomplete"),
    }


def test_accords_span(contradictions):
    rows = contradictions[contradictions["contradiction_id"].str.startswith("accords_span")]
    assert {k: v for k, (_, v) in _by_article(rows).items()} == {
        "000": "2020–2021",
        "002": "2020–2021",
        "003": "2020–2021",
        "004": "2020–2025",
    }


def test_rows_point_at_their_sentence(claims, contradictions, tables):
    raw = tables["articles"].set_index("article_id")["raw_text"]
    for frame in (claims, contradictions):
        for row in frame.itertuples(index=False):
            assert raw[row.article_id][row.start : row.end] == row.text


def test_agreeing_claims_are_no_contradiction():
    """Role claims conflict only when two articles give different values; one article saying two
    things is no cross-source discrepancy, and every claim of a conflicting group is listed."""

    def claim(article: str, value: str, sentence_id: int = 0) -> dict:
        sentence = Sentence(article, sentence_id, 0, 0, 1, "x", "")
        return claim_row(sentence, Claim("role", ("X", "loc:x"), ("accords_role", "role"), (value, 0, 1)))

    agreeing = pd.DataFrame([claim("a", "signatory"), claim("b", "signatory")])
    assert find_discrepancies(agreeing).empty
    alone = pd.DataFrame([claim("a", "signatory"), claim("a", "mediator", 1)])
    assert find_discrepancies(alone).empty
    disagreeing = pd.DataFrame([claim("a", "signatory"), claim("a", "signatory", 1), claim("b", "mediator")])
    found = find_discrepancies(disagreeing)
    assert list(zip(found["article_id"], found["value"], found["n_sources"], found["rank"], strict=True)) == [
        ("a", "signatory", 2, 1),
        ("a", "signatory", 2, 1),
        ("b", "mediator", 2, 1),
    ]


def test_clause_date_is_the_first_resolved_date_inside_the_clause(tables):
    """ "В конце октября ... до конца текущего года": the whole sentence is dated by its first date,
    a clause holding only the second by that one, a clause with neither by none."""
    t = tables
    dates = t["dates"] if "dates" in t else extract_dates(t["articles"], t["sentences"])
    article = article_id(t, "000")
    dated = resolved_dates(dates)[article]
    sentence = next(s for s in documents(t)[article].sentences if s.sentence_id == 10)
    assert [value for _, _, value in dated[:2]] == ["2025-10", "2025-11-07/2025-12-31"]
    assert clause_date(sentence, (0, len(sentence.tokens)), dated) == "2025-10"
    second = [i for i, token in enumerate(sentence.tokens) if dated[1][0] <= token.start < dated[1][1]]
    assert clause_date(sentence, (second[0], len(sentence.tokens)), dated) == "2025-11-07/2025-12-31"
    assert clause_date(sentence, (second[0], second[0] + 1), dated) == ""
    assert clause_date(sentence, (0, len(sentence.tokens)), NO_DATES) == ""
