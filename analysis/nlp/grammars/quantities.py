"""Quantities in Russian news sentences: money, lengths, volumes, masses, durations, counts and
percentages, as structured values with their qualifiers kept as bounds.

A yargy grammar (in the style of ``analysis.nlp.grammars.dates``) runs over the sentence's own tokens
(the engine's, with their lemmas, POS and features), so every quantity carries offsets into the
article and the span of tokens it covers. Numbers are digits ("1 224", "9,5", "9.5", "8–10", "2-х")
or words; word numerals ("двух тысяч", "пятидесяти") are read by the ``number-parser`` package, the
collective ones ("пятерых", "четверо") from a list, and multipliers ("тыс.", "млн", "миллиардов") are applied. ``compatible`` says whether two values of one
measure can both be true given their qualifiers.

Decisions:
- A bare number is not a quantity: it needs a unit, a currency sign, "%" or a counted noun right
  after it (adjectives between are allowed: "480 немецких пилотов"). So years, dates, phone numbers,
  "С5+1" and a number after "статья/пункт/номер/рейс..." ("статьей 144 Уголовного кодекса") come
  out as nothing; so does an amount that is a whole quotation (клуб «16 тонн»).
- A count's unit is the counted noun's lemma; the noun must agree with the number as Russian
  grammar requires (after 5..20 a plural in an oblique case, after 2..4 that or a genitive
  singular, after 1 a singular), which keeps out "пункт 5 статьи", "в 3 квартале" and the like.
  Month names, fractions, abbreviations in capitals ("УК") and units are never counted nouns.
- A part counts the whole's noun ("150 из 400 рейсов"); so does the start of a change ("со 139 млн
  до 138 млн пассажиров"), and there "до" gives the new level (exact), as after any change
  ("упала на 19,8% — до 318,5 млн евро"). Elsewhere "до" is an upper bound ("до 600 рейсов").
- Dates and clock times belong to the timeline: "в 2018 году", "2242 год", "в 1990-х годах", "в 10
  часов", "с 8 часов утра до 20 часов", "13 часов 30 минут" are not durations; "через 2 года" is,
  "2 года назад" is not.
- Vague amounts ("сотни", "тысячи пассажиров", "несколько", "десятки") and a lone "один"/"одна"
  before a counted noun ("одна только авиакомпания") are not quantities.
- A comma or point in digits is a decimal mark ("9,5", "1,405 миллиарда"), as Russian writes it;
  groups of three digits after a space are thousands ("1 224", "50 000").
- A rate's period is kept ("40 тысяч евро в год", "ежедневно более двух тысяч рейсов"): values for
  different periods are not comparable.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from number_parser import parse_number
from number_parser.parser import LanguageData, _normalize_tokens, _tokenize
from yargy import Parser, or_, rule
from yargy.interpretation import attribute, fact
from yargy.interpretation.interpretator import AttributeInterpretator, AttributeResult, InterpretatorResult
from yargy.predicates import caseless, eq, in_, in_caseless
from yargy.predicates.constructors import Predicate
from yargy.span import Span
from yargy.token import Token as YargyToken
from yargy.token import get_tokens_span
from yargy.tokenizer import Tokenizer

from analysis.core.document import Sentence, Token
from analysis.nlp.grammars.dates import MONTHS, WEEKDAYS, earley_matches
from analysis.nlp.morph import analyzer

# --- Tolerances: when two values of one measure can both be true --------------------------------
# Each quantity admits an interval of true values and two quantities are compatible when their
# intervals meet. The widths are data, decided here:
# - "около/примерно/порядка/почти/приблизительно X" admits X ± 10%: "около 9 млрд" agrees with
#   "9,5 млрд" (5.6% away) but not with "10,5 млрд"; journalists say "около" for a rounding of a
#   figure they have, rarely for more than a tenth off.
APPROX_SHARE = 0.10
# - A round figure stated exactly ("1200 км", "50 тыс.") is read as a rounding to its last non-zero
#   digit ("1200" = 1150..1250), but never wider than ±2.5% of the value: "1200 км" agrees with
#   "1224 км", while "10 млрд" (not a rounding of 9,5: 5% off) and "50 тыс." against "55 тыс."
#   disagree. Figures with no trailing zero ("8", "9,5", "1224") are exact.
ROUNDING_SHARE = 0.025
# - Bounds ("более", "свыше", "не менее", "от" / "менее", "до", "не более") are inclusive: "не
#   менее 100" and "более 100" are one claim as far as a reader comparing outlets is concerned.

# Qualifier kinds of ``Quantity.qualifier``.
EXACT, MORE, LESS, APPROX, RANGE = "exact", "more", "less", "approx", "range"

QUALIFIERS = {
    "более": MORE,
    "более чем": MORE,
    "больше": MORE,
    "больше чем": MORE,
    "свыше": MORE,
    "не менее": MORE,
    "не менее чем": MORE,
    "не меньше": MORE,
    "не меньше чем": MORE,
    "по меньшей мере": MORE,
    "по крайней мере": MORE,
    "как минимум": MORE,
    "минимум": MORE,
    "от": MORE,
    "менее": LESS,
    "менее чем": LESS,
    "меньше": LESS,
    "меньше чем": LESS,
    "до": LESS,
    "вплоть до": LESS,
    "не более": LESS,
    "не более чем": LESS,
    "не больше": LESS,
    "не свыше": LESS,
    "как максимум": LESS,
    "максимум": LESS,
    "около": APPROX,
    "порядка": APPROX,
    "примерно": APPROX,
    "почти": APPROX,
    "приблизительно": APPROX,
    "ориентировочно": APPROX,
    "практически": APPROX,
    "приблизительно в": APPROX,
    "примерно в": APPROX,
}

MULTIPLIERS = {
    "тыс": 1e3,
    "тысяча": 1e3,
    "млн": 1e6,
    "миллион": 1e6,
    "млрд": 1e9,
    "миллиард": 1e9,
    "трлн": 1e12,
    "триллион": 1e12,
}
# Abbreviated multipliers spelled out for number-parser ("пять млн" -> "пять миллион").
_SPELLED = {"тыс": "тысяч", "млн": "миллионов", "млрд": "миллиардов", "трлн": "триллионов"}
HALVES = {"полтора", "полторы", "полутора"}  # 1.5: number-parser does not know them
# Collective numerals ("мать пятерых детей", "четверо детей"), by lemma: number-parser does not know
# them either.
COLLECTIVE = {
    "двое": 2,
    "трое": 3,
    "четверо": 4,
    "пятеро": 5,
    "шестеро": 6,
    "семеро": 7,
    "восьмеро": 8,
    "девятеро": 9,
    "десятеро": 10,
}

# Units by lemma (or by the written abbreviation): (unit, dimension). Phrases of several words
# match word by word, by lemma.
UNITS = {
    "евро": ("EUR", "money"),
    "доллар": ("USD", "money"),
    "долл": ("USD", "money"),
    "рубль": ("RUB", "money"),
    "руб": ("RUB", "money"),
    "фунт стерлингов": ("GBP", "money"),
    "юань": ("CNY", "money"),
    "гривна": ("UAH", "money"),
    "грн": ("UAH", "money"),
    "тенге": ("KZT", "money"),
    "иена": ("JPY", "money"),
    "километр": ("km", "length"),
    "км": ("km", "length"),
    "метр": ("m", "length"),
    "м": ("m", "length"),
    "сантиметр": ("cm", "length"),
    "см": ("cm", "length"),
    "миллиметр": ("mm", "length"),
    "мм": ("mm", "length"),
    "нанометр": ("nm", "length"),
    "миля": ("mi", "length"),
    "кубометр": ("m3", "volume"),
    "куб м": ("m3", "volume"),
    "кубический метр": ("m3", "volume"),
    "баррель": ("bbl", "volume"),
    "литр": ("l", "volume"),
    "тонна": ("t", "mass"),
    "килограмм": ("kg", "mass"),
    "кг": ("kg", "mass"),
    "год": ("year", "duration"),
    "лет": ("year", "duration"),
    "месяц": ("month", "duration"),
    "неделя": ("week", "duration"),
    "сутки": ("day", "duration"),
    "день": ("day", "duration"),
    "час": ("hour", "duration"),
    "минута": ("min", "duration"),
    "процент": ("%", "percent"),
    "проц": ("%", "percent"),
    "процентный пункт": ("pp", "percent"),
}
SYMBOLS = {
    "$": ("USD", "money"),
    "€": ("EUR", "money"),
    "£": ("GBP", "money"),
    "₽": ("RUB", "money"),
    "%": ("%", "percent"),
}
# Abbreviations that may carry a full stop ("млрд. евро", "долл.", "куб. м").
ABBREVIATIONS = {
    "тыс",
    "млн",
    "млрд",
    "трлн",
    "долл",
    "руб",
    "грн",
    "км",
    "см",
    "мм",
    "м",
    "кг",
    "куб",
    "проц",
}
# "40 тысяч евро в год", "400 рейсов в сутки": the period a rate is given for.
PER_UNITS = {"год": "year", "месяц": "month", "неделя": "week", "сутки": "day", "день": "day", "час": "hour"}

# For ``compatible``: units of one dimension that convert into each other, as a factor to a base.
CONVERSIONS = {
    "km": ("m", 1000.0),
    "m": ("m", 1.0),
    "cm": ("m", 0.01),
    "mm": ("m", 0.001),
    "nm": ("m", 1e-9),
    "mi": ("m", 1609.344),
    "m3": ("m3", 1.0),
    "l": ("m3", 0.001),
    "bbl": ("m3", 0.158987),
    "t": ("kg", 1000.0),
    "kg": ("kg", 1.0),
    "year": ("day", 365.25),
    "month": ("day", 30.4375),
    "week": ("day", 7.0),
    "day": ("day", 1.0),
    "hour": ("day", 1 / 24),
    "min": ("day", 1 / 1440),
}

# Nouns that are never the counted thing: dates and times of day, and ratios ("в 2 раза").
NOT_COUNTED = {
    *MONTHS,
    *WEEKDAYS,
    "г",
    "гг",
    "мск",
    "раз",
    "утро",
    "вечер",
    "ночь",
    "полдень",
    "номер",
    "число",
    "век",
    "квартал",
    "половина",  # fractions: "три четверти из них"
    "треть",
    "четверть",
}
# "в 10 часов", "с 15 часов дня": a time of day when a number of hours up to 24 follows one of these
# words or is followed by one of those.
TIME_OF_DAY_BEFORE = {"в", "к", "с", "со", "после"}
TIME_OF_DAY_AFTER = {"утра", "дня", "вечера", "ночи"}
# A number right after these names a thing, it counts nothing: "статьей 144 Уголовного кодекса",
# "пункт 5 статьи 10", "рейс 1234".
REFERENCES = {
    "статья",
    "пункт",
    "часть",
    "глава",
    "параграф",
    "раздел",
    "номер",
    "№",
    "рейс",
    "дом",
    "резолюция",
}
# After these a "до" gives a new level, not a bound ("выросла на 4%, до 1,405 миллиарда евро").
CHANGE_LEMMAS = {
    "вырасти",
    "возрасти",
    "расти",
    "увеличить",
    "увеличиться",
    "увеличиваться",
    "сократить",
    "сократиться",
    "сокращаться",
    "снизить",
    "снизиться",
    "снижаться",
    "упасть",
    "падать",
    "повысить",
    "повыситься",
    "понизить",
    "понизиться",
    "подскочить",
    "уменьшить",
    "уменьшиться",
    "достичь",
    "достигнуть",
    "подняться",
    "опуститься",
    "рост",
    "снижение",
    "падение",
    "сокращение",
    "увеличение",
    "повышение",
}
CHANGE_WINDOW = 8  # tokens before "до" searched for a change
# "ежегодно она перевозит 139 миллионов человек": a rate's period given by an adverb near it
# (within PER_WINDOW tokens before or after, in the same stretch between punctuation marks).
PER_ADVERBS = {
    "ежегодно": "year",
    "ежемесячно": "month",
    "еженедельно": "week",
    "ежедневно": "day",
    "ежесуточно": "day",
}
PER_WINDOW = 3


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity of a sentence. ``value`` is set for exact, bounded and approximate amounts
    (the bound itself for "более"/"до"), ``low``/``high`` for ranges; ``interval`` gives both."""

    article_id: str
    sentence_id: int
    start: int  # offsets into the article's raw text, like the sentence's and its tokens'
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str  # "EUR", "km", "%", ..., or a counted noun's lemma ("пассажир")
    dimension: str  # money, length, volume, mass, duration, count, percent
    qualifier: str  # exact, more, less, approx, range
    per: str  # "year" in "40 тысяч евро в год"; "" for none
    token_start: int  # positions in ``sentence.tokens``, half-open
    token_end: int

    @property
    def interval(self) -> tuple[float, float]:
        """The values this quantity admits (bounds inclusive), tolerances of the module applied."""
        if self.qualifier == RANGE:
            return (self.low, self.high)
        value = self.value
        if self.qualifier == MORE:
            return (value, math.inf)
        if self.qualifier == LESS:
            return (-math.inf, value)
        width = abs(value) * APPROX_SHARE if self.qualifier == APPROX else _rounding(value)
        return (value - width, value + width)


