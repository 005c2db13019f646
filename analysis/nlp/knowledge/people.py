"""People's names in the Latin spelling English writers use, from the Russian spelling.

Each word of a name is looked up in ``names_latin_spellings`` (161,000 pairs of a Russian and a Latin
spelling of a name word with how many Wikidata people bear them: "Джейкобс" -> "Jacobs", "Трюдо" ->
"Trudeau"). A pair counts when the Latin word can be read back from the Russian by the reverse
transliteration rules of ``names_reverse_transliteration`` ("Дж" -> J, "э" -> e/a, "ай" -> i/y, "у" ->
oo/u, "а" -> u, "х" -> h...; a silent letter or a doubled one aside): that drops the dictionary's
misalignments ("Мохаммед" -> "Tufail"). A word whose pairs are rare also hears the other spellings of
the same sounds the rules read from it, and the one most people bear wins ("Лионель": Lionel, not
Lyonel). A word with no such pair is spelt as a pair the rules cannot read borne by many (the Chinese
system: "Чжан" -> "Zhang"), else as the most common Latin name word the rules can read from it; failing
that, as a pair the rules cannot read seen at least twice ("Синдзо" -> "Shinzo"); failing that, the name
is transliterated as English writers do (``latin.english_transliteration``: "Баджва" -> "Bajva"), which
the caller marks as a guess. A Russian person's name (a Russian surname's ending, or a Russian given
name) is spelt as English writers romanise Russian where the dictionary allows ("Елизавета Глинка":
Glinka, not the Czech Hlinka); a given name in its Russian form (other languages spell it otherwise:
"Ксения", Ksenija; "Александр", Alexander) romanises as Russian a surname the dictionary knows weakly or
not at all ("Ксения Собчак": Sobchak, not the Polish Sobczak; "Александр Кокорин": Kokorin, not a reading
of it as Kocharyan), and is itself spelt as Russian where the dictionary's usual spelling is another
Slavic language's (Vladislav, not the Polish Wladyslaw). A Chinese name (a common Chinese surname, then Palladius syllables) is
spelt in pinyin ("Си Цзиньпин" -> "Xi Jinping").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import iuliia

from analysis.core import lexicon
from analysis.nlp.knowledge import name_systems
from analysis.nlp.knowledge.latin import hushed_yo, romanised_surname, russian_romanisations
from analysis.nlp.knowledge.name_systems import pinyin_name
from analysis.nlp.knowledge.stored import stored

SILENT = "eaou"  # Latin vowels a Russian spelling may leave unwritten ("Michael" -> "Майкл"); "h" after a vowel too
SILENT_LETTERS = 2  # at most this many per word
# A word's last letter Russian may leave unwritten: an English "e"; a French final consonant ("Yves" ->
# "Ив", "Dumas" -> "Дюма", "Renaud" -> "Рено").
SILENT_ENDINGS = ("e", "s", "t", "d", "x", "es", "ts")
STEPS = 20_000  # the search for a word's spellings stops after this many steps
# A name word read from the word list (no pair in the dictionary) must stay this close (rapidfuzz
# ratio) to the word's transliteration: the rules read rare words into unrelated names ("Садыр" ->
# "Cadier") otherwise.
READ_CLOSENESS = 0.75
READ_LETTERS = 4  # a shorter word is read only from the dictionary: a particle ("уль") reads as anything
# A name word read from the word list leaves at most this many of its letters unwritten in Russian: two
# read a Russian "-ин" as an Armenian "-yan" ("Кокорин" -> Kocharyan, "Щёкин" -> Shekoyan); on 1,500
# name words left out of the dictionary, 3 more spelt right with one than with two.
READ_SILENT = 1
# A word whose readable pairs have fewer people than this is also read from the word list, and the
# spelling most people bear wins ("Лионель": Lionel, 49 people as "Лайонел", over Lyonel and Lionnel,
# one each); a pair of the word itself counts this many times a reading's people.
WEAK = 5
PAIR_WEIGHT = 10
# A pair the rules cannot read is still trusted before any reading when this many people bear it (a
# misaligned label is borne by one or two: "Мохаммед" -> "Tufail").
TRUSTED = 10
# A given name is the Russian form of a name other languages spell otherwise when their spelling is borne
# by at least this share of the people its Russian romanisation is ("Иван": Iwan 26 beside Ivan 651; not
# "Мартин": Martyn 15 beside Martin 1,750, one international name).
FOREIGN_SHARE = 0.02
# Where a name's given name alone reads as Russian, a word's romanisation of Russian is chosen when it
# has at least this share of the most common pair's people.
NATIVE_SHARE = 0.2
# The endings of Russian (and Ukrainian, Belarusian: "-енко") surnames (not "-ий", which Polish names
# share: "Пендерецкий", nor "-ин": "Мартин", nor "-ына": "Схетына"). A name ending in one is a Russian
# person's, every word romanised as Russian is ("Виктор Виноградов": Viktor, not Victor; "Божена
# Рынская": Bozhena, not Bozena; a surname alone: "Шаймиев", Shaimiev).
RUSSIAN_SURNAME = re.compile(r"(?:[оеё]в|[оеё]ва|ина|ын|[сц]кая|енко)$")
_RUSSIAN_SURNAME_FIRST = re.compile(r"[оеё]в$")  # a surname written first ("Шаймиев Камиль")
SURNAME_LETTERS = 5  # a shorter word is no surname by its ending ("Ын", "Сын", "Лев")


class Origin:
    """How a person's name reads (``latin_word``): as anyone's, as a Russian person's (by the surname's
    ending), or as one whose given name alone is Russian."""

    ANY, RUSSIAN, RUSSIAN_GIVEN_NAME, RUSSIAN_FORM, SLAVIC_GIVEN_NAME, SPANISH = 0, 1, 2, 3, 4, 5


_PARTS = re.compile(r"([-.])")


@cache
def _rules() -> dict[str, tuple[str, ...]]:
    """Russian letter group -> the Latin spellings it may stand for ("-": none)."""
    return {
        row[0]: tuple("" if o == "-" else o for o in row[1].split())
        for row in lexicon.rows("names_reverse_transliteration")
    }


@cache
def _longest() -> int:
    return max(map(len, _rules()))


@cache
def spellings() -> dict[str, tuple[tuple[str, int], ...]]:
    """Russian name word (lower case, ё as е) -> its Latin spellings with their counts, most common first
    (derived once and stored: ``stored``)."""
    return stored("name_spellings", _spellings)


def _spellings() -> dict[str, tuple[tuple[str, int], ...]]:
    found: dict[str, list[tuple[str, int]]] = {}
    for russian, latin, count in lexicon.rows("names_latin_spellings"):
        found.setdefault(russian, []).append((latin, int(count)))
    return {key: tuple(sorted(pairs, key=lambda p: (-p[1], p[0]))) for key, pairs in found.items()}


@cache
def _latin() -> tuple[list[str], dict[str, int]]:
    """Every Latin name word, sorted, and how many people bear it (over all its Russian spellings)."""
    counts: dict[str, int] = {}
    for pairs in spellings().values():
        for latin, count in pairs:
            counts[latin] = counts.get(latin, 0) + count
    return sorted(counts), counts


@cache
def _prefixes() -> frozenset[str]:
    """Every prefix of every Latin name word ("" too), which the reading's search asks for at each step
    (a set lookup; a bisection of the sorted list was most of its time); stored (``stored``)."""
    return stored("name_prefixes", lambda: frozenset(w[:n] for w in _latin()[0] for n in range(len(w) + 1)))


@lru_cache(maxsize=1 << 16)
def _segments(russian: str, i: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(length, Latin spellings) of the letter groups of ``russian`` starting at ``i``, longest first."""
    rules = _rules()
    return tuple(
        (n, rules[russian[i : i + n]])
        for n in range(min(_longest(), len(russian) - i), 0, -1)
        if russian[i : i + n] in rules
    )


