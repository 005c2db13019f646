"""Merging: one group key per mention, after joining the spellings of one name and the short names
of persons and organisations to their long forms (blocked on a key each: a name's sound, its
first and last words, its acronym, its surname)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import iuliia
from rapidfuzz import fuzz

from analysis.core.codes import EntityType
from analysis.core.memo import Memo
from analysis.core.text import is_acronym, sound_key
from analysis.core.unionfind import UnionFind
from analysis.nlp import gazetteer, morph
from analysis.stages.entities import model
from analysis.stages.entities.acronyms import (
    NUMBERED_ACRONYM,
    acronym_forms,
    acronym_key,
    numbered_acronym,
    spelled_acronym,
)
from analysis.stages.entities.model import CASE_ENDING, Mention, cached_fold, is_common_noun, numbered_key

_PLACE_OR_ORG = (EntityType.LOC, EntityType.ORG)


class KeyKind:
    """What a group key (``merge``) says made its mentions one entity: its first item."""

    AGREEMENT = "agreement"  # an agreement's or a numbered name's stem key (``find_agreements``)
    COUNTRY = "country"  # a country, by ISO alpha-3
    ORGANISATION = "organisation"  # an organisation CLDR lists among territories, by code ("EU")
    NAME = "name"  # a folded name


@dataclass(frozen=True)
class _Names:
    """The distinct (type, agreement, normal form) triples of a corpus's mentions, each with its base
    key (``_base_key``), how many mentions have it, and the groups of keys joined so far."""

    triples: list[tuple[str, str, str]]
    keys: list[tuple]
    counts: Counter
    sets: UnionFind
    countries: dict[tuple[str, str, str], frozenset[str]] = field(default_factory=dict)  # named beside each
    articles: dict[tuple[str, str, str], frozenset[str]] = field(default_factory=dict)  # each is written in
    memo: Memo = field(default_factory=Memo)  # work of earlier builds: places known apart (``two_places``)

    def keyed(self) -> Iterator[tuple[tuple[str, str, str], tuple]]:
        """(triple, base key) pairs, in the order the triples were first seen."""
        return zip(self.triples, self.keys, strict=True)


def _base_key(etype: str, agreement: str, normal: str) -> tuple:
    """The key of a name before any merging: its agreement key, its country, its CLDR organisation,
    else its folded name."""
    if agreement:
        return (KeyKind.AGREEMENT, agreement)
    place = gazetteer.lookup(normal) if etype in _PLACE_OR_ORG else None
    if place and place.kind == gazetteer.PlaceKind.COUNTRY:
        return (KeyKind.COUNTRY, place.iso3)
    code = gazetteer.organisation(normal) if etype in _PLACE_OR_ORG else None
    if code:
        return (KeyKind.ORGANISATION, code)
    return (
        KeyKind.NAME,
        cached_fold(gazetteer.without_state_form(normal) if etype == EntityType.LOC else normal),
    )


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """A word's sound key, else its folded letters (cached: asked for the same words again and again)."""
    return sound_key(word) or cached_fold(word)


def _blocked_unions(blocks: Iterable[list], sets: UnionFind) -> None:
    for block in blocks:
        for key in block[1:]:
            sets.union(block[0], key)


# Two names of one script and one ``sound_key`` are spellings of one name only when their Latin letters
# are this close (rapidfuzz ratio): the key drops inner vowels, so "Махмуд" and "Мухаммед" (0.62) share
# one, while "Хусейн"/"Хуссейн" (0.93) or "Шварценеггер"/"Шварцнеггер" (0.96) are spellings.
SPELLING_CLOSENESS = 70


@lru_cache(maxsize=1 << 16)
def _latin(name: str) -> str:
    return iuliia.WIKIPEDIA.translate(cached_fold(name)).lower()


def _cyrillic(name: str) -> bool:
    return any("а" <= ch <= "я" or ch == "ё" for ch in name.lower())


def _alike(a: tuple[str, bool], b: tuple[str, bool]) -> bool:
    """Two names of one block spelt alike: an acronym by its letters; two names of one script by
    ``SPELLING_CLOSENESS``; a Latin and a Cyrillic name by the sound key alone (a transliteration
    back to Latin is no guide: "easyJet" / "Изиджет" read 0.27)."""
    if a[1] or b[1] or _cyrillic(a[0]) != _cyrillic(b[0]):
        return True
    return fuzz.ratio(_latin(a[0]), _latin(b[0])) >= SPELLING_CLOSENESS


