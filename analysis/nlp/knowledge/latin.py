"""Latin-script helpers the knowledge modules share."""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTER = re.compile(r"[^a-z]+")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters of ``text``, accents dropped, everything else left out ("Sindh" -> "sindh")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NOT_LETTER.sub("", plain)


# "Дж" is how Russian writes an English, Arabic or Urdu J ("Джамаат", "Баджва"); "у" before a vowel at
# the start of a word or after a vowel is how it writes a W ("Уали", "Уотсон"). Wikipedia's scheme reads
# both back letter by letter ("Dzhamaat", "Uali"), which no English reader writes.
_DZH = re.compile(r"дж", re.IGNORECASE)
_W = re.compile(r"(?:(?<=^)|(?<=[\s\-аеёиоуыэюя]))у(?=[аоиэ])", re.IGNORECASE)
# "Макк", "Макг" opening a word is how Russian writes the Mc of a Scottish or Irish name ("Макгирт",
# "Маккаррик"): McGirt, McCarrik, not Makgirt, Makkarrik.
_MC = re.compile(r"(?<![^\s\-])Мак(к|г)(?=[аеиоуыэюя])")


def english_transliteration(text: str) -> str:
    """``text`` in Latin letters as an English writer transliterates a foreign name: Wikipedia's scheme
    with "дж" as J, a "у" before a vowel, after a vowel or at a word's start, as W, and an opening
    "Макк"/"Макг" as McC/McG ("Джамаат уд-Дава" -> "Jamaat ud-Dava", "Иттан Уали" -> "Ittan Wali",
    "Макгирт" -> "McGirt"). Not for names in the Russian manner."""
    import iuliia

    def case(letter: str, match: re.Match) -> str:
        return letter.upper() if match.group(0)[0].isupper() else letter

    marked = _W.sub(lambda m: case("w", m), _DZH.sub(lambda m: case("j", m), text))
    marked = _MC.sub(lambda m: "Mc" + ("C" if m.group(1) == "к" else "G"), marked)
    return iuliia.WIKIPEDIA.translate(marked)


# The systems English-language writers romanise Russian by (Wikipedia's, BGN/PCGN, the passport's ICAO
# scheme, the Moscow metro's and Yandex maps'): "Елизавета" -> Yelizaveta, Elizaveta.
_RUSSIAN_SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "ICAO_DOC_9303", "MOSMETRO", "YANDEX_MAPS")


def russian_romanisations(word: str) -> frozenset[str]:
    """How English writers spell a Russian word in Latin letters (folded by ``ascii_fold``), by each
    system they use, with "ks" also as "x" and a final "ия" as "ia" ("Алексей" -> aleksey, aleksei, alexei;
    "Ксения" -> kseniya, ksenia)."""
    import iuliia

    spelled = {ascii_fold(getattr(iuliia, scheme).translate(word)) for scheme in _RUSSIAN_SCHEMES}
    spelled.add(ascii_fold(english_transliteration(word)))
    spelled |= {s.replace("ks", "x") for s in spelled}
    return frozenset(spelled | {re.sub("i(?:y|i)a$", "ia", s) for s in spelled})


# A "й" before a consonant, which English writers spell "i" in Russian names ("Шаймиев": Shaimiev,
# "Гайдар": Gaidar), where Wikipedia's scheme writes "y".
_Y_BEFORE_CONSONANT = re.compile(r"й(?=[бвгджзклмнпрстфхцчшщ])")


_YO_AFTER_HUSHING = re.compile(
    r"(?<=[жчшщЖЧШЩ])ё"
)  # "ё" after these is "e" in English (Gorbachev, Khrushchev)


def romanised_surname(word: str) -> str:
    """A Russian surname (lower case) as English writers romanise it: Wikipedia's scheme, with "й" before
    a consonant as "i", "е" after "и" as "e" and "ё" after a hushing consonant as "e" ("шаймиев" ->
    "shaimiev", "гергиев" -> "gergiev", "горбачёв" -> "gorbachev", "мирзиёев" -> "mirziyoyev")."""
    import iuliia

    word = hushed_yo(_Y_BEFORE_CONSONANT.sub("и", word))
    return ascii_fold(iuliia.WIKIPEDIA.translate(word)).replace("iye", "ie")


def hushed_yo(word: str) -> str:
    """``word`` with "ё" after a hushing consonant written "е", as English writers read it: "e"."""
    return _YO_AFTER_HUSHING.sub("е", word)