def _silent(latin: str, j: int) -> bool:
    """Whether ``latin[j]`` may be unwritten in Russian: a silent vowel, an "h" after a vowel ("Sarah"),
    a doubled letter."""
    return j > 0 and (
        latin[j] in SILENT
        or latin[j] == latin[j - 1]
        or latin[j] in "'-"
        or (latin[j] == "h" and latin[j - 1] in "aeiouy")
    )


@lru_cache(maxsize=1 << 16)
def readable(russian: str, latin: str) -> bool:
    """Whether the rules read ``latin`` back from ``russian`` (both lower case, ё as е); cached (a place's
    name is read against every untranslated subdivision of the story's countries, once per reading)."""
    seen: dict[tuple[int, int, int], bool] = {}

    def walk(i: int, j: int, silent: int) -> bool:
        if (i, j, silent) not in seen:
            seen[i, j, silent] = step(i, j, silent)
        return seen[i, j, silent]

    def step(i: int, j: int, silent: int) -> bool:
        if i == len(russian):
            return j == len(latin) or (latin[j:] in SILENT_ENDINGS and len(latin) - j <= silent)
        if russian[i] in "-'":
            return walk(i + 1, j + (j < len(latin) and latin[j] in "-'"), silent)
        for n, options in _segments(russian, i):
            if any(latin.startswith(o, j) and walk(i + n, j + len(o), silent) for o in options):
                return True
        return silent > 0 and j < len(latin) and _silent(latin, j) and walk(i, j + 1, silent - 1)

    return walk(0, 0, SILENT_LETTERS)


