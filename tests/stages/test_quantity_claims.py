"""Quantity and date claims (analysis.quantity_claims, analysis.date_claims) on real sentences of
the BSNLP clusters in ../shared/eval (skipped when absent, never copied here): a few of their
articles are built as a corpus through the real engine and pipeline, and the claims of chosen
sentences are asserted whole (subject, attribute, value, interval, unit, qualifier)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from analysis.build.run import build_tables
from tests.corpora import BSNLP, bsnlp_corpus

FILES = {
    "ryanair": [
        "ryan-ru_file_113.txt",
        "ryan-ru_file_125.txt",
        "ryan-ru_file_139.txt",
        "ryan-ru_file_149.txt",
        "ryan-ru_file_109.txt",
        "ryan-ru_file_178.txt",
        "ryan-ru_file_154.txt",
    ],
    "asia_bibi": [
        "asia_bibi_ru.txt_file_107.txt",
        "asia_bibi_ru.txt_file_174.txt",
        "asia_bibi_ru.txt_file_118.txt",
        "asia_bibi_ru.txt_file_135.txt",
    ],
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    paths = [BSNLP / cluster / "raw" / "ru" / file for cluster, files in FILES.items() for file in files]
    corpus = bsnlp_corpus(paths, tmp_path_factory.mktemp("bsnlp"))
    return build_tables(corpus, engine="natasha", cache=False)[0]


def claims_of(tables, article: str, anchor: str) -> list[tuple]:
    """The claims of the sentence holding ``anchor``, the places' entity ids in their attributes
    given as names (ids may change with the entity rules, names are what the text says)."""
    claims = tables["claims"]
    rows = claims[(claims["article_id"] == article) & claims["text"].str.contains(anchor, regex=False)]
    raw = tables["articles"].set_index("article_id")["raw_text"][article]
    names = dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"], strict=True))
    found = []
    for row in rows.itertuples(index=False):
        assert raw[row.value_start : row.value_end] == row.value
        attribute = re.sub(r"(?<=[@+])[a-z]+:[^+#]+", lambda place: names[place.group(0)], row.attribute)
        found.append(
            (row.kind, row.subject, attribute, row.value, row.low, row.high, row.unit, row.qualifier)
        )
    return found


def disputed(tables, attribute: str) -> list[tuple[str, str]]:
    """(article, value) of every claim of the discrepancies about ``attribute``."""
    found = tables["contradictions"]
    rows = found[found["attribute"] == attribute]
    return list(zip(rows["article_id"], rows["value"], strict=True))


def test_passive_count_owned_by_the_genitive_entity(tables):
    """ "400 рейсов Ryanair": the flights' owner is the subject; "по всей Европе" the place."""
    assert claims_of(tables, "ryan-ru_file_113", "отменены 400 рейсов") == [
        (
            "quantity",
            "Ryanair",
            "quantity:отмен:рейс@Европа#2018-W34",
            "400 рейсов",
            390.0,
            410.0,
            "рейс",
            "exact",
        )
    ]


def test_bound_kept_and_noun_of_action_measures(tables):
    assert claims_of(tables, "ryan-ru_file_139", "отмену менее 100 рейсов") == [
        (
            "quantity",
            "Ryanair",
            "quantity:отмен:рейс#2018-W39",
            "менее 100 рейсов",
            -math.inf,
            100.0,
            "рейс",
            "less",
        )
    ]


def test_partitive_part_and_whole(tables):
    """ "В среду Ryanair отменила 150 из 400 рейсов в Германии": 150 cancelled, out of 400; the
    pilots and cabin crew of the strike are counts of the strike; "В среду" dates them to the day."""
    assert claims_of(tables, "ryan-ru_file_125", "отменила 150 из 400") == [
        (
            "quantity",
            "Ryanair",
            "quantity:забастовк:бортпроводник#2018-09-12",
            "1 тыс. бортпроводников",
            975.0,
            1025.0,
            "бортпроводник",
            "exact",
        ),
        (
            "quantity",
            "Ryanair",
            "quantity:забастовк:пилот@Германия#2018-09-12",
            "400 пилотов",
            390.0,
            410.0,
            "пилот",
            "exact",
        ),
        (
            "quantity",
            "Ryanair",
            "quantity:отмен из:рейс@Германия#2018-09-12",
            "400 рейсов",
            390.0,
            410.0,
            "рейс",
            "exact",
        ),
        ("quantity", "Ryanair", "quantity:отмен:рейс#2018-09-12", "150", 146.25, 153.75, "рейс", "exact"),
    ]


def test_pronoun_subject_and_date_claims(tables):
    """ "она якобы произнесла три ... комментария": "она" is the previous sentence's subject."""
    assert claims_of(tables, "asia_bibi_ru.txt_file_174", "она якобы произнесла") == [
        ("date", "Асия Биби", "date:произнести", "в 2009 году", 733408.0, 733772.0, "day", "range"),
        (
            "quantity",
            "Асия Биби",
            "quantity:произнести:комментарий#2009",
            "три оскорбительных комментария",
            3.0,
            3.0,
            "комментарий",
            "exact",
        ),
    ]


