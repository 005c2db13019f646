"""The quality report an analyst reads before trusting the entities (``python -m analysis review DATA``,
and About): four lists of what the build could only guess or may have got wrong, from the ``entities``
and ``mentions`` tables alone.

1. ``transliterated``: entities whose English name is only a transliteration (``name_en_source``): no
   knowledge source named them, so an English reader may not recognise them.
2. ``mixed_types``: entities typed two ways. The build gives each entity one type and writes it on
   every mention, so two types within one entity show only in tables corrected or built otherwise;
   what the one-type rule hides shows across entities: a person's name holding a word that is a place
   elsewhere in the corpus ("Панджаба Салман Тасир" beside "Пенджаб"), or a place whose name is a
   word of a person's.
3. ``stray_aliases``: entities whose spellings do not look like one name (``stray_spellings`` says the
   rule).
4. ``lone_places``: places named once in the whole corpus (one mention): the likeliest to be a
   wrong reading (a common noun, a surname taken for a town), and the Map draws each as firmly as any.

Pure pandas over the tables, so the command line and the dashboard compute the same lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from os.path import commonprefix

import pandas as pd

from analysis.core.codes import EntityType, NameSource
from analysis.core.schema import Col
from analysis.core.text import bare, fold, sound_class, sounds_of
from analysis.core.unionfind import UnionFind

# The lists' headings, wherever the report is shown.
TRANSLITERATED = "English name transliterated"
MIXED = "Typed two ways"
STRAY_LIST = "Stray spellings"
LONE = "Places named once"

# Columns the report adds to the entities' own.
TYPES = "mention types"  # "PER 3, LOC 1": the types an entity's mentions carry, with counts
TYPED_ELSEWHERE = "typed elsewhere"  # "LOC Пенджаб (4)": the entities of another type sharing a name word
STRAY = "stray spellings"  # the spellings that do not look like the entity's name
SPELLINGS = "spellings"  # how many spellings the entity has
MENTION = "the mention"  # a place named once: its text
SHARE = "share"  # of all entities

REPORT_COLUMNS = (Col.ENTITY_ID, Col.NAME, Col.NAME_EN, Col.TYPE, Col.N_MENTIONS, Col.N_ARTICLES)
_WORD = re.compile(r"\w+")
_VOWELS = set("аеёиоуыэюяйaeiouy")
_MIN_STEM = 3  # letters two words must share to be forms of one word
_MIN_INSIDE = 4  # letters of a word's stem found inside a compound ("союз" in "Евросоюз")
_MIN_SOUNDS = 3  # consonant sounds a spelling key needs before it may join two spellings
_MAX_ACRONYM = 5  # letters and digits of an acronym ("AESA", "A4E")


@dataclass(frozen=True)
class Review:
    """The four lists, each a frame with the entities' columns (``REPORT_COLUMNS``) and its own."""

    n_entities: int
    transliterated: pd.DataFrame
    mixed_types: pd.DataFrame
    stray_aliases: pd.DataFrame
    lone_places: pd.DataFrame

    def lists(self) -> dict[str, pd.DataFrame]:
        """Heading -> list, in the order the report shows them."""
        return {
            TRANSLITERATED: self.transliterated,
            MIXED: self.mixed_types,
            STRAY_LIST: self.stray_aliases,
            LONE: self.lone_places,
        }

    def counts(self) -> dict[str, int]:
        """Heading -> number of entities listed."""
        return {heading: len(frame) for heading, frame in self.lists().items()}

    @property
    def transliterated_share(self) -> float:
        return len(self.transliterated) / self.n_entities if self.n_entities else 0.0


def review(entities: pd.DataFrame, mentions: pd.DataFrame) -> Review:
    """The quality report of a build's ``entities`` and ``mentions`` tables."""
    return Review(
        n_entities=len(entities),
        transliterated=transliterated(entities),
        mixed_types=mixed_types(entities, mentions),
        stray_aliases=stray_aliases(entities),
        lone_places=lone_places(entities, mentions),
    )


