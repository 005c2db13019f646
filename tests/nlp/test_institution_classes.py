"""Classes of institutions' names the glossary translates since issue 20's unseen-story check: named
after a person ("имени"), an adjective pymorphy reads first as a noun ("Главное управление"), an
adjective from a name in "-с" or one Russian transcription spells ("массачусетский", "джорджтаунский"),
and a common noun in a complement that is no town of its name ("театр драмы": not Drama, Greece)."""

import pytest

from analysis.nlp.knowledge import institutions


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Литературный институт имени А. М. Горького", "Gorky Literary Institute"),
        ("Ассоциация имени Людвига ван Бетховена", "Ludwig van Beethoven Association"),
        (
            "Московский государственный университет имени М. В. Ломоносова",
            "Lomonosov Moscow State University",
        ),
        ("Главное управление МВД России", "Main Directorate of Ministry of Internal Affairs of Russia"),
        ("Массачусетский технологический институт", "Massachusetts Technological Institute"),
        ("Джорджтаунский университет", "Georgetown University"),
        ("Харбинский военно-инженерный колледж", "Harbin Military Engineering College"),
        (
            "Московский государственный институт международных отношений",
            "Moscow State Institute of International Relations",
        ),
        ("театр драмы", "Theatre of Drama"),
        (
            "Федеральная служба по надзору в сфере образования и науки",
            "Federal Service for Supervision in the Sphere of Education and Science",
        ),
        ("Управление по контролю за оборотом наркотиков", "Directorate for Drug Control"),
    ],
)
def test_institution_classes_translated(russian, english):
    assert institutions.translate(russian) == english


def test_a_person_the_name_list_does_not_know_is_only_a_guess():
    name = "Алтайский краевой театр драмы им. В. М. Шукшина"
    assert institutions.translate(name) is None  # "Altaysky", "Shukshin": romanised, not known
    assert institutions.translate(name, romanise=True) == "Shukshin Altaysky Territorial Theatre of Drama"
    assert institutions.translate("премия имени Сахарова") is None  # "премия" is no institution here
    assert institutions.translate("Наньпина провинция") is None  # a name's genitive is no adjective
    assert institutions.city_of_adjective("ленинградский") is None  # renamed: not Saint Petersburg


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("Мосгоризбиркому", "Moscow City Electoral Commission"),
        ("Мосгорсуда", "Moscow City Court"),
        ("Минобороны", "Ministry of Defence"),
        ("Горсад", None),  # a city garden: the glossary's place nouns make no organisation
        ("СССР", None),  # in capitals: an acronym may be a place's
    ],
)
def test_a_compound_abbreviation_in_any_case_is_an_institution(word, english):
    assert institutions.compound_institution(word) == english
