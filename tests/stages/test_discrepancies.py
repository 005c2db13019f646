"""Discrepancies (analysis.discrepancies) built through the real engine and pipeline: on articles of
the BSNLP Ryanair cluster in ../shared/eval (skipped when absent, never copied here), and on
articles written here with the cost and length figures the issue quotes."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.build.run import build_tables
from tests.corpora import ASIA_BIBI, RYANAIR, bsnlp_corpus

COST = "Стоимость газопровода «Газпрома» составляет {}."
LENGTH = "Протяженность газопровода «Газпрома» составляет {}."
# The measured thing is the pipeline's cost (its genitive noun names it), Gazprom the subject.
COST_KEY = "quantity:стоимость:money~газопровод"
LENGTH_KEY = "quantity:протяжённость:length~газопровод"


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
        ("000_a", COST_KEY): ("Газпром", "8 млрд евро", 7.8e9, 8.2e9, "EUR", "exact"),
        ("000_a", LENGTH_KEY): (
            "Газпром",
            "1224 км",
            1224000.0,
            1224000.0,
            "m",
            "exact",
        ),
        ("001_b", COST_KEY): ("Газпром", "10 млрд евро", 9.75e9, 10.25e9, "EUR", "exact"),
        ("001_b", LENGTH_KEY): (
            "Газпром",
            "более 1200 километров",
            1200000.0,
            math.inf,
            "m",
            "more",
        ),
        ("002_c", COST_KEY): ("Газпром", "9,5 млрд. евро", 9.45e9, 9.55e9, "EUR", "exact"),
    }
    assert set(claims["moment"]) == {""}  # a copula's figure holds whenever: no moment


def test_costs_disagree_lengths_agree(outlets):
    """8, 9,5 and 10 млрд евро cannot all be true; "более 1200 километров" and "1224 км" can."""
    found = outlets["contradictions"]
    assert set(found["attribute"]) == {COST_KEY}
    assert set(found["relation"]) == {"contradiction"}
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
        ("Газпром", COST_KEY, "9,5 млрд евро")
    ]


def _ryanair(folder: Path, numbers: list[int]) -> dict[str, pd.DataFrame]:
    return _bsnlp(folder, [RYANAIR / f"ryan-ru_file_{number}.txt" for number in numbers])


def _bsnlp(folder: Path, paths: list[Path]) -> dict[str, pd.DataFrame]:
    return build_tables(bsnlp_corpus(paths, folder), engine="natasha", cache=False)[0]


def _rows(tables) -> list[tuple]:
    found = tables["contradictions"]
    columns = ["article_id", "subject", "attribute", "moment", "value", "relation"]
    return list(found[columns].itertuples(index=False, name=None))


def test_real_announcement_then_outcome_is_an_update(tmp_path):
    """newsforbreakfast.ru (26 Sept): "28 сентября отменит 190 рейсов" (future: expected); regnum.ru
    (28 Sept): "привела к отмене 250 из 2400 рейсов Ryanair" (done, in the week it was published):
    one strike, one moment, the figure changed from the announcement to the outcome."""
    tables = _ryanair(tmp_path, [137, 149])
    assert _rows(tables) == [
        ("ryan-ru_file_137", "Ryanair", "quantity:отмен:рейс", "2018-09-28", "190 рейсов", "update"),
        ("ryan-ru_file_149", "Ryanair", "quantity:отмен:рейс", "2018-W39", "250", "update"),
    ]
    assert list(tables["contradictions"]["modality"]) == ["expected", ""]


def test_real_approximation_agrees(tmp_path):
    """ "около 200 рейсов" (kremlinpress.com, the week of the strike) admits the "190 рейсов" of
    newsforbreakfast.ru (28 September, inside that week)."""
    tables = _ryanair(tmp_path, [137, 140])
    claims = tables["claims"]
    values = claims.loc[claims["attribute"] == "quantity:отмен:рейс", ["moment", "value"]]
    assert sorted(map(tuple, values.values)) == [
        ("2018-09-28", "190 рейсов"),
        ("2018-09-28", "190 рейсов"),
        ("2018-W39", "около 200 рейсов"),
    ]
    assert tables["contradictions"].empty


def test_real_different_weeks_are_different_moments(tmp_path):
    """kremlinpress.com (153) says 190 and later 250 itself (one article: no discrepancy); file 109's
    250 is of the August strike (published that week): a moment of its own."""
    tables = _ryanair(tmp_path, [153, 109])
    claims = tables["claims"]
    values = claims.loc[claims["attribute"] == "quantity:отмен:рейс", ["article_id", "moment", "value"]]
    assert ("ryan-ru_file_109", "2018-W32", "250 рейсов") in set(map(tuple, values.values))
    assert ("ryan-ru_file_153", "2018-W39", "250") in set(map(tuple, values.values))
    assert tables["contradictions"].empty


def test_real_claims_about_no_entity_keyed_on_their_own_date(tmp_path):
    """tvoygorodpskov.ru: "отмена рейсов на 25 и 26 июля коснется 50 тыс. пассажиров";
    kremlinpress.com: "Забастовки 25-26 июля коснутся 100 тыс. пассажиров". Neither clause has an
    entity subject; each names the days it is about, and the two sentences are aligned as
    retellings of one fact: one measure (the subject nouns differ), one moment, two numbers, both
    forecasts on one day: a contradiction."""
    tables = _ryanair(tmp_path, [45, 46])
    attribute, days = "quantity:забастовка затронуть:пассажир", "2018-07-25/2018-07-26"
    assert _rows(tables) == [
        ("ryan-ru_file_45", "отмена", attribute, days, "50 тыс. пассажиров", "contradiction"),
        ("ryan-ru_file_46", "забастовка", attribute, days, "100 тыс. пассажиров", "contradiction"),
    ]
    assert set(tables["contradictions"]["subject_entity_id"]) == {""}


def test_aligned_retellings_share_one_measure(tmp_path):
    """ "Биби, которая воспитывала с мужем пятерых детей" (newsru.com) retells "Мать пятерых детей
    Асия Биби" (aif.ru): aligned sentences, one subject, one unit, so one attribute."""
    tables = _bsnlp(tmp_path, [ASIA_BIBI / f"asia_bibi_ru.txt_file_{n}.txt" for n in (147, 111)])
    claims = tables["claims"]
    children = claims[claims["unit"] == "ребёнок"]
    assert list(zip(children["article_id"], children["attribute"], children["value"], strict=True)) == [
        ("asia_bibi_ru.txt_file_111", "quantity:мать:ребёнок", "пятерых детей"),
        ("asia_bibi_ru.txt_file_147", "quantity:мать:ребёнок", "пятерых детей"),
    ]