def _spellings(members: list[tuple[tuple[str, bool], tuple]], names: _Names, etype: str) -> None:
    """Union each member of a block to the first earlier member spelt alike (``_alike``); two places
    known apart are never spellings of one (``model.two_places``)."""
    apart = etype == EntityType.LOC
    for i, (name, key) in enumerate(members):
        close = next(
            (
                other
                for n, other in members[:i]
                if _alike(n, name) and not (apart and model.two_places(n[0], name[0], names.memo))
            ),
            None,
        )
        if close is not None:
            names.sets.union(close, key)


def _variant_unions(names: _Names) -> None:
    """Union the spellings of one name: same type, ``sound_key`` (for a person, as many words) and
    Latin letters alike (``SPELLING_CLOSENESS``) or, for an acronym, ``spelled_acronym`` ("НАТО",
    "NATO", "Си-эн-эн"); and a "ЕвроX" compound with its "Европейский X" ("Еврокомиссия",
    "Европейская комиссия")."""
    blocks: dict[tuple, list] = {}
    euros: dict[tuple, list] = {}
    for (etype, _, normal), key in names.keyed():
        if key[0] != KeyKind.NAME:
            continue
        acronym = spelled_acronym(normal)
        sound = acronym or sound_key(normal)
        if sound:
            words = len(normal.split()) if etype == EntityType.PER else 0
            blocks.setdefault((etype, words, sound), []).append(((normal, bool(acronym)), key))
        euro = _euro_stem(normal)
        if euro:
            euros.setdefault((etype, euro), []).append(key)
    for (etype, _, _), members in blocks.items():
        _spellings(members, names, etype)
    _blocked_unions(euros.values(), names.sets)


def _euro_stem(name: str) -> str:
    """The X of a "ЕвроX" compound or of a "Европейский X" ("союз"), else ""."""
    words = cached_fold(name).split()
    if len(words) == 2 and words[0].startswith("европейск"):
        return CASE_ENDING.sub("", words[1])
    if len(words) == 1 and words[0].startswith("евро") and len(words[0]) > 6:
        return CASE_ENDING.sub("", words[0][4:])
    return ""


_DOMINANT = 0.75  # share of a short name's candidate long forms' mentions the chosen one must hold


def _dominant(roots: Counter | None) -> object | None:
    """The root that holds at least ``_DOMINANT`` of the mentions counted, if any."""
    if not roots:
        return None
    root, count = roots.most_common(1)[0]
    return root if count >= _DOMINANT * sum(roots.values()) else None


def _person_unions(names: _Names) -> None:
    """A person's shorter names joined to the full one: "Джон Кеннеди" to the "Джон Фицджеральд Кеннеди"
    the corpus mostly writes with that first and last word, a lone surname to the one full name of the
    corpus that carries it (a lone first name is its article's, ``_lone_person_keys``)."""
    persons = [
        (normal.split(), key, names.counts[etype, agreement, normal])
        for (etype, agreement, normal), key in names.keyed()
        if etype == EntityType.PER and not agreement
    ]
    _two_word_unions(names, persons)
    _initialled_unions(names, persons)
    _one_word_unions(names, persons)


def _two_word_unions(names: _Names, persons: list[tuple[list[str], tuple, int]]) -> None:
    """Two-word names joined to the longer name the corpus mostly writes with the same ends."""
    ends: dict[tuple, Counter] = {}
    for words, key, count in persons:
        if len(words) > 2:
            ends.setdefault(_ends_key(words), Counter())[names.sets.find(key)] += count
    for words, key, _ in persons:
        if len(words) == 2 and (full := _dominant(ends.get(_ends_key(words)))) is not None:
            names.sets.union(key, full)


def _one_word_unions(names: _Names, persons: list[tuple[list[str], tuple, int]]) -> None:
    """A lone surname joined to the full name that carries it when exactly one of the corpus does:
    two people of one surname ("Александр Лукашенко", "Виктор Лукашенко") leave it alone. A lone first
    name that is no one's surname joins the one full name it opens when that name is the corpus's
    story, written in more articles than the lone word (``_story_name``)."""
    surnames: dict[str, set] = {}
    first_names: dict[str, set] = {}
    ends: dict[object, tuple[set, set]] = {}  # a full name's group -> its first words, its last words
    for words, key, _ in persons:
        if len(words) > 1:
            root = names.sets.find(key)
            surnames.setdefault(_word_key(words[-1]), set()).add(root)
            first_names.setdefault(_word_key(words[0]), set()).add(root)
            ends.setdefault(root, (set(), set()))[0].add(words[0])
            ends[root][1].add(words[-1])
    two = {" ".join(words): names.sets.find(key) for words, key, _ in persons if len(words) == 2}
    for words, key, _ in persons:  # "Христианка Асия Биби", a word the tagger took in: "Асия Биби" carries it
        tail = two.get(" ".join(words[-2:])) if len(words) > 2 and not _given_name(words[0]) else None
        if tail is not None and tail != names.sets.find(key):
            surnames[_word_key(words[-1])].discard(names.sets.find(key))
    written = _group_articles(names)
    for words, key, _ in persons:
        word = _word_key(words[0]) if len(words) == 1 else None
        found, end = surnames.get(word, set()), 1
        if word is not None and not found:
            found, end = {r for r in first_names.get(word, ()) if _story_name(written, r, key)}, 0
        # one sound key, other vowels: "Мухаммед" is not the surname of "Тахир Махмуд"
        if len(found) == 1 and any(
            _alike((words[0], False), (w, False)) for w in ends[next(iter(found))][end]
        ):
            names.sets.union(key, next(iter(found)))


