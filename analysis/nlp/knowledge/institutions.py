"""Institutions' and geographic features' names translated into English from a glossary of their
vocabulary (``institutions_glossary``), with Russian word order undone.

A Russian name of this kind is adjectives, a head noun, then genitive complements and prepositional
phrases: "Министерство иностранных дел России" is head "министерство" (Ministry), complement
"иностранных дел" (Foreign Affairs, a phrase), complement "России" (a place: Russia); in English
"Ministry of Foreign Affairs of Russia". Adjectives stay before the head ("Европейская комиссия" ->
"European Commission"); a nationality adjective is CLDR's language name ("итальянский" -> Italian) or,
for a country with no language of its name, "of <country>" after the head ("пакистанское
правительство" -> "Government of Pakistan"); "Евро-" before a noun is "European". A complement is a
place the knowledge of places names (a country, city, state or region), or words the glossary
translates. A name with any other word is not translated (None): the caller falls back on
transliteration and says so.
"""

from __future__ import annotations

import re
from functools import cache

from analysis.core import lexicon
from analysis.core.text import fold
from analysis.nlp.knowledge.places import english_country_name

_EURO = "евро"
_PREPOSITIONS = {"по": "for", "за": "for", "при": "under", "против": "against", "в": "in"}
_DIRECTIONS = {
    "северо": "North",
    "южно": "South",
    "восточно": "East",
    "западно": "West",
    "центрально": "Central",
}
_POSSESSIVE = ("ов", "ев", "ин")
_SMALL = {"of", "for", "under", "against", "the", "and", "on", "in", "with"}
_ALTERNATING = {"ж": "г", "ч": "к", "ш": "х"}  # "рижский" from "Рига"
CITY_ADJECTIVE_PEOPLE = 100_000  # a smaller town's adjective is more likely a surname or a common word


@cache
def glossary() -> dict[str, dict[str, str]]:
    """Kind (noun, adj, phrase, acronym) -> folded Russian lemma(s) -> English."""
    found: dict[str, dict[str, str]] = {}
    for russian, english, kind in lexicon.rows("institutions_glossary"):
        found.setdefault(kind, {})[fold(russian)] = english
    return found


@cache
def nationalities() -> dict[str, str]:
    """CLDR's Russian language names, which are nationality adjectives ("итальянский") -> English ("Italian")."""
    from babel import Locale

    english = Locale("en").languages
    return {
        fold(name): english[code]
        for code, name in Locale("ru").languages.items()
        if code in english and "_" not in code and name.endswith(("ский", "цкий"))
    }


@cache
def _country_stems() -> dict[str, str]:
    """The stem of a Russian country name ("пакистан", "итали") -> its ISO alpha-3, for adjectives."""
    from analysis.nlp.knowledge.places import countries

    stems: dict[str, set[str]] = {}
    for name, iso3 in countries().items():
        if " " not in name and len(name) >= 4 and not name.isupper():
            stems.setdefault(re.sub(r"[аеиоуыяй]+$", "", name), set()).add(iso3)
    return {stem: next(iter(codes)) for stem, codes in stems.items() if len(codes) == 1 and len(stem) >= 4}


def country_of_adjective(lemma: str) -> str:
    """ISO alpha-3 of the country an adjective is made from ("пакистанский" -> PAK), or ""."""
    stem = re.sub(r"(ск|цк)ий$", "", lemma)
    if stem == lemma:
        return ""
    from analysis.nlp.knowledge.places import countries

    if stem in countries():  # "китайский": Китай, a stem too short to cut
        return countries()[stem]
    stems = _country_stems()
    for cut in range(len(stem), 3, -1):
        if stem[:cut] in stems and len(stem) - cut <= 3:
            return stems[stem[:cut]]
    return ""


def plural(english: str) -> str:
    """A noun's English plural ("Island" -> "Islands", "Church" -> "Churches")."""
    if english.endswith(("s", "x", "ch", "sh")):
        return english + "es"
    if english.endswith("y") and english[-2:-1] not in "aeiou":
        return english[:-1] + "ies"
    return english + "s"


def _title(text: str) -> str:
    return " ".join(w if w in _SMALL or not w[:1].islower() else w[:1].upper() + w[1:] for w in text.split())