def test_real_staff_of_the_company_a_clause_is_set_in(tmp_path):
    """gazetaslovo.com: "В авиакомпании работают 13 тысяч человек" (no subject: the company the
    clause is set in, "авиакомпания" being Ryanair in file 109); tvoygorodpskov.ru: "В штате
    компании работает 11,5 тысячи человек". A state: no moment in either claim."""
    tables = _ryanair(tmp_path, [146, 33, 109])
    assert _rows(tables) == [
        ("ryan-ru_file_146", "Ryanair", "quantity:работ:человек", "", "13 тысяч человек", "contradiction"),
        ("ryan-ru_file_33", "Ryanair", "quantity:работ:человек", "", "11,5 тысячи человек", "contradiction"),
    ]


def test_real_announced_cancellations_against_the_plan_stated_that_day_are_an_update(tmp_path):
    """rbc.ru (28 Sept): "Накануне Ryanair анонсировала отмену менее 100 рейсов" (an announcement
    reported as made); newsforbreakfast.ru (28 Sept): "Ryanair 28 сентября отменит 190 рейсов" (the
    plan as it stands): one strike's cancellations as they were revised, an update (a contradiction
    before: both said before the fact, on one day)."""
    tables = _ryanair(tmp_path, [137, 139])
    assert _rows(tables) == [
        ("ryan-ru_file_137", "Ryanair", "quantity:отмен:рейс", "2018-09-28", "190 рейсов", "update"),
        ("ryan-ru_file_139", "Ryanair", "quantity:отмен:рейс", "2018-W39", "менее 100 рейсов", "update"),
    ]
    assert list(tables["contradictions"]["modality"]) == ["expected", "announced"]


def test_real_countries_and_states_are_one_count(tmp_path):
    """tvoygorodpskov.ru: "Работает в 33 государствах"; interfax.ru: "в 215 аэропортах, расположенных
    в 37 странах": "государство" and "страна" count the same countries (``claims_same_things``), one
    measure; before, two keys and no discrepancy."""
    tables = _ryanair(tmp_path, [33, 10])
    rows = [(a, s, attribute, value) for a, s, attribute, _, value, _ in _rows(tables)]
    assert rows == [
        ("ryan-ru_file_10", "Ryanair", "quantity:в:страна", "37 странах"),
        ("ryan-ru_file_33", "Ryanair", "quantity:в:страна", "33 государствах"),
    ]
    assert set(tables["contradictions"]["unit"]) == {"страна"}


