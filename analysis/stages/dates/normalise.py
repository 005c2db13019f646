"""One match of the temporal grammar (``analysis.nlp.grammars.dates``) normalised to a TIMEX3-style
value and a date interval, with ``datetime.date`` arithmetic from the article's publication date or
from the previous date in the article (``Год спустя``), never from today's date: without a
publication date a relative expression stays unresolved, with the reason.

Conventions (TIMEX3-style):
- parts of a period are its thirds: ``в конце октября`` is days 21..31, ``в начале 2024 года``
  is January..April, ``в середине XX века`` is 1934..1966 (``mod`` START / MID / END);
- a month or day without a year, and a weekday (``в четверг``), is its most recent occurrence on or
  before publication, or its next one on or after it when the clause's verbs are in the future tense;
- ``в 1990-е годы`` is the decade ``199``, ``в первом квартале 2024 года`` the quarter ``2024-Q1``,
  ``летом 2024 года`` the season ``2024-SU`` (winter ``Y``: December ``Y-1`` to February ``Y``);
- ``до конца текущего года`` is the range from publication to the end of that year;
- ``с 1992 года`` is the year 1992 with ``mod`` ON_OR_AFTER (``до`` BEFORE, ``после`` AFTER);
- durations (``более 30 лет``) keep ``value`` ``P30Y`` and ``mod`` MORE_THAN, but no interval.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.nlp.grammars.dates import Form, Temporal, form
from analysis.stages.dates.codes import Anchor, Granularity, Kind, Mod

UNRESOLVED_NO_PUBLICATION = "relative to the publication date, which is unknown"
UNRESOLVED_NO_ANTECEDENT = "relative to an earlier date, and the article gives none before it"
UNRESOLVED_DURATION = "a duration, not a position in time"

_PREP_MODS = {
    "с": Mod.ON_OR_AFTER,
    "со": Mod.ON_OR_AFTER,
    "до": Mod.BEFORE,
    "после": Mod.AFTER,
    "к": Mod.ON_OR_BEFORE,
}
_PERIOD_CODES = {Granularity.YEAR: "Y", Granularity.MONTH: "M", Granularity.WEEK: "W", Granularity.DAY: "D"}
_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month; winter Y starts in December Y-1


@dataclass(frozen=True)
class Norm:
    """One normalised expression (the columns of ``dates`` that are not location)."""

    kind: str
    value: str
    granularity: str
    anchor: str
    start: date | None = None
    end: date | None = None
    mod: str = ""
    reason: str = ""


def parse_published(value: object) -> date | None:
    """An article's publication date (``articles.published``), None when it has none."""
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- calendar arithmetic ---------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: date, unit: str, amount: int) -> date:
    if unit == Granularity.YEAR:
        return _add_months(day, 12 * amount)
    if unit == Granularity.MONTH:
        return _add_months(day, amount)
    return day + timedelta(days=amount * (7 if unit == Granularity.WEEK else 1))


def _period(day: date, unit: str) -> tuple[str, date, date]:
    """(TIMEX3 value, first day, last day) of the calendar ``unit`` that contains ``day``."""
    if unit == Granularity.YEAR:
        return f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31)
    if unit == Granularity.MONTH:
        return (f"{day.year:04d}-{day.month:02d}", day.replace(day=1), _month_end(day.year, day.month))
    if unit == Granularity.WEEK:
        monday = day - timedelta(days=day.weekday())
        iso_year, week, _ = monday.isocalendar()
        return f"{iso_year:04d}-W{week:02d}", monday, monday + timedelta(days=6)
    return day.isoformat(), day, day


def _third(count: int, part: str) -> tuple[int, int]:
    """1-based (first, last) sub-unit of the START / MID / END third of ``count`` sub-units."""
    third = count // 3
    return {Mod.START: (1, third), Mod.MID: (third + 1, 2 * third), Mod.END: (2 * third + 1, count)}[part]


def _part_of_year(year: int, part: str) -> tuple[date, date]:
    first, last = _third(12, part)
    return date(year, first, 1), _month_end(year, last)


