"""The closed word lists the dates grammar reads (``analysis/lexicon/dates_*.txt``), and ``Lexicon``,
the one rule by which a listed word both matches and normalises, on yargy's morphology over pymorphy3."""

from __future__ import annotations

from functools import cache, lru_cache

from yargy import and_
from yargy.morph import MorphAnalyzer, prepare_form
from yargy.predicates import custom

from analysis.core.lexicon import table
from analysis.nlp.morph import analyzer, parses


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
MONTH_ABBREVIATIONS = _numbers("dates_month_abbreviations")
VAGUE_AMOUNTS = {
    word: (value if value == "X" else float(value)) for word, value in table("dates_vague_amounts").items()
}
LOOKALIKES_FROM = "".join(table("dates_roman_lookalikes"))
LOOKALIKES = str.maketrans(table("dates_roman_lookalikes"))
# Weekdays that are read without a preposition too ("в пятницу и субботу"): not "среда", also "environment".
UNAMBIGUOUS_WEEKDAYS = {word: day for word, day in WEEKDAYS.items() if word != "среда"}


class _Morph(MorphAnalyzer):
    """yargy's morphology on pymorphy3 (its default wraps pymorphy2, which no longer installs), read
    from the parses the engine step already asked pymorphy3 for (``analysis.nlp.morph.parses``)."""

    def __init__(self) -> None:
        super().__init__(analyzer())

    @lru_cache(10000)  # noqa: B019 (one analyser a process, ``morph``)
    def __call__(self, word: str) -> list:
        return [prepare_form(parse) for parse in parses(word)]


@cache
def morph() -> _Morph:
    return _Morph()


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
        candidates = [word.lower(), *(form.normalized for form in morph()(word))]
        return next((lemma for lemma in candidates if lemma in self.mapping), None)

    def matches(self, word: str) -> bool:
        return self.lemma(word) is not None

    def value(self, word: str) -> object:
        return self.mapping[self.lemma(word)]

    def rule(self, field, *also):
        """Words of the list (that also satisfy the predicates ``also``), interpreted as ``field`` set
        to their mapped value."""
        return and_(custom(self.matches, types="RU"), *also).interpretation(field.custom(self.value))
