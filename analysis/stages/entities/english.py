"""Naming an entity: its type, its canonical Russian name, its English name and where that name comes
from (``NameSource``): CLDR for countries, regions and unions, the Latin spelling the corpus writes,
GeoNames for cities (with their coordinates), ISO 3166-2 for states and provinces, a glossary of
institutional vocabulary for institutions, the Wikidata name list for people; transliteration last,
and only that is a guess."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from analysis.core import lexicon
from analysis.core.codes import EntityType, NameSource
from analysis.core.memo import Memo, memo_key
from analysis.core.schema import Col
from analysis.core.text import bare, is_acronym
from analysis.nlp import gazetteer, morph
from analysis.nlp.knowledge import institutions, name_systems, people, places
from analysis.nlp.knowledge.latin import english_transliteration
from analysis.stages.entities.merge import KeyKind
from analysis.stages.entities.model import Mention, cached_fold, case_of

_TYPE_PRIORITY = {EntityType.LOC: 0, EntityType.PER: 1, EntityType.ORG: 2, EntityType.MISC: 3}


class Naming(NamedTuple):
    """What an entity is called and what it is."""

    type: str  # an EntityType
    name: str  # its canonical name, in the nominative
    name_en: str
    place: gazetteer.Place | None  # the country, capital or city it is, if any
    source: str = NameSource.TRANSLITERATION  # where ``name_en`` comes from (a NameSource)

    def columns(self) -> dict:
        """The entity row's columns this naming decides (``entities`` table)."""
        place = self.place
        return {
            Col.NAME: self.name,
            Col.NAME_EN: self.name_en,
            Col.NAME_EN_SOURCE: self.source,
            Col.TYPE: self.type,
            Col.ISO3: place.iso3 if place else "",
            Col.LATITUDE: place.latitude if place and place.latitude is not None else float("nan"),
            Col.LONGITUDE: place.longitude if place and place.longitude is not None else float("nan"),
        }


def name_entities(
    groups: Mapping[tuple, list[tuple[Mention, str]]], memo: Memo | None = None
) -> dict[tuple, Naming]:
    """``name_entity`` of every group, with the countries the corpus names (most mentioned first) as the
    context that tells which of several cities or states of one name is meant; then each place again with
    the countries its own articles' places lie in first (a corpus of every topic names many countries:
    "Энфилд" near Halifax is in the story of Canada, whatever else the corpus is about), the corpus's
    after. ``memo``: English names of earlier builds (``name_entity``)."""
    named = Counter({key[1]: len(members) for key, members in groups.items() if key[0] == KeyKind.COUNTRY})
    corpus = _ranked(named)
    memo = memo or Memo()
    first = {key: name_entity(key, members, corpus, memo=memo) for key, members in groups.items()}
    where: dict[str, Counter] = {}  # article -> the countries its places lie in, by mentions
    for key, members in groups.items():
        country = _country_of(first[key])
        for mention, _ in members if country else ():
            where.setdefault(mention.article_id, Counter())[country] += 1
    return {
        key: _in_its_articles(key, members, first[key], where, corpus, memo)
        for key, members in groups.items()
    }


def _ranked(counts: Counter) -> tuple[str, ...]:
    return tuple(sorted(counts, key=lambda iso3: (-counts[iso3], iso3)))


def _country_of(naming: Naming) -> str:
    """The country a place entity is or lies in ("" for anything else, or a place on no map)."""
    place = naming.place
    return (place.iso3 or place.country) if place is not None and naming.type == EntityType.LOC else ""


def _in_its_articles(
    key: tuple,
    members: list[tuple[Mention, str]],
    naming: Naming,
    where: dict[str, Counter],
    corpus: tuple,
    memo: Memo,
) -> Naming:
    """A city or state named again by the countries its own articles' other places lie in, most named
    first, then the corpus's; a country, a capital or anything not a place as it was."""
    settled = naming.place is not None and naming.place.kind in (
        gazetteer.PlaceKind.COUNTRY,
        gazetteer.PlaceKind.CAPITAL,
    )
    if naming.type != EntityType.LOC or key[0] == KeyKind.COUNTRY or settled:
        return naming
    own = Counter()
    for article in {mention.article_id for mention, _ in members}:
        own.update(where.get(article, {}))
    own[_country_of(naming)] -= len(members)  # its own reading is no evidence for itself
    own = Counter({iso3: n for iso3, n in own.items() if iso3 and n > 0})
    if not own:
        return naming
    local = _ranked(own)
    return name_entity(key, members, local + tuple(c for c in corpus if c not in own), len(local), memo)