class _Reader:
    """The Latin name words the rules read from one Russian word: a search over the sorted word list
    that follows a spelling only while some name word starts with it, for at most ``STEPS`` steps."""

    def __init__(self, russian: str):
        self.russian, self.found, self.steps = russian, {}, 0
        self.counts, self.prefixes = _latin()[1], _prefixes()
        self.segments = [_segments(russian, i) for i in range(len(russian))]

    def walk(self, i: int, prefix: str, silent: int) -> None:
        self.steps += 1
        if self.steps > STEPS:
            return
        if i == len(self.russian):
            self.close(prefix, silent)
        elif self.russian[i] in "-'":
            self.walk(i + 1, prefix, silent)
        else:
            for n, options in self.segments[i]:
                for option in options:
                    if prefix + option in self.prefixes:
                        self.walk(i + n, prefix + option, silent)
        if prefix and silent and i < len(self.russian):  # a silent final "e" only (``close``)
            for letter in dict.fromkeys(SILENT + prefix[-1] + "h"):
                if _silent(prefix + letter, len(prefix)) and prefix + letter in self.prefixes:
                    self.walk(i, prefix + letter, silent - 1)

    def close(self, prefix: str, silent: int) -> None:
        """Keep ``prefix`` (or it with a silent final "e") when it is a name word."""
        for word, extra in ((prefix, 0), (prefix + "e", 1)):
            if word in self.counts:
                self.found[word] = min(self.found.get(word, 99), SILENT_LETTERS - silent + extra)


@lru_cache(maxsize=1 << 12)
def _read(russian: str) -> dict[str, int]:
    """The Latin name words the rules read from ``russian``, each with the fewest silent letters it needs
    (cached: a surname is read again for each way its name is spelt; callers do not change the dict)."""
    reader = _Reader(russian)
    reader.walk(0, "", SILENT_LETTERS)
    return reader.found


def _close(russian: str, latin: str) -> bool:
    import iuliia
    from rapidfuzz import fuzz

    from analysis.nlp.knowledge.latin import ascii_fold

    spelled = ascii_fold(iuliia.WIKIPEDIA.translate(russian)).replace("dzh", "j").replace("kh", "h")
    return fuzz.ratio(_plain(spelled), _plain(latin)) / 100 >= READ_CLOSENESS


_PLAIN = str.maketrans({"c": "k", "q": "k", "y": "i", "w": "v"})


def _sound(latin: str) -> str:
    """A Latin spelling as a sequence of sounds: ``_plain``, a doubled letter single, "kh" as "h"
    ("Lionnel", "Lyonel" and "Lionel" alike)."""
    return re.sub(r"(.)\1", r"\1", _plain(latin).replace("kh", "h"))


def _plain(latin: str) -> str:
    """A Latin spelling with letters that spell one sound alike ("Cameron", "Kameron")."""
    return latin.replace("ph", "f").replace("ck", "k").translate(_PLAIN)