def _rounding(value: float) -> float:
    """Half a unit of the last non-zero digit of a round integer, capped at ROUNDING_SHARE."""
    if value <= 0 or value != int(value) or int(value) % 10:
        return 0.0
    digits = str(int(value))
    place = 10 ** (len(digits) - len(digits.rstrip("0")))
    return min(place / 2, value * ROUNDING_SHARE)


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same thing in convertible units and for the same period."""
    if a.dimension != b.dimension or a.per != b.per:
        return False
    if a.unit == b.unit:
        return True
    return (
        a.unit in CONVERSIONS and b.unit in CONVERSIONS and CONVERSIONS[a.unit][0] == CONVERSIONS[b.unit][0]
    )


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether ``a`` and ``b`` can both be true given their qualifiers: their intervals meet.
    Raises ValueError for quantities that are not ``comparable`` (different dimension, currency,
    counted noun or period)."""
    if not comparable(a, b):
        raise ValueError(f"not comparable: {a.text!r} ({a.unit}) and {b.text!r} ({b.unit})")
    factor_a = CONVERSIONS[a.unit][1] if a.unit != b.unit else 1.0
    factor_b = CONVERSIONS[b.unit][1] if a.unit != b.unit else 1.0
    low_a, high_a = (bound * factor_a for bound in a.interval)
    low_b, high_b = (bound * factor_b for bound in b.interval)
    return max(low_a, low_b) <= min(high_a, high_b)


