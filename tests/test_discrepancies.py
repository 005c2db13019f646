"""Discrepancies (analysis.discrepancies) on articles written here and built through the real
engine and pipeline: the cost and length figures the issue quotes, about one subject."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.build import build_tables

COST = "Стоимость газопровода «Газпрома» составляет {}."
LENGTH = "Протяженность газопровода «Газпрома» составляет {}."


def _build(folder: Path, articles: dict[str, str]) -> dict[str, pd.DataFrame]:
    folder.mkdir()
    for day, (name, text) in enumerate(articles.items(), start=1):
        (folder / f"{name}.txt").write_text(f" date 2021-06-0{day} {text}\n", encoding="utf-8")
    return build_tables(folder, engine="natasha", cache=False)[0]


@pytest.fixture(scope="module")
def outlets(tmp_path_factory) -> dict[str, pd.DataFrame]:
    return _build(
        tmp_path_factory.mktemp("outlets") / "corpus",
        {
            "000_a": COST.format("8 млрд евро") + " " + LENGTH.format("1224 км"),
            "001_b": COST.format("10 млрд евро") + " " + LENGTH.format("более 1200 километров"),
            "002_c": COST.format("9,5 млрд. евро"),
        },
    )


def test_claims_read_subject_measure_and_interval(outlets):
    claims = outlets["claims"]
    rows = {
        (row.article_id, row.attribute): (row.subject, row.value, row.low, row.high, row.unit, row.qualifier)
        for row in claims.itertuples(index=False)
    }
    assert rows == {
        ("000_a", "quantity:стоимость:money"): ("Газпром", "8 млрд евро", 7.8e9, 8.2e9, "EUR", "exact"),
        ("000_a", "quantity:протяжённость:length"): (
            "Газпром",
            "1224 км",
            1224000.0,
            1224000.0,
            "m",
            "exact",
        ),
        ("001_b", "quantity:стоимость:money"): ("Газпром", "10 млрд евро", 9.75e9, 10.25e9, "EUR", "exact"),
        ("001_b", "quantity:протяжённость:length"): (
            "Газпром",
            "более 1200 километров",
            1200000.0,
            math.inf,
            "m",
            "more",
        ),
        ("002_c", "quantity:стоимость:money"): ("Газпром", "9,5 млрд. евро", 9.45e9, 9.55e9, "EUR", "exact"),
    }


def test_costs_disagree_lengths_agree(outlets):
    """8, 9,5 and 10 млрд евро cannot all be true; "более 1200 километров" and "1224 км" can."""
    found = outlets["contradictions"]
    assert set(found["attribute"]) == {"quantity:стоимость:money"}
    assert list(zip(found["article_id"], found["value"], strict=True)) == [
        ("000_a", "8 млрд евро"),
        ("001_b", "10 млрд евро"),
        ("002_c", "9,5 млрд. евро"),
    ]
    assert set(found["rank"]) == {1} and set(found["n_sources"]) == {3}
    raw = outlets["articles"].set_index("article_id")["raw_text"]
    for row in found.itertuples(index=False):
        assert raw[row.article_id][row.value_start : row.value_end] == row.value
        assert raw[row.article_id][row.start : row.end] == row.text


def test_one_article_disagreeing_with_itself_is_no_discrepancy(tmp_path):
    tables = _build(
        tmp_path / "corpus", {"000_a": COST.format("8 млрд евро") + " " + COST.format("10 млрд евро")}
    )
    assert tables["claims"]["value"].tolist() == ["8 млрд евро", "10 млрд евро"]
    assert tables["contradictions"].empty


def test_dash_copula_and_a_pronoun_about_no_entity(tmp_path):
    """ "Стоимость ... — 9,5 млрд евро": the dash states the value. "его протяженность" is the
    pipeline's (the nearest subject is a common noun), not the company's: no claim."""
    text = "Стоимость газопровода «Газпрома» — 9,5 млрд евро, его протяженность — более 1200 километров."
    tables = _build(tmp_path / "corpus", {"000_a": text})
    claims = tables["claims"]
    assert list(zip(claims["subject"], claims["attribute"], claims["value"], strict=True)) == [
        ("Газпром", "quantity:стоимость:money", "9,5 млрд евро")
    ]
