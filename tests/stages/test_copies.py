"""Copy groups on real text: the seeds' one reprinted background sentence and the BSNLP ryanair cluster's
wire copies, each group read by hand (which articles, which sentences, who printed it first)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.schema import COPIES, validate
from analysis.stages.copies import copy_key, find_copies, outlet_keys
from tests.helpers import article_id, documents


def group_of(copies: pd.DataFrame, sentences: pd.DataFrame, article: str, snippet: str) -> pd.DataFrame:
    """The rows of the copy group holding the sentence of ``article`` that contains ``snippet``."""
    mine = sentences[
        (sentences["article_id"] == article) & sentences["text"].str.contains(snippet, regex=False)
    ]
    assert len(mine) == 1, (article, snippet)
    row = copies[(copies["article_id"] == article) & (copies["sentence_id"] == mine["sentence_id"].iloc[0])]
    assert len(row) == 1, (article, snippet)
    return copies[copies["copy_group"] == row["copy_group"].iloc[0]]


def as_set(rows: pd.DataFrame) -> set[tuple]:
    return set(
        rows[["article_id", "sentence_id", "kind", "first", "attributed"]].itertuples(index=False, name=None)
    )


def test_the_seeds_reprint_one_background_sentence(tables):
    """The Axios retellings (000, 001, 003) retell in their own words; only the Abraham Accords' background
    sentence is reprinted, by 002 and by Фокус (004), both dated 7 November: a tie, 002 first by id."""
    copies = validate(COPIES, tables["copies"])
    s002, s004 = article_id(tables, "002"), article_id(tables, "004")
    assert as_set(copies) == {
        (s002, 11, "first", True, ""),
        (s004, 11, "near_verbatim", False, "other"),  # Фокус cites outlets, not 002's (unknown) one
    }
    assert set(copies["origin"]) == {"tie"} and set(copies["copy_group"]) == {"c0"}
    text = tables["sentences"].set_index(["article_id", "sentence_id"])["text"]
    assert text[(s002, 11)].startswith("Авраамские соглашения — это серия договоров о нормализации")
    assert text[(s004, 11)].startswith("Это серия договоров о нормализации отношений между Израилем, рядом")


def test_copy_key_folds_case_quotes_dashes_and_spaces():
    assert copy_key("Ryanair — крупнейшая «бюджетная» авиакомпания  в Европе.") == copy_key(
        'ryanair - крупнейшая "бюджетная" авиакомпания в европе .'
    )


def test_outlet_names_match_across_scripts_and_domains():
    assert outlet_keys("interfax.ru") & outlet_keys("Интерфакс")  # by sound
    assert outlet_keys("bbc.com") & outlet_keys("bbc")  # the cited entity's English name
    assert not outlet_keys("bbc.com") & outlet_keys("Би-би-си")  # an acronym's sound is no key
    assert not outlet_keys("1prime.ru") & outlet_keys("interfax.ru")
    assert outlet_keys("") == set()


@pytest.fixture(scope="module")
def ryanair(real_corpus):
    return real_corpus("ryanair").tables


def test_ryanair_wire_copies(ryanair):
    copies, sentences = validate(COPIES, ryanair["copies"]), ryanair["sentences"]
    # A report of 8 May reprinted on 11 May: verbatim, the first by its date.
    announced = group_of(copies, sentences, "ryan-ru_file_176", "выпустила объявление, что отменила")
    assert as_set(announced) == {
        ("ryan-ru_file_176", 6, "first", True, ""),
        ("ryan-ru_file_172", 4, "verbatim", False, "none"),
    }
    assert set(announced["origin"]) == {"earliest"}
    # Two outlets on 8 May (a tie, the first by id), a third on 11 May with "Как сообщается," before it.
    unions = group_of(copies, sentences, "ryan-ru_file_176", "Забастовку объявили сразу несколько профсоюзов")
    assert as_set(unions) == {
        ("ryan-ru_file_176", 2, "first", True, ""),
        ("ryan-ru_file_177", 2, "verbatim", False, "other"),
        ("ryan-ru_file_171", 5, "near_verbatim", False, "other"),
    }
    assert set(unions["origin"]) == {"tie"}
    # 1prime.ru's background paragraph of February, reprinted through July (some reworded).
    staff = group_of(copies, sentences, "ryan-ru_file_178", "Штат компании насчитывает около 11,5 тысячи")
    assert set(staff["article_id"]) == {
        f"ryan-ru_file_{n}" for n in (178, 27, 28, 34, 37, 40, 43, 48, 52, 64)
    }
    assert staff.loc[staff["first"], "article_id"].tolist() == ["ryan-ru_file_178"]
    assert set(staff.loc[staff["article_id"] == "ryan-ru_file_64", "kind"]) == {"near_verbatim"}  # "Ее штат"


def test_ryanair_groups_span_articles_and_skip_stock_phrases(ryanair):
    copies, sentences = ryanair["copies"], ryanair["sentences"]
    assert (copies.groupby("copy_group")["article_id"].nunique() >= 2).all()
    assert (copies.groupby("copy_group")["first"].sum() == 1).all()
    keyed = copies.merge(sentences, on=["article_id", "sentence_id"])
    assert (keyed["boilerplate"] == "").all()
    assert not keyed["text"].str.fullmatch(r"Об этом (пишет|сообщает) DW\.").any()  # 4 words: a formula
    assert len(copies) == 589 and copies["copy_group"].nunique() == 218


def test_an_undated_copy_makes_the_origin_undated(tables):
    """The seeds with 002 undated: 004 is the first dated copy, and the origin says an earlier may exist."""
    articles = tables["articles"].copy()
    articles.loc[articles["article_id"].str.startswith("002"), "published"] = ""
    copies = find_copies(documents(tables), articles, tables["citations"])
    assert set(copies["origin"]) == {"undated"}
    assert copies.loc[copies["first"], "article_id"].str.startswith("004").all()  # the dated one