# --- Tokens -------------------------------------------------------------------------------------


class _Word(str):
    """A token's text that also carries the engine's analysis (yargy hands predicates and
    interpretations the token's value, so what they need travels with it)."""

    kind: str  # NUM, DASHED ("8–10"), SUFFIXED ("2-х"), TIME, RU, LATIN, PUNCT
    lemma: str
    pos: str
    feats: str
    first: int  # positions in sentence.tokens
    last: int


_DIGITS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
_DASHED = re.compile(r"(\d+(?:[.,]\d+)?)[-–—](\d+(?:[.,]\d+)?)")
_SUFFIXED = re.compile(r"(\d+)-(?:х|ти|ми|и|ух|ех|ёх|ого|ой)", re.IGNORECASE)  # "2-х", "6-ти"
_GROUP_GAP = {" ", "\u00a0", "\u202f", "\u2009"}
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


def _is_time(sentence: Sentence, start: int, end: int) -> bool:
    """Digits joined by a colon to more digits ("4:01", "в 03:00") are a time of day."""
    text = sentence.text
    if not text[start:end].isdigit():
        return False
    before = start > 1 and text[start - 1] == ":" and text[start - 2].isdigit()
    return before or (end + 1 < len(text) and text[end] == ":" and text[end + 1].isdigit())