class _Name:
    """One name's words with their lemmas and parses, read left to right."""

    def __init__(self, name: str, romanise: bool = False):
        from analysis.nlp import morph

        self.romanise = romanise  # an unknown proper adjective is romanised ("Presnensky"), a guess
        self.words = name.split()
        self.lemmas = [fold(morph.lemma(w)) for w in self.words]
        self.parses = [morph.parses(w) for w in self.words]
        for i in range(len(self.words) - 1):
            self._agreeing_adjective(i)

    def _agreeing_adjective(self, i: int) -> None:
        """Read the word at ``i`` as an adjective where one of its parses agrees with the noun after it
        though its first is a noun ("Главное управление": "главное", the main thing, is "главный")."""
        noun = self.parses[i + 1][0].tag
        if self.adjective(i) or noun.POS != "NOUN":
            return
        agreeing = [
            p
            for p in self.parses[i]
            if p.tag.POS == "ADJF"
            and "Poss" not in p.tag  # "Наньпина": a name's genitive, not a possessive adjective
            and p.tag.case == noun.case
            and p.tag.number == noun.number
            and (noun.number == "plur" or p.tag.gender == noun.gender)
        ]
        if agreeing:
            self.parses[i] = [agreeing[0], *(p for p in self.parses[i] if p is not agreeing[0])]
            self.lemmas[i] = fold(agreeing[0].normal_form)

    def adjective(self, i: int) -> bool:
        return any(p.tag.POS == "ADJF" for p in self.parses[i][:1])

    def head_plural(self, i: int) -> bool:
        """Whether the head at ``i`` is plural: its adjective is, or its nominative can only be."""
        if i and self.adjective(i - 1):
            return self.parses[i - 1][0].tag.number == "plur"
        nominative = [p for p in self.parses[i] if p.tag.case == "nomn"]
        return bool(nominative) and all(p.tag.number == "plur" for p in nominative)


def _noun(lemma: str, topic: bool = False) -> str | None:
    """A head noun's English; with ``topic``, a complement's too ("энергия": Energy, which alone names
    no body: the company "Энергия" is not "Energy")."""
    nouns = glossary().get("noun", {})
    if lemma in nouns:
        return nouns[lemma]
    if topic and lemma in glossary().get("topic", {}):
        return glossary()["topic"][lemma]
    if lemma.startswith(_EURO) and lemma[len(_EURO) :] in nouns:  # "еврокомиссия": European Commission
        return "European " + nouns[lemma[len(_EURO) :]]
    return None


def _adjective(lemma: str, after: list[str], proper: str = "") -> str | None:
    """An adjective's English before the head; a country's adjective adds "of <country>" to ``after``.
    ``proper``, the adjective as the name writes it in the nominative when it is a proper name's
    ("Пресненский суд"), is romanised if nothing translates it: Presnensky."""
    if lemma in glossary().get("adj", {}):
        return glossary()["adj"][lemma]
    direction, _, rest = lemma.partition("-")
    if rest and direction in _DIRECTIONS:  # "южно-китайский": South China, as seas and regions are named
        iso3 = country_of_adjective(rest)
        place = english_country_name(iso3) if iso3 else _adjective(rest, [])
        return f"{_DIRECTIONS[direction]} {place}" if place else None
    if rest and direction.endswith("о"):  # "христианско-демократический": Christian Democratic
        first = next(filter(None, (_adjective(direction[:-1] + end, []) for end in ("ий", "ый"))), None)
        second = _adjective(rest, [])
        if first and second:
            return f"{first} {second}"
    if lemma in nationalities():
        return nationalities()[lemma]
    iso3 = country_of_adjective(lemma)
    if iso3:
        after.append("of " + english_country_name(iso3))
        return ""
    place = city_of_adjective(lemma)
    if place is None and proper:
        from analysis.nlp.knowledge.latin import english_transliteration

        return english_transliteration(proper[:1].upper() + proper[1:])
    return place


