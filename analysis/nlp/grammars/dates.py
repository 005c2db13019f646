"""yargy rules for Russian temporal expressions; ``analysis.stages.dates`` normalises what they match.

natasha's own date grammar (``natasha.grammars.date``) only knows single dates and years; this
grammar keeps its building blocks (day, month name, year, "год"/"г.") and adds what news text
needs: day and year ranges, coordinated years, parts of months/years/centuries, relative days,
weekdays, periods ("на прошлой неделе"), "до конца года", durations and "N лет спустя/назад".
Each alternative builds its own subclass of ``Temporal``, named after its form, so the normaliser
knows which fields to read. The closed word lists (months, weekdays, units, quantifiers...) are
lexicon files, ``analysis/lexicon/dates_*.txt``; the Earley parse with lookahead that runs the
grammar on windows of a sentence is ``analysis.nlp.grammars.earley``.
"""

from __future__ import annotations

from functools import cache, lru_cache

from yargy import Parser, and_, or_, rule
from yargy.interpretation import attribute, fact
from yargy.interpretation.interpretator import FactResult, Interpretator
from yargy.morph import MorphAnalyzer
from yargy.predicates import (
    caseless,
    custom,
    eq,
    gte,
    in_,
    in_caseless,
    length_eq,
    lte,
    normalized,
)
from yargy.predicates import type as token_type
from yargy.tokenizer import MorphTokenizer

from analysis.core.lexicon import table
from analysis.nlp.grammars.earley import earley_matches
from analysis.nlp.morph import analyzer

Temporal = fact(
    "Temporal",
    [
        "prep",
        "day",
        "day_end",
        "month",
        "year",
        "year_end",
        "month_end",
        attribute("years").repeatable(),
        "decade",
        "quarter",
        "season",
        "part",
        "century",
        "day_shift",
        "weekday",
        "shift",
        "unit",
        "amount",
        "quant",
    ],
)


def _numbers(name: str) -> dict[str, int]:
    """A word list whose second column is a number (``analysis/lexicon/<name>.txt``)."""
    return {word: int(value) for word, value in table(name).items()}