def _kind(text: str) -> str:
    if _DIGITS.fullmatch(text):
        return "NUM"
    if _DASHED.fullmatch(text):
        return "DASHED"
    if _SUFFIXED.fullmatch(text):
        return "SUFFIXED"
    if _CYRILLIC.search(text):
        return "RU"
    if _LATIN.search(text):
        return "LATIN"
    return "PUNCT"


def _word(text: str, kind: str, token: Token, first: int, last: int) -> _Word:
    word = _Word(text)
    word.kind, word.lemma, word.pos, word.feats = kind, token.lemma, token.pos, token.feats
    word.first, word.last = first, last
    return word


def _yargy_tokens(sentence: Sentence) -> list[YargyToken]:
    """The sentence's tokens for the grammar, offsets relative to the sentence; digit groups
    split by a space ("1 224", "50 000") joined into one number."""
    tokens = sentence.tokens
    out: list[YargyToken] = []
    index = 0
    while index < len(tokens):
        last = index
        text = tokens[index].text
        if re.fullmatch(r"\d{1,3}", text):
            while (
                last + 1 < len(tokens)
                and re.fullmatch(r"\d{3}(?:[.,]\d+)?", tokens[last + 1].text)
                and tokens[last + 1].start - tokens[last].end == 1
                and sentence.text[tokens[last].end - sentence.start] in _GROUP_GAP
                and re.fullmatch(r"\d+", tokens[last].text)
            ):
                last += 1
        start, end = tokens[index].start - sentence.start, tokens[last].end - sentence.start
        text = sentence.text[start:end]
        kind = "TIME" if _is_time(sentence, start, end) else _kind(text)
        out.append(YargyToken(_word(text, kind, tokens[index], index, last), Span(start, end), kind))
        index = last + 1
    return out


# --- Predicates ---------------------------------------------------------------------------------


class _Where(Predicate):
    """A token predicate over the token's ``_Word`` value (its text, lemma, POS and features)."""

    __attributes__ = ["function"]

    def __init__(self, function) -> None:
        self.function = function

    def __call__(self, token) -> bool:
        return bool(self.function(token.value))

    @property
    def label(self) -> str:
        return f"where({self.function.__name__})"


@lru_cache(maxsize=20000)
def _lemmas(text: str, lemma: str) -> tuple[str, ...]:
    """The word itself, the engine's lemma, then pymorphy3's lemmas, lower case."""
    parses = analyzer().parse(text)
    return tuple(dict.fromkeys([text.lower(), lemma.lower(), *(parse.normal_form for parse in parses)]))


def _is(entry: str):
    """Predicate: the word is a form of ``entry`` (by text, engine lemma or a pymorphy3 lemma)."""

    def is_entry(word: _Word) -> bool:
        return entry in _lemmas(str(word), word.lemma)

    is_entry.__name__ = f"is_{entry}"
    return _Where(is_entry)


def _listed(mapping: dict[str, object], word: _Word) -> str | None:
    return next((lemma for lemma in _lemmas(str(word), word.lemma) if lemma in mapping), None)


def _multiplier(word: _Word) -> bool:
    return _listed(MULTIPLIERS, word) is not None


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


def _number_word(word: _Word) -> bool:
    if word.kind != "RU" or _multiplier(word):
        return False
    return _number_word_cached(word.lower()) or _listed(COLLECTIVE, word) is not None


def _word_or_multiplier(word: _Word) -> bool:
    return _number_word(word) or _multiplier(word)


def _half(word: _Word) -> bool:
    return word.lower() in HALVES


def _num(word: _Word) -> bool:
    return word.kind in ("NUM", "DASHED")


def _suffixed(word: _Word) -> bool:
    return word.kind == "SUFFIXED"


_UNIT_WORDS = {word for phrase in UNITS for word in phrase.split()}


@lru_cache(maxsize=20000)
def _dictionary_pos(text: str) -> frozenset[str]:
    return frozenset(parse.tag.POS for parse in analyzer().parse(text) if parse.tag.POS)


def _noun(word: _Word) -> bool:
    """A noun by the engine, or by the dictionary when the word cannot be an adjective or a
    participle (the tagger reads "4 тыс. бортпроводников" as a participle)."""
    if word.pos == "NOUN":
        return True
    known = _dictionary_pos(str(word).lower())
    return word.pos in ("ADJ", "VERB") and "NOUN" in known and not known & {"ADJF", "PRTF"}


