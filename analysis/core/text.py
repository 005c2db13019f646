"""Folding for matching only: case, ё/е and Latin/Cyrillic look-alikes. Displayed text is never folded.

Seed 003 writes "Axiоs" with a Cyrillic "о"; folding maps each mixed-script word to the
script most of its letters use, so it matches "Axios".
"""

from __future__ import annotations

import re
import unicodedata

_CYR = "аеорсухкмтвнАЕОРСХКМТВН"
_LAT = "aeopcyxkmtbhAEOPCXKMTBH"
_TO_LATIN = str.maketrans(_CYR, _LAT)
_TO_CYRILLIC = str.maketrans(_LAT, _CYR)
_WORD = re.compile(r"\w+")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def fold_lookalikes(text: str) -> str:
    """Rewrite each mixed-script word in the script most of its letters use."""

    def fix(match: re.Match) -> str:
        word = match.group()
        cyrillic = sum(_is_cyrillic(ch) for ch in word)
        latin = sum(ch.isascii() and ch.isalpha() for ch in word)
        if cyrillic and latin:
            return word.translate(_TO_LATIN if latin >= cyrillic else _TO_CYRILLIC)
        return word

    return _WORD.sub(fix, text)


def fold(text: str) -> str:
    """Matching key: look-alikes folded, lower case, ё -> е, accents and extra spaces removed."""
    text = unicodedata.normalize("NFD", fold_lookalikes(text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn" or ch == "\u0306")
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return " ".join(text.split())


def acronym(name: str) -> str:
    """Initials of every word: "Соединённые Штаты Америки" -> "США"."""
    return "".join(word[0] for word in re.split(r"[\s\-]+", name) if word).upper()
