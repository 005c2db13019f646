"""When a claim's figure holds: the date its clause names (the day itself when a weekday names
it, else the week of a day, the month or the year), else, for an event, the week the article was
published; a state's or a copula's figure holds whenever the article was written and carries no
time.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.core.document import Sentence
from analysis.core.schema import Col
from analysis.nlp.clauses import stretch
from analysis.nlp.grammars.dates import WEEKDAYS
from analysis.nlp.grammars.quantities import Quantity
from analysis.stages.claims.predicates import COPULAS, Predicate, governing_verb, is_event, stem
from analysis.stages.claims.subjects import Context


def week(day: str) -> str:
    """The ISO week of a date ("2018-08-10" -> "2018-W32"), empty when it is no day."""
    try:
        year, number, _ = dt.date.fromisoformat(day).isocalendar()
    except ValueError:
        return ""
    return f"{year}-W{number:02d}"


def clause_date(sentence: Sentence, span: tuple[int, int], dated: pd.DataFrame) -> str:
    """The first date the clause names: the week of a day (of a period's first day: "25-26
    июля"), the day itself when named by its weekday ("в среду" / "в четверг": news tells the
    days of one week apart so), else the month or year ("" for none)."""
    lo, hi = sentence.tokens[span[0]].start, sentence.tokens[span[1] - 1].end
    inside = dated[(dated[Col.START] >= lo) & (dated[Col.END] <= hi)]
    if not len(inside):
        return ""
    first = inside.iloc[0]
    value = str(first[Col.VALUE]).partition("/")[0]
    named = (t.lemma for t in sentence.tokens if first[Col.START] <= t.start < first[Col.END])
    if any(lemma in WEEKDAYS for lemma in named) and week(value):
        return value
    return week(value) or value


def when(sentence: Sentence, span: tuple[int, int], dated: pd.DataFrame, published: str) -> str:
    """When the clause's event happened: the date the clause names (``clause_date``), else the
    week the article was published."""
    return clause_date(sentence, span, dated) or week(published)


def _dated(where: Context, sentence: Sentence, measured: Predicate) -> bool:
    """Whether the figure belongs to a time: an event verb's (``is_event``, or a verb the corpus
    uses for events: ``event_stems``), or a noun's that such a verb governs ("объявил об отмене
    150 рейсов"). A copula's figure, and a state's ("работает в 33 странах", "томится в тюрьме"),
    hold whenever the article was written."""
    position = measured.position
    if not measured.is_verb:
        position = governing_verb(sentence, stretch(sentence, position, position), position, position)
    if position is None or sentence.tokens[position].lemma in COPULAS:
        return False
    verb = sentence.tokens[position]
    return is_event(verb) or stem(verb.lemma) in where.events


def figure_time(
    where: Context, sentence: Sentence, quantity: Quantity, measured: Predicate, dates: tuple
) -> str:
    """When the figure holds: the date its clause names, else for an event the week the article
    was published (``when``), else "" (a state's or a copula's: ``_dated``). A person's count
    ("мать пятерых детей") is the person's whatever the clause's time."""
    if not measured.is_verb and sentence.tokens[measured.position].animate:
        return ""
    dated, published = dates
    span = stretch(sentence, quantity.token_start, quantity.token_end - 1)
    if not _dated(where, sentence, measured):
        return clause_date(sentence, span, dated)
    return when(sentence, span, dated, published)


NO_DATES = pd.DataFrame(
    {Col.START: pd.Series(dtype="int64"), Col.END: pd.Series(dtype="int64"), Col.VALUE: []}
)


def resolved_dates(dates: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """The timeline's resolved dates (points in time and periods, not durations) by article."""
    if dates is None or dates.empty:
        return {}
    points = dates[dates[Col.RESOLVED].astype(bool) & dates[Col.KIND].isin(["date", "range"])]
    return {a: g[[Col.START, Col.END, Col.VALUE]] for a, g in points.groupby(Col.ARTICLE_ID)}