def _counted(word: _Word) -> bool:
    """A noun that can be the counted thing: not a unit, multiplier, date or abbreviation."""
    if word.kind != "RU" or len(word) < 2 or word.isupper() or not _noun(word):
        return False
    lemmas = _lemmas(str(word), word.lemma)
    return not any(lemma in _UNIT_WORDS or lemma in MULTIPLIERS or lemma in NOT_COUNTED for lemma in lemmas)


def _modifier(word: _Word) -> bool:
    """An adjective or participle between a number and its noun ("480 немецких пилотов")."""
    if word.kind != "RU" or not (
        word.pos in ("ADJ", "DET") or (word.pos == "VERB" and "VerbForm=Part" in word.feats)
    ):
        return False
    return bool(_dictionary_pos(str(word).lower()) & {"ADJF", "PRTF"})


# --- Grammar ------------------------------------------------------------------------------------


class _WordResult(InterpretatorResult):
    """An attribute's value that stays the token's ``_Word`` (yargy would join it into a plain str)."""

    __attributes__ = ["tokens"]

    def __init__(self, tokens) -> None:
        self.tokens = tokens

    @property
    def normalized(self) -> _Word:
        return self.tokens[0].value

    @property
    def spans(self):
        yield get_tokens_span(self.tokens)


class _KeepWord(AttributeInterpretator):
    def __call__(self, input):
        return AttributeResult(_WordResult(input.items), self.attribute)


def _keep(predicate, field):
    """One token, interpreted as ``field`` set to the token's ``_Word``."""
    return rule(predicate).interpretation(_KeepWord(field))


Number = fact("Number", ["digits", attribute("words").repeatable(), "half", "mult", "suffixed"])
Amount = fact(
    "Amount",
    [
        "part_qual",
        "part",
        "since",
        "qual",
        "value",
        "low",
        "high",
        "unit",
        "unit_low",
        "symbol",
        "noun",
        "per",
    ],
)

DOT = eq(".")
DASH = in_("-–—")
MULT = rule(_keep(_Where(_multiplier), Number.mult), DOT.optional())
NUMBER = or_(
    rule(_keep(_Where(_num), Number.digits), MULT.optional()),
    rule(_keep(_Where(_suffixed), Number.suffixed), MULT.optional()),  # "2-х тыс."
    rule(_keep(_Where(_half), Number.half), MULT),
    rule(
        _keep(_Where(_number_word), Number.words),
        _keep(_Where(_word_or_multiplier), Number.words).repeatable(max=6).optional(),
    ),
    _keep(_Where(_multiplier), Number.words),  # "тысяча бортпроводников"
).interpretation(Number)


def _phrase(phrase: str, abbreviations: bool = False):
    """A rule for a phrase, word by word by lemma; abbreviations may carry a full stop."""
    parts = []
    for word in phrase.split():
        parts.append(_is(word))
        if abbreviations and word in ABBREVIATIONS:
            parts.append(DOT.optional())
    return rule(*parts)


def _qualifier_rule(field):
    return or_(
        *(
            rule(*(caseless(word) for word in phrase.split())).interpretation(field.const(kind))
            for phrase, kind in QUALIFIERS.items()
        )
    )


def _unit_rule(field):
    return or_(
        *(_phrase(phrase, abbreviations=True).interpretation(field.const(phrase)) for phrase in UNITS),
        in_(set(SYMBOLS)).interpretation(field.custom(str)),
    )


# "более чем на 7%": a qualified change keeps its qualifier.
QUALIFIER = rule(_qualifier_rule(Amount.qual), caseless("на").optional())
UNIT = _unit_rule(Amount.unit)
PER = rule(
    in_caseless({"в", "за"}),
    or_(*(_phrase(phrase).interpretation(Amount.per.const(unit)) for phrase, unit in PER_UNITS.items())),
)
VALUE = NUMBER.interpretation(Amount.value)
SPAN = or_(
    rule(NUMBER.interpretation(Amount.low), DASH, NUMBER.interpretation(Amount.high)),
    rule(
        caseless("от"),
        NUMBER.interpretation(Amount.low),
        _unit_rule(Amount.unit_low).optional(),
        caseless("до"),
        NUMBER.interpretation(Amount.high),
    ),
)
# "150 из 400 рейсов", "около 30 000 из 450 тыс. пассажиров": the part counts the whole's noun.
PART = rule(
    _qualifier_rule(Amount.part_qual).optional(),
    NUMBER.interpretation(Amount.part),
    caseless("из"),
)
COUNTED = rule(_Where(_modifier).repeatable(max=3).optional(), _keep(_Where(_counted), Amount.noun))
# "со 139 млн до 138 млн пассажиров", "с 1,25-1,35 млрд до 1,10-1,20 млрд евро": a change from one
# value to another, both of the unit that ends it. Parsed on its own, just before a quantity that
# begins with "до" (inside AMOUNT, yargy's chart loses it next to the partitive alternative).
FROM_TO = rule(
    in_caseless({"с", "со"}),
    NUMBER.interpretation(Amount.since),
    _unit_rule(Amount.unit_low).optional(),
    caseless("до"),
).interpretation(Amount)
FROM_TO_WINDOW = 6  # tokens before "до": "с", a number of up to three words, a multiplier, a unit
AMOUNT = or_(
    rule(QUALIFIER.optional(), or_(VALUE, SPAN), UNIT, PER.optional()),
    rule(PART.optional(), QUALIFIER.optional(), or_(VALUE, SPAN), COUNTED, PER.optional()),
    rule(
        QUALIFIER.optional(),
        in_(set(SYMBOLS) - {"%"}).interpretation(Amount.symbol.custom(str)),
        or_(VALUE, SPAN),
        PER.optional(),
    ),
).interpretation(Amount)