def city_of_adjective(lemma: str) -> str | None:
    """The English name of the city an adjective is made from, its stem being the city's name with its
    last vowel, soft sign or "-ово"/"-ье" dropped ("рижский" -> Riga, "рязанский" -> Ryazan, "кемеровский"
    -> Kemerovo), г/к/х alternating with ж/ч/ш, or the city's name itself ending in "-ск"/"-цк"
    ("курский" -> Kursk), for a city of at least ``CITY_ADJECTIVE_PEOPLE``; else the state so named
    (a name in "-с" writes one "с" before "-ский"); None if none."""
    from analysis.nlp.knowledge.places import city, state

    stem = re.sub(r"(ск|цк)ий$", "", lemma)
    if stem == lemma or len(stem) < 3:
        return None
    suffix = lemma[len(stem) : len(stem) + 2]  # a city named with it: "курский" Курск, "донецкий" Донецк
    alternated = stem[:-1] + _ALTERNATING.get(stem[-1], stem[-1])
    endings = ("", "а", "я", suffix, "ь", "о", "ово", "ье")
    hard = stem.removesuffix("ь")  # "стамбульский": Стамбул
    for name in dict.fromkeys((*(stem + e for e in endings), alternated + "а", hard)):
        found = city(name)
        if found and found.population >= CITY_ADJECTIVE_PEOPLE and _renamed_alike(name, found.name_en):
            return found.name_en
    for name in (stem, stem + "с"):  # "иллинойсский": Illinois; "массачусетский": Massachusetts, one "с"
        found = state(name)
        if found and _renamed_alike(name, found.name_en):
            return found.name_en
    return None


RENAMED = 0.5  # rapidfuzz ratio under which a city's English name is another name, not a spelling


def _renamed_alike(russian: str, english: str) -> bool:
    """Whether the city's English name spells the name the adjective is made from ("киевский": Kyiv),
    not the name it has since ("ленинградский" is Leningrad, not Saint Petersburg): its transliteration
    is close, or the rules of Russian transcription read it back ("джорджтаунский": Georgetown)."""
    import iuliia
    from rapidfuzz import fuzz

    from analysis.nlp.knowledge.latin import ascii_fold
    from analysis.nlp.knowledge.people import readable

    latin = ascii_fold(english)
    return fuzz.ratio(ascii_fold(iuliia.WIKIPEDIA.translate(russian)), latin) >= RENAMED * 100 or readable(
        fold(russian), latin
    )


def _nominative(parses: list) -> str:
    """A genitive phrase's words put in the nominative, adjectives agreeing with the last word."""
    last = parses[-1][0]
    number = last.tag.number or "sing"
    agree = {"nomn", "plur"} if number == "plur" else {"nomn", last.tag.gender or "masc"}
    words = []
    for options in parses:
        parse = options[0]
        form = parse.inflect(agree if parse.tag.POS == "ADJF" else {"nomn", number})
        words.append((form or parse).word)
    return " ".join(words)


def _with_article(place: str) -> str:
    """A country's name as English writes it after "of": "the United States", "the Netherlands" (not
    "the Belarus")."""
    plural = place.endswith((" Republic", " Islands", " Emirates", " States", " Kingdom", "lands", "pines"))
    return "the " + place if place.startswith("United ") or plural else place


def _known(name: _Name, start: int, end: int) -> str | None:
    """The English of the words ``start:end`` when they are one glossary phrase or one known place
    (written with a capital)."""
    from analysis.nlp.knowledge.places import known_place, regions

    lemmas = " ".join(name.lemmas[start:end])
    phrase = glossary().get("phrase", {}).get(lemmas)
    if phrase:
        return phrase
    if not name.words[start][:1].isupper():  # "театр драмы": a common noun, not Drama, Greece
        return None
    for form in dict.fromkeys((_nominative(name.parses[start:end]), lemmas, " ".join(name.words[start:end]))):
        place = known_place(form)
        if place:
            return _with_article(place.name_en)
        if fold(form) in regions():
            return regions()[fold(form)]
    return None


def _complement(name: _Name, start: int, end: int) -> str | None:
    """The English of the words ``start:end``: adjectives and a noun the glossary translates."""
    after: list[str] = []
    nominative = _nominative(name.parses[start:end]).split() if name.romanise else []
    parts = [
        _adjective(lemma, after, _proper(name, start + k, nominative[k] if nominative else ""))
        for k, lemma in enumerate(name.lemmas[start : end - 1])
    ]
    word = name.words[end - 1]
    acronym = glossary().get("acronym", {}).get(fold(word)) if word.isupper() else None
    noun = acronym or _noun(name.lemmas[end - 1], topic=True)
    if noun is None or None in parts:
        return None
    if not acronym and name.parses[end - 1][0].tag.number == "plur" and not noun.endswith("s"):
        noun = plural(noun)
    return " ".join([*filter(None, parts), noun, *after])