def _part_of_month(year: int, month: int, part: str) -> tuple[date, date]:
    first, last = _third(calendar.monthrange(year, month)[1], part)
    return date(year, month, first), date(year, month, last)


def _nearest_year(published: date, month: int, day: int | None = None, future: bool = False) -> int:
    """Year of the latest (month, day) on or before publication; of the first one on or after it
    when the clause speaks of the future (``Заседание пройдет 12 декабря``). No day: the whole month."""
    if future:
        return (
            published.year if (month, day or 31) >= (published.month, published.day) else published.year + 1
        )
    return published.year if (month, day or 1) <= (published.month, published.day) else published.year - 1


def _anchor(fact: Temporal) -> str:
    """Absolute when the expression gives its year, else counted from publication."""
    return Anchor.ABSOLUTE if fact.year else Anchor.PUBLICATION


def _no_publication(kind: str, value: str, granularity: str, mod: str = "") -> Norm:
    """An expression relative to the publication date, in an article without one: unresolved."""
    return Norm(kind, value, granularity, Anchor.PUBLICATION, mod=mod, reason=UNRESOLVED_NO_PUBLICATION)


# --- forms of the grammar, each a function of the match (and publication) --------------------------


def _calendar_date(fact: Temporal, published: date | None, future: bool) -> Norm:
    """``7 ноября 2025 года``, ``07.11.2025``, ``7 ноября`` (year from publication)."""
    mod = _PREP_MODS.get(fact.prep or "", "")
    if fact.year is None:
        if published is None:
            value = f"XXXX-{fact.month:02d}-{fact.day:02d}"
            return _no_publication(Kind.DATE, value, Granularity.DAY, mod)
        day = date(_nearest_year(published, fact.month, fact.day, future), fact.month, fact.day)
        return Norm(Kind.DATE, day.isoformat(), Granularity.DAY, Anchor.PUBLICATION, day, day, mod)
    day = date(fact.year, fact.month, fact.day)
    return Norm(Kind.DATE, day.isoformat(), Granularity.DAY, Anchor.ABSOLUTE, day, day, mod)


def _day_range(fact: Temporal, published: date | None, future: bool) -> Norm | None:
    """``5–6 ноября 2025 года``, ``30 октября — 2 ноября``, ``с 1 по 5 мая`` (year from publication)."""
    month_end = fact.month_end or fact.month
    wraps = fact.month_end is not None and (fact.month, fact.day) > (month_end, fact.day_end)  # New Year
    if fact.year is None and published is None:
        value = f"XXXX-{fact.month:02d}-{fact.day:02d}/XXXX-{month_end:02d}-{fact.day_end:02d}"
        return _no_publication(Kind.RANGE, value, Granularity.DAY)
    if fact.year:
        start_year, end_year = fact.year - wraps, fact.year
    else:
        start_year = _nearest_year(published, fact.month, fact.day, future)
        end_year = start_year + wraps
    first, last = (date(start_year, fact.month, fact.day), date(end_year, month_end, fact.day_end))
    if last <= first:
        return None
    value = f"{first.isoformat()}/{last.isoformat()}"
    return Norm(Kind.RANGE, value, Granularity.DAY, _anchor(fact), first, last)


def _quarter(fact: Temporal) -> Norm:
    """``в первом квартале 2024 года``: value ``2024-Q1``."""
    first, last = (date(fact.year, 3 * fact.quarter - 2, 1), _month_end(fact.year, 3 * fact.quarter))
    value = f"{fact.year:04d}-Q{fact.quarter}"
    return Norm(Kind.DATE, value, Granularity.QUARTER, Anchor.ABSOLUTE, first, last)


def _decade(fact: Temporal) -> Norm:
    """``в 1990-е годы``, ``в 90-х``: value ``199``; two digits mean the twentieth century."""
    first_year = fact.decade + 1900 if fact.decade < 100 else fact.decade
    first, last = date(first_year, 1, 1), date(first_year + 9, 12, 31)
    return Norm(Kind.DATE, f"{first_year // 10:03d}", Granularity.DECADE, Anchor.ABSOLUTE, first, last)


