"""Token predicates of the quantities grammar: what a ``Word`` is (a number, a number word, a
multiplier, a unit's word, a noun that can be counted, an adjective between a number and its noun),
by its text, the engine's analysis and pymorphy3's, and the number-parser package's dictionaries.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from number_parser import parse_number
from number_parser.parser import LanguageData, _normalize_tokens, _tokenize
from yargy.predicates.constructors import Predicate

from analysis.nlp.grammars.quantities.tokens import Word
from analysis.nlp.grammars.quantities.words import (
    COLLECTIVE,
    HALVES,
    MULTIPLIERS,
    NOT_COUNTED,
    SYMBOLS,
    UNITS,
)
from analysis.nlp.morph import parses


class Where(Predicate):
    """A token predicate over the token's ``Word`` value (its text, lemma, POS and features)."""

    __attributes__ = ["function"]

    def __init__(self, function: Callable[[Word], bool]) -> None:
        self.function = function

    def __call__(self, token) -> bool:
        return bool(self.function(token.value))

    @property
    def label(self) -> str:
        return f"where({self.function.__name__})"


@lru_cache(maxsize=20000)
def lemmas(text: str, lemma: str) -> tuple[str, ...]:
    """The word itself, the engine's lemma, then pymorphy3's lemmas, lower case."""
    found = parses(text)
    return tuple(dict.fromkeys([text.lower(), lemma.lower(), *(parse.normal_form for parse in found)]))


def is_form_of(entry: str) -> Where:
    """Predicate: the word is a form of ``entry`` (by text, engine lemma or a pymorphy3 lemma)."""

    def is_entry(word: Word) -> bool:
        return entry in lemmas(str(word), word.lemma)

    is_entry.__name__ = f"is_{entry}"
    return Where(is_entry)


def listed(mapping: dict[str, object], word: Word) -> str | None:
    """The first of the word's forms (``lemmas``) that is a key of ``mapping``."""
    return next((lemma for lemma in lemmas(str(word), word.lemma) if lemma in mapping), None)


def multiplier(word: Word) -> bool:
    """A multiplier ("тыс.", "миллиардов")."""
    return listed(MULTIPLIERS, word) is not None


@cache
def _russian_numerals() -> frozenset[str]:
    """Every word number-parser reads in Russian (numbers and the words it skips), loaded once:
    ``parse_number`` rebuilds its dictionaries on every call (~0.7 ms)."""
    data = LanguageData("ru")
    return frozenset(data.all_numbers) | frozenset(data.skip_tokens)


@cache
def _number_word_cached(text: str) -> bool:
    if text in HALVES or text in ("ноль", "нуль"):
        return False
    # parse_number gives None for a word outside its dictionaries: ask it only about the others.
    words = _normalize_tokens(_tokenize(text, "ru"))
    if not all(word in _russian_numerals() or not word.strip() for word in words):
        return False
    return parse_number(text, language="ru") is not None


def number_word(word: Word) -> bool:
    """A Russian number word number-parser reads ("двух", "пятидесяти"), or a collective numeral."""
    if word.kind != "RU" or multiplier(word):
        return False
    return _number_word_cached(word.lower()) or listed(COLLECTIVE, word) is not None


def word_or_multiplier(word: Word) -> bool:
    """A word that may continue a number in words ("двух тысяч", "сто пятьдесят")."""
    return number_word(word) or multiplier(word)


def half(word: Word) -> bool:
    """A form of "полтора" (1.5)."""
    return word.lower() in HALVES


def num(word: Word) -> bool:
    """Digits, or a range of them ("8–10")."""
    return word.kind in ("NUM", "DASHED")


def suffixed(word: Word) -> bool:
    """Digits with a case ending ("2-х", "6-ти")."""
    return word.kind == "SUFFIXED"


def is_trigger(word: Word) -> bool:
    """A word every match holds one of: a number, a currency sign, a multiplier."""
    return (
        word.kind in ("NUM", "DASHED", "SUFFIXED")
        or str(word) in SYMBOLS
        or half(word)
        or multiplier(word)
        or number_word(word)
    )


_UNIT_WORDS = {word for phrase in UNITS for word in phrase.split()}


@lru_cache(maxsize=20000)
def _dictionary_pos(text: str) -> frozenset[str]:
    return frozenset(parse.tag.POS for parse in parses(text) if parse.tag.POS)


def _noun(word: Word) -> bool:
    """A noun by the engine, or by the dictionary when the word cannot be an adjective or a
    participle (the tagger reads "4 тыс. бортпроводников" as a participle)."""
    if word.pos == "NOUN":
        return True
    known = _dictionary_pos(str(word).lower())
    return word.pos in ("ADJ", "VERB") and "NOUN" in known and not known & {"ADJF", "PRTF"}


def counted(word: Word) -> bool:
    """A noun that can be the counted thing: not a unit, multiplier, date or abbreviation."""
    if word.kind != "RU" or len(word) < 2 or word.isupper() or not _noun(word):
        return False
    forms = lemmas(str(word), word.lemma)
    return not any(lemma in _UNIT_WORDS or lemma in MULTIPLIERS or lemma in NOT_COUNTED for lemma in forms)


def modifier(word: Word) -> bool:
    """An adjective or participle between a number and its noun ("480 немецких пилотов")."""
    if word.kind != "RU" or not (
        word.pos in ("ADJ", "DET") or (word.pos == "VERB" and "VerbForm=Part" in word.feats)
    ):
        return False
    return bool(_dictionary_pos(str(word).lower()) & {"ADJF", "PRTF"})