def test_durations_in_days(tables):
    """ "восемь лет" in days; the place "в одиночной камере" is not what is measured."""
    assert claims_of(tables, "asia_bibi_ru.txt_file_107", "провела в одиночной камере") == [
        (
            "quantity",
            "Асия Биби",
            "quantity:провести:duration#2018-W44",
            "восемь лет",
            2922.0,
            2922.0,
            "day",
            "exact",
        )
    ]


def test_class_noun_from_another_article(tables):
    """ "Всего лоукостер выполняет ...": another article of the corpus writes "лоукостер Ryanair",
    so the noun stands for the nearest Ryanair before it; the rate keeps its period."""
    assert claims_of(tables, "ryan-ru_file_125", "Всего лоукостер выполняет") == [
        (
            "quantity",
            "Ryanair",
            "quantity:выполн:рейс/day#2018-W37",
            "около 2,5 тыс. рейсов в сутки",
            2250.0,
            2750.0,
            "рейс",
            "approx",
        )
    ]


def test_common_noun_and_missing_subject_stand_for_the_entity(tables):
    """ "руководство авиакомпании": the article names Ryanair "авиакомпания" in apposition; "Работает
    в 33 странах" has no subject: the previous sentence's ("Ryanair крупнейшая ... авиакомпания")."""
    assert claims_of(tables, "ryan-ru_file_109", "руководство авиакомпании") == [
        ("quantity", "Ryanair", "quantity:отмен:рейс#2018-W32", "250 рейсов", 245.0, 255.0, "рейс", "exact")
    ]
    assert claims_of(tables, "ryan-ru_file_178", "Работает в 33 странах") == [
        ("quantity", "Ryanair", "quantity:работ:страна", "33 странах", 33.0, 33.0, "страна", "exact")
    ]


def test_a_persons_count_is_hers_and_undated(tables):
    """ "мать пятерых детей": the count belongs to the person the noun is in apposition with, set
    off by commas or named right after the count (in an oblique case the tagger may confuse), and
    a person's count is not dated by the sentence's verb."""
    assert claims_of(tables, "asia_bibi_ru.txt_file_118", "мать пятерых детей")[1:] == [
        ("quantity", "Асия Биби", "quantity:мать:ребёнок", "пятерых детей", 5.0, 5.0, "ребёнок", "exact")
    ]  # [0] is her age (below)
    assert claims_of(tables, "asia_bibi_ru.txt_file_135", "матери четырех детей") == [
        ("quantity", "Асия Биби", "quantity:возраст:year#2018", "46-летней", 46.0, 46.0, "year", "exact"),
        ("quantity", "Асия Биби", "quantity:мать:ребёнок", "четырех детей", 4.0, 4.0, "ребёнок", "exact"),
    ]
    assert disputed(tables, "quantity:мать:ребёнок") == [
        ("asia_bibi_ru.txt_file_118", "пятерых детей"),
        ("asia_bibi_ru.txt_file_135", "четырех детей"),
    ]


def test_ages_are_counts_of_years_of_the_publication_year(tables):
    """ "51-летняя католичка Асия Биби" (2018) against "46-летней матери четырех детей Азии Биби"
    (2018): one person, one year, two ages."""
    assert claims_of(tables, "asia_bibi_ru.txt_file_118", "51-летняя католичка") == [
        ("quantity", "Асия Биби", "quantity:возраст:year#2018", "51-летняя", 51.0, 51.0, "year", "exact"),
        ("quantity", "Асия Биби", "quantity:мать:ребёнок", "пятерых детей", 5.0, 5.0, "ребёнок", "exact"),
    ]
    assert disputed(tables, "quantity:возраст:year#2018") == [
        ("asia_bibi_ru.txt_file_118", "51-летняя"),
        ("asia_bibi_ru.txt_file_135", "46-летней"),
    ]


def test_weekdays_tell_the_days_of_one_week_apart(tables):
    """ "в четверг ... повысились на 0,2%" (and "в среду ... выросли на 1,3%" elsewhere): the day
    the weekday names is the claim's time, not its week."""
    assert claims_of(tables, "ryan-ru_file_125", "в четверг в Дублине повысились") == [
        ("quantity", "Ryanair", "quantity:повыс:percent@Дублин#2018-09-13", "0,2%", 0.2, 0.2, "%", "exact")
    ]


def test_an_increment_is_no_total(tables):
    """ "сказал о дополнительной отмене около 100 рейсов": an amount added to an earlier one."""
    assert claims_of(tables, "ryan-ru_file_154", "дополнительной отмене") == []