def _month(fact: Temporal, published: date | None, future: bool) -> Norm:
    """``в августе``, ``в конце октября``, ``в марте 2024 года``."""
    mod = fact.part or _PREP_MODS.get(fact.prep or "", "")
    if fact.year is None and published is None:
        value = f"XXXX-{fact.month:02d}"
        return _no_publication(Kind.DATE, value, Granularity.MONTH, mod)
    year = fact.year or _nearest_year(published, fact.month, future=future)
    first, last = date(year, fact.month, 1), _month_end(year, fact.month)
    if fact.part:
        first, last = _part_of_month(year, fact.month, fact.part)
    return Norm(Kind.DATE, f"{year:04d}-{fact.month:02d}", Granularity.MONTH, _anchor(fact), first, last, mod)


def _year(fact: Temporal) -> Norm:
    """``в 2020 году``, ``в начале 2024 года``, ``с 1992 года``."""
    first, last = date(fact.year, 1, 1), date(fact.year, 12, 31)
    if fact.part:
        first, last = _part_of_year(fact.year, fact.part)
    mod = fact.part or _PREP_MODS.get(fact.prep or "", "")
    return Norm(Kind.DATE, f"{fact.year:04d}", Granularity.YEAR, Anchor.ABSOLUTE, first, last, mod)


def year_of(year: int) -> Norm:
    """The whole year ``year`` (one of coordinated years: ``в 1979 и 1994 годах``)."""
    return _year(Temporal(year=year))


def _year_range(fact: Temporal) -> Norm | None:
    """``в 2020—2021 годах``, ``(2017–2021)``, ``в 2020–21 годах``, ``с 2014 по 2016 год``."""
    end = fact.year_end
    if end < 100:  # two digits: the next such year after the first one
        end += fact.year - fact.year % 100 + (100 if end <= fact.year % 100 else 0)
    if end <= fact.year:
        return None
    first, last = date(fact.year, 1, 1), date(end, 12, 31)
    return Norm(Kind.RANGE, f"{fact.year:04d}/{end:04d}", Granularity.YEAR, Anchor.ABSOLUTE, first, last)


def _season_bounds(year: int, month: int) -> tuple[date, date]:
    if month == 12:
        return date(year - 1, 12, 1), _month_end(year, 2)
    return date(year, month, 1), _month_end(year, month + 2)


def _season_year(month: int, published: date, future: bool, shift: int | None) -> int:
    """The season meant without a year: the latest one begun on or before publication; ``прошлым``
    is the one before it if publication falls inside it; ``следующим`` (or a future clause) the next."""
    year = _nearest_year(published, month, 1) + (month == 12)
    first, last = _season_bounds(year, month)
    current = first <= published <= last
    if shift == -1:
        return year - current
    if shift == 1 or (future and not current):
        return year + 1
    return year


def _season(fact: Temporal, published: date | None, future: bool) -> Norm:
    """``летом 2024 года``, ``прошлой осенью``, ``этой зимой``: value ``2024-SU``."""
    month = _SEASON_MONTHS[fact.season]
    if fact.year is None and published is None:
        value = f"XXXX-{fact.season}"
        return _no_publication(Kind.DATE, value, Granularity.SEASON)
    year = fact.year or _season_year(month, published, future, fact.shift)
    first, last = _season_bounds(year, month)
    return Norm(Kind.DATE, f"{year:04d}-{fact.season}", Granularity.SEASON, _anchor(fact), first, last)


def _century(fact: Temporal) -> Norm:
    """``в середине XX века``: value ``19`` (the hundreds digits), interval in years."""
    base = (fact.century - 1) * 100
    first, last = (1, 100) if not fact.part else _third(100, fact.part)
    value = f"{fact.century - 1:02d}"
    start, end = date(base + first, 1, 1), date(base + last, 12, 31)
    return Norm(Kind.DATE, value, Granularity.CENTURY, Anchor.ABSOLUTE, start, end, fact.part or "")