# Words a match can begin with besides a trigger: a qualifier's ("не менее"), "от" and "с"/"со"
# ("от 5 до 10", "со 139 млн до 138 млн").
_LEADS = [phrase.split() for phrase in QUALIFIERS] + [["от"], ["с"], ["со"]]
_STARTS = {phrase[0] for phrase in _LEADS}


def _is_trigger(word: _Word) -> bool:
    """A word every match holds one of: a number, a currency sign, a multiplier."""
    return (
        word.kind in ("NUM", "DASHED", "SUFFIXED")
        or str(word) in SYMBOLS
        or _half(word)
        or _multiplier(word)
        or _number_word(word)
    )


def _leads_to(words: list[str], index: int, triggers: set[int]) -> bool:
    """Whether a qualifier ("не менее чем"), "с" or "от" begins at ``index`` and a trigger follows
    it, "на" and "от" allowed between ("более чем на 7%", "от 5 до 10")."""
    for phrase in _LEADS:
        if words[index : index + len(phrase)] != phrase:
            continue
        after = {index + len(phrase)}
        after |= {i + 1 for i in after if i < len(words) and words[i] == "на"}
        after |= {i + 1 for i in after if i < len(words) and words[i] == "от"}
        if after & triggers:
            return True
    return False


def _starts(tokens: list[YargyToken]) -> set[int]:
    """Start offsets of the tokens a match can begin with: a trigger, or a qualifier with one
    after it (``_leads_to``); elsewhere the predicted states die without completing."""
    triggers = {index for index, token in enumerate(tokens) if _is_trigger(token.value)}
    words = [token.value.lower() for token in tokens]
    starts = {tokens[index].span.start for index in triggers}
    for index, word in enumerate(words):
        if word in _STARTS and _leads_to(words, index, triggers):
            starts.add(tokens[index].span.start)
    return starts


@cache
def parser() -> Parser:
    # Tokens come from the sentence, never from yargy's tokenizer: a plain one keeps yargy from
    # loading its pymorphy2 morphology.
    return Parser(AMOUNT, tokenizer=Tokenizer())


@cache
def _from_to_parser() -> Parser:
    return Parser(FROM_TO, tokenizer=Tokenizer())


def _findall(tokens: list[YargyToken], grammar: Parser | None = None) -> list:
    """yargy's ``Parser.findall`` on tokens already made (the parser would tokenise text itself)."""
    starts = _starts(tokens)
    return earley_matches(tokens, grammar or parser(), lambda token: token.span.start in starts)


# --- Values -------------------------------------------------------------------------------------


def _decimal(text: str) -> Decimal:
    return Decimal(re.sub(r"\s", "", text).replace(",", "."))


def _number_value(number) -> tuple[float, float] | None:
    """(low, high) of a Number fact, the multiplier applied; equal for a single number."""
    mult = Decimal(1)
    if number.mult is not None:
        mult = Decimal(MULTIPLIERS[_listed(MULTIPLIERS, number.mult)])
    if number.digits is not None:
        text = str(number.digits)
        dashed = _DASHED.fullmatch(text)
        low, high = (dashed.group(1), dashed.group(2)) if dashed else (text, text)
        return (float(_decimal(low) * mult), float(_decimal(high) * mult))
    if number.suffixed is not None:
        value = float(Decimal(_SUFFIXED.fullmatch(str(number.suffixed)).group(1)) * mult)
        return (value, value)
    if number.half is not None:
        return (float(Decimal("1.5") * mult),) * 2
    collective = _listed(COLLECTIVE, number.words[0]) if len(number.words) == 1 else None
    if collective is not None:
        return (float(COLLECTIVE[collective]),) * 2
    words = [_SPELLED.get(str(word).lower(), str(word).lower()) for word in number.words]
    value = parse_number(" ".join(words), language="ru")
    return None if value is None else (float(value), float(value))


def _multiplies(number) -> bool:
    """Whether the number ends in a multiplier ("55 тыс.", "двух тысяч"): its noun is a plural."""
    return number.mult is not None or (bool(number.words) and _multiplier(number.words[-1]))


_UD_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


@lru_cache(maxsize=20000)
def _readings(text: str, feats: str) -> frozenset[tuple[str, str]]:
    """(number, case) readings of a noun: the engine's, and every one pymorphy3 knows (the tagger
    misreads "42 тыс. человек" as a nominative singular)."""
    ud = dict(part.split("=", 1) for part in feats.split("|") if "=" in part)
    readings = {("plur" if ud.get("Number") == "Plur" else "sing", _UD_CASES.get(ud.get("Case", ""), ""))}
    for parse in analyzer().parse(text):
        if "NOUN" in parse.tag:
            readings.add((parse.tag.number or "", parse.tag.case or ""))
    return frozenset(readings)