def _given_name(word: str) -> bool:
    """Whether the dictionary knows a word as a given name ("Кэтрин" of "Кэтрин Жермен Джексон", two
    people the tagger took as one, is no word taken into "Жермен Джексон": that name carries its own
    surname)."""
    return any("Name" in parse.tag for parse in morph.parses(word))


def _group_articles(names: _Names) -> dict[object, set[str]]:
    """The articles each group (as joined so far) is written in, each base key's own, and all ("all")."""
    found: dict[object, set[str]] = {}
    for triple, key in names.keyed():
        articles = names.articles.get(triple, frozenset())
        found.setdefault(names.sets.find(key), set()).update(articles)
        found.setdefault(("own", key), set()).update(articles)
        found.setdefault("all", set()).update(articles)
    return found


# A lone first name joins a full name of other articles only when that name is written in at least this
# share of the corpus's articles: the person the corpus is about ("Асия" of a cluster on Asia Bibi), where
# in a corpus of many stories a name in a few articles is one of many ("Елизавета" of a story on
# Елизавета Глинка is not the "Елизавета II" of two others).
STORY_SHARE = 0.25


def _story_name(written: dict[object, set[str]], full: object, lone: tuple) -> bool:
    """Whether a full name is the story of the corpus a lone first name is read in (``STORY_SHARE``),
    written in more articles than the lone word."""
    articles = len(written.get(full, ()))
    share = articles / max(len(written.get("all", ())), 1)
    return share >= STORY_SHARE and articles > len(written.get(("own", lone), ()))


# A surname after initials ("Б.Обама", "В. В. Путин"): the initials, then the surname.
_INITIALLED = re.compile(r"^((?:[^\W\d_]{1,2}\.\s?)+)([^\W\d_][\w-]*)$")


def _initialled_unions(names: _Names, persons: list[tuple[list[str], tuple, int]]) -> None:
    """A surname after initials ("Б.Обама", "Дж.Коми") joined to the one full name of the corpus with
    that surname whose first name starts as the first initial does ("Барак Обама", "Джеймс Коми"):
    "В.Лукашенко" is Виктор, not Александр."""
    full: dict[str, list[tuple[str, tuple]]] = {}
    for words, key, _ in persons:
        if len(words) > 1 and not _INITIALLED.match(" ".join(words)):
            full.setdefault(_word_key(words[-1]), []).append((words[0], key))
    for words, key, _ in persons:
        match = _INITIALLED.match(" ".join(words))
        if not match:
            continue
        initial = cached_fold(match.group(1).split(".")[0].strip())
        found = {
            names.sets.find(other)
            for first, other in full.get(_word_key(match.group(2)), ())
            if cached_fold(first).startswith(initial)
        }
        if len(found) == 1:
            names.sets.union(key, found.pop())


def _ends_key(words: list[str]) -> tuple[str, str]:
    return _word_key(words[0]), _word_key(words[-1])


def _organisation_unions(names: _Names) -> None:
    """An organisation's short names joined to its long one: an acronym to the one long form it
    stands for; a one-word name that is no dictionary word to the name the corpus mostly ends
    with it ("Reuters", "агентство Reuters"); a name to the one the corpus mostly extends with a
    country ("Верховный суд", "Верховный суд Индии"). A long form that names a country stands for a
    short one only where an article of the short one names that country: in a corpus of many stories
    "Следственный комитет" of a Russian story is not "Следственный комитет Белоруссии"."""
    forms = _long_forms(names)
    for triple, key in names.keyed():
        etype, _, normal = triple
        beside = (names.countries.get(triple, frozenset()), names.articles.get(triple, frozenset()))
        full = _long_form(forms, etype, normal, *beside)
        if full is not None:
            names.sets.union(key, full)


