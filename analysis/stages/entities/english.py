"""Naming an entity: its type, its canonical Russian name and its English name (the gazetteer's,
the Latin spelling the corpus writes, transliteration last)."""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

import iuliia

from analysis.core.codes import EntityType
from analysis.core.text import bare, is_acronym
from analysis.nlp import gazetteer
from analysis.stages.entities.merge import KeyKind
from analysis.stages.entities.model import Mention, cached_fold, case_of

_TYPE_PRIORITY = {EntityType.LOC: 0, EntityType.PER: 1, EntityType.ORG: 2, EntityType.MISC: 3}


class Naming(NamedTuple):
    """What an entity is called and what it is."""

    type: str  # an EntityType
    name: str  # its canonical name, in the nominative
    name_en: str
    place: gazetteer.Place | None  # the country or capital it is, if any


def name_entity(key: tuple, members: list[tuple[Mention, str]]) -> Naming:
    """The type and names of the entity of group key ``key`` (``merge``), from its members (each
    mention with its normal form): a country's and a CLDR organisation's from the key itself."""
    etype = _entity_type(members)
    name = _canonical_name(members)
    place = gazetteer.lookup(name) if etype in (EntityType.LOC, EntityType.ORG) else None
    if key[0] == KeyKind.COUNTRY:
        place = gazetteer.Place(key[1], gazetteer.PlaceKind.COUNTRY, gazetteer.english_country_name(key[1]))
        etype = EntityType.LOC
    name_en = _english_name(name, place, members)
    if key[0] == KeyKind.ORGANISATION:
        etype, name_en = EntityType.ORG, gazetteer.english_organisation_name(key[1])
    return Naming(etype, name, name_en, place)


def _entity_type(members: list[tuple[Mention, str]]) -> str:
    """A person's, if the entity has a person's full name (its lone surname may have been tagged a
    place: one type per entity); else the type most of its mentions have."""
    if any(m.type == EntityType.PER and len(normal.split()) > 1 for m, normal in members):
        return EntityType.PER
    types = Counter(m.type for m, _ in members)
    return min(types, key=lambda t: (-types[t], _TYPE_PRIORITY[t]))


def _nominative_surface(mention: Mention) -> bool:
    return all(case_of(t) in ("Nom", "") for t in mention.tokens)


# A name's number however it is written after it ("мост-2", "мост — 2", "мост 2").
_NUMBER_SPELLING = re.compile(r"(?:\s*[-‐–—]\s*|\s+)(\d{1,3})$")


def _canonical_name(members: list[tuple[Mention, str]]) -> str:
    """Prefer full names over acronyms and surnames, then forms seen in the nominative, then frequency."""
    variants = Counter(normal for _, normal in members)
    full = [n for n in variants if not (n.isupper() and len(n) > 1)] or list(variants)
    most_words = max(len(n.split()) for n in full)
    if any(m.type == EntityType.PER for m, _ in members):
        full = [n for n in full if len(n.split()) == most_words]
    attested = {n for m, n in members if m.agreement and _nominative_surface(m)}
    if attested:
        full = [n for n in full if n in attested] or full
    by_fold: dict[str, list[str]] = {}
    for name in full:
        by_fold.setdefault(_NUMBER_SPELLING.sub(r"-\1", cached_fold(name)), []).append(name)
    best = max(by_fold.values(), key=lambda names: (sum(variants[n] for n in names), len(names[0]), names[0]))
    return max(best, key=lambda n: ("ё" in n.lower(), variants[n], n))


def _cyrillic(text: str) -> bool:
    return bool(re.search(r"[а-яё]", text, re.IGNORECASE))


def _english_name(name: str, place: gazetteer.Place | None, members: list[tuple[Mention, str]]) -> str:
    """The place's English name (a country's, a capital's, a CLDR region's: "Europe"); else the name
    itself if it is in Latin script; else the Latin spelling the corpus writes most often for the
    entity ("Volkswagen" beside "Фольксваген"), an acronym ("BBC" beside "Би-би-си") or a site
    ("bbc.com") if it has no other; transliteration last."""
    if place and place.name_en:
        return place.name_en
    if not _cyrillic(name):
        return name
    region = gazetteer.regions().get(cached_fold(name))
    if region:
        return region
    latin = Counter(normal for _, normal in members if not _cyrillic(normal))
    if latin:
        return min(latin, key=lambda n: (is_acronym(n), bare(cached_fold(n)) != cached_fold(n), -latin[n], n))
    return iuliia.WIKIPEDIA.translate(name)