def test_real_days_an_act_was_done_to_a_person(tmp_path):
    """dw.com: "24 октября Верховный суд Пакистана оправдал 51-летнюю католичку Асию Биби";
    newsru.com: "31 октября Верховный суд Пакистана оправдал ... Асию Биби". A day written with its
    month, on an act done to a person (she is acquitted once), is a date claim about her though the
    article is of the same week (before: only dates recalled a month later were claims)."""
    tables = _bsnlp(tmp_path, [ASIA_BIBI / f"asia_bibi_ru.txt_file_{n}.txt" for n in (141, 147)])
    assert _rows(tables) == [
        ("asia_bibi_ru.txt_file_141", "Асия Биби", "date:оправд", "", "24 октября", "contradiction"),
        ("asia_bibi_ru.txt_file_147", "Асия Биби", "date:оправд", "", "31 октября", "contradiction"),
    ]


def test_real_pronoun_patient_resolved_past_a_common_noun_subject(tmp_path):
    """regnum.ru: "... была отменена смертная казнь для 51-летней христианки Асии Биби. В 2011
    году ее приговорили к смерти": "ее" is the person the previous sentence names, not its subject
    "казнь" (before: no claim); fergananews.com: "Асия Биби был приговорена к смертной казни в 2010
    году"."""
    tables = _bsnlp(tmp_path, [ASIA_BIBI / f"asia_bibi_ru.txt_file_{n}.txt" for n in (114, 126)])
    rows = [row for row in _rows(tables) if row[2] == "date:приговор"]
    assert rows == [
        ("asia_bibi_ru.txt_file_114", "Асия Биби", "date:приговор", "", "В 2011 году", "contradiction"),
        ("asia_bibi_ru.txt_file_126", "Асия Биби", "date:приговор", "", "в 2010 году", "contradiction"),
    ]


def test_real_accusation_by_a_light_verb_and_a_noun_for_the_woman(tmp_path):
    """interfax.ru (130): "Обвинения против Биби были выдвинуты в 2009 году" (a
    light verb: the noun tells the act, "против" whom); svoboda.org (102): "Женщину обвинили в
    оскорблении пророка Мухаммеда в 2010 году" (a noun for the woman the article named; file 119's
    "казни женщины Асии Биби" tells the corpus that "женщина" names her). One act, two years
    (before: neither was a claim)."""
    tables = _bsnlp(tmp_path, [ASIA_BIBI / f"asia_bibi_ru.txt_file_{n}.txt" for n in (102, 130, 119)])
    found = tables["contradictions"]
    accused = found[found["attribute"] == "date:обвин"]
    assert list(zip(accused["article_id"], accused["value"], accused["relation"], strict=True)) == [
        ("asia_bibi_ru.txt_file_102", "в 2010 году", "contradiction"),
        ("asia_bibi_ru.txt_file_130", "в 2009 году", "contradiction"),
    ]
    assert accused["subject_entity_id"].nunique() == 1  # her (the id follows the name's spelling)
    assert accused["subject_entity_id"].iloc[0].startswith("per:")


def test_real_a_noun_for_the_company_stands_for_the_article_s_main_entity(tmp_path):
    """ "Авиакомпания уже аннулировала 146 рейсов" (file 107): no sentence nearby names the airline,
    so "Авиакомпания" stands for the article's most named entity the corpus calls so, Ryanair
    (before: no claim)."""
    claims = _ryanair(tmp_path, [107])["claims"]
    rows = claims[claims["text"].str.contains("аннулировала 146", regex=False)]
    assert list(zip(rows["subject"], rows["attribute"], rows["value"], strict=True)) == [
        ("Ryanair", "quantity:аннулиров:рейс", "146 рейсов")
    ]


def test_real_run_on_sentence_subject_from_the_tree(tmp_path):
    """regnum.ru (130): "Немецкие пилоты Ryanair начали забастовку ирландская авиакомпания вынуждена
    была отменить 150 из 500 рейсов из Германии" (two clauses run together: two nominatives, so no
    subject before; the tree gives "отменить" the subject of "вынуждена"); interfax.ru (125):
    "Ryanair отменила 150 из 400 рейсов в Германии". The flights scheduled in Germany on 12
    September: 400 or 500 (file 109's "авиакомпания Ryanair" tells that the noun names Ryanair)."""
    tables = _ryanair(tmp_path, [130, 125, 109])
    found = tables["contradictions"]
    germany = found[found["attribute"] == "quantity:отмен из:рейс@loc:germany"]
    assert list(zip(germany["article_id"], germany["value"], germany["relation"], strict=True)) == [
        ("ryan-ru_file_125", "400 рейсов", "contradiction"),
        ("ryan-ru_file_130", "500 рейсов", "contradiction"),
    ]