class _LongForms(NamedTuple):
    """The groups of the corpus's multi-word names, by what their short forms would be."""

    acronyms: dict[str, set]  # acronym key -> the groups of the names it stands for
    last_words: dict[str, Counter]  # an organisation's folded last word -> its groups, by mentions
    extended: dict[str, Counter]  # an organisation's name before a place -> its groups, by mentions
    country: dict[object, str]  # a group whose long form ends with a country's name -> its ISO alpha-3
    places: dict[object, set]  # a place's group -> the articles its long forms are written in


def _long_forms(names: _Names) -> _LongForms:
    forms = _LongForms({}, {}, {}, {}, {})
    for (etype, agreement, normal), key in names.keyed():
        words = normal.split()
        if len(words) < 2:
            continue
        root = names.sets.find(key)
        place = gazetteer.lookup(morph.lemma(words[-1])) or gazetteer.lookup(words[-1])
        if etype != EntityType.PER and place and place.iso3:
            forms.country[root] = place.iso3
        if etype == EntityType.LOC:
            forms.places.setdefault(root, set()).update(names.articles.get((etype, agreement, normal), ()))
        if etype != EntityType.PER:
            for short in acronym_forms(words):
                forms.acronyms.setdefault(short, set()).add(root)
        if etype == EntityType.ORG:
            count = names.counts[etype, agreement, normal]
            forms.last_words.setdefault(cached_fold(words[-1]), Counter())[root] += count
            if place:
                forms.extended.setdefault(cached_fold(" ".join(words[:-1])), Counter())[root] += count
    return forms


def _long_form(
    forms: _LongForms, etype: str, normal: str, named: frozenset[str], articles: frozenset[str]
) -> object | None:
    """The group a name is a short form of (``_organisation_unions``), if any, among those whose
    country, if their name ends with one, is ``named`` beside the short form. An acronym stands for a
    place's long form only where one article writes both (whatever the acronym's own type there):
    regions' acronyms are ambiguous across stories ("РА": Республика Алтай, Армения, Адыгея)."""

    def beside(root: object) -> bool:
        return forms.country.get(root, "") in named | {""} and (
            root not in forms.places or bool(forms.places[root] & articles)
        )

    if is_acronym(normal):
        found = [root for root in forms.acronyms.get(acronym_key(normal), ()) if beside(root)]
        if len(found) == 1:
            return found[0]
    if etype != EntityType.ORG:
        return None
    extended = forms.extended.get(cached_fold(normal), Counter())
    full = _dominant(Counter({root: n for root, n in extended.items() if beside(root)}))
    if full is None and len(normal.split()) == 1 and not is_acronym(normal) and not is_common_noun(normal):
        full = _dominant(forms.last_words.get(cached_fold(normal)))
    return full


def _numbered_acronym_unions(names: _Names) -> None:
    """A numbered name's acronym with its number ("ВМ-2", "VM-2") joined to the one numbered name it
    stands for ("Восточный мост-2")."""
    long_forms: dict[str, set] = {}
    for (_, agreement, normal), key in names.keyed():
        if numbered_key(agreement):
            short = numbered_acronym(normal, numbered_key(agreement))
            long_forms.setdefault(acronym_key(short), set()).add(key)
    for (_, agreement, normal), key in names.keyed():
        short = NUMBERED_ACRONYM.fullmatch(normal) if not agreement and normal.isupper() else None
        found = long_forms.get(acronym_key(f"{short.group(1)}-{short.group(2)}"), ()) if short else ()
        if len(found) == 1:
            names.sets.union(key, next(iter(found)))


def _country_in(etype: str, normal: str) -> str:
    """The country a place's or an organisation's name names or ends with ("МИД РФ": RUS), else ""."""
    if etype not in _PLACE_OR_ORG:
        return ""
    last = normal.split()[-1] if normal.split() else normal
    place = gazetteer.lookup(normal) or gazetteer.lookup(last) or gazetteer.lookup(morph.lemma(last))
    return place.iso3 if place else ""


def _articles(mentions: list[Mention], triples: list[tuple]) -> dict[tuple, frozenset[str]]:
    """Per distinct triple, the articles it is written in."""
    articles: dict[tuple, set[str]] = {}
    for mention, triple in zip(mentions, triples, strict=True):
        articles.setdefault(triple, set()).add(mention.article_id)
    return {triple: frozenset(found) for triple, found in articles.items()}


