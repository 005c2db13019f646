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

import re
from functools import cache, lru_cache

from yargy import Parser, and_, not_, or_, rule
from yargy.interpretation import attribute, fact
from yargy.interpretation.interpretator import FactResult, Interpretator
from yargy.predicates import (
    caseless,
    custom,
    eq,
    gram,
    gte,
    in_,
    in_caseless,
    length_eq,
    lte,
    normalized,
)
from yargy.predicates import type as token_type
from yargy.tokenizer import MorphTokenizer

from analysis.nlp.grammars.date_words import (
    DAY_SHIFTS,
    LOOKALIKES,
    LOOKALIKES_FROM,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORDS,
    PARTS,
    PERIOD_SHIFTS,
    QUANTIFIERS,
    QUARTERS,
    SEASONS,
    UNAMBIGUOUS_WEEKDAYS,
    UNITS,
    VAGUE_AMOUNTS,
    WEEKDAYS,
    Lexicon,
    morph,
)
from analysis.nlp.grammars.earley import earley_matches

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
        attribute("days").repeatable(),
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


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_BEFORE_CENTURY = re.compile(rf"(?<!\w)[IVXLC{''.join(LOOKALIKES_FROM)}]+(?=[\s\u00a0]+(?:век|столет))")


def roman_to_int(text: str) -> int:
    """``XX`` -> 20 (subtractive notation included)."""
    values = [ROMAN[ch] for ch in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _is_roman(text: str) -> bool:
    return bool(text) and set(text.upper()) <= set(ROMAN) and 1 <= roman_to_int(text) <= 30


def _singular(word: str) -> bool:
    """Whether ``word`` can be singular ("года" can, "годы" cannot)."""
    return any(form.grams.values & {"sing"} for form in morph()(word))


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
    BARE_YEAR = "bare_year"  # "В 1976 — поступил", "(1994)", "ЕГЭ-2013": a year without "год"
    DAYS = "days"  # 25 и 26 июля, 17 и 21 апреля


def form(fact: Temporal) -> str:
    """The form of a match's fact (a ``Form`` code)."""
    return type(fact).__name__


@cache
def _form(name: str) -> type:
    """A subclass of Temporal per alternative: its class name tells the normaliser the form."""
    return type(name, (Temporal,), {})


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
DAY_NUMBER = and_(token_type("INT"), gte(1), lte(31))
DAY = DAY_NUMBER.interpretation(Temporal.day.custom(int))
DAY_END = DAY_NUMBER.interpretation(Temporal.day_end.custom(int))
MONTH_NUMBER = and_(token_type("INT"), length_eq(2), gte(1), lte(12)).interpretation(
    Temporal.month.custom(int)
)
MONTH_NAME = Lexicon(MONTHS).rule(Temporal.month)
DAY_MONTH = or_(  # after a day number, a month's abbreviation too ("1 авг.")
    rule(MONTH_NAME), rule(Lexicon(MONTH_ABBREVIATIONS).rule(Temporal.month), eq(".").optional())
)
PART = Lexicon(PARTS).rule(Temporal.part)
PREP = in_caseless({"в", "во", "с", "со", "до", "после", "к", "ко", "на", "по"}).interpretation(
    Temporal.prep.custom(str.lower)
)
IN = in_caseless({"в", "во"})
UNIT = Lexicon(UNITS).rule(Temporal.unit)
SHIFT = Lexicon(PERIOD_SHIFTS).rule(Temporal.shift)
SINGLE_UNIT = Lexicon(UNITS).rule(Temporal.unit, custom(_singular))  # "этого года", not "эти годы"
YEAR_UNIT = normalized("год").interpretation(Temporal.unit.const("year"))
# the year of a date: written ("2025 года"), or counted from publication ("прошлого года")
YEAR_SLOT = or_(rule(YEAR, YEAR_WORD.optional()), rule(SHIFT, YEAR_UNIT))
AMOUNT = or_(
    token_type("INT").interpretation(Temporal.amount.custom(int)),
    Lexicon(NUMBER_WORDS).rule(Temporal.amount),
    Lexicon(VAGUE_AMOUNTS).rule(Temporal.amount),
)
QUANT = Lexicon(QUANTIFIERS).rule(Temporal.quant)

FULL_DATE = rule(PREP.optional(), DAY, DAY_MONTH, YEAR_SLOT.optional()).interpretation(_form(Form.DATE))
DIGIT_DATE = rule(
    PREP.optional(), DAY, eq("."), MONTH_NUMBER, eq("."), YEAR, YEAR_WORD.optional()
).interpretation(_form(Form.DATE))
MONTH_END_NAME = Lexicon(MONTHS).rule(Temporal.month_end)
DAY_RANGE = or_(
    rule(PREP.optional(), DAY, DASH, DAY_END, MONTH_NAME, YEAR_SLOT.optional()),
    rule(
        PREP.optional(),
        DAY,
        MONTH_NAME,
        or_(rule(DASH), rule(caseless("по"))),
        DAY_END,
        MONTH_END_NAME,
        YEAR_SLOT.optional(),
    ),
    rule(  # "с 1 по 5 мая", "в ночь с 3 на 4 июня"
        in_caseless({"с", "со"}), DAY, in_caseless({"по", "на"}), DAY_END, MONTH_NAME, YEAR_SLOT.optional()
    ),
).interpretation(_form(Form.DAY_RANGE))
LISTED_DAY = DAY_NUMBER.interpretation(Temporal.days)  # repeatable: kept as text
DAY_LIST = rule(
    PREP.optional(),
    LISTED_DAY,
    rule(eq(","), LISTED_DAY).repeatable(max=8).optional(),
    or_(rule(in_caseless({"и", "или", "либо"})), rule(eq(","))),
    LISTED_DAY,
    MONTH_NAME,
    YEAR_SLOT.optional(),
).interpretation(_form(Form.DAYS))
MONTH = or_(
    rule(PREP, MONTH_NAME, YEAR_SLOT.optional()),
    rule(PREP, SHIFT, MONTH_NAME),  # "в следующем мае"
).interpretation(_form(Form.MONTH))
PART_MONTH = rule(IN.optional(), PART, MONTH_NAME, YEAR_SLOT.optional()).interpretation(_form(Form.MONTH))
MONTH_YEAR = rule(MONTH_NAME, YEAR_SLOT).interpretation(_form(Form.MONTH))
ORDINAL_ENDING = rule(eq("-"), in_caseless({"м", "й", "го", "ом"}))  # "в 2019-м году"
SINGLE_YEAR = rule(
    PREP.optional(), rule(PART).optional(), YEAR, ORDINAL_ENDING.optional(), YEAR_WORD
).interpretation(_form(Form.YEAR))
BARE_YEAR = or_(  # a year without "год": the stage keeps these only where nothing else can follow
    rule(PREP, YEAR),  # "В 1976 — поступил во ВГИК"
    rule(eq("("), YEAR, eq(")")),  # "The Fat Of The Land (1997)"
    rule(eq("-"), YEAR),  # "ЕГЭ-2013"
).interpretation(_form(Form.BARE_YEAR))
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
    SHIFT.optional(),
    in_caseless(set(SEASONS)).interpretation(Temporal.season.custom(lambda word: SEASONS[word.lower()])),
    rule(YEAR, YEAR_WORD.optional()).optional(),
).interpretation(_form(Form.SEASON))
DEICTIC_DAY = Lexicon(DAY_SHIFTS).rule(Temporal.day_shift)
RELATIVE_DAY = or_(
    rule(DEICTIC_DAY),
    rule(  # "на сегодняшний день", "с сегодняшнего дня"
        in_caseless({"на", "с", "до", "к"}),
        normalized("сегодняшний").interpretation(Temporal.day_shift.const(0)),
        normalized("день"),
    ),
).interpretation(_form(Form.DAY_SHIFT))
WEEKDAY = or_(
    rule(PREP, SHIFT.optional(), Lexicon(WEEKDAYS).rule(Temporal.weekday)),  # "в прошлую пятницу"
    rule(Lexicon(UNAMBIGUOUS_WEEKDAYS).rule(Temporal.weekday)),  # "в пятницу и субботу"
).interpretation(_form(Form.WEEKDAY))
PERIOD = or_(
    rule(in_caseless({"в", "во", "на", "с", "со", "до", "к"}).optional(), SHIFT, SINGLE_UNIT),  # "этого года"
    rule(IN.optional(), PART, SHIFT, UNIT),  # "в начале этого года"
).interpretation(_form(Form.PERIOD))
UNTIL_END = rule(
    caseless("до"),
    normalized("конец"),
    SHIFT.optional(),
    UNIT,
).interpretation(_form(Form.UNTIL_END))
# a unit after "на", "за", "последние" without a number, not "на днях" (recently)
BARE_UNIT = Lexicon(UNITS).rule(Temporal.unit, not_(gram("loct")))
OVER = or_(  # "в течение", "на протяжении", "за", "на": what a length of time may follow
    rule(caseless("в"), normalized("течение")),
    rule(caseless("на"), normalized("протяжение")),
    rule(in_caseless({"за", "на"})),
)
DURATION = or_(
    rule(QUANT.optional(), AMOUNT, UNIT),  # "более 30 лет", "несколько месяцев"
    rule(OVER, normalized("последний").optional(), QUANT.optional(), AMOUNT, UNIT),
    rule(OVER, normalized("последний").optional(), QUANT.optional(), BARE_UNIT),  # "на год"
    rule(normalized("последний"), QUANT.optional(), AMOUNT.optional(), BARE_UNIT),  # "последние недели"
    rule(QUANT, UNIT),  # "больше недели"
    rule(  # "23-летний срок" (the stage tells a person's age, "23-летний житель", apart)
        token_type("INT").interpretation(Temporal.amount.custom(int)),
        eq("-"),
        normalized("летний").interpretation(Temporal.unit.const("year")),
    ),
).interpretation(_form(Form.DURATION))
AGO = rule(QUANT.optional(), AMOUNT.optional(), UNIT, normalized("назад")).interpretation(_form(Form.AGO))
LATER = or_(
    rule(AMOUNT.optional(), UNIT, in_caseless({"спустя", "позже", "позднее"})),
    rule(in_caseless({"спустя", "через"}), QUANT.optional(), AMOUNT.optional(), UNIT),
).interpretation(_form(Form.LATER))
SAME_YEAR = rule(
    IN, in_caseless({"том", "тот", "этом", "этот", "той", "эту", "этой"}), normalized("же"), UNIT
).interpretation(_form(Form.SAME))
TEMPORAL = or_(
    FULL_DATE,
    DIGIT_DATE,
    DAY_RANGE,
    DAY_LIST,
    MONTH,
    PART_MONTH,
    MONTH_YEAR,
    SINGLE_YEAR,
    BARE_YEAR,
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


@cache
def _tokenizer() -> MorphTokenizer:
    return MorphTokenizer(morph=morph())


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
        *VAGUE_AMOUNTS,
        *MONTH_ABBREVIATIONS,
        "век",
        "спустя",
        "через",
        "позже",
        "позднее",
        "последний",
        "течение",
        "протяжение",
        "сегодняшний",
        "летний",
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


def token_key(token) -> tuple[str, str]:
    """What the grammar's predicates read of a token: its text and type (yargy's tokenizer gives its
    morphological forms from its text alone)."""
    return token.type, token.value


def _findall_tokens(tokens: list) -> list:
    """The dates grammar's matches in already tokenised text (``earley_matches``; its lookahead
    predicts the grammar's start only before a token that can begin a date, and what a token was
    tested for is kept by ``token_key``)."""
    return earley_matches(tokens, parser(), key=token_key)


def roman_lookalikes(text: str) -> str:
    """``text`` with the Cyrillic look-alikes of a Roman numeral before "век" in Latin ("ХIII век" ->
    "XIII век"), letter for letter, so offsets stay those of ``text``."""
    return _ROMAN_BEFORE_CENTURY.sub(lambda m: m.group(0).translate(LOOKALIKES), text)


@lru_cache(maxsize=20000)
def _find_all(text: str) -> tuple:
    text = roman_lookalikes(text)
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
    text = roman_lookalikes(text)
    tokens = _tokenizer()(text)
    if not any(_is_trigger(token) for token in tokens):
        return []
    return list(parser().findall(text))