def _listed(entities: pd.DataFrame, *extra: str) -> pd.DataFrame:
    """The report's columns, most mentioned first (then by id, so the order is stable)."""
    ordered = entities.sort_values([Col.N_MENTIONS, Col.ENTITY_ID], ascending=[False, True])
    return ordered.loc[:, [*REPORT_COLUMNS, *extra]].reset_index(drop=True)


def transliterated(entities: pd.DataFrame) -> pd.DataFrame:
    """Entities whose English name is only a transliteration of the Russian one."""
    return _listed(entities[entities[Col.NAME_EN_SOURCE] == NameSource.TRANSLITERATION])


# --- typed two ways --------------------------------------------------------------------------------


def _counted(counts: pd.Series) -> str:
    """{"PER": 3, "LOC": 1} -> "PER 3, LOC 1" (most first)."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{key} {count}" for key, count in ordered)


def _stems_match(a: str, b: str) -> bool:
    """Whether two folded words are forms of one word: they share all but the last two letters of the
    shorter (and at least ``_MIN_STEM``: "Пакистана" / "Пакистаном", "Разу" / "Раза"), a short word
    only whole; or the shorter's stem stands inside the longer ("союзе" / "евросоюз")."""
    short, long = sorted((a, b), key=len)
    if len(short) < _MIN_STEM:
        return short == long
    stem = max(_MIN_STEM, len(short) - 2)
    if short[:stem] == long[:stem]:
        return True
    inside = max(_MIN_INSIDE, len(short) - 2)
    return len(short) >= _MIN_INSIDE and short[:inside] in long


def _words(text: str) -> list[str]:
    """Folded words, a domain's zone and an English article left out ("bbc.com" -> "bbc")."""
    return _WORD.findall(bare(fold(text)))


# Case and number endings of Russian nouns and adjectives: what two forms of one word may differ by.
_ENDINGS = frozenset({
    "", "а", "я", "у", "ю", "е", "и", "ы", "о", "ь", "й", "ой", "ей", "ом", "ем", "ам", "ям", "ах", "ях",
    "ов", "ев", "ую", "юю", "ая", "яя", "ое", "ее", "ий", "ый", "ого", "его", "ому", "ему", "ым", "им",
    "ых", "их", "ами", "ями",
})  # fmt: skip


def _same_word(a: str, b: str) -> bool:
    """Whether two folded words are case forms of one word: equal, or a shared beginning of at least
    ``_MIN_INSIDE`` letters followed by endings only ("Панджаб" / "Панджаба", not "Франция" /
    "Франциск" nor "Мултан" / "Мулук")."""
    if a == b:
        return True
    common = len(commonprefix([a, b]))
    return common >= _MIN_INSIDE and a[common:] in _ENDINGS and b[common:] in _ENDINGS


def _name_words(entities: pd.DataFrame, etype: str) -> dict[str, dict[str, set[str]]]:
    """The words (``_MIN_INSIDE`` letters or more) of the spellings of the entities of ``etype``, by
    their first ``_MIN_STEM`` letters: prefix -> word -> the ids of the entities it is a word of."""
    found: dict[str, dict[str, set[str]]] = {}
    for row in entities[entities[Col.TYPE] == etype].itertuples(index=False):
        for word in {w for alias in row.aliases for w in _words(alias) if len(w) >= _MIN_INSIDE}:
            found.setdefault(word[:_MIN_STEM], {}).setdefault(word, set()).add(row.entity_id)
    return found


