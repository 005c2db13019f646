"""States, provinces and counties named in English from ISO 3166-2 (pycountry's iso-codes), where
iso-codes has no Russian name for them (read back by the rules of Russian transcription) or names them
below the first level (an English county); and a river said to be one is no city on the map."""

import math

import pytest

from analysis.nlp import gazetteer

UK_US = ("USA", "GBR", "RUS")


@pytest.mark.parametrize(
    ("russian", "english", "country"),
    [
        ("Шотландия", "Scotland", "GBR"),  # iso-codes: "Scotland", no Russian; "-ия" as English drops it
        ("Уэльс", "Wales", "GBR"),  # its own name "Wales [Cymru GB-CYM]" without its other name
        ("Мэриленд", "Maryland", "USA"),  # no Russian in iso-codes; the fuzzy transliteration missed it
        ("Эссекс", "Essex", "GBR"),  # a county: below England, by its Russian name
        ("Бакингемшир", "Buckinghamshire", "GBR"),
        ("Синд", "Sindh", "PAK"),  # by transliteration, as before
        ("Англия", "England", "GBR"),  # no Russian in iso-codes; its Ukrainian "Англія" as Russian spells it
    ],
)
def test_subdivisions_without_russian_names_or_below_the_first_level(russian, english, country):
    found = gazetteer.subdivision(russian, (*UK_US, "PAK"))
    assert (found.name_en, found.country, found.kind) == (english, country, gazetteer.PlaceKind.STATE)


def test_only_in_a_country_the_story_names_and_never_a_short_name():
    assert gazetteer.subdivision("Шотландия") is None  # no context, no guess
    assert gazetteer.subdivision("Шотландия", ("USA", "RUS")) is None
    assert gazetteer.subdivision("Эссекс", ("USA",)) is None  # Essex County, Massachusetts is no state
    assert gazetteer.subdivision("Англия", ("USA", "RUS")) is None  # England only in a story of Britain
    assert gazetteer.subdivision("Сибирь", UK_US) is None  # a region of Russia, no subdivision
    assert gazetteer.subdivision("Жители", ("SVN",)) is None  # residents, a common word: no Žetale
    far = ("USA", "GBR", *(f"X{i:02d}" for i in range(30)), "THA")  # NEREL train: Thailand 41st
    assert gazetteer.subdivision("Калязин", far) is None  # a Russian town, no Kalasin, Thailand
    assert gazetteer.subdivision("Бергамо", ("ITA",)).name_en == "Bergamo"  # a province, when asked
    assert gazetteer.city("Бергамо", ("ITA",)).population > 100_000  # yet the name is still the city


@pytest.fixture(scope="module")
def nerel_entities(tmp_path_factory):
    """NEREL dev 587094 ("в самоизоляции дома в Шотландии", a story naming Великобритания), 405682
    ("в Мэриленде", naming США), 598192 ("Участвовал в форсировании Днепра и освобождении Киева": the
    river, which was the city Dnipro, 48.5 N, on the map; "Литературный институт имени А. М. Горького"),
    598012 ("Института языкознания АН СССР", "Международной ассоциации преподавателей русского языка и
    литературы"), 212404 ("Коллегии кардиналов") and 216586 ("пять кланов — Бонанно, Гамбино, Дженовезе,
    Коломбо и Луккезе": Colombo, Sri Lanka was on the map) built as one corpus: entities by name."""
    from tests.corpora import nerel_dev_entities

    names = [f"{n}_text" for n in (587094, 405682, 598192, 598012, 212404, 216586)]
    return nerel_dev_entities(names, tmp_path_factory.mktemp("nerel"))


def test_on_real_texts_scotland_maryland_and_a_river_that_is_no_city(nerel_entities):
    for russian, english in (("Шотландия", "Scotland"), ("Мэриленд", "Maryland")):
        row = nerel_entities.loc[russian]
        assert (row.name_en, row.name_en_source, row.type) == (english, "subdivision", "LOC")
    dnieper = nerel_entities.loc["Днепр"]
    assert math.isnan(dnieper.latitude) and dnieper.iso3 == ""
    assert nerel_entities.loc["Киев", "name_en"] == "Kyiv"  # the city beside it stays one


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Литературный институт имени А. М. Горького", "Gorky Literary Institute"),  # named after
        ("Институт языкознания АН СССР", "Institute of Linguistics of Academy of Sciences of USSR"),
        (
            "Международная ассоциация преподавателей русского языка и литературы",
            "International Association of Teachers of Russian Language and Literature",
        ),
        ("Коллегия кардиналов", "College of Cardinals"),
    ],
)
def test_on_real_texts_institutions_translated(nerel_entities, russian, english):
    row = nerel_entities.loc[russian]
    assert (row.name_en, row.name_en_source) == (english, "glossary")


def test_on_a_real_text_clans_listed_after_a_word_for_them_are_organisations_not_places(nerel_entities):
    names = ["Бонанно", "Гамбино", "Дженовезе", "Коломбо", "Луккез"]  # "Луккезе" is lemmatised so
    clans = nerel_entities[nerel_entities["name"].isin(names)]
    assert set(clans["type"]) == {"ORG"} and len(clans) == 5  # NEREL: ORGANIZATION, each
    colombo = nerel_entities.loc["Коломбо"]
    assert colombo.iso3 == "" and math.isnan(colombo.latitude)  # no Sri Lanka on the map
    assert colombo.name_en == "Colombo"  # the name GeoNames spells, still