def _countries_named(
    articles: dict[tuple, frozenset[str]], keys: list[tuple], distinct: list[tuple]
) -> dict[tuple, frozenset[str]]:
    """Per distinct triple, the countries (ISO alpha-3) named in the articles it is written in, by
    their names, their capitals' or as the last word of a name ("МИД РФ")."""
    named: dict[str, set[str]] = {}
    for triple, key in zip(distinct, keys, strict=True):
        iso3 = key[1] if key[0] == KeyKind.COUNTRY else _country_in(*triple[::2])
        for article in articles[triple] if iso3 else ():
            named.setdefault(article, set()).add(iso3)
    return {triple: frozenset().union(*(named.get(a, ()) for a in articles[triple])) for triple in distinct}


def _lone_person_keys(mentions: list[Mention], normals: list[str]) -> list[str]:
    """The normal form each mention is keyed by: a lone person's word ("Бориса") by the one full name its
    article writes with it as the surname, else as the first name written before it ("Борис Джонсон");
    any other mention by its own (a lone word no full name of its article explains is left to
    ``_one_word_unions``)."""
    full: dict[str, dict[str, int]] = {}  # article -> its full names' normal forms, by first start
    lone: dict[tuple[str, str], int] = {}  # (article, a lone person's word) -> its first start
    two = {
        n for m, n in zip(mentions, normals, strict=True) if m.type == EntityType.PER and len(n.split()) == 2
    }
    for m, n in zip(mentions, normals, strict=True):
        if m.type != EntityType.PER or m.agreement or _INITIALLED.match(n):
            continue
        if len(n.split()) == 1:
            lone[m.article_id, n] = min(m.start, lone.get((m.article_id, n), m.start))
        else:
            n = _tail_name(n, two)
            names = full.setdefault(m.article_id, {})
            names[n] = min(m.start, names.get(n, m.start))
    keys, written_in = [], {}  # (article, lone word) -> its full name, read once
    for m, n in zip(mentions, normals, strict=True):
        first = lone.get((m.article_id, n)) if m.type == EntityType.PER and not m.agreement else None
        if first is not None and (m.article_id, n) not in written_in:
            written_in[m.article_id, n] = _written_in(n, full.get(m.article_id, {}), first)
        keys.append((written_in[m.article_id, n] if first is not None else None) or n)
    return keys


def _tail_name(name: str, two: set[str]) -> str:
    """A longer name that ends with a two-word name of the corpus and opens with no given name, as that
    name ("Христианка Асия Биби", a word the tagger took in, is "Асия Биби"); any other as it is."""
    words = name.split()
    tail = " ".join(words[-2:])
    return tail if len(words) > 2 and tail in two and not _given_name(words[0]) else name


def _written_in(word: str, full: dict[str, int], first: int) -> str | None:
    """The full name of ``full`` (an article's, by first start) a lone word first written at ``first``
    stands for: the one person with that surname, else the one with that first name written before
    it ("сын Акихито Нарухито" is not Акихито); a name's variants with the same ends are one person."""
    key = _word_key(word)
    for end in (-1, 0):
        found = {
            _ends_key(name.split()): name
            for name, start in sorted(full.items(), key=lambda item: -item[1])
            if _word_key(name.split()[end]) == key
            and _alike((word, False), (name.split()[end], False))
            and (end == -1 or start < first)
        }
        if found:
            return next(iter(found.values())) if len(found) == 1 else None
    return None


def merge(
    mentions: list[Mention],
    normals: list[str],
    links: Iterable[tuple[int, int]] = (),
    memo: Memo | None = None,
) -> list[tuple]:
    """One group key per mention, after merging spellings of one name, then short names of persons
    and organisations into their long forms (``memo``: places known apart by earlier builds).

    A mention's key depends only on its type, agreement and normal form (a lone person's word on its
    article's full names, ``_lone_person_keys``), so each distinct triple is keyed once; a merged group's
    key is the smallest key in it, whatever the order of the merges."""
    keyed = _lone_person_keys(mentions, normals)
    triples = [(m.type, m.agreement, n) for m, n in zip(mentions, keyed, strict=True)]
    counts = Counter(triples)
    distinct = list(counts)
    keys = [_base_key(*triple) for triple in distinct]
    articles = _articles(mentions, triples)
    countries = _countries_named(articles, keys, distinct)
    names = _Names(distinct, keys, counts, UnionFind(keys), countries, articles, memo or Memo())
    _variant_unions(names)
    _person_unions(names)
    _organisation_unions(names)
    _numbered_acronym_unions(names)
    key_of = dict(zip(distinct, keys, strict=True))
    for i, j in links:  # a name and its bracketed alias
        names.sets.union(key_of[triples[i]], key_of[triples[j]])
    root = {triple: names.sets.find(key) for triple, key in zip(distinct, keys, strict=True)}
    return [root[triple] for triple in triples]