def _typed_elsewhere(entities: pd.DataFrame) -> dict[str, set[str]]:
    """Entity id -> the ids of the entities of the other type (person or place) that share a name word
    with it: a one-word spelling of a place is a form of a word of a person's spelling, or a one-word
    spelling of a person is a form of a word of a place's."""
    partners: dict[str, set[str]] = {}
    for etype, other in ((EntityType.LOC, EntityType.PER), (EntityType.PER, EntityType.LOC)):
        words = _name_words(entities, other)
        for row in entities[entities[Col.TYPE] == etype].itertuples(index=False):
            names = {w[0] for a in row.aliases if len(w := _words(a)) == 1 and len(w[0]) >= _MIN_INSIDE}
            for name in names:
                for word, holders in words.get(name[:_MIN_STEM], {}).items():
                    if _same_word(name, word):
                        partners.setdefault(row.entity_id, set()).update(holders)
                        for holder in holders:
                            partners.setdefault(holder, set()).add(row.entity_id)
    return partners


def mixed_types(entities: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Entities whose mentions carry two or more types, and persons and places that share a name word
    with an entity of the other type (``_typed_elsewhere``). ``TYPES`` counts the entity's mentions by
    type; ``TYPED_ELSEWHERE`` names the other entities, their type and mentions."""
    counts = mentions.groupby([Col.ENTITY_ID, Col.TYPE]).size()
    by_entity = {eid: _counted(group.droplevel(0)) for eid, group in counts.groupby(level=0)}
    split = {eid for eid, group in counts.groupby(level=0) if len(group) > 1}
    elsewhere = _typed_elsewhere(entities)
    known = entities.set_index(Col.ENTITY_ID)

    def others(entity_id: str) -> str:
        found = known.loc[sorted(elsewhere.get(entity_id, ()))].sort_values(Col.N_MENTIONS, ascending=False)
        return "; ".join(f"{r.type} {r.name} ({r.n_mentions})" for r in found.itertuples())

    listed = entities[entities[Col.ENTITY_ID].isin(split | set(elsewhere))].copy()
    listed[TYPES] = listed[Col.ENTITY_ID].map(by_entity).fillna("")
    listed[TYPED_ELSEWHERE] = listed[Col.ENTITY_ID].map(others)
    return _listed(listed, TYPES, TYPED_ELSEWHERE)


# --- spellings of one name -------------------------------------------------------------------------


def spelling_key(text: str) -> str:
    """``text.sound_key`` that keeps where the vowels stand: consonants by sound class, each run of
    vowels one ``*``, runs of one class one letter. The sound key drops vowels, so "Forsa" and
    "Фразы" share it (V R S both); here they differ ("V*RS*" / "VR*S*"), while spellings of one name
    agree ("Ryanair" / "Райанэйр" "R*N*R", "Сайфил Мулук" / "Саиф уль-Малук"). Empty below
    ``_MIN_SOUNDS`` consonants."""
    letters = sounds_of("".join(_words(text)))
    key: list[str] = []
    for letter in letters:
        sound = "*" if letter in _VOWELS else sound_class(letter)
        if sound and (not key or key[-1] != sound):
            key.append(sound)
    return "".join(key) if sum(s != "*" for s in key) >= _MIN_SOUNDS else ""


def _initials(text: str) -> str:
    return "".join(word[0] for word in _words(text))


def _is_acronym_of(short: str, long: str) -> bool:
    """Whether ``short``, written in capitals, spells initials of ``long``'s words in order ("ЕС" /
    "Европейском союзе", "TLP" / "Tehreek-e-Labbaik Pakistan")."""
    if not short.isupper() or len(_words(long)) < 2:
        return False
    letters, initials = iter(_initials(long)), fold(short).replace(" ", "")
    return all(any(ch == i for i in letters) for ch in initials)


def _alike(a: str, b: str) -> bool:
    """Whether two spellings look like forms of one name (the rule of ``stray_spellings``)."""
    if any(_stems_match(x, y) for x in _words(a) for y in _words(b)):
        return True
    if _is_acronym_of(a, b) or _is_acronym_of(b, a):
        return True
    keys_a = {spelling_key(a)} | {spelling_key(w) for w in _words(a)}
    keys_b = {spelling_key(b)} | {spelling_key(w) for w in _words(b)}
    return bool((keys_a & keys_b) - {""})


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _foreign_acronym(form: str, name: str) -> bool:
    """A short spelling of capitals (lower-case letters or digits between them: "GfbV", "A4E") in the
    other script than the name: an acronym of the name in its own language ("SNCF" for "Национальная
    компания французских железных дорог", "BBC" for "Би-би-си"), which no rule of form can compare."""
    letters = form.replace(" ", "")
    upper = sum(ch.isupper() for ch in letters)
    short = letters.isalnum() and len(letters) <= _MAX_ACRONYM and upper >= 2 and letters[0].isupper()
    return short and _cyrillic(form) != _cyrillic(name)


def stray_spellings(name: str, aliases: Iterable[str]) -> list[str]:
    """The spellings of an entity that do not look like its name. Two spellings look alike when a word
    of one and a word of the other are forms of one word (``_stems_match``), when one in capitals spells
    initials of the other's words, or when they (or a word of each) share a ``spelling_key`` (one name
    in two scripts or two transliterations). A spelling is stray unless a chain of alike spellings
    joins it to the canonical name ("Мухаммед" in the entity "Тахир Махмуд", "Фразы" in "Forsa"). An
    acronym in the other script (``_foreign_acronym``) counts as the name's ("BBC", and so "bbc.com",
    in "Би-би-си")."""
    forms = list(dict.fromkeys([name, *aliases]))
    groups = UnionFind(forms)
    for form in forms:
        if _foreign_acronym(form, name):
            groups.union(form, name)
    for i, a in enumerate(forms):
        for b in forms[i + 1 :]:
            if groups.find(a) != groups.find(b) and _alike(a, b):
                groups.union(a, b)
    return [form for form in forms[1:] if groups.find(form) != groups.find(name)]


def stray_aliases(entities: pd.DataFrame) -> pd.DataFrame:
    """Entities with spellings ``stray_spellings`` finds; ``STRAY`` lists them, ``SPELLINGS`` counts all.
    Entities CLDR names (countries, regions, unions) are not judged: their other names ("ФРГ",
    "Голландия", "США", "ЕС") were joined by that knowledge, not by their form."""
    judged = entities[entities[Col.NAME_EN_SOURCE] != NameSource.CLDR]
    pairs = zip(judged[Col.NAME], judged[Col.ALIASES], strict=True)
    stray = [stray_spellings(name, list(aliases)) for name, aliases in pairs]
    found = pd.Series([bool(forms) for forms in stray], index=judged.index, dtype=bool)
    listed = judged.loc[found].copy()
    listed[STRAY] = [" / ".join(forms) for forms in stray if forms]
    listed[SPELLINGS] = listed[Col.ALIASES].map(len)
    return _listed(listed, STRAY, SPELLINGS)


# --- places named once -----------------------------------------------------------------------------


def lone_places(entities: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Places (LOC) with one mention in the corpus, with that mention's text and article; those no
    knowledge source names (English name only transliterated: "Демонстранты", "Асиибиби") first."""
    lone = entities[(entities[Col.TYPE] == EntityType.LOC) & (entities[Col.N_MENTIONS] == 1)].copy()
    first = mentions.drop_duplicates(Col.ENTITY_ID).set_index(Col.ENTITY_ID)
    lone[MENTION] = lone[Col.ENTITY_ID].map(first[Col.TEXT]).fillna("")
    lone[Col.ARTICLE_ID] = lone[Col.ENTITY_ID].map(first[Col.ARTICLE_ID]).fillna("")
    guessed = lone[Col.NAME_EN_SOURCE] == NameSource.TRANSLITERATION
    return pd.concat(
        [_listed(lone[guessed], MENTION, Col.ARTICLE_ID), _listed(lone[~guessed], MENTION, Col.ARTICLE_ID)],
        ignore_index=True,
    )