def _weekday(fact: Temporal, published: date, future: bool) -> date:
    """The day of ``в четверг``: the latest such day on or before publication, or the next one on or
    after it when the clause speaks of the future."""
    if future:
        return published + timedelta(days=(fact.weekday - published.weekday()) % 7)
    return published - timedelta(days=(published.weekday() - fact.weekday) % 7)


def _relative(shape: str, fact: Temporal, published: date | None, future: bool) -> Norm:
    """Expressions resolved against publication: ``сегодня``, ``в четверг``, ``на прошлой неделе``..."""
    kind = Kind.RANGE if shape == Form.UNTIL_END else Kind.DATE
    unit = fact.unit or Granularity.DAY
    granularity = Granularity.DAY if shape in (Form.DAY_SHIFT, Form.WEEKDAY, Form.UNTIL_END) else unit
    if published is None:
        return _no_publication(kind, "", granularity)
    if shape in (Form.DAY_SHIFT, Form.WEEKDAY):
        day = (
            published + timedelta(days=fact.day_shift)
            if shape == Form.DAY_SHIFT
            else _weekday(fact, published, future)
        )
        return Norm(kind, day.isoformat(), Granularity.DAY, Anchor.PUBLICATION, day, day)
    if shape == Form.UNTIL_END:
        _, _, last = _period(_shift(published, unit, fact.shift or 0), unit)
        value = f"{published.isoformat()}/{last.isoformat()}"
        return Norm(kind, value, Granularity.DAY, Anchor.PUBLICATION, published, last)
    amount = -(fact.amount or 1) if shape == Form.AGO else fact.shift
    value, first, last = _period(_shift(published, unit, amount), unit)
    return Norm(kind, value, granularity, Anchor.PUBLICATION, first, last)


def _discourse(shape: str, fact: Temporal, previous: Norm | None) -> Norm:
    """``Год спустя``, ``спустя два года``, ``в том же году``: from the previous date in the article."""
    unit = fact.unit
    if previous is None:
        return Norm(Kind.DATE, "", unit, Anchor.DISCOURSE, reason=UNRESOLVED_NO_ANTECEDENT)
    amount = (fact.amount or 1) if shape == Form.LATER else 0
    value, first, last = _period(_shift(previous.start, unit, amount), unit)
    return Norm(Kind.DATE, value, unit, Anchor.DISCOURSE, first, last)


def _duration(fact: Temporal) -> Norm:
    value = f"P{fact.amount}{_PERIOD_CODES[fact.unit]}"
    return Norm(
        Kind.DURATION, value, fact.unit, Anchor.ABSOLUTE, mod=fact.quant or "", reason=UNRESOLVED_DURATION
    )


# Forms normalised from the match alone, and forms that may count from publication.
_ABSOLUTE_FORMS = {
    Form.YEAR: _year,
    Form.YEAR_RANGE: _year_range,
    Form.CENTURY: _century,
    Form.QUARTER: _quarter,
    Form.DECADE: _decade,
    Form.DURATION: _duration,
}
_CALENDAR_FORMS = {
    Form.DATE: _calendar_date,
    Form.DAY_RANGE: _day_range,
    Form.MONTH: _month,
    Form.SEASON: _season,
}


def normalise(
    fact: Temporal, published: date | None, previous: Norm | None, future: bool = False
) -> Norm | None:
    """Normalise one grammar match; None when the match is not a valid date (``31 февраля``).

    ``future``: the clause speaks of the future, so a date without a year (or a weekday) is the
    next one from publication rather than the latest one before it."""
    shape = form(fact)
    try:
        if shape in _ABSOLUTE_FORMS:
            return _ABSOLUTE_FORMS[shape](fact)
        if shape in _CALENDAR_FORMS:
            return _CALENDAR_FORMS[shape](fact, published, future)
        if shape in (Form.LATER, Form.SAME):
            return _discourse(shape, fact, previous)
        return _relative(shape, fact, published, future)
    except ValueError:
        return None