MONTHS = _numbers("dates_months")
WEEKDAYS = _numbers("dates_weekdays")
DAY_SHIFTS = _numbers("dates_day_shifts")
PARTS = table("dates_parts")
PERIOD_SHIFTS = _numbers("dates_period_shifts")
UNITS = table("dates_units")
NUMBER_WORDS = _numbers("dates_number_words")
QUANTIFIERS = table("dates_quantifiers")
# Seasons only in the instrumental ("летом"): "лето" is also a lemma of "лет" (years).
SEASONS = table("dates_seasons")
QUARTERS = _numbers("dates_quarters")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int:
    """``XX`` -> 20 (subtractive notation included)."""
    values = [ROMAN[ch] for ch in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _is_roman(text: str) -> bool:
    return bool(text) and set(text.upper()) <= set(ROMAN) and 1 <= roman_to_int(text) <= 30


def _is_decade(text: str) -> bool:
    return int(text) % 10 == 0 and (len(text) == 2 or 1000 <= int(text) <= 2100)


class Form:
    """The forms of temporal expression, one per alternative of the grammar: the class name of the
    ``Temporal`` a match builds (``form(match.fact)``), which tells the normaliser what to read."""

    DATE = "date"  # 7 ноября 2025 года, 07.11.2025
    DAY_RANGE = "day_range"  # 5–6 ноября, с 1 по 5 мая
    MONTH = "month"  # в августе, в конце октября 2024 года
    YEAR = "year"  # в 2020 году, с 1992 года
    YEAR_RANGE = "year_range"  # в 2020—2021 годах
    YEARS = "years"  # в 1979 и 1994 годах
    CENTURY = "century"  # в середине XX века
    QUARTER = "quarter"  # в первом квартале 2024 года
    DECADE = "decade"  # в 1990-е годы
    SEASON = "season"  # летом 2024 года, прошлой осенью
    DAY_SHIFT = "day_shift"  # вчера, сегодня
    WEEKDAY = "weekday"  # в четверг
    PERIOD = "period"  # на прошлой неделе
    UNTIL_END = "until_end"  # до конца текущего года
    DURATION = "duration"  # более 30 лет
    AGO = "ago"  # три года назад
    LATER = "later"  # год спустя
    SAME = "same"  # в том же году


def form(fact: Temporal) -> str:
    """The form of a match's fact (a ``Form`` code)."""
    return type(fact).__name__


@cache
def _form(name: str) -> type:
    """A subclass of Temporal per alternative: its class name tells the normaliser the form."""
    return type(name, (Temporal,), {})


class Lexicon:
    """A closed word list by lemma that matches and normalises by one rule, so the two always agree.

    yargy's ``dictionary()`` matches a word when any of its parses has a lemma in the list (and it
    widens the list with every lemma of every parse of each entry), while ``.normalized()`` reads
    only the first parse: "это" matched ``этот`` but normalised to "это". Here both the predicate and
    the value read the same parses of the raw word and stop at the first lemma the list holds.
    """

    def __init__(self, mapping: dict[str, object]) -> None:
        self.mapping = mapping

    def lemma(self, word: str) -> str | None:
        """The listed entry ``word`` is a form of: the word itself if listed (invariable words such as
        "меньше", whose only lemma is "маленький"), else its first listed lemma in pymorphy3's order."""
        candidates = [word.lower(), *(form.normalized for form in _morph()(word))]
        return next((lemma for lemma in candidates if lemma in self.mapping), None)

    def matches(self, word: str) -> bool:
        return self.lemma(word) is not None

    def value(self, word: str) -> object:
        return self.mapping[self.lemma(word)]

    def rule(self, field):
        """Words of the list, interpreted as ``field`` set to their mapped value."""
        return custom(self.matches, types="RU").interpretation(field.custom(self.value))


class _KeepForm(Interpretator):
    """Root interpretation that returns the alternative's own fact instead of merging it into the base."""

    def __call__(self, input):
        return next(item for item in input.items if isinstance(item, FactResult))

    @property
    def label(self) -> str:
        return "keep_form"


DASH = in_("-–—")
YEAR_WORD = or_(rule(normalized("год")), rule(in_caseless({"г", "гг"}), eq(".").optional()))
YEAR_NUMBER = and_(token_type("INT"), gte(1000), lte(2100))
YEAR = YEAR_NUMBER.interpretation(Temporal.year.custom(int))
YEAR_END = YEAR_NUMBER.interpretation(Temporal.year_end.custom(int))
DAY = and_(token_type("INT"), gte(1), lte(31)).interpretation(Temporal.day.custom(int))
DAY_END = and_(token_type("INT"), gte(1), lte(31)).interpretation(Temporal.day_end.custom(int))
MONTH_NUMBER = and_(token_type("INT"), length_eq(2), gte(1), lte(12)).interpretation(
    Temporal.month.custom(int)
)
MONTH_NAME = Lexicon(MONTHS).rule(Temporal.month)
PART = Lexicon(PARTS).rule(Temporal.part)
PREP = in_caseless({"в", "во", "с", "со", "до", "после", "к", "ко", "на", "по"}).interpretation(
    Temporal.prep.custom(str.lower)
)
IN = in_caseless({"в", "во"})
UNIT = Lexicon(UNITS).rule(Temporal.unit)
AMOUNT = or_(
    token_type("INT").interpretation(Temporal.amount.custom(int)),
    Lexicon(NUMBER_WORDS).rule(Temporal.amount),
)

FULL_DATE = rule(
    PREP.optional(), DAY, MONTH_NAME, rule(YEAR, YEAR_WORD.optional()).optional()
).interpretation(_form(Form.DATE))
DIGIT_DATE = rule(
    PREP.optional(), DAY, eq("."), MONTH_NUMBER, eq("."), YEAR, YEAR_WORD.optional()
).interpretation(_form(Form.DATE))
MONTH_END_NAME = Lexicon(MONTHS).rule(Temporal.month_end)
DAY_RANGE = or_(
    rule(PREP.optional(), DAY, DASH, DAY_END, MONTH_NAME, rule(YEAR, YEAR_WORD.optional()).optional()),
    rule(
        PREP.optional(),
        DAY,
        MONTH_NAME,
        or_(rule(DASH), rule(caseless("по"))),
        DAY_END,
        MONTH_END_NAME,
        rule(YEAR, YEAR_WORD.optional()).optional(),
    ),
    rule(
        in_caseless({"с", "со"}),
        DAY,
        caseless("по"),
        DAY_END,
        MONTH_NAME,
        rule(YEAR, YEAR_WORD.optional()).optional(),
    ),
).interpretation(_form(Form.DAY_RANGE))
MONTH = rule(PREP, MONTH_NAME, rule(YEAR, YEAR_WORD.optional()).optional()).interpretation(_form(Form.MONTH))
PART_MONTH = rule(
    IN.optional(), PART, MONTH_NAME, rule(YEAR, YEAR_WORD.optional()).optional()
).interpretation(_form(Form.MONTH))
MONTH_YEAR = rule(MONTH_NAME, YEAR, YEAR_WORD.optional()).interpretation(_form(Form.MONTH))
ORDINAL_ENDING = rule(eq("-"), in_caseless({"м", "й", "го", "ом"}))  # "в 2019-м году"
SINGLE_YEAR = rule(
    PREP.optional(), rule(PART).optional(), YEAR, ORDINAL_ENDING.optional(), YEAR_WORD
).interpretation(_form(Form.YEAR))
QUARTER = rule(
    IN.optional(),
    Lexicon(QUARTERS).rule(Temporal.quarter),
    normalized("квартал"),
    YEAR,
    YEAR_WORD.optional(),
).interpretation(_form(Form.QUARTER))
DECADE = rule(  # "в 1990-е годы", "в 90-х годах" (two digits: the 20th century)
    IN.optional(),
    and_(token_type("INT"), custom(_is_decade)).interpretation(Temporal.decade.custom(int)),
    eq("-"),
    in_caseless({"е", "х", "ые", "ых"}),
    rule(normalized("год")).optional(),
).interpretation(_form(Form.DECADE))
SHORT_YEAR_END = and_(token_type("INT"), length_eq(2)).interpretation(Temporal.year_end.custom(int))
YEAR_RANGE = or_(
    rule(PREP.optional(), YEAR, DASH, YEAR_END, YEAR_WORD.optional()),
    rule(PREP.optional(), YEAR, DASH, SHORT_YEAR_END, YEAR_WORD),  # "в 2020–21 годах"
    rule(in_caseless({"с", "со"}), YEAR, YEAR_WORD.optional(), caseless("по"), YEAR_END, YEAR_WORD),
).interpretation(_form(Form.YEAR_RANGE))
COORDINATED_YEAR = YEAR_NUMBER.interpretation(Temporal.years)  # repeatable: kept as text
YEAR_LIST = rule(
    IN.optional(),
    COORDINATED_YEAR,
    rule(eq(","), COORDINATED_YEAR).repeatable(max=8).optional(),
    caseless("и"),
    COORDINATED_YEAR,
    normalized("год"),
).interpretation(_form(Form.YEARS))
CENTURY = rule(
    IN.optional(),
    PART.optional(),
    or_(
        custom(_is_roman, types="LATIN").interpretation(Temporal.century.custom(roman_to_int)),
        and_(token_type("INT"), gte(1), lte(30)).interpretation(Temporal.century.custom(int)),
    ),
    normalized("век"),
).interpretation(_form(Form.CENTURY))
SEASON = rule(
    Lexicon(PERIOD_SHIFTS).rule(Temporal.shift).optional(),
    in_caseless(set(SEASONS)).interpretation(Temporal.season.custom(lambda word: SEASONS[word.lower()])),
    rule(YEAR, YEAR_WORD.optional()).optional(),
).interpretation(_form(Form.SEASON))
DEICTIC_DAY = Lexicon(DAY_SHIFTS).rule(Temporal.day_shift)
RELATIVE_DAY = rule(DEICTIC_DAY).interpretation(_form(Form.DAY_SHIFT))
WEEKDAY = rule(IN, Lexicon(WEEKDAYS).rule(Temporal.weekday)).interpretation(_form(Form.WEEKDAY))
PERIOD = rule(
    in_caseless({"в", "во", "на"}),
    Lexicon(PERIOD_SHIFTS).rule(Temporal.shift),
    UNIT,
).interpretation(_form(Form.PERIOD))
UNTIL_END = rule(
    caseless("до"),
    normalized("конец"),
    Lexicon(PERIOD_SHIFTS).rule(Temporal.shift).optional(),
    UNIT,
).interpretation(_form(Form.UNTIL_END))
QUANT = Lexicon(QUANTIFIERS).rule(Temporal.quant)
DURATION = rule(QUANT.optional(), AMOUNT, UNIT).interpretation(_form(Form.DURATION))
AGO = rule(AMOUNT.optional(), UNIT, normalized("назад")).interpretation(_form(Form.AGO))
LATER = or_(
    rule(AMOUNT.optional(), UNIT, caseless("спустя")),
    rule(caseless("спустя"), AMOUNT.optional(), UNIT),
).interpretation(_form(Form.LATER))
SAME_YEAR = rule(IN, normalized("тот"), normalized("же"), UNIT).interpretation(_form(Form.SAME))

TEMPORAL = or_(
    FULL_DATE,
    DIGIT_DATE,
    DAY_RANGE,
    MONTH,
    PART_MONTH,
    MONTH_YEAR,
    SINGLE_YEAR,
    YEAR_RANGE,
    YEAR_LIST,
    CENTURY,
    QUARTER,
    DECADE,
    SEASON,
    RELATIVE_DAY,
    WEEKDAY,
    PERIOD,
    UNTIL_END,
    DURATION,
    AGO,
    LATER,
    SAME_YEAR,
).interpretation(_KeepForm())


class _Morph(MorphAnalyzer):
    """yargy's morphology on pymorphy3 (its default wraps pymorphy2, which no longer installs)."""

    def __init__(self) -> None:
        super().__init__(analyzer())

    __call__ = lru_cache(10000)(MorphAnalyzer.__call__)


@cache
def _morph() -> _Morph:
    return _Morph()


@cache
def _tokenizer() -> MorphTokenizer:
    return MorphTokenizer(morph=_morph())


@cache
def parser() -> Parser:
    return Parser(TEMPORAL, tokenizer=_tokenizer())


# Every alternative contains a number or one of these words: sentences without any skip the
# (slow, Earley) parser.
TRIGGERS = frozenset(
    {
        *MONTHS,
        *WEEKDAYS,
        *DAY_SHIFTS,
        *PERIOD_SHIFTS,
        *NUMBER_WORDS,
        *UNITS,
        *PARTS,
        "век",
        "спустя",
        "зима",
        "весна",
        "осень",
    }
)

# The parser runs on windows of tokens around trigger tokens, not on whole sentences: a match
# never has more than WINDOW_LEFT tokens before its first trigger ("в первом квартале 2024",
# "в том же году"), more than WINDOW_RIGHT after its last ("в 2019-м г."), nor more than
# WINDOW_LEFT + WINDOW_RIGHT between two of its triggers ("с 2014 г. по 2016 г."); so every match
# lies inside one window, and the windows (merged where they touch) are parsed independently.
# One token more on each side than the rules need, as a margin.
WINDOW_LEFT = 4
WINDOW_RIGHT = 5


def _is_trigger(token) -> bool:
    return token.type == "INT" or any(form.normalized in TRIGGERS for form in getattr(token, "forms", ()))


def _windows(tokens: list, triggers: list[int]) -> list[tuple[int, int]]:
    """[start, stop) token ranges around the trigger indexes, merged where they overlap or touch."""
    windows: list[list[int]] = []
    for index in triggers:
        start, stop = max(0, index - WINDOW_LEFT), min(len(tokens), index + WINDOW_RIGHT + 1)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], stop)
        else:
            windows.append([start, stop])
    return [(start, stop) for start, stop in windows]


def _findall_tokens(tokens: list) -> list:
    """The dates grammar's matches in already tokenised text (``earley_matches``; its lookahead
    predicts the grammar's start only before a token that can begin a date)."""
    return earley_matches(tokens, parser())


@lru_cache(maxsize=20000)
def _find_all(text: str) -> tuple:
    tokens = list(_tokenizer()(text))
    triggers = [index for index, token in enumerate(tokens) if _is_trigger(token)]
    return tuple(
        match for start, stop in _windows(tokens, triggers) for match in _findall_tokens(tokens[start:stop])
    )


def find_all(text: str) -> list:
    """Non-overlapping matches of the grammar in ``text`` (longest first, as yargy resolves them):
    the same as ``parser().findall(text)`` on sentences with a trigger, computed on windows
    around the triggers and cached per text (outlets repeat sentences)."""
    return list(_find_all(text))


def find_all_whole(text: str) -> list:
    """``find_all`` the slow way, the parser over the whole sentence: the reference it must equal."""
    tokens = _tokenizer()(text)
    if not any(_is_trigger(token) for token in tokens):
        return []
    return list(parser().findall(text))