# Letter groups the Latin spellings of other Slavic languages (Polish, Czech, Slovene, Croatian) give a
# name and English romanisation of Russian does not: "w" for "в", "j" for "й" or a soft vowel, "sz", "cz",
# "rz" ("Wladyslaw", "Jaroslav", "Jurij").
_SLAVIC_LATIN = re.compile(r"w|j|sz|cz|rz")
_CYRILLIC = re.compile(r"[а-я]")  # a regnal number ("XVI") is no Russian word to romanise
# Letter groups by which Russian writes a foreign name, not a Russian one: the W of "уэ", "уо", "уи"
# ("Уэббер"), "дж", and "э" after a consonant ("Лэмпард").
_FOREIGN_SPELLING = re.compile(r"у[эои]|дж|[бвгдзклмнпрстфхцчшщ]э")
_POLISH_LATIN = re.compile(r"cz|sz|rz|w")  # Polish letter groups ("Sobczak")


def _romanise_after_russian_form(word: str, known: dict[str, int]) -> bool:
    """Whether a surname after a given name in its Russian form is romanised as Russian: a word written
    as Russian words are that the name list does not know ("Кокорин", "Дудь"; not "Уэббер": Webber),
    or knows only in a Polish spelling few people bear ("Собчак": Sobczak, 1 person; not "Янукович":
    Yanukovych, nor "Карякин": Karjakin, the spellings their bearers chose)."""
    if not _CYRILLIC.search(word) or _FOREIGN_SPELLING.search(word):
        return False
    return not known or (max(known.values()) < WEAK and all(_POLISH_LATIN.search(w) for w in known))


@lru_cache(maxsize=1 << 14)
def latin_word(russian: str, origin: int = Origin.ANY) -> str | None:
    """The Latin spelling (lower case) of one Russian name word, or None when nothing knows it; in a
    Russian person's name (``origin``, an ``Origin``) the romanisation of Russian where the dictionary
    has it, and a Russian surname as Russian is romanised."""
    word = russian.lower().replace("ё", "е").replace("’", "'")
    pairs = spellings().get(word, ())
    known = {latin: count for latin, count in pairs if readable(word, latin)}
    native = [w for w in known if origin and w in russian_romanisations(word)]
    share = max((known[w] for w in native), default=0) / max(known.values(), default=1)
    if origin == Origin.SLAVIC_GIVEN_NAME:  # Vladislav, not the Polish Wladyslaw; Alexander stays
        top = max(known, key=lambda w: (known[w], -len(w), w)) if known else ""
        return (
            max(native, key=lambda w: (known[w], w))
            if _SLAVIC_LATIN.search(top) and native
            else latin_word(russian)
        )
    if native and (origin == Origin.RUSSIAN or share >= NATIVE_SHARE):  # Glinka (3 people), not Hlinka (7)
        return max(native, key=lambda w: (known[w], w))
    if origin == Origin.RUSSIAN and RUSSIAN_SURNAME.search(word):  # Gorbachev, not the list's Gorbachyov
        return _spelt_as_romanised(word, romanised_surname(russian.lower()))
    if origin == Origin.RUSSIAN_FORM and _romanise_after_russian_form(word, known):  # Sobchak, Kokorin
        return _as_romanised(word, romanised_surname(russian.lower()), known)
    if known and max(known.values()) >= WEAK:
        return max(known, key=lambda w: (known[w], -len(w), w))
    seen = [(count, latin) for latin, count in pairs if count >= 2]
    if not known and seen and max(seen)[0] >= TRUSTED:  # "Чжан": Zhang (170 people), no rule reads "ng"
        return max(seen)[1]
    counts = _latin()[1]
    read = (
        {w: n for w, n in _read(word).items() if _close(word, w) and n <= READ_SILENT}
        if len(word) >= READ_LETTERS
        else {}
    )
    if known:  # a rare pair competes with the other spellings of its sounds: the most people win
        sounds = {_sound(w) for w in known}
        rivals = {w for w in read if _sound(w) in sounds} | set(known)  # Lyonel, Lionel; not Kumar for Qamar
        return max(rivals, key=lambda w: (counts[w] + PAIR_WEIGHT * known.get(w, 0), -len(w), w))
    if read:  # the most faithful reading (fewest silent letters), then the most common
        return min(read, key=lambda w: (read[w], -counts[w], len(w), w))
    return max(seen)[1] if seen else None