def test_real_places_of_the_verb_scope_the_figure(tmp_path):
    """regnum.ru (109): "ранее авиакомпания Ryanair отменила 22 рейса на 10 августа из аэропорта
    Скавста вблизи столицы Швеции": 22 flights from a Swedish airport, not Ryanair's cancellations
    of that day (the place hangs on the verb, under the airport's noun)."""
    claims = _ryanair(tmp_path, [109])["claims"]
    rows = claims[claims["text"].str.contains("отменила 22 рейса", regex=False)]
    assert list(zip(rows["subject"], rows["attribute"], rows["value"], strict=True)) == [
        ("Ryanair", "quantity:отмен:рейс@loc:skavsta+loc:sweden", "22 рейса")
    ]


def test_real_two_reported_announcements_are_stages_of_the_plan(tmp_path):
    """kremlinpress.com (153, 30 Sept): "До этого ... Кенни Джейкобс объявил, что ... авиакомпания
    отменит 250 из 2,4 тыс. задуманных рейсов"; e-gorlovka.com.ua (156, 30 Sept): "До этого
    говорилось, что лоукостер Ryanair подчеркнул отменит 190 рейсов". Each future is an
    announcement's, said before the article at a time it does not give: the plan's stages, an
    update (before: two expectations of one day, a contradiction)."""
    tables = _ryanair(tmp_path, [153, 156])
    found = tables["contradictions"]
    reported = found[found["text"].str.contains("До этого", regex=False)]
    assert list(zip(reported["value"], reported["modality"], reported["relation"], strict=True)) == [
        ("250", "announced", "update"),
        ("190 рейсов", "announced", "update"),
    ]


def test_real_release_told_by_two_verbs_of_one_act(tmp_path):
    """regnum.ru (162): "Христианка Асия Биби была отпущена из тюрьмы 31 октября"; courier.co.il
    (170): "8 ноября Биби освободили из-под стражи": "отпустить" and "освободить" tell one act
    (``claims_same_predicates``), so the two days disagree (before: two keys, no group)."""
    tables = _bsnlp(tmp_path, [ASIA_BIBI / f"asia_bibi_ru.txt_file_{n}.txt" for n in (162, 170)])
    found = tables["contradictions"]
    freed = found[found["attribute"] == "date:освобод"]
    assert list(zip(freed["article_id"], freed["value"], freed["relation"], strict=True)) == [
        ("asia_bibi_ru.txt_file_162", "31 октября", "contradiction"),
        ("asia_bibi_ru.txt_file_170", "8 ноября", "contradiction"),
    ]


def test_real_claim_about_no_entity_without_a_date_is_of_its_article_s_week(tmp_path):
    """e-gorlovka.com.ua (163, 27 Sept): "В общем отмена рейсов затронет около 30 тыс. пассажиров"
    names no date and no entity: it is about that week's strike (28 September), so it is keyed on
    the week the article was published (before: no claim, lest it meet July's strike)."""
    claims = _ryanair(tmp_path, [163])["claims"]
    rows = claims[claims["text"].str.contains("затронет около 30", regex=False)]
    assert list(zip(rows["subject"], rows["attribute"], rows["moment"], rows["value"], strict=True)) == [
        ("отмена", "quantity:отмена затронуть:пассажир", "2018-W39", "около 30 тыс. пассажиров")
    ]


def test_real_a_statement_s_year_with_what_it_said(tmp_path):
    """aif.ru (111): "В 2012 году Николя Саркози, занимавший пост президента Франции, заявил, что
    страна готова предоставить ... политическое убежище" (the verb after an insertion); rg.ru (145):
    "В 2010 году тогдашний президент Франции Николя Саркози заявил, что готов предоставить ...
    политическое убежище" (a title and its genitive before the name: one subject). A statement's
    year is keyed with what it said ("~убежище"); before, neither was a claim."""
    tables = _bsnlp(tmp_path, [ASIA_BIBI / f"asia_bibi_ru.txt_file_{n}.txt" for n in (111, 145)])
    found = tables["contradictions"]
    said = found[found["attribute"] == "date:заяв~убежище"]
    assert list(zip(said["article_id"], said["subject"], said["value"], strict=True)) == [
        ("asia_bibi_ru.txt_file_111", "Николя Саркози", "В 2012 году"),
        ("asia_bibi_ru.txt_file_145", "Николя Саркози", "В 2010 году"),
    ]