def _proper(name: _Name, i: int, nominative: str) -> str:
    """The word at ``i`` in the nominative, to romanise, if the name romanises and it is a capitalised
    adjective made from a name ("Пресненский", from Presnya; not "Первый", "Говорящий"); a possessive
    adjective is its owner's name ("Баренцево море": Barents Sea)."""
    if not (name.romanise and name.words[i][:1].isupper()):
        return ""
    if "Poss" in name.parses[i][0].tag and name.lemmas[i].endswith(_POSSESSIVE):  # "Баренцево": Barents
        return name.lemmas[i][:-2]
    lemma = name.lemmas[i]  # not a common adjective in "-ический" ("Стратегический совет")
    return nominative if lemma.endswith(("ский", "цкий", "ской")) and not lemma.endswith("ический") else ""


def _tail(name: _Name, i: int) -> list[str] | None:
    """The English of the words after the head from ``i``: each complement as "of X" (a preposition's
    as "for X"...), the longest phrase or place first; None when a word is not translated."""
    tail = []
    while i < len(name.words):
        if name.lemmas[i] == "и" and tail and i + 1 < len(name.words):  # "потребителей и пользователей"
            rest = _tail(name, i + 1)
            return None if not rest else [*tail, "and " + rest[0].split(" ", 1)[1], *rest[1:]]
        preposition = _PREPOSITIONS.get(name.lemmas[i]) if i + 1 < len(name.words) else None
        first = i + 1 if preposition else i
        found = next(
            ((j, english) for j in range(len(name.words), first, -1) if (english := _known(name, first, j))),
            None,
        )
        if found is None:
            end = next(
                (j + 1 for j in range(first, len(name.words)) if not name.adjective(j)), len(name.words)
            )
            found = (end, _complement(name, first, end))
        if found[1] is None:
            return None
        tail.append(f"{preposition or 'of'} {found[1]}")
        i = found[0]
    return tail


def _region(word: str) -> str | None:
    """The English name of the country, state or CLDR region ``word`` names, never a city: an adjective
    before a city's name is not part of it ("Канарские Острова" is no town "Ostrov")."""
    from analysis.nlp import morph
    from analysis.nlp.knowledge.places import lookup, regions, state

    for form in dict.fromkeys((word, morph.lemma(word).capitalize())):
        place = lookup(form) or state(form)
        if place:
            return place.name_en
        if fold(form) in regions():
            return regions()[fold(form)]
    return None


COMPOUND_LETTERS = 6  # a glossary abbreviation this long is a compound word ("Минобороны"), in any case


def _acronym_like(word: str) -> bool:
    """Written in capitals ("МИД"), or as a normal form may write an acronym ("Мид": a capital, then
    at most five letters)."""
    return word.isupper() or (word[:1].isupper() and len(word) <= 6 and word[1:].islower())


def _abbreviation(word: str) -> str | None:
    """The English of a glossary abbreviation written as an acronym, or as a word when it is a compound
    ("Минобороны", "Госдума": no common word shares such an abbreviation's letters from six on)."""
    if _acronym_like(word) or len(word) >= COMPOUND_LETTERS:
        return glossary().get("acronym", {}).get(fold(word)) or _compound(fold(word))
    return None


def _compound(word: str) -> str | None:
    """A compound abbreviation of a glossary prefix and a glossary noun or abbreviation ("мосгорсуд":
    Moscow City Court, "госсовет": State Council), the longest prefix first."""
    prefixes = glossary().get("prefix", {})
    for cut in range(len(word) - 3, 1, -1):
        rest = word[cut:]
        english = glossary().get("acronym", {}).get(rest) or glossary().get("noun", {}).get(rest)
        if word[:cut] in prefixes and english:
            return f"{prefixes[word[:cut]]} {english}"
    return None


