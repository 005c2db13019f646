"""The English-name score of ``eval bsnlp`` (analysis.tools.evaluate.english_names): each way two
names count as one, and the entity most of a gold entity's forms landed in."""

import pytest

from analysis.tools.evaluate.english_names import gold_name, same_name, score_names


def test_gold_ids_name_the_entity_in_latin_script():
    assert gold_name("PER-Asia-Bibi") == "Asia Bibi"
    assert gold_name("ORG-Ministry-of-Foreign-Affairs-Pakistan") == "Ministry of Foreign Affairs Pakistan"


@pytest.mark.parametrize(
    ("given", "gold", "iso3"),
    [
        ("Ministry of Foreign Affairs of Pakistan", "Ministry of Foreign Affairs Pakistan", ""),  # "of"
        ("Kirill Sarkhanyants", "Kirill Sarkhaniants", ""),  # a spelling
        ("Michael O’Leary", "Michael O'Leary", ""),  # an apostrophe
        ("BBC", "BBC Ltd", ""),  # a qualifier
        ("AFP", "AFP Agence France Press", ""),  # an acronym before its expansion
        ("Venice", "Venezia", ""),  # one GeoNames city
        ("United Kingdom", "Great Britain", "GBR"),  # words of the country's official name
        ("United States", "USA", "USA"),  # its ISO code
    ],
)
def test_one_name(given, gold, iso3):
    assert same_name(given, gold, iso3)


@pytest.mark.parametrize(
    ("given", "gold", "iso3"),
    [
        ("Pakistan", "Supreme Court of Pakistan", "PAK"),  # the place an institution is named after
        ("Verkhovny sud", "Supreme Court", ""),  # a transliteration
        ("Afp", "AFP Agence France Press", ""),  # only an acronym written in capitals opens an id
        ("Netherlands", "Holland", "NLD"),  # no source says so: counted as a miss
        ("", "Asia Bibi", ""),
    ],
)
def test_not_one_name(given, gold, iso3):
    assert not same_name(given, gold, iso3)


def test_the_entity_most_forms_landed_in_is_scored_once_per_gold_entity():
    linked = [
        ("PER-Asia-Bibi", "per:asia-bibi"),
        ("PER-Asia-Bibi", "per:asia-bibi"),
        ("PER-Asia-Bibi", "per:bibi"),
        ("GPE-Punjab", "loc:pendzhab"),
    ]
    names = {"per:asia-bibi": "Asia Bibi", "per:bibi": "Bibi", "loc:pendzhab": "Pendzhab"}
    result = score_names(linked, names, {}, gold_entities=3)
    assert (result.correct, result.scored, result.gold_entities) == (1, 2, 3)
    assert result.accuracy == pytest.approx(0.5)
    assert result.to_dict()["misses"] == [{"gold": "GPE-Punjab", "given": "Pendzhab"}]
