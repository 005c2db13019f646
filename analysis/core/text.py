"""Text keys for matching only: folding (case, ё/е, Latin/Cyrillic look-alikes), acronyms and the
sound key that spellings of one foreign name share. Displayed text is never folded.

Pure standard library, so the dashboard uses the same keys as the build on any install.

Seed 003 writes "Axiоs" with a Cyrillic "о"; folding maps each mixed-script word to the
script most of its letters use, so it matches "Axios".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


# Sound classes for ``sound_key``: letters a transliteration may swap (voicing, х/h/k, ц/ts/s, ж/ш/ч
# and their Latin digraphs) share a class; vowels, й, ь and ъ have none.
_SOUND_CLASSES = {
    **dict.fromkeys("бпbp", "B"), **dict.fromkeys("вфvfw", "V"), **dict.fromkeys("гкхgkqhc", "K"),
    **dict.fromkeys("дтdt", "T"), **dict.fromkeys("зсцsz", "S"), **dict.fromkeys("жшщч", "Ш"),
    "л": "L", "l": "L", "м": "M", "m": "M", "н": "N", "n": "N", "р": "R", "r": "R",
}  # fmt: skip
_LATIN_DIGRAPHS = re.compile(r"sch|sh|ch|zh|kh|ph|th|ts|tz|ck|c(?=[eiy])|x|j")
_DIGRAPH_SOUNDS = {"sch": "ш", "sh": "ш", "ch": "ш", "zh": "ш", "kh": "k", "ph": "f", "th": "t",
                   "ts": "s", "tz": "s", "ck": "k", "c": "s", "x": "ks", "j": "дж"}  # fmt: skip
_VOWELS = set("аеёиоуыэюяaeiouy")
_MIN_SOUNDS = 3  # consonant classes a key needs: shorter names collide by chance


ACRONYM = re.compile(r"[^\W\d_]{2,5}")


def is_acronym(name: str) -> bool:
    """Two to five capital letters ("НАТО", "NATO"); a longer word in capitals is a name ("REUTERS")."""
    return name.isupper() and bool(ACRONYM.fullmatch(name))


_ARTICLE_OR_DOMAIN = re.compile(r"^the\s+|\.[a-z]{2,6}$")


def bare(folded: str) -> str:
    """A folded name without an English article or a domain's zone ("the times", "reuters.com")."""
    return _ARTICLE_OR_DOMAIN.sub("", folded)


@lru_cache(maxsize=1 << 16)
def sounds_of(text: str) -> str:
    """``text`` (folded) with each Latin digraph written as the one sound it spells ("sch" -> "ш",
    "kh" -> "k"), so Latin and Cyrillic spellings of a name compare letter by letter."""
    return _LATIN_DIGRAPHS.sub(lambda m: _DIGRAPH_SOUNDS[m.group()], text)


def sound_class(letter: str) -> str:
    """The sound class of a consonant (б, п, b and p are "B"), "" for a vowel or a sign."""
    return _SOUND_CLASSES.get(letter, "")


def sound_key(name: str) -> str:
    """A key that spellings of one foreign name share across transliterations and scripts
    ("Саддам Хусейн" / "Саддам Хуссейн", "Шварценеггер" / "Шварцнеггер", "Volkswagen" / "Фольксваген"):
    consonants by sound class, runs of one class written together as one, vowels dropped except
    at the start and the end (which tell "Иванов" from "Иванова"). Empty for a name with fewer than
    ``_MIN_SOUNDS`` consonants or written in capitals (acronyms compare by their letters)."""
    text = sounds_of(bare(fold(name)))
    letters = [ch for ch in text if ch.isalpha() or ch.isdigit() or ch in " -'’"]
    sounds, previous = [], None
    for ch in letters:
        sound = _SOUND_CLASSES.get(ch, ch if ch.isdigit() else "")
        if sound and sound != previous:
            sounds.append(sound)
        previous = sound if ch not in _VOWELS else None
    if is_acronym(name) or sum(s.isalpha() for s in sounds) < _MIN_SOUNDS:
        return ""
    words = [ch for ch in letters if ch.isalpha()]
    start = "A" if words[0] in _VOWELS else ""
    end = "_" if words[-1] in _VOWELS else ""
    return start + "".join(sounds) + end