def name_entity(
    key: tuple,
    members: list[tuple[Mention, str]],
    context: tuple[str, ...] = (),
    local: int = 0,
    memo: Memo | None = None,
) -> Naming:
    """The type and names of the entity of group key ``key`` (``merge``), from its members (each
    mention with its normal form): a country's and a CLDR organisation's from the key itself; a city or
    state named like others is the one in the first country of ``context`` (ISO alpha-3 codes, most
    named first; the first ``local`` of them those the entity's own articles name) that has one, else
    the most populous city. The English name is taken from ``memo`` when an earlier build made it of
    the same name, type, place and Latin spellings (``_remembered_english``): a person's is most of the
    naming's work, and the same on the next build; so is a city or state by its name and the context
    (``_remembered_place``), read again where the corpus's ranking of countries changed."""
    etype = _entity_type(members)
    name = _canonical_name(members)
    place = gazetteer.lookup(name) if etype in (EntityType.LOC, EntityType.ORG) else None
    capital = place is not None and place.kind == gazetteer.PlaceKind.CAPITAL
    if etype == EntityType.ORG and capital and place.iso3 not in context:
        # a body named like a capital is its government in a story of its country; else (a clan) only a name
        place = gazetteer.Place("", gazetteer.PlaceKind.CITY, place.name_en, source=place.source)
    if key[0] == KeyKind.COUNTRY:
        place = gazetteer.Place(key[1], gazetteer.PlaceKind.COUNTRY, gazetteer.english_country_name(key[1]))
        etype = EntityType.LOC
    if key[0] == KeyKind.ORGANISATION:
        return Naming(
            EntityType.ORG, name, gazetteer.english_organisation_name(key[1]), place, NameSource.CLDR
        )
    memo = memo or Memo()
    kind = _said_kind(members) if place is None and etype == EntityType.LOC else ""
    if kind:
        place = _state(name, context) if kind == PlaceKindWord.STATE else None
    elif place is None and etype == EntityType.LOC:
        place = _remembered_place(memo, name, context, local) or _place_of_forms(
            name, members, context, local, memo
        )
    name_en, source = _remembered_english(memo, name, etype, place, _latin_spellings(members))
    return Naming(etype, name, name_en, place, source)


class PlaceKindWord:
    """What kind of place a noun before a name says it is (lexicon entities_place_kinds)."""

    STATE = "state"  # a country's division: "штатом Оклахома" is the state, not Oklahoma City
    NATURE = "nature"  # a river, lake, mountain: "реки Иордан" is no town of the name


_PLACE_KINDS = lexicon.table("entities_place_kinds")


def place_kind(sentence: Sequence, start: int) -> str:
    """The kind of place the noun right before a name (starting at ``start``; ``sentence``: its
    sentence's tokens) says it is, or ""."""
    before = [t for t in sentence if t.end <= start]
    return _PLACE_KINDS.get(before[-1].lemma.lower(), "") if before and before[-1].text.islower() else ""


def _said_kind(members: list[tuple[Mention, str]]) -> str:
    """The kind of place the text's own words say the entity is, where they say it for at least half of
    its mentions (a city named "Нью-Йорк" twenty times is not the state for one "штата Нью-Йорк")."""
    kinds = Counter(m.kind for m, _ in members if m.kind)
    if not kinds or 2 * sum(kinds.values()) < len(members):
        return ""
    return kinds.most_common(1)[0][0]


def _state(name: str, context: tuple[str, ...]) -> gazetteer.Place | None:
    """The state or province ``name`` names (by its Russian or transliterated name), never a city."""
    return gazetteer.state(name, context) or gazetteer.subdivision(name, context)


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
    most_words = max(_words(n) for n in full)
    if any(m.type == EntityType.PER for m, _ in members):
        full = [n for n in full if _words(n) == most_words]
    attested = {n for m, n in members if m.agreement and _nominative_surface(m)}
    if attested:
        full = [n for n in full if n in attested] or full
    by_fold: dict[str, list[str]] = {}
    for name in full:
        by_fold.setdefault(_NUMBER_SPELLING.sub(r"-\1", cached_fold(name)), []).append(name)
    best = max(by_fold.values(), key=lambda names: (sum(variants[n] for n in names), len(names[0]), names[0]))
    return max(best, key=lambda n: ("ё" in n.lower(), variants[n], n))


