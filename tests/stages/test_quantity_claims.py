"""Quantity and date claims (analysis.quantity_claims, analysis.date_claims) on real sentences of
the BSNLP clusters in ../shared/eval (skipped when absent, never copied here): a few of their
articles are built as a corpus through the real engine and pipeline, and the claims of chosen
sentences are asserted whole (subject, attribute, value, interval, unit, qualifier)."""

from __future__ import annotations

import math
import re
import shutil

import pandas as pd
import pytest

from analysis.build.run import build_tables
from tests.corpora import ASIA_BIBI, BSNLP, FACTRU, NEREL, RYANAIR, bsnlp_corpus

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
    """The claims of the sentence holding ``anchor``, the entity ids in their attributes (places,
    named modifiers) given as names (ids may change with the entity rules, names are what the text
    says)."""
    claims = tables["claims"]
    rows = claims[(claims["article_id"] == article) & claims["text"].str.contains(anchor, regex=False)]
    raw = tables["articles"].set_index("article_id")["raw_text"][article]
    names = dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"], strict=True))
    found = []
    for row in rows.itertuples(index=False):
        assert raw[row.value_start : row.value_end] == row.value
        attribute = re.sub(r"(?<=[@+~])[a-z]+:[^+~@/]+", lambda place: names[place.group(0)], row.attribute)
        attribute += f"#{row.moment}" if row.moment else ""  # the moment beside it, as one key
        found.append(
            (row.kind, row.subject, attribute, row.value, row.low, row.high, row.unit, row.qualifier)
        )
    return found


def disputed(tables, attribute: str) -> list[tuple[str, str]]:
    """(article, value) of every claim of the discrepancies about ``attribute`` (``#moment`` after
    it, as ``claims_of`` writes it, when the claims have one)."""
    found = tables["contradictions"]
    keys = found["attribute"] + found["moment"].map(lambda moment: f"#{moment}" if moment else "")
    rows = found[keys == attribute]
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
    """ "В среду Ryanair отменила 150 из 400 рейсов в Германии": 150 cancelled, out of 400, both in
    Germany; the pilots and cabin crew of the strike are counts of the strike; "В среду" dates them
    to the day."""
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
        (
            "quantity",
            "Ryanair",
            "quantity:отмен:рейс@Германия#2018-09-12",
            "150",
            146.25,
            153.75,
            "рейс",
            "exact",
        ),
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
        ("quantity", "Ryanair", "quantity:в:страна", "33 странах", 33.0, 33.0, "страна", "exact")
    ]  # a standing count of places: where, whatever the verb


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


# --- what a figure measures, which figures are values, and where lists and ages hide them ------------

PATTERNS = {
    RYANAIR: ["ryan-ru_file_170.txt", "ryan-ru_file_10.txt", "ryan-ru_file_178.txt", "ryan-ru_file_55.txt"],
    ASIA_BIBI: ["asia_bibi_ru.txt_file_145.txt"],
}
PLAIN = [FACTRU / "book_154.txt", FACTRU / "book_448.txt", NEREL / "dev" / "1563347_text.txt"]


@pytest.fixture(scope="module")
def patterns(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """A corpus of BSNLP, factRuEval and NEREL articles whose sentences show the patterns below."""
    paths = [folder / file for folder, files in PATTERNS.items() for file in files]
    corpus = bsnlp_corpus(paths, tmp_path_factory.mktemp("patterns"))
    for path in PLAIN:
        if not path.exists():
            pytest.skip(f"{path} not present (../shared/eval is read by these tests only)")
        shutil.copy(path, corpus / path.name)
    return build_tables(corpus, engine="natasha", cache=False)[0]


def test_named_dependents_say_which_thing_is_measured(patterns):
    """ "Пенсионный фонд владеет около 1% акций Ryanair": 1% of Ryanair's shares, not of anything
    the fund owns; the shares and their company name the measured thing."""
    assert claims_of(patterns, "ryan-ru_file_170", "Пенсионный фонд владеет") == [
        (
            "quantity",
            "Пенсионный фонд",
            "quantity:влад:percent~акция~Ryanair",
            "около 1%",
            0.9,
            1.1,
            "%",
            "approx",
        )
    ]


def test_a_participles_figure_and_a_standing_count_of_places(patterns):
    """ "Ryanair осуществляет перелеты ... в 215 аэропортах, расположенных в 37 странах" (interfax.ru):
    the 37 hangs on the participle, about the airports of Ryanair's flights; "Работает в 33 странах"
    (1prime.ru): another verb, the same standing count of places, so the two disagree."""
    claims = claims_of(patterns, "ryan-ru_file_10", "расположенных в 37 странах")
    assert ("quantity", "Ryanair", "quantity:в:страна", "37 странах", 37.0, 37.0, "страна", "exact") in claims
    assert (
        "quantity",
        "Ryanair",
        "quantity:в:аэропорт",
        "215 аэропортах",
        215.0,
        215.0,
        "аэропорт",
        "exact",
    ) in claims
    assert disputed(patterns, "quantity:в:страна") == [
        ("ryan-ru_file_10", "37 странах"),
        ("ryan-ru_file_178", "33 странах"),
    ]


def test_demands_conditions_and_counts_in_progress_are_no_values(patterns):
    """ "Профсоюз требует, чтобы во всех четырех странах Ryanair трудоустраивал ..." (a demand), "В
    случае осуждения ... грозит от 25 лет тюрьмы" (a condition), "После обработки протоколов с 3070
    избирательных участков (из 3512)" (a count in progress): no claim."""
    assert claims_of(patterns, "ryan-ru_file_55", "Профсоюз требует") == []
    assert claims_of(patterns, "book_448", "В случае осуждения") == []
    assert claims_of(patterns, "book_154", "После обработки протоколов") == []


def test_a_list_of_results_under_its_heading(patterns):
    """ "Предварительные результаты ... 1. Михаил Саакашвили — 52,1 % (922774 голоса) 2. Леван
    Гацелицадзе — 24,98 % ...": each figure is its name's, measured by the heading, and expected
    (preliminary); the factRuEval text has no publication date, so no moment."""
    assert claims_of(patterns, "book_154", "Михаил Саакашвили — 52,1") == [
        (
            "quantity",
            "Михаил Саакашвили",
            "quantity:результат:percent#unknown",
            "52,1 %",
            52.1,
            52.1,
            "%",
            "exact",
        ),
        (
            "quantity",
            "Михаил Саакашвили",
            "quantity:результат:голос#unknown",
            "922774 голоса",
            922774.0,
            922774.0,
            "голос",
            "exact",
        ),
    ]
    results = patterns["claims"]
    results = results[results["attribute"] == "quantity:результат:percent"]
    assert len(results) == 7 and set(results["modality"]) == {"expected"}


def test_ages_set_off_by_commas_and_at_death(patterns):
    """ "Асия Биби (настоящее имя Асия Норин), 51, родилась ..." (rg.ru, 2018) and "Андрей Варичев
    умер в возрасте 52 лет" (NEREL: no publication date, so no year to compare it in)."""
    assert claims_of(patterns, "asia_bibi_ru.txt_file_145", "настоящее имя Асия Норин), 51") == [
        ("quantity", "Асия Биби", "quantity:возраст:year#2018", "51", 51.0, 51.0, "year", "exact")
    ]
    assert claims_of(patterns, "1563347_text", "умер в возрасте") == [
        ("quantity", "Андрей Варичев", "quantity:возраст:year#unknown", "52 лет", 52.0, 52.0, "year", "exact")
    ]