def _agrees(value: float, noun: _Word, after_multiplier: bool) -> bool:
    """Whether the counted noun can take the form it has after the number: a genitive plural after a
    multiplier, a genitive after a fraction; after 5..20 a plural that is not nominative or
    accusative ("пять рейсов", "пяти странах"); after 2..4 that or a genitive singular ("два
    самолета"); after 1 a singular. Rules out "пункт 5 статьи", "в 3 квартале"."""
    readings = _readings(str(noun), noun.feats)
    oblique_plural = any(number == "plur" and case not in ("nomn", "accs") for number, case in readings)
    if after_multiplier:
        return ("plur", "gent") in readings
    if value != int(value):
        return any(case == "gent" for _, case in readings)
    last_two = int(value) % 100
    if 11 <= last_two <= 19 or last_two % 10 in (0, 5, 6, 7, 8, 9):
        return oblique_plural
    if last_two % 10 == 1:
        return any(number == "sing" for number, _ in readings)
    return oblique_plural or ("sing", "gent") in readings


def _is_change(sentence: Sentence, position: int) -> bool:
    """Whether the "до" at ``position`` in the sentence's tokens gives a new level after a change."""
    before = sentence.tokens[max(0, position - CHANGE_WINDOW) : position]
    if any(token.lemma in CHANGE_LEMMAS for token in before):
        return True
    texts = [token.text.lower() for token in before]
    return any(
        texts[i] in ("на", "с", "со") and _DIGITS.fullmatch(texts[i + 1]) for i in range(len(texts) - 1)
    )


def _has_trigger(sentence: Sentence) -> bool:
    """Every match holds a digit, a currency sign, a number word or a multiplier."""
    return any(
        any(ch.isdigit() for ch in token.text)
        or token.text in SYMBOLS
        or token.text.lower() in HALVES
        or (token.pos == "NUM" and _CYRILLIC.search(token.text))
        or token.lemma in MULTIPLIERS
        for token in sentence.tokens
    )


def quantities(sentence: Sentence) -> list[Quantity]:
    """The quantities of one sentence, in order (pure: reads only the sentence)."""
    if not sentence.tokens or not _has_trigger(sentence):
        return []
    found: list[Quantity] = []
    tokens = _yargy_tokens(sentence)
    for match in _findall(tokens):
        found.extend(_quantities(sentence, match, _since(tokens, match)))
    return found


def _since(tokens: list[YargyToken], match):
    """The "с N" before a match that begins with "до" ("со 139 млн до 138 млн пассажиров")."""
    if match.tokens[0].value.lower() != "до":
        return None
    stop = next(index for index, token in enumerate(tokens) if token.span == match.tokens[0].span) + 1
    window = tokens[max(0, stop - FROM_TO_WINDOW) : stop]
    return next(
        (
            found
            for found in _findall(window, _from_to_parser())
            if found.span.stop == match.tokens[0].span.stop
        ),
        None,
    )


def _per_adverb(sentence: Sentence, first: int, last: int) -> str:
    """The period of a rate named by an adverb near the quantity ("ежедневно более 2000 рейсов")."""
    tokens = sentence.tokens
    for step, edge in ((-1, first), (1, last)):
        position = edge + step
        while 0 <= position < len(tokens) and abs(position - edge) <= PER_WINDOW:
            token = tokens[position]
            if token.pos == "PUNCT":
                break
            if token.text.lower() in PER_ADVERBS:
                return PER_ADVERBS[token.text.lower()]
            position += step
    return ""


def _quoted(sentence: Sentence, first: int, last: int) -> bool:
    """Whether the tokens first..last are the whole of a quotation (a name, not an amount)."""
    tokens = sentence.tokens
    opens = first > 0 and tokens[first - 1].text in ("«", '"', "“", "„")
    return opens and last + 1 < len(tokens) and tokens[last + 1].text in ("»", '"', "”", "“")


def _from_to(sentence: Sentence, first: int) -> bool:
    """Whether the quantity starting at ``first`` is the "до M" of "с N [утра] до M"."""
    texts = [token.text.lower() for token in sentence.tokens[max(0, first - 4) : first + 1]]
    if not texts or texts[-1] != "до":
        return False
    return any(
        texts[i] in ("с", "со") and _DIGITS.fullmatch(texts[i + 1]) is not None for i in range(len(texts) - 2)
    )


def _hours_and_minutes(sentence: Sentence, first: int, last: int, unit: str) -> bool:
    """Whether the quantity is half of "N часов M минут", in news nearly always a clock time."""
    tokens = sentence.tokens
    if unit == "min" and first >= 2:
        return _DIGITS.fullmatch(tokens[first - 2].text) is not None and tokens[first - 1].lemma == "час"
    if unit == "hour" and last + 2 < len(tokens):
        return _DIGITS.fullmatch(tokens[last + 1].text) is not None and tokens[last + 2].lemma == "минута"
    return False


