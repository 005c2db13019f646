"""From the grammar's matches to the quantities of a sentence: the value or range, the unit or the
counted noun, the qualifier and a rate's period; and what is left out (a number naming a thing, a
quotation, a date or a clock time, a vague amount, a noun that does not agree with its number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yargy.token import Token as YargyToken

from analysis.core.document import Sentence
from analysis.nlp.grammars.quantities.grammar import FROM_TO_WINDOW, findall, from_to_parser
from analysis.nlp.grammars.quantities.predicates import multiplier
from analysis.nlp.grammars.quantities.quantity import EXACT, LESS, RANGE, Quantity
from analysis.nlp.grammars.quantities.tokens import CYRILLIC, DIGITS, Word, yargy_tokens
from analysis.nlp.grammars.quantities.values import agrees, factor, multiplies, number_value
from analysis.nlp.grammars.quantities.words import (
    CHANGE_LEMMAS,
    CHANGE_WINDOW,
    HALVES,
    MULTIPLIERS,
    PER_ADVERBS,
    PER_WINDOW,
    REFERENCES,
    SYMBOLS,
    TIME_OF_DAY_AFTER,
    TIME_OF_DAY_BEFORE,
    UNITS,
)


@dataclass(frozen=True)
class _Reading:
    """What one match says, before it becomes a ``Quantity``."""

    words: list[Word]  # the match's tokens (the whole's, for a partitive)
    number: Any  # the Number fact the value was read from (the upper end of a range)
    bounds: tuple[float, float]
    unit: str
    dimension: str
    qualifier: str


def _has_trigger(sentence: Sentence) -> bool:
    """Every match holds a digit, a currency sign, a number word or a multiplier."""
    return any(
        any(ch.isdigit() for ch in token.text)
        or token.text in SYMBOLS
        or token.text.lower() in HALVES
        or (token.pos == "NUM" and CYRILLIC.search(token.text))
        or token.lemma in MULTIPLIERS
        for token in sentence.tokens
    )


def quantities(sentence: Sentence) -> list[Quantity]:
    """The quantities of one sentence, in order (pure: reads only the sentence)."""
    if not sentence.tokens or not _has_trigger(sentence):
        return []
    found: list[Quantity] = []
    tokens = yargy_tokens(sentence)
    for match in findall(tokens):
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
            for found in findall(window, from_to_parser())
            if found.span.stop == match.tokens[0].span.stop
        ),
        None,
    )


def _is_change(sentence: Sentence, position: int) -> bool:
    """Whether the "до" at ``position`` in the sentence's tokens gives a new level after a change."""
    before = sentence.tokens[max(0, position - CHANGE_WINDOW) : position]
    if any(token.lemma in CHANGE_LEMMAS for token in before):
        return True
    texts = [token.text.lower() for token in before]
    return any(
        texts[i] in ("на", "с", "со") and DIGITS.fullmatch(texts[i + 1]) for i in range(len(texts) - 1)
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
    """Whether the tokens first..last are the whole of a quotation (клуб «16 тонн»), or open a
    quoted title with a capital («Один день Ивана Денисовича»): a name, not an amount."""
    tokens = sentence.tokens
    opens = first > 0 and tokens[first - 1].text in ("«", '"', "“", "„")
    if opens and tokens[first].text[:1].isupper():
        return True
    return opens and last + 1 < len(tokens) and tokens[last + 1].text in ("»", '"', "”", "“")


def _from_to(sentence: Sentence, first: int) -> bool:
    """Whether the quantity starting at ``first`` is the "до M" of "с N [утра] до M"."""
    texts = [token.text.lower() for token in sentence.tokens[max(0, first - 4) : first + 1]]
    if not texts or texts[-1] != "до":
        return False
    return any(
        texts[i] in ("с", "со") and DIGITS.fullmatch(texts[i + 1]) is not None for i in range(len(texts) - 2)
    )


def _hours_and_minutes(sentence: Sentence, first: int, last: int, unit: str) -> bool:
    """Whether the quantity is half of "N часов M минут", in news nearly always a clock time."""
    tokens = sentence.tokens
    if unit == "min" and first >= 2:
        return DIGITS.fullmatch(tokens[first - 2].text) is not None and tokens[first - 1].lemma == "час"
    if unit == "hour" and last + 2 < len(tokens):
        return DIGITS.fullmatch(tokens[last + 1].text) is not None and tokens[last + 2].lemma == "минута"
    return False


def _is_date(sentence: Sentence, found: _Reading) -> bool:
    """A duration that is a date or a time of day: the timeline's, not a quantity."""
    words, number, bounds, unit = found.words, found.number, found.bounds, found.unit
    first, last = words[0].first, words[-1].last
    year_like = all(bound >= 1000 and bound == int(bound) for bound in bounds)
    plain_years = unit == "year" and year_like and number.mult is None and not number.words
    if plain_years and not any(word.lower() == "лет" for word in words):
        return True  # "в 2018 году", "2018-2019 финансового года", "2242 год — конец эпохи"
    if number.suffixed is not None:
        return True  # "в 90-х годах"
    previous = sentence.tokens[first - 1].text.lower() if first > 0 else ""
    following = sentence.tokens[last + 1].text.lower() if last + 1 < len(sentence.tokens) else ""
    clock = unit == "hour" and bounds[1] <= 24 and found.qualifier == EXACT
    if clock and (previous in TIME_OF_DAY_BEFORE or following in TIME_OF_DAY_AFTER):
        return True  # "в 10 часов", "с 15 часов дня"
    if unit == "hour" and _from_to(sentence, first):
        return True  # "с 10 до 18 часов"
    if _hours_and_minutes(sentence, first, last, unit):
        return True  # "в 12 часов 30 минут", "Начало — 13 часов 30 минут"
    return following in ("назад", "спустя") or previous == "спустя"  # relative dates


def _after_reference(sentence: Sentence, amount, first: int) -> bool:
    """A number right after "статья", "пункт", "рейс" ... names a thing ("статьей 144"); after a
    plural of one it counts ("рейсы 50 000 пассажиров")."""
    return (
        first > 0
        and amount.qual is None
        and amount.part_qual is None
        and sentence.tokens[first - 1].lemma in REFERENCES
        and "Number=Plur" not in sentence.tokens[first - 1].feats
    )


def _bounds(amount) -> tuple[tuple[float, float], Any] | None:
    """The value or the range of a match, and the Number fact read last (its upper end)."""
    if amount.value is not None:
        bounds, number = number_value(amount.value), amount.value
    else:
        low, high = number_value(amount.low), number_value(amount.high)
        bounds = None if low is None or high is None else (low[0], high[1])
        number = amount.high
        if amount.high.mult is not None and amount.low.mult is None and bounds is not None:
            # "от 8 до 10 млрд": the multiplier of the upper end applies to the lower end too.
            bounds = (bounds[0] * factor(amount.high.mult), bounds[1])
    return None if bounds is None else (bounds, number)


def _unit(amount, bounds: tuple[float, float], number) -> tuple[str, str] | None:
    """(unit, dimension) of a match: its unit or currency sign, else its counted noun, which must
    agree with the number; None for a vague amount ("тысячи пассажиров") or a lone "одна"."""
    if amount.symbol is not None:
        return SYMBOLS[amount.symbol]
    if amount.unit is not None:
        return SYMBOLS[amount.unit] if amount.unit in SYMBOLS else UNITS[amount.unit]
    noun = amount.noun
    if not agrees(bounds[1], noun, multiplies(number)):
        return None
    if number.words and bounds[1] == 1 and not multiplies(number):
        return None  # "одна только авиакомпания"
    if len(number.words) == 1 and multiplier(number.words[0]) and "Number=Plur" in number.words[0].feats:
        return None  # "тысячи пассажиров": thousands, not a number
    return noun.lemma, "count"


def _reading(sentence: Sentence, match, words: list[Word], first: int) -> _Reading | None:
    """What the match says, or None when it is no quantity (see the module's docstring)."""
    amount = match.fact
    if _after_reference(sentence, amount, first):
        return None
    measured = _bounds(amount)
    if measured is None:
        return None
    bounds, number = measured
    unit = _unit(amount, bounds, number)
    if unit is None or _quoted(sentence, first, words[-1].last):
        return None  # no unit, or a name: клуб «16 тонн»
    found = _Reading(words, number, bounds, *unit, amount.qual or EXACT)
    if found.dimension == "duration" and _is_date(sentence, found):
        return None
    return found


def _quantities(sentence: Sentence, match, since=None) -> list[Quantity]:
    """The quantity of one match, and before it the part of a partitive ("150 из 400 рейсов")."""
    amount = match.fact
    words = [token.value for token in match.tokens]
    part_words: list[Word] = []
    if amount.part is not None:
        cut = next(index for index, word in enumerate(words) if word.lower() == "из")
        part_words, words = words[:cut], words[cut + 1 :]
    elif since is not None:
        part_words = [token.value for token in since.tokens[1:-1]]
    found = _reading(sentence, match, words, (part_words or words)[0].first)
    if found is None:
        return []
    qualifier = found.qualifier
    if qualifier == LESS and words[0].lower() == "до" and _is_change(sentence, words[0].first):
        qualifier = EXACT
    bounds = found.bounds
    if bounds[0] != bounds[1] or amount.value is None:
        value = (None, bounds[0], bounds[1], RANGE)
    else:
        value = (bounds[0], None, None, qualifier)
    measure = (
        found.unit,
        found.dimension,
        amount.per or _per_adverb(sentence, words[0].first, words[-1].last),
    )
    made = [_make(sentence, words, value, measure)]
    earlier = amount.part if amount.part is not None else since.fact.since if since is not None else None
    part = number_value(earlier) if earlier is not None else None
    if part is not None:
        low, high = part
        kind = RANGE if low != high else amount.part_qual or EXACT
        value = (None, low, high, kind) if kind == RANGE else (low, None, None, kind)
        made.insert(0, _make(sentence, part_words, value, measure))
    return made


def _make(sentence: Sentence, words: list[Word], value: tuple, measure: tuple[str, str, str]) -> Quantity:
    """The quantity of ``words``: ``value`` is (value, low, high, qualifier), ``measure`` (unit,
    dimension, per)."""
    if len(words) > 1 and words[-1] == "." and words[-1].last == len(sentence.tokens) - 1:
        words = words[:-1]  # "9.5 млрд долл.": the full stop ends the sentence too; the span stops before it
    first, last = words[0].first, words[-1].last
    start, end = sentence.tokens[first].start, sentence.tokens[last].end
    number, low, high, qualifier = value
    unit, dimension, per = measure
    return Quantity(
        article_id=sentence.article_id,
        sentence_id=sentence.sentence_id,
        start=start,
        end=end,
        text=sentence.text[start - sentence.start : end - sentence.start],
        value=number,
        low=low,
        high=high,
        unit=unit,
        dimension=dimension,
        qualifier=qualifier,
        per=per,
        token_start=first,
        token_end=last + 1,
    )