def test_real_crowded_clause_about_no_entity_takes_the_tree_s_subject(tmp_path):
    """A strike's figures where the word rules see two nominatives, the strike and a name that has
    no case ("Ryanair"): no claim before. The tree gives the verb its subject, also through a
    coordinated verb ("привел к отмене ... и коснулся 40 тыс.") and a verb's noun ("нарушила
    планы 40 тыс."); a common noun with a name in apposition is the name's ("Крупнейший
    авиаперевозчик Италии Alitalia объявил об отмене не менее 200 рейсов", file 171): no claim."""
    tables = _ryanair(tmp_path, [140, 155, 149, 171])
    claims = tables["claims"]
    struck = claims[claims["value"] == "40 тыс. пассажиров"]
    columns = [struck[c] for c in ("article_id", "subject", "attribute", "value")]
    assert sorted(zip(*columns, strict=True)) == [
        ("ryan-ru_file_149", "забастовка", "quantity:забастовка план:пассажир", "40 тыс. пассажиров"),
        ("ryan-ru_file_155", "забастовка", "quantity:забастовка затронуть:пассажир", "40 тыс. пассажиров"),
    ]
    assert claims[claims["article_id"] == "ryan-ru_file_171"]["subject"].tolist() == []
    rows = [r for r in _rows(tables) if r[2] == "quantity:забастовка затронуть:пассажир"]
    assert rows == [
        (
            "ryan-ru_file_140",
            "забастовка",
            "quantity:забастовка затронуть:пассажир",
            "2018-W39",
            "около 30 тыс. пассажиров",
            "update",
        ),
        (
            "ryan-ru_file_155",
            "забастовка",
            "quantity:забастовка затронуть:пассажир",
            "2018-09-30",
            "40 тыс. пассажиров",
            "update",
        ),
    ]


def test_real_bracketed_clause_after_a_place_is_the_main_organisation_s(tmp_path):
    """tvc.ru (103): "К забастовке также присоединились пилоты Ирландии, Швеции (в королевстве
    отменены 22 рейса), Бельгии (отменены 106 рейсов), Нидерландов" (no subject: no claim before);
    file 87: "Ryanair также отменит в сей день 20 рейсов до Ирландии и 104 рейса из/в Бельгию".
    Flights cancelled in Belgium on 10 August: 104 or 106."""
    tables = _ryanair(tmp_path, [103, 87])
    claims = tables["claims"]
    bracketed = claims[claims["text"].str.contains("(отменены 106 рейсов)", regex=False)]
    assert list(zip(bracketed["subject"], bracketed["attribute"], bracketed["value"], strict=True)) == [
        ("Ryanair", "quantity:отмен:рейс@loc:belgium", "106 рейсов"),
        ("Ryanair", "quantity:отмен:рейс@loc:sweden", "22 рейса"),
    ]
    rows = [r for r in _rows(tables) if r[2] == "quantity:отмен:рейс@loc:belgium"]
    assert [(r[0], r[3], r[4]) for r in rows] == [
        ("ryan-ru_file_103", "2018-W32", "106 рейсов"),
        ("ryan-ru_file_87", "2018-W32", "104 рейса"),
    ]


def test_real_places_of_an_event_whoever_holds_it(tmp_path):
    """The 28 September strike's countries: interfax.ru (125) "Бортпроводники ... Ryanair 28
    сентября проведут забастовку в пяти европейских странах" (a misparse leaves the verb no
    subject: no claim before) against regnum.ru (149) "Однодневная забастовка ... в шести
    европейских странах нарушила планы 40 тыс. пассажиров" (keyed on "нарушить" before): a count
    of places told by the event's noun is the event's places, whatever verb or holder tells it.
    gazetaslovo.com (146) "по 224 направлениями в 37 странах": a counted noun is no event."""
    tables = _ryanair(tmp_path, [125, 149, 146])
    rows = [r for r in _rows(tables) if r[2] == "quantity:забастовка в:страна"]
    assert [(r[0], r[3], r[4], r[5]) for r in rows] == [
        ("ryan-ru_file_125", "2018-09-28", "пяти европейских странах", "update"),
        ("ryan-ru_file_149", "2018-W39", "шести европейских странах", "update"),
    ]
    claims = tables["claims"]
    routes = claims[claims["value"] == "37 странах"]
    assert routes["attribute"].str.startswith("quantity:направление").tolist() == [False]
