"""The quantities grammar's words: loaded from the lexicon files ``analysis/lexicon/quantities_*.txt``
(what each list is for is said in its file), with the few signs and codes that are the code's own.
"""

from __future__ import annotations

from analysis.core.lexicon import rows, table, words
from analysis.nlp.grammars.dates import MONTHS, WEEKDAYS

# "более" -> more, "до" -> less, "около" -> approx: qualifier phrase -> kind (``quantity``), in the
# grammar's order.
QUALIFIERS = table("quantities_qualifiers")
# "млн" -> 1e6; and an abbreviation -> the word number-parser reads in its place ("млн" -> "миллионов").
MULTIPLIERS = {row[0]: float(row[1]) for row in rows("quantities_multipliers")}
SPELLED = {row[0]: row[2] for row in rows("quantities_multipliers") if len(row) > 2}
HALVES = {"полтора", "полторы", "полутора"}  # 1.5: number-parser does not know them
COLLECTIVE = {word: int(value) for word, value in table("quantities_collective_numerals").items()}
# Unit phrase -> (unit, dimension), in the grammar's order; signs -> the same.
UNITS = {row[0]: (row[1], row[2]) for row in rows("quantities_units")}
SYMBOLS = {
    "$": ("USD", "money"),
    "€": ("EUR", "money"),
    "£": ("GBP", "money"),
    "₽": ("RUB", "money"),
    "%": ("%", "percent"),
}
ABBREVIATIONS = words("quantities_abbreviations")
# "40 тысяч евро в год": noun -> the period of a rate, in the grammar's order.
PER_UNITS = table("quantities_periods")
# "ежегодно" -> year: an adverb near a quantity giving a rate's period.
PER_ADVERBS = table("quantities_period_adverbs")
PER_WINDOW = 3  # tokens before or after a quantity (in its stretch between punctuation) an adverb may be

# Nouns that are never the counted thing: dates and times (months, weekdays and the list's words).
NOT_COUNTED = {*MONTHS, *WEEKDAYS, *words("quantities_not_counted")}
# "в 10 часов", "с 15 часов дня": a time of day when a number of hours up to 24 follows one of these
# words or is followed by one of those.
TIME_OF_DAY_BEFORE = {"в", "к", "с", "со", "после"}
TIME_OF_DAY_AFTER = {"утра", "дня", "вечера", "ночи"}
# A number right after one of these names a thing, it counts nothing ("статьей 144").
REFERENCES = words("quantities_references")
# After one of these a "до" gives a new level, not a bound ("выросла на 4%, до 1,405 миллиарда евро").
CHANGE_LEMMAS = words("quantities_change_lemmas")
CHANGE_WINDOW = 8  # tokens before "до" searched for a change
