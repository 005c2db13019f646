"""Names of people written by a system of their own, in English as the English-language press writes
them: Chinese names (Palladius read back as pinyin: "Си Цзиньпин" -> Xi Jinping), Korean names (Kontsevich read back: "Мун Чжэ Ин" -> Moon Jae-in), Spanish names (a Spanish given
name says the surname is Spanish: "Хуан Гуайдо" -> Juan Guaido, not the Chinese Huang) and Arabic name
words ("Мухаммед" -> Mohammed, as the press writes it, not the name list's letter-for-letter Muhammed);
and the English forms of names the 1990 US Census lists ("Теодор Маккэррик" -> Theodore McCarrick)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from analysis.core import lexicon

KOREAN_GIVEN = 2  # a Korean given name: two syllables, each written apart in Russian ("Чжэ Ин")
SPANISH_WEAK = 5  # a Spanish given name: its usual spelling reads "х" as "j", borne by this many people


@cache
def _table(name: str) -> dict[str, str]:
    return lexicon.table(name)


def korean_name(name: str) -> str | None:
    """A Korean name ("Мун Чжэ Ин": a Korean surname, then two given-name syllables written apart) as the
    English-language press writes it ("Moon Jae-in"), else None."""
    words = name.lower().split()  # "ё" kept: the syllable "ёль" is not "ель"
    surnames, syllables = _table("names_korean_surnames"), _table("names_korean_syllables")
    if len(words) != 1 + KOREAN_GIVEN or words[0] not in surnames:
        return None
    given = [syllables.get(word) for word in words[1:]]
    if not all(given):
        return None
    return f"{surnames[words[0]]} {given[0].capitalize()}-{'-'.join(given[1:])}"


def arabic_word(word: str) -> str | None:
    """An Arabic name word as the English-language press spells it ("Мухаммед" -> "Mohammed"), else None."""
    return _table("names_arabic").get(word.lower().replace("ё", "е"))


def spanish_given_name(word: str) -> bool:
    """Whether a name's first word is a Spanish given name: the name list's usual spelling of it reads
    the Russian "х" as "j", as only Spanish does ("Хуан": Juan, 945 people; "Хосе", "Хорхе", "Алехандро")."""
    from analysis.nlp.knowledge.people import spellings

    key = word.lower().replace("ё", "е")
    pairs = spellings().get(key, ())
    # not "Войцех": Wojciech's j is the Polish reading of "й"
    return (
        "х" in key and "й" not in key and bool(pairs) and pairs[0][1] >= SPANISH_WEAK and "j" in pairs[0][0]
    )


ENGLISH_CLOSENESS = 60  # a census surname read from a word is at least this close to its transliteration


@lru_cache(maxsize=1 << 12)
def english_surname(word: str) -> str | None:
    """A surname the name list does not know, as the commonest US census surname the reverse
    transliteration reads from it ("Маккэррик" -> "mccarrick"), else None (cached: 30 ms a word)."""
    from rapidfuzz import fuzz, process

    from analysis.nlp.knowledge.latin import english_transliteration
    from analysis.nlp.knowledge.people import readable

    key = word.lower().replace("ё", "е")
    guess = english_transliteration(word[:1].upper() + word[1:].lower()).lower()
    near = process.extract(
        guess, _census("names_us_last")[0], scorer=fuzz.ratio, score_cutoff=ENGLISH_CLOSENESS
    )
    found = [(index, latin) for latin, _, index in near if readable(key, latin)]
    return min(found)[1] if found else None


def english_given_name(word: str, surname: str) -> str | None:
    """The English form of a given name beside a US census surname (Latin, lower case): where the name
    list's usual spelling of it is no census given name ("Теодор": Theodor, 218 people), the commonest
    spelling of at least ``people.WEAK`` people the rules read that is (Theodore, 123); else None."""
    from analysis.nlp.knowledge.people import WEAK, readable, spellings

    key = word.lower().replace("ё", "е")
    firsts = _census("names_us_first")[1]
    known = [latin for latin, n in spellings().get(key, ()) if n >= WEAK and readable(key, latin)]
    if surname not in _census("names_us_last")[1] or not known or known[0] in firsts:
        return None
    return next((latin for latin in known if latin in firsts), None)


@cache
def _census(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A census list in order (most common first) and as a set."""
    names = lexicon.ordered(name)
    return names, frozenset(names)