def compound_institution(word: str) -> str | None:
    """The English of one word, in any case, that is an institution's compound abbreviation: one the
    glossary lists ("Минобороны") or a glossary prefix before an acronym or an institution noun
    (``institutions_compound_heads``: "Мосгоризбиркому", "Мосгорсуда"); never one in capitals (an
    acronym may be a place's: "СССР"). None for any other word."""
    if word.isupper() or len(word) < COMPOUND_LETTERS or not word.isalpha():
        return None
    from analysis.nlp import morph

    acronyms, prefixes = glossary().get("acronym", {}), glossary().get("prefix", {})
    heads = lexicon.words("institutions_compound_heads")
    for form in dict.fromkeys([fold(word), *(fold(p.normal_form) for p in morph.parses(word.lower()))]):
        if len(form) >= COMPOUND_LETTERS and form in acronyms:
            return acronyms[form]
        for cut in range(len(form) - 3, 1, -1):
            rest = form[cut:]
            if form[:cut] in prefixes and (rest in acronyms or rest in heads):
                return _compound(form)
    return None


def translate(name: str, romanise: bool = False) -> str | None:
    """``name`` (nominative) in English, if the glossary and the knowledge of places translate every
    word of it (with ``romanise``, every word but capitalised adjectives, which it romanises:
    "Пресненский суд" -> Presnensky Court, a guess); else None."""
    if not name or any(ch in name for ch in '«»"“”„'):
        return None
    words = name.split()
    named_after = next((i for i, w in enumerate(words) if w in _NAMED_AFTER and 0 < i < len(words) - 1), 0)
    if named_after:
        return _named_after(words[:named_after], words[named_after + 1 :], romanise)
    whole = glossary().get("phrase", {})
    n = _Name(name, romanise)
    if " ".join(n.lemmas) in whole:
        return whole[" ".join(n.lemmas)]
    head = next((i for i in range(len(n.words)) if not n.adjective(i)), None)
    if head is None:
        return None
    after: list[str] = []
    before = [_adjective(lemma, after, _proper(n, i, n.words[i])) for i, lemma in enumerate(n.lemmas[:head])]
    word, end = n.words[head], head + 1
    phrase = next(
        (
            (j, whole[key])
            for j in range(len(n.words), end, -1)
            if (key := " ".join(n.lemmas[head:j])) in whole
        ),
        None,
    )
    place = _region(word) if not phrase and head and word[:1].isupper() else None
    if phrase:  # "Совет Безопасности": Security Council
        end, noun = phrase
    elif place:  # "Северная Ирландия": North Ireland
        noun = place
    else:
        noun = _abbreviation(word) or _noun(n.lemmas[head])
    if noun is None or None in before:
        return None
    if not (phrase or place or _acronym_like(word)) and n.head_plural(head) and not noun.endswith("s"):
        noun = plural(noun)
    tail = _tail(n, end)
    if tail is None:
        return None
    return _title(" ".join([*filter(None, before), noun, *tail, *after]))


_NAMED_AFTER = ("имени", "им.")  # "Литературный институт имени А. М. Горького": named after Gorky


def _named_after(body: list[str], person: list[str], romanise: bool) -> str | None:
    """An institution named after a person, as English names it: the person's name before the
    institution's ("Литературный институт имени А. М. Горького" -> Gorky Literary Institute; initials
    dropped before a surname); None unless both translate (with ``romanise``, a person the name list
    does not know is transliterated)."""
    from analysis.nlp import morph
    from analysis.nlp.knowledge.people import english_person

    institution = translate(" ".join(body), romanise)
    words = [w for w in person if not (w.endswith(".") and len(w) <= INITIAL_LETTERS)]
    if institution is None or not words or any(not w[:1].isupper() and w not in _PARTICLES for w in words):
        return None
    nominative = []
    for word in words:
        parse = next((p for p in morph.parses(word) if p.tag.case == "gent"), None)
        form = parse.inflect({"nomn"}) if parse is not None else None
        nominative.append(word if form is None else form.word[:1].upper() + form.word[1:])
    english, known = english_person(" ".join(nominative))
    return f"{english} {institution}" if known or romanise else None


INITIAL_LETTERS = 3  # "А.", "Дж.": an initial
_PARTICLES = ("ван", "фон", "де", "да", "ди", "дер", "ла", "ле")  # lower case inside a person's name