def _letters(latin: str) -> str:
    """A Latin spelling with doubled letters single and an opening "kh" as "h" (Russian "Х" for H)."""
    return re.sub(r"(.)\1", r"\1", re.sub(r"^kh", "h", latin))


def _as_romanised(word: str, romanised: str, known: dict[str, int]) -> str:
    """A surname's Russian romanisation, or a name word with the same letters but for a doubled one or
    an opening H that the dictionary pairs with it or the rules read from it ("Кисин": Kissin, 1 person;
    "Хаммонд": Hammond, not Khammond; not Chelah for "Челах", Chelakh)."""
    counts = _latin()[1]
    read = _read(word) if len(word) >= READ_LETTERS else {}
    same = [w for w in {*known, *read} if _letters(w) == _letters(romanised)]
    return max(same, key=lambda w: (known.get(w, 0), counts.get(w, 0), w)) if same else romanised


def _spelt_as_romanised(word: str, romanised: str) -> str:
    """A Russian surname's romanisation, or the name word the rules read from it that spells the same
    sounds, which someone bears as their own Latin spelling ("Бердымухамедов": Berdimuhamedov, the
    Turkmen spelling, beside Wikipedia's Berdymukhamedov)."""
    counts = _latin()[1]
    same = [w for w in _read(word) if _sound(w) == _sound(romanised) and _close(word, w)]
    return max(same, key=lambda w: (counts[w], w)) if same else romanised


def capitalised(latin: str) -> str:
    """A name word as written: "o'leary" -> "O'Leary", "mcveagh" -> "McVeagh"."""
    parts = latin.split("'")
    word = "'".join(p[:1].upper() + p[1:] for p in parts)
    if word.startswith("Mc") and len(word) > 2:
        word = "Mc" + word[2].upper() + word[3:]
    return word


def russian_named(name: str) -> bool:
    """Whether ``name`` is a name in the Russian manner, with a patronymic ("Мартын Святославович
    Чуприн"): its English form is its transliteration, not a Western namesake's spelling."""
    from analysis.nlp import morph

    return any("Patr" in morph.parses(word)[0].tag for word in name.split()[1:] if word[:1].isupper())


def english_person(name: str) -> tuple[str, bool]:
    """A person's name (Russian, nominative) in English, and whether every word of it came from the
    name list (False: some word is only transliterated, as English writers do: "Эджаз" -> "Ejaz"; a name
    with a patronymic by Wikipedia's scheme); a title and a regnal name as English gives them
    (``titles``)."""
    from analysis.nlp.knowledge import titles

    title, rest, regnal = titles.split_title(name)
    if title and not rest:  # "Папа Римский": the Pope
        return title, True
    if title:  # "Папа Франциск": Pope Francis; "Патриарх Кирилл": Patriarch Kirill
        english, known = (titles.regnal_name(rest, titled=True) if regnal else None, True)
        english, known = (english, known) if english else english_person(rest)
        return f"{title} {english}", known
    church = titles.regnal_name(name)  # "Карл III": Charles III; "Иисус": Jesus
    if church:
        return church, True
    if russian_named(name):
        return iuliia.WIKIPEDIA.translate(name), False
    korean = name_systems.korean_name(name)
    chinese = korean or (None if name_systems.spanish_name(name) else pinyin_name(name))
    if chinese:
        return chinese, True
    tokens = name.split()
    origin = Origin.SPANISH if name_systems.spanish_name(name) else _origin(tokens)
    words = [
        _token_in_english(token, _word_origin(origin, at, len(tokens))) for at, token in enumerate(tokens)
    ]
    english = (
        name_systems.english_given_name(tokens[0], words[-1][0].lower()) if origin == Origin.ANY else None
    )
    words[0] = (capitalised(english), True) if english and len(words) > 1 else words[0]  # Theodore McCarrick
    return " ".join(w for w, _ in words), all(k for _, k in words)