def _words(name: str) -> int:
    """How many different words a name has: a word the text wrote twice ("Максим Дадашев Дадашев", a
    slip of the writer's) makes no fuller name."""
    return len({cached_fold(word) for word in name.split()})


_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def _cyrillic(text: str) -> bool:
    """Cached: asked of every mention's normal form of every entity each build (280,000 times at 10,000
    articles), of a few thousand distinct names."""
    return _CYRILLIC.search(text) is not None


# A city at least this populous is what its name means even where a state has the same name ("Нью-Йорк").
CITY_OVER_STATE = 500_000
SITE_ACRONYM = 4  # a site named by at most this many letters is named as an acronym ("bbc.com": BBC)


def _city_or_state(name: str, context: tuple[str, ...], local: int = 0) -> gazetteer.Place | None:
    """The city or the state or province ``name`` names: a state by its Russian name unless a city of
    that name is large, or lies in a country the entity's articles name (the first ``local`` of
    ``context``) and the state does not ("Сан-Маркос" in a Californian story: no department of
    Guatemala); a city; a state of a country in ``context`` by its transliterated name."""
    state = gazetteer.state(name, context)
    city = gazetteer.city(name, context, local) if not _adjective(name) else None
    ours = context[:local]
    if city and state and state.country not in ours and city.country in ours:
        return city
    if state and not (city and city.population >= CITY_OVER_STATE):
        return state
    return city or gazetteer.subdivision(name, context, local) or _cities(name, context)


def _remembered_place(memo: Memo, name: str, context: tuple[str, ...], local: int) -> gazetteer.Place | None:
    """``_city_or_state`` from ``memo``, by all it reads (the name, the countries in their order, how many
    are the entity's own; the rest is knowledge a change of code or word lists clears the memo for): the
    sources' lookups of every place each build were most of the naming's work, and the corpus's ranking
    of countries mostly stays as it was when an article is added."""
    return memo.get(memo_key("place", name, context, local), lambda: _city_or_state(name, context, local))


def _place_of_forms(
    name: str, members: list[tuple[Mention, str]], context: tuple[str, ...], local: int, memo: Memo
) -> gazetteer.Place | None:
    """The city or state another form of the entity names, when its canonical name names none: a name
    Russian does not decline is sometimes lemmatised into a form no source knows ("Кальяри" ->
    "Кальярь"), while the text writes it as GeoNames does. Its normal forms and the words as written,
    most frequent first."""
    forms = Counter(normal for _, normal in members) + Counter(m.text for m, _ in members)
    for form, _ in forms.most_common():
        if form != name and _cyrillic(form) and not is_acronym(form):  # "СУАР" is no town's name
            place = _remembered_place(memo, form, context, local)
            if place is not None:
                return place
    place = _nominative_place(Counter(m.text for m, _ in members), context, local)
    if place is not None or not _personal_name(name):
        return place
    for form, _ in Counter(m.text for m, _ in members).most_common():
        stem = _BARE_STEM.sub("", form)
        place = gazetteer.city(stem, context, local) if stem != form and " " not in stem else None
        if place is not None and place.population >= CITY_OVER_STATE:  # "Марии" is no Mary, Turkmenistan
            return place
    return None


# The case endings of a noun's oblique forms, and what its nominative ends with instead: a consonant
# ("Гессена", "в Гессене": Гессен), a soft sign ("Чернобыля": Чернобыль), "-а" ("в Урбане": Урбана).
_OBLIQUE = re.compile(r"(?:ом|ем|а|у|е|я|ю|ы|и)$")
_NOMINATIVE_ENDINGS = ("", "ь", "а")


