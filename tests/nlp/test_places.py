"""Places on the map only from place names (issue 20): a city only where a name is that city's."""

import pytest

from analysis.nlp import gazetteer


@pytest.mark.parametrize(
    ("name", "was"),
    [
        ("Азия", "Asia"),  # factRuEval book_389 "Азию представляют два арбитра": a town in the Philippines
        ("МО", "Meaux"),  # capitals of an acronym: a French town
        ("ОНИ", "Osny"),
        ("Старый город", "Ciutat Vella"),  # book_349 "провел в Старом городе" (Jerusalem's): Barcelona's
    ],
)
def test_no_city_from_a_region_an_acronym_or_a_description(name, was):
    assert gazetteer.city(name, ("RUS", "ISR")) is None


def test_a_country_s_name_is_that_country_however_its_hyphen_is_written():
    """factRuEval book_394 lists "• Чили • Коста Рика • Эквадор": "Коста Рика" was Costa Rica, a town of
    Sinaloa, Mexico, on the map; it is the country, and a town abroad named like a country is none of
    its readings ("Армения", Colombia)."""
    assert gazetteer.lookup("Коста Рика").iso3 == "CRI"
    assert gazetteer.city("Коста Рика") is None
    assert gazetteer.lookup("Гвинея Бисау").iso3 == "GNB"
    assert gazetteer.city("Армения") is None
    assert gazetteer.city("Сингапур").country == "SGP"  # a city-state's city is in it


def test_city_names_with_capitals_and_particles_stay_cities():
    assert gazetteer.city("Рио де Жанейро").name_en == "Rio de Janeiro"
    assert gazetteer.city("Нижний Новгород").name_en == "Nizhniy Novgorod"
    assert gazetteer.city("Уфа").name_en == "Ufa"
    assert gazetteer.lookup("МОСКВА").name_en == "Moscow"  # a dateline in capitals: the capital