# Russian spellings of Spanish letters, read back: "ге"/"ги" and "ке"/"ки" are Spanish gue/gui, que/qui;
# "гв" before a vowel gu ("Гвадалахара"); "х" is j; "ль"/"нь" before a soft vowel ll/ñ (written n), "ь"
# there i ("Сантьяго"); "я" after "и" a ("Мария"); "й" after a vowel i, y at the end ("Уругвай").
_SOFT = {"я": "a", "е": "e", "ю": "u", "ё": "o"}
_SPANISH = [
    (re.compile(r"г(?=[еи])"), "gu"),
    (re.compile(r"к(?=[еи])"), "qu"),
    (re.compile(r"гв(?=[аоеи])"), "gu"),
    (
        re.compile(r"([лн]?)ь([яеюё])"),
        lambda m: {"л": "ll", "н": "n", "": "i"}[m.group(1)] + _SOFT[m.group(2)],
    ),
    (re.compile(r"(?<=и)я"), "a"),
    (re.compile(r"й$"), "y"),
]
_SPANISH_LETTERS = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdesiiclmnoprstufjcie", strict=True)),
        "ж": "j", "ч": "ch", "ш": "sh", "щ": "sh", "ь": "", "ъ": "", "я": "ia", "ю": "iu", "ё": "io",
    }
)  # fmt: skip


# Letters of Palladius no Spanish name is written with in Russian: "Хуан Цзяньго" is Chinese.
CHINESE_MARK = re.compile(r"цз|чж|сю|ся|цю|ця|ъ")


def spanish_name(name: str) -> bool:
    """Whether a name is Spanish: a Spanish given name (``spanish_given_name``), the rest not Chinese."""
    words = name.split()
    return spanish_given_name(words[0]) and not any(CHINESE_MARK.search(w.lower()) for w in words[1:])


def spanish_surname_word(word: str) -> str | None:
    """A Spanish name's word the name list knows too weakly (no spelling of ``people.WEAK`` people it
    can read), read as Spanish ("Гуайдо" -> "Guaido"); None for a word the list knows ("Мадуро")."""
    from analysis.nlp.knowledge.people import WEAK, readable, spellings

    key = word.lower().replace("ё", "е")
    known = max((n for latin, n in spellings().get(key, ()) if readable(key, latin)), default=0)
    return spanish_word(word) if known < WEAK else None


def spanish_word(word: str) -> str:
    """A Spanish name word from its Russian spelling ("Гуайдо" -> "Guaido", "Гевара" -> "Guevara")."""
    lower = word.lower()
    for pattern, latin in _SPANISH:
        lower = pattern.sub(latin, lower)
    latin = lower.translate(_SPANISH_LETTERS)
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


# ---------------------------------------------------------------- Chinese names (Palladius -> pinyin)

GIVEN_SYLLABLES = 3  # a Chinese given name has one or two syllables; three at most
WESTERN = 100  # a word this many people bear in a spelling other than its pinyin is no Chinese name


def _western(word: str) -> bool:
    """Whether ``word`` is a common name word whose usual Latin spelling is not its pinyin ("Анна": Anna,
    641 people; not Angna)."""
    from analysis.nlp.knowledge.people import spellings

    pairs = spellings().get(word, ())
    syllables = _syllables(word) or []
    return bool(pairs) and pairs[0][1] >= WESTERN and "".join(syllables) not in dict(pairs)


@cache
def _palladius() -> dict[str, str]:
    return lexicon.table("names_palladius")


def _syllables(word: str) -> list[str] | None:
    """The pinyin syllables of a word written in Palladius, fewest first ("цзиньпин" -> jin, ping; "ъ"
    and "-" part syllables: "инъин" -> ying, ying), or None when the word is not made of them."""
    table = _palladius()
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(word) + 1):
        options = [
            best[at] + [table[word[at:end]]]
            for at in range(max(0, end - 5), end)
            if at in best and word[at:end] in table
        ]
        if word[end - 1] in "ъ-" and end - 1 in best:
            options.append(best[end - 1])
        if options:
            best[end] = min(options, key=len)
    return best.get(len(word))


def pinyin_word(word: str) -> str | None:
    """A word written in Palladius in pinyin ("Синьцзян" -> "xinjiang"), or None when it is not made of
    Palladius syllables."""
    syllables = _syllables(word.lower().replace("ё", "е"))
    return "".join(syllables) if syllables else None


def pinyin_name(name: str) -> str | None:
    """A Chinese person's name in pinyin, as English writers spell it: a common Chinese surname first,
    then a given name of Palladius syllables written as one word ("Си Цзиньпин" -> "Xi Jinping",
    "Мао Цзэ-дун" -> "Mao Zedong"); None for any other name ("Ли Харви Освальд", "Ван Гог")."""
    words = name.lower().replace("ё", "е").split()
    if len(words) < 2 or words[0] not in lexicon.words("names_chinese_surnames"):
        return None
    surname = _syllables(words[0])
    given = _syllables("".join(words[1:]))
    if not surname or not given or len(given) > GIVEN_SYLLABLES or any(map(_western, words[1:])):
        return None
    return f"{''.join(surname).capitalize()} {''.join(given).capitalize()}"
