"""Places that hold on a corpus of every topic: an ambiguous city is read by the countries its own
articles' places lie in first, the corpus's second, population last; a town the article contradicts keeps
its English name but no point; GeoNames' "е" for "э" is the same name."""

import math

import pytest

from analysis.nlp import gazetteer


def test_a_spelling_with_e_for_e_is_the_same_city():
    """GeoNames spells New York's borough "Манхеттен"; writers "Манхэттен" (Manhattan, Kansas only)."""
    found = gazetteer.city("Манхэттен", ("USA",))
    assert (found.name_en, found.country, round(found.latitude, 1)) == ("Manhattan", "USA", 40.8)


def test_a_town_in_a_country_its_articles_do_not_name_keeps_its_name_and_no_point():
    """Enfield, Connecticut is the only "Энфилд" GeoNames has of 15,000 people; a story of Canada."""
    found = gazetteer.city("Энфилд", ("CAN", "USA"), local=1)
    assert (found.name_en, found.country, found.latitude) == ("Enfield", "", None)
    assert gazetteer.city("Энфилд", ("CAN", "USA")).country == "USA"  # no article context: as before
    assert gazetteer.city("Газа", ("ISR", "PSE"), local=1).country == "PSE"  # a city of 410,000 holds
    destinations = (
        "UKR",
        "GRC",
        "GBR",
        "BGR",
        "IRL",
    )  # "полетят из столицы Украины в Афины, Манчестер, Пафос"
    assert gazetteer.city("Пафос", (*destinations, "CYP"), local=5).country == "CYP"  # a list tells nothing


@pytest.fixture(scope="module")
def nerel_places(tmp_path_factory):
    """NEREL dev 1277254 ("в Портапике и Энфилде близ Галифакса в канадской провинции Новая Шотландия"),
    223366 ("в городе Сан-Маркос", a story of California; "в синагоге Сан-Диего в городе Пауэй, штат
    Калифорния") and 2045 ("федеральным прокурором Манхэттена", naming США) with 549180 and 192856 (US
    states, "США" again), 598266 ("выступая в ландтаге Гессена", "земли Гессен") and 405682 ("в
    Оксон-Хилле (Мэриленд, США)"): a corpus most of whose countries are the United States."""
    from tests.corpora import nerel_dev_entities

    names = (
        "1277254_text",
        "223366_text",
        "2045",
        "549180_text",
        "192856_text",
        "598266_text",
        "405682_text",
    )
    return nerel_dev_entities(names, tmp_path_factory.mktemp("nerel"))


def test_on_real_texts_the_article_s_places_decide_before_the_corpus(nerel_places):
    enfield = nerel_places.loc["Энфилд"]  # the corpus is American; the article is Canadian
    assert (enfield.name_en, enfield.name_en_source, enfield.type) == ("Enfield", "geonames", "LOC")
    assert math.isnan(enfield.latitude)  # Enfield, Nova Scotia is too small for cities15000: no point
    halifax = nerel_places.loc["Галифакс"]
    assert (halifax.name_en, round(halifax.latitude, 1)) == ("Halifax", 44.6)  # Nova Scotia's


def test_on_real_texts_a_city_of_the_story_s_country_over_a_foreign_state(nerel_places):
    san_marcos = nerel_places.loc["Сан-Маркос"]  # not the department of Guatemala
    assert (san_marcos.name_en, san_marcos.name_en_source) == ("San Marcos", "geonames")
    assert (round(san_marcos.latitude, 1), round(san_marcos.longitude, 1)) == (33.1, -117.2)  # California
    manhattan = nerel_places.loc["Манхэттен"]
    assert (manhattan.name_en, round(manhattan.latitude, 1)) == ("Manhattan", 40.8)  # not Kansas, 39.2


@pytest.mark.parametrize(
    ("russian", "english", "country"),
    [
        ("Англия", "England", "GBR"),  # iso-codes' Ukrainian "Англія"; no Russian, no transcription reads it
        ("Сычуань", "Sichuan", "CHN"),  # "Sichuan Sheng": the pinyin type word dropped, as English writes it
        ("Хунань", "Hunan", "CHN"),
        ("Гессен", "Hessen", "DEU"),  # iso-codes' English; no installed source says "Hesse"
    ],
)
def test_states_by_their_names_in_iso_codes_as_english_writes_them(russian, english, country):
    found = gazetteer.subdivision(russian, ("GBR", "CHN", "DEU"))
    assert (found.name_en, found.country) == (english, country)


def test_on_real_texts_a_place_left_declined_is_named_by_its_nominative(nerel_places):
    hessen = nerel_places[nerel_places["aliases"].map(lambda forms: "Гессена" in forms)].iloc[0]
    assert (hessen.name_en, hessen.name_en_source, hessen.type) == (
        "Hessen",
        "subdivision",
        "LOC",
    )  # was Gessena
    oxon_hill = nerel_places[nerel_places["aliases"].map(lambda forms: "Оксон-Хилле" in forms)].iloc[0]
    assert (oxon_hill.name_en, round(oxon_hill.latitude, 1)) == (
        "Oxon Hill",
        38.8,
    )  # Maryland; was Okson-Khilla


def test_a_county_only_in_a_country_its_articles_name():
    """ryanair: "база в Нижнем Рейне" beside Eindhoven, Bremen and Morocco: Bas-Rhin (France, a department
    iso-codes names "Нижний Рейн") is no reading where the article names other countries and not France."""
    story = ("NLD", "DEU", "MAR")
    assert gazetteer.subdivision("Нижний Рейн", (*story, "FRA"), local=3) is None
    assert (
        gazetteer.subdivision("Нижний Рейн", (*story, "FRA")).name_en == "Bas-Rhin"
    )  # the corpus's, as before
    assert gazetteer.subdivision("Эссекс", ("GBR", "USA"), local=1).name_en == "Essex"