def _is_date(sentence: Sentence, words: list[_Word], number, bounds, unit: str, qualifier: str) -> bool:
    """A duration that is a date or a time of day: the timeline's, not a quantity."""
    first, last = words[0].first, words[-1].last
    year_like = all(bound >= 1000 and bound == int(bound) for bound in bounds)
    plain_years = unit == "year" and year_like and number.mult is None and not number.words
    if plain_years and not any(word.lower() == "лет" for word in words):
        return True  # "в 2018 году", "2018-2019 финансового года", "2242 год — конец эпохи"
    if number.suffixed is not None:
        return True  # "в 90-х годах"
    previous = sentence.tokens[first - 1].text.lower() if first > 0 else ""
    following = sentence.tokens[last + 1].text.lower() if last + 1 < len(sentence.tokens) else ""
    clock = unit == "hour" and bounds[1] <= 24 and qualifier == EXACT
    if clock and (previous in TIME_OF_DAY_BEFORE or following in TIME_OF_DAY_AFTER):
        return True  # "в 10 часов", "с 15 часов дня"
    if unit == "hour" and _from_to(sentence, first):
        return True  # "с 10 до 18 часов"
    if _hours_and_minutes(sentence, first, last, unit):
        return True  # "в 12 часов 30 минут", "Начало — 13 часов 30 минут"
    return following in ("назад", "спустя") or previous == "спустя"  # relative dates


def _quantities(sentence: Sentence, match, since=None) -> list[Quantity]:
    """The quantity of one match, and before it the part of a partitive ("150 из 400 рейсов")."""
    amount = match.fact
    words = [token.value for token in match.tokens]
    part_words: list[_Word] = []
    if amount.part is not None:
        cut = next(index for index, word in enumerate(words) if word.lower() == "из")
        part_words, words = words[:cut], words[cut + 1 :]
    elif since is not None:
        part_words = [token.value for token in since.tokens[1:-1]]
    qualifier = amount.qual or EXACT
    first = (part_words or words)[0].first
    if (
        first > 0
        and amount.qual is None
        and amount.part_qual is None
        and sentence.tokens[first - 1].lemma in REFERENCES
        and "Number=Plur" not in sentence.tokens[first - 1].feats  # "рейсы 50 000 пассажиров" counts
    ):
        return []

    # The value or the range.
    if amount.value is not None:
        bounds, number = _number_value(amount.value), amount.value
    else:
        low, high = _number_value(amount.low), _number_value(amount.high)
        bounds = None if low is None or high is None else (low[0], high[1])
        number = amount.high
        if amount.high.mult is not None and amount.low.mult is None and bounds is not None:
            # "от 8 до 10 млрд": the multiplier of the upper end applies to the lower end too.
            bounds = (bounds[0] * MULTIPLIERS[_listed(MULTIPLIERS, amount.high.mult)], bounds[1])
    if bounds is None:
        return []

    # The unit.
    if amount.symbol is not None:
        unit, dimension = SYMBOLS[amount.symbol]
    elif amount.unit is not None:
        unit, dimension = SYMBOLS[amount.unit] if amount.unit in SYMBOLS else UNITS[amount.unit]
    else:
        noun = amount.noun
        if not _agrees(bounds[1], noun, _multiplies(number)):
            return []
        if number.words and bounds[1] == 1 and not _multiplies(number):
            return []  # "одна только авиакомпания"
        if len(number.words) == 1 and _multiplier(number.words[0]) and "Number=Plur" in number.words[0].feats:
            return []  # "тысячи пассажиров": thousands, not a number
        unit, dimension = noun.lemma, "count"

    if _quoted(sentence, (part_words or words)[0].first, words[-1].last):
        return []  # a name: клуб «16 тонн»
    if dimension == "duration" and _is_date(sentence, words, number, bounds, unit, qualifier):
        return []
    if qualifier == LESS and words[0].lower() == "до" and _is_change(sentence, words[0].first):
        qualifier = EXACT
    if bounds[0] != bounds[1] or amount.value is None:
        value, low, high, qualifier = None, bounds[0], bounds[1], RANGE
    else:
        value, low, high = bounds[0], None, None
    per = amount.per or _per_adverb(sentence, words[0].first, words[-1].last)
    found = [_make(sentence, words, value, low, high, unit, dimension, qualifier, per)]
    earlier = amount.part if amount.part is not None else since.fact.since if since is not None else None
    part = _number_value(earlier) if earlier is not None else None
    if part is not None:
        low, high = part
        kind = RANGE if low != high else amount.part_qual or EXACT
        value, low, high = (None, low, high) if kind == RANGE else (low, None, None)
        found.insert(0, _make(sentence, part_words, value, low, high, unit, dimension, kind, per))
    return found


def _make(sentence, words, value, low, high, unit, dimension, qualifier, per) -> Quantity:
    if len(words) > 1 and words[-1] == "." and words[-1].last == len(sentence.tokens) - 1:
        words = words[:-1]  # "9.5 млрд долл.": the full stop ends the sentence too; the span stops before it
    first, last = words[0].first, words[-1].last
    start, end = sentence.tokens[first].start, sentence.tokens[last].end
    return Quantity(
        article_id=sentence.article_id,
        sentence_id=sentence.sentence_id,
        start=start,
        end=end,
        text=sentence.text[start - sentence.start : end - sentence.start],
        value=value,
        low=low,
        high=high,
        unit=unit,
        dimension=dimension,
        qualifier=qualifier,
        per=per,
        token_start=first,
        token_end=last + 1,
    )
