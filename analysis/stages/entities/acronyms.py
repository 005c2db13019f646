"""Acronyms compared across scripts and spellings: the acronyms a long name answers to, an acronym
however it is written ("NATO", "НАТО", "cnn.com", "Си-эн-эн"), and a numbered name's acronym with
its number ("ВМ-2" for "Восточный мост-2")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from analysis.core import lexicon
from analysis.core.text import ACRONYM, acronym, bare, is_acronym
from analysis.stages.entities.model import Mention, cached_fold, capitalised, numbered_key, unnumbered


def acronym_forms(words: list[str]) -> set[str]:
    """Keys of the acronyms a multi-word name answers to: of the whole name, with or without its
    short lower-case particles ("ALDE" for "Alliance of Liberals and Democrats for Europe"), and of
    a first part of it that a capitalised word follows ("ФСБ" for "Федеральная служба безопасности
    России"), not of a part a common word follows ("ЕС" is not "Евангелическая служба печати")."""
    parts = [p for w in words for p in re.split(r"[\-‐]+", w) if p]
    names = [p for p in parts if not (p.islower() and len(p) <= 3)]
    forms = {acronym(" ".join(names))}
    for size in range(2, len(words) + 1):
        if size == len(words) or capitalised(words[size]):
            forms.add(acronym(" ".join(words[:size])))
    return {acronym_key(form) for form in forms if len(form) > 1}


# Cyrillic letters as Latin ones, so that an acronym compares across scripts ("НАТО", "NATO").
_LETTERS_LATIN = str.maketrans(dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
    "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True)))  # fmt: skip


_LATIN_LETTER_NAMES = lexicon.table("latin_letter_names")  # "си" -> "c": "Си-эн-эн" is CNN


def spelled_acronym(name: str) -> str:
    """The letters of an acronym however it is written: in capitals ("NATO", "НАТО"), as a site
    ("cnn.com") or spelled out in Russian ("Си-эн-эн"), as ``acronym_key``; else ""."""
    if is_acronym(name):
        return acronym_key(name)
    folded = cached_fold(name)
    unadorned = bare(folded)
    if unadorned != folded and ACRONYM.fullmatch(unadorned):
        return acronym_key(unadorned)
    letters = folded.split("-")
    if len(letters) > 1 and all(letter in _LATIN_LETTER_NAMES for letter in letters):
        return "".join(_LATIN_LETTER_NAMES[letter] for letter in letters)
    return ""


def acronym_key(acronym_: str) -> str:
    """An acronym as it is compared, letter for letter across scripts ("НАТО", "NATO")."""
    return cached_fold(acronym_).translate(_LETTERS_LATIN)


NUMBERED_ACRONYM = re.compile(r"([^\W\d_]{2,5})\s*[-‐–—]?\s*(\d{1,3})")


def numbered_acronym(name: str, number: str) -> str:
    """The acronym a numbered name is shortened to, with its number: "ВМ-2" for "Восточного моста-2"."""
    first, second = name.split()[:2]
    return acronym(f"{first} {unnumbered(second)[0]}").upper() + "-" + number


def numbered_acronyms(named: Iterable[Mention]) -> set[str]:
    """The acronyms with their number of the corpus's numbered names, as one token writes them
    ("ВМ-2"): names to find wherever they stand."""
    return {numbered_acronym(m.text, numbered_key(m.agreement)) for m in named if numbered_key(m.agreement)}