def _nominative_place(written: Counter, context: tuple[str, ...], local: int) -> gazetteer.Place | None:
    """The state or city a written form names once its case ending is put back to the nominative, where
    the lemmatiser left it declined ("Гессена": Hessen): a state by its Russian name, or a city in a
    country the entity's articles name (the first ``local`` of ``context``) or a large one."""
    for form, _ in written.most_common():
        stem = _OBLIQUE.sub("", form)
        if stem == form or len(stem) < _STEM_LETTERS or not _cyrillic(form) or not form[:1].isupper():
            continue
        for nominative in (stem + ending for ending in _NOMINATIVE_ENDINGS):
            if nominative == form:
                continue
            found = gazetteer.state(nominative, context)
            town = gazetteer.city(nominative, context, local) if found is None else None
            if town is not None and (town.country in context[:local] or town.population >= CITY_OVER_STATE):
                found = town
            if found is not None:
                return found
    return None


_STEM_LETTERS = 4  # a shorter stem reads as too many places ("Иса" -> "Ис")


# A written word's last vowel, the case ending a foreign town's name takes in Russian ("в Шарлотте").
_BARE_STEM = re.compile(r"[аеиоуыэюя]$", re.IGNORECASE)


def _personal_name(name: str) -> bool:
    """Whether the lemmatiser took a one-word place for a personal name ("в Шарлотте" -> "Шарлотта", a
    woman's name; Charlotte is "Шарлотт" in GeoNames): then the written form without its case ending
    names a large town (a smaller one's namesake is more likely the person the engine took for a place)."""
    return " " not in name and "Name" in morph.parses(name)[0].tag


def _adjective(name: str) -> bool:
    """A one-word name that reads as an adjective ("Московский", left of a noun the engine cut off) is not
    the town that happens to bear it (Moskovskiy, Moscow Oblast)."""
    return " " not in name and morph.parses(name)[0].tag.POS == "ADJF"


def _cities(name: str, context: tuple[str, ...]) -> gazetteer.Place | None:
    """Two or more cities named together with hyphens ("Исламабад-Равалпинди": Islamabad-Rawalpindi,
    "Рим-Фьюмичино": the airport named after both), each named as GeoNames names it; no coordinates."""
    parts = name.split("-")
    if len(parts) < 2:
        return None
    found = [gazetteer.city(part, context) for part in parts]
    if None in found:
        return None
    return gazetteer.Place(
        "", gazetteer.PlaceKind.CITY, "-".join(p.name_en for p in found), source=NameSource.GEONAMES
    )


def _latin_spellings(members: list[tuple[Mention, str]]) -> tuple[tuple[str, int], ...]:
    """The normal forms of the entity not in Cyrillic, with how many mentions have each, in order."""
    return tuple(sorted(Counter(normal for _, normal in members if not _cyrillic(normal)).items()))


def _latin_alias(etype: str, spellings: tuple[tuple[str, int], ...]) -> str | None:
    """The Latin spelling the corpus writes most often for the entity ("Volkswagen" beside
    "Фольксваген"), an acronym ("BBC" beside "Би-би-си") or a site if it has no other (a short one as the
    acronym it is: "bbc.com" -> BBC); a place's Latin acronym is a code ("MXP"), not its name.
    ``spellings``: ``_latin_spellings``."""
    latin = Counter(dict(spellings))
    if etype == EntityType.LOC:
        latin = Counter({n: c for n, c in latin.items() if not is_acronym(n)})
    if not latin:
        return None
    chosen = min(latin, key=lambda n: (is_acronym(n), bare(cached_fold(n)) != cached_fold(n), -latin[n], n))
    site = bare(cached_fold(chosen))
    return (
        site.upper()
        if site != cached_fold(chosen) and "." not in site and len(site) <= SITE_ACRONYM
        else chosen
    )


# How close (rapidfuzz partial ratio) a translated state's first word must be to its romanised name's:
# the glossary's city or nationality must be the one the state is named for ("Chelyabinsk Region" for
# "Chelyabinskaya oblast'", not CLDR's "Chuukese" for "чукотский").
STATE_TRANSLATION = 70


def _state_in_english(name: str, romanised: str) -> str | None:
    """The glossary's translation of a state ISO 3166-2 names only in its own language, romanised."""
    from rapidfuzz import fuzz

    from analysis.nlp.knowledge.latin import ascii_fold

    if not places.romanised(romanised):
        return None
    translated = institutions.translate(name)
    first = ascii_fold(translated.split()[0]) if translated else ""
    if (
        first in ("republic", "")
        or fuzz.partial_ratio(first, ascii_fold(romanised.split()[0])) < STATE_TRANSLATION
    ):
        return None
    return translated