def _word_origin(origin: int, at: int, words: int) -> int:
    """How the word at ``at`` of a name of ``words`` words reads: every word of a Russian person's name
    as Russian; the surname of a name with a Russian given name as Russian where the dictionary allows;
    that given name itself as anyone's unless the name list spells it in another Slavic language."""
    if origin == Origin.RUSSIAN or at == words - 1:
        return origin
    return Origin.SLAVIC_GIVEN_NAME if origin == Origin.RUSSIAN_FORM and at == 0 else Origin.ANY


def _token_in_english(token: str, origin: int) -> tuple[str, bool]:
    """One word of a name in English, and whether the name list knows it: each part between hyphens
    and dots on its own; an initial ("Б." of "Б.Обама") transliterated, which is no guess."""
    from analysis.nlp.knowledge.latin import english_transliteration

    pieces, known = _PARTS.split(token), True
    for i, part in enumerate(pieces):
        if part in ("-", ".") or not part:
            continue
        spanish = name_systems.spanish_surname_word(part) if origin == Origin.SPANISH else None  # a guess
        latin = (name_systems.arabic_word(part) if origin != Origin.RUSSIAN else None) or spanish
        latin = latin or latin_word(part, origin)
        latin = latin or (
            name_systems.english_surname(part) if origin != Origin.RUSSIAN and part[:1].isupper() else None
        )
        initial = i + 1 < len(pieces) and pieces[i + 1] == "." and len(part) <= 2
        if latin is None or initial or latin == spanish:
            known = known and initial
            pieces[i] = spanish or english_transliteration(hushed_yo(part))  # Nochevka
        else:
            pieces[i] = capitalised(latin) if part[:1].isupper() else latin
    return "".join(pieces), known


def _origin(tokens: list[str]) -> int:
    """How a name of ``tokens`` reads (an ``Origin``): a Russian person's when its last word has a Russian
    surname's ending, or its first word ends as a Russian surname and is no given name ("Шаймиев
    Камиль"; not "Лев", "Яков"); else by its given name."""
    from analysis.nlp import morph

    def surname(word: str, ending: re.Pattern) -> bool:  # not "Ын" (Korean), nor "Кристина", "Лев"
        return (
            len(word) >= SURNAME_LETTERS
            and bool(ending.search(word))
            and "Name" not in morph.parses(word)[0].tag
        )

    first, last = tokens[0], tokens[-1].lower()
    if surname(last, RUSSIAN_SURNAME):
        return Origin.RUSSIAN
    if len(tokens) < 2:
        return Origin.ANY
    if surname(first.lower(), _RUSSIAN_SURNAME_FIRST):
        return Origin.RUSSIAN
    if not _russian_given_name(first):
        return Origin.ANY
    return Origin.RUSSIAN_FORM if _russian_form(first) else Origin.RUSSIAN_GIVEN_NAME


def _russian_given_name(word: str) -> bool:
    """Whether a name's first word reads as a Russian given name: the dictionary spells it as Russian is
    romanised for at least ``NATIVE_SHARE`` of its people ("Елизавета": Elizaveta; "Ксения": Ksenia 12
    beside Xenia 15; not "Вацлав": Vaclav, "Кшиштоф": Krzysztof). The rest of such a name is spelt as
    Russian is romanised where the dictionary allows."""
    key = word.lower().replace("ё", "е")
    known = {latin: count for latin, count in spellings().get(key, ()) if readable(key, latin)}
    native = [known[w] for w in known if w in russian_romanisations(key)]
    return bool(native) and max(native) >= NATIVE_SHARE * max(known.values())


def _russian_form(word: str) -> bool:
    """Whether a Russian given name is the Russian form of a name other languages spell otherwise: a
    spelling that is no romanisation of Russian is borne by at least ``WEAK`` people and ``FOREIGN_SHARE``
    of those the romanisation is ("Ксения": Ksenija;
    "Юрий": Jurij; "Александр": Alexander), where "Урсула", "Анна", "Роберт" are spelt alike everywhere
    and say nothing of where their bearer is from."""
    key = word.lower().replace("ё", "е")
    romanised = russian_romanisations(key)
    pairs = spellings().get(key, ())
    native = sum(count for latin, count in pairs if latin in romanised)
    foreign = max(
        (count for latin, count in pairs if latin not in romanised and readable(key, latin)), default=0
    )
    return native >= WEAK and foreign >= max(WEAK, FOREIGN_SHARE * native)
