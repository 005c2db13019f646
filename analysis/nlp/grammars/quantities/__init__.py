"""Quantities in Russian news sentences: money, lengths, volumes, masses, durations, counts and
percentages, as structured values with their qualifiers kept as bounds.

A yargy grammar (in the style of ``analysis.nlp.grammars.dates``) runs over the sentence's own tokens
(the engine's, with their lemmas, POS and features), so every quantity carries offsets into the
article and the span of tokens it covers. Numbers are digits ("1 224", "9,5", "9.5", "8–10", "2-х")
or words; word numerals ("двух тысяч", "пятидесяти") are read by the ``number-parser`` package, the
collective ones ("пятерых", "четверо") from a list, and multipliers ("тыс.", "млн", "миллиардов")
are applied. ``compatible`` says whether two values of one measure can both be true given their
qualifiers.

Decisions:
- A bare number is not a quantity: it needs a unit, a currency sign, "%" or a counted noun right
  after it (adjectives between are allowed: "480 немецких пилотов"). So years, dates, phone numbers,
  "С5+1" and a number after "статья/пункт/номер/рейс..." ("статьей 144 Уголовного кодекса") come
  out as nothing; so does an amount that is a whole quotation (клуб «16 тонн») or opens a quoted
  title («Один день Ивана Денисовича»).
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

The package, one job a module: ``quantity`` (the value, its qualifier and tolerances: ``compatible``),
``words`` (the word lists, from ``analysis/lexicon/quantities_*.txt``), ``tokens`` (the sentence's
tokens for the grammar), ``predicates`` (what a token is), ``grammar`` (the rules and the parse),
``values`` (a number's value, a counted noun's agreement with it) and ``extract`` (matches to
quantities: ``quantities``).
"""

from __future__ import annotations

from analysis.nlp.grammars.quantities.extract import quantities
from analysis.nlp.grammars.quantities.grammar import AMOUNT, findall, parser
from analysis.nlp.grammars.quantities.quantity import (
    APPROX,
    APPROX_SHARE,
    CONVERSIONS,
    EXACT,
    LESS,
    MORE,
    RANGE,
    ROUNDING_SHARE,
    Quantity,
    base_interval,
    comparable,
    compatible,
)
from analysis.nlp.grammars.quantities.tokens import yargy_tokens

__all__ = [
    "AMOUNT",
    "APPROX",
    "APPROX_SHARE",
    "CONVERSIONS",
    "EXACT",
    "LESS",
    "MORE",
    "RANGE",
    "ROUNDING_SHARE",
    "Quantity",
    "base_interval",
    "comparable",
    "compatible",
    "findall",
    "parser",
    "quantities",
    "yargy_tokens",
]