def _remembered_english(
    memo: Memo, name: str, etype: str, place: gazetteer.Place | None, spellings: tuple[tuple[str, int], ...]
) -> tuple[str, str]:
    """``_english_name`` from ``memo``, by everything it reads (its arguments; the rest is knowledge
    that a change of the code or of the word lists clears the memo for)."""
    key = memo_key("english", name, etype, place, spellings)
    return memo.get(key, lambda: _english_name(name, etype, place, spellings))


def _english_name(
    name: str, etype: str, place: gazetteer.Place | None, spellings: tuple[tuple[str, int], ...]
) -> tuple[str, str]:
    """(English name, its NameSource): the place's (a country's, a capital's, a city's, a state's, unless
    ISO 3166-2 names a state only in its own language, "Chelyabinskaya oblast'", and the glossary
    translates it: "Chelyabinsk Region"); the
    name itself if it is in Latin script; a CLDR region ("Europe"); the Latin spelling the corpus
    writes; a translation from the glossary (institutions, seas, islands); a person's name from the
    name list; transliteration last (as English writers transliterate: "Джагран" -> "Jagran")."""
    if place and place.name_en:
        translated = _state_in_english(name, place.name_en)
        return (translated, NameSource.GLOSSARY) if translated else (place.name_en, place.source)
    if not _cyrillic(name):
        return name, NameSource.CORPUS
    region = gazetteer.regions().get(cached_fold(name))
    if region:
        return region, NameSource.CLDR
    latin = _latin_alias(etype, spellings)
    if latin:
        return latin, NameSource.CORPUS
    if etype == EntityType.PER:
        english, known = people.english_person(name)
        return english, NameSource.NAMES if known else NameSource.TRANSLITERATION
    translated = institutions.translate(name)
    if translated:
        return translated, NameSource.GLOSSARY
    partly = institutions.translate(name, romanise=True) or _pinyin(name)  # guesses, said so
    return partly or _proper_case(name, etype), NameSource.TRANSLITERATION


# Letters Palladius writes in Chinese syllables that Russian words seldom have in such places.
_PALLADIUS_MARK = re.compile(r"цз|чж|[а-яё]э|[а-яё]ь")


def _pinyin(name: str) -> str | None:
    """A Chinese place's or organisation's name written in Palladius, in pinyin, as English writes it
    ("Синьцзян" -> Xinjiang, "Тяньаньмэнь" -> Tiananmen), when every word is made of Palladius syllables
    and the name has letters Palladius writes ("цз", "чж", "э" or "ь" after a letter)."""
    if not _PALLADIUS_MARK.search(name.lower()):
        return None
    words = [name_systems.pinyin_word(word) for word in name.split()]
    return None if None in words else " ".join(w.capitalize() for w in words)


def _proper_case(name: str, etype: str) -> str:
    """A name of an organisation or a place transliterated with each Russian word capitalised, as English
    writes a foreign proper name ("Komsomolskaya Pravda", "Ekho Moskvy"; a preposition or a conjunction
    inside stays lower case: "Fond Borby s Korruptsiyey"; Latin words stay as written, a glossary
    abbreviation with an English abbreviation is that: UNESCO), a place's final
    "-iya" as "-ia", as English names regions (Ingushetia, Kalmykia)."""
    acronyms = {k: v for k, v in institutions.glossary().get("acronym", {}).items() if v.isupper()}
    capital = [
        acronyms.get(cached_fold(w), w)  # "ЮНЕСКО": UNESCO
        if w.isupper()
        else w[:1].upper() + w[1:]
        if _cyrillic(w) and (not k or len(w) > FUNCTION_LETTERS)
        else w
        for k, w in enumerate(name.split())
    ]
    english = english_transliteration(" ".join(capital)) or name
    return re.sub(r"(?<=[a-z])iya\b", "ia", english) if etype == EntityType.LOC else english


FUNCTION_LETTERS = 2  # a word this short inside a name is a preposition or a conjunction ("по", "и", "с")
