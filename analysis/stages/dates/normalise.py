"""One match of the temporal grammar (``analysis.nlp.grammars.dates``) normalised to a TIMEX3-style
value and a date interval, with ``datetime.date`` arithmetic from the article's publication date or
from a date the text gives, never from today's date: a relative expression with nothing to count
from stays unresolved, with the reason.

Conventions (TIMEX3-style):
- parts of a period are its thirds: ``в конце октября`` is days 21..31, ``в начале 2024 года``
  is January..April, ``в середине XX века`` is 1934..1966 (``mod`` START / MID / END);
- a month or day without a year, a season and a weekday (``в четверг``) are placed near their
  reference day (the publication date, or a date the sentence gives: ``Frame``) as the clause
  reads: the latest one on or before it when the clause looks back (a verb in the past tense
  governing the date, "годовщина событий 6 января"), the first one on or after it when it looks
  ahead (the future tense), else the nearest one ("объявили о забастовке 10 августа");
- ``в 1990-е годы`` is the decade ``199``, ``в первом квартале 2024 года`` the quarter ``2024-Q1``,
  ``летом 2024 года`` the season ``2024-SU`` (winter ``Y``: December ``Y-1`` to February ``Y``);
- ``до конца текущего года`` is the range from publication to the end of that year;
- ``с 1992 года`` is the year 1992 with ``mod`` ON_OR_AFTER (``до`` BEFORE, ``после`` AFTER);
- durations (``более 30 лет``) keep ``value`` ``P30Y`` and ``mod`` MORE_THAN, but no interval; a
  vague amount (``несколько лет``) is ``PXY``, and ``несколько лет назад`` stays unresolved;
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.nlp.grammars.dates import Form, Temporal, form
from analysis.stages.dates.codes import Anchor, Granularity, Kind, Mod

UNRESOLVED_NO_PUBLICATION = "relative to the publication date, which is unknown"
UNRESOLVED_SUSPECT_PUBLICATION = (
    "relative to the publication date, which every article has: probably the day they were collected"
)
UNRESOLVED_NO_ANTECEDENT = "relative to an earlier date, and the article gives none before it"
UNRESOLVED_DURATION = "a duration, not a position in time"
UNRESOLVED_VAGUE = "a vague amount of time, no position can be counted from it"

_PREP_MODS = {
    "с": Mod.ON_OR_AFTER,
    "со": Mod.ON_OR_AFTER,
    "до": Mod.BEFORE,
    "после": Mod.AFTER,
    "к": Mod.ON_OR_BEFORE,
}
_PERIOD_CODES = {
    Granularity.CENTURY: "CE",
    Granularity.DECADE: "DE",
    Granularity.YEAR: "Y",
    Granularity.MONTH: "M",
    Granularity.WEEK: "W",
    Granularity.DAY: "D",
}
_YEARS = {Granularity.DECADE: 10, Granularity.CENTURY: 100}
_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month; winter Y starts in December Y-1
BACK, NEAREST, AHEAD = -1, 0, 1  # ``Frame.direction``


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


@dataclass(frozen=True)
class Frame:
    """What an expression is read against.

    ``published``: the day relative expressions ("вчера", "на прошлой неделе") count from; None when
    the article has none or it is suspect (``reason`` says which). ``reference``: the day a date
    without a year is placed near, with ``anchor`` saying what it is (the publication date, or a date
    the text gives, ``Anchor.DISCOURSE``); None: such a date stays unresolved. ``previous``: the last
    date before the expression in the article ("Год спустя"). ``direction``: BACK, AHEAD or NEAREST,
    how the clause places a date without a year around its reference. ``origin``: what ``published``
    is (the article's publication date, or the day its text says it was written on)."""

    published: date | None = None
    reference: date | None = None
    anchor: str = Anchor.PUBLICATION
    previous: Norm | None = None
    direction: int = NEAREST
    reason: str = UNRESOLVED_NO_PUBLICATION
    origin: str = (
        Anchor.PUBLICATION
    )  # what ``published`` is: the metadata's, or the day the text says (DISCOURSE)


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
    if unit in (Granularity.YEAR, *_YEARS):
        return _add_months(day, 12 * amount * _YEARS.get(unit, 1))
    if unit == Granularity.MONTH:
        return _add_months(day, amount)
    return day + timedelta(days=amount * (7 if unit == Granularity.WEEK else 1))


def _period(day: date, unit: str) -> tuple[str, date, date]:
    """(TIMEX3 value, first day, last day) of the calendar ``unit`` that contains ``day``."""
    if unit in _YEARS:  # a decade 2010..2019, a century 1901..2000
        size = _YEARS[unit]
        first = day.year // size * size + (unit == Granularity.CENTURY)
        value = f"{day.year // 10:03d}" if unit == Granularity.DECADE else f"{(first - 1) // 100:02d}"
        return value, date(first, 1, 1), date(first + size - 1, 12, 31)
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


def _part_of(first: date, last: date, part: str | None) -> tuple[date, date]:
    """The START / MID / END third of the interval (months of a year, days of a month or week)."""
    if not part:
        return first, last
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        low, high = _third(12, part)
        return date(first.year, low, 1), _month_end(first.year, high)
    low, high = _third((last - first).days + 1, part)
    return first + timedelta(days=low - 1), first + timedelta(days=high - 1)


# --- placing a date without a year near its reference ------------------------------------------------


def _distance(interval: tuple[date, date], day: date) -> int:
    first, last = interval
    return 0 if first <= day <= last else min(abs((first - day).days), abs((last - day).days))


def place(candidates: list[tuple[date, date]], reference: date, direction: int) -> tuple[date, date]:
    """The candidate interval the clause means: the latest begun on or before ``reference`` (BACK),
    the first not ended before it (AHEAD), else the nearest one (the earlier on a tie)."""
    before = [c for c in candidates if c[0] <= reference]
    after = [c for c in candidates if c[1] >= reference]
    latest = max(before) if before else None
    first = min(after) if after else None
    if direction == BACK and latest:
        return latest
    if direction == AHEAD and first:
        return first
    found = [c for c in (latest, first) if c]
    return min(found, key=lambda c: (_distance(c, reference), c))


def _years_around(reference: date, make) -> list[tuple[date, date]]:
    """``make(year)`` for the years around ``reference`` (those that are valid calendar dates)."""
    found = []
    for year in range(reference.year - 1, reference.year + 2):
        try:
            found.append(make(year))
        except ValueError:  # 29 February of a common year
            continue
    return found


def _shifted_year(fact: Temporal, frame: Frame) -> int | None:
    """The year a date writes, or counts from publication ("прошлого года"); None when it gives none."""
    if fact.year:
        return fact.year
    if fact.unit == Granularity.YEAR and fact.shift is not None and frame.published:
        return frame.published.year + fact.shift
    return None


def _unplaced(fact: Temporal, frame: Frame) -> bool:
    """Whether a date without a year has nothing to be placed near."""
    return _shifted_year(fact, frame) is None and (frame.reference is None or fact.unit == Granularity.YEAR)


def _no_reference(kind: str, value: str, granularity: str, frame: Frame, mod: str = "") -> Norm:
    """An expression relative to the publication date, with nothing to count from: unresolved."""
    return Norm(kind, value, granularity, Anchor.PUBLICATION, mod=mod, reason=frame.reason)


def _anchor(fact: Temporal, frame: Frame) -> str:
    """Absolute when the expression writes its year; else what it was placed near."""
    if fact.year:
        return Anchor.ABSOLUTE
    return Anchor.PUBLICATION if fact.unit == Granularity.YEAR else frame.anchor


# --- forms of the grammar, each a function of the match and its frame --------------------------------


def _calendar_date(fact: Temporal, frame: Frame) -> Norm:
    """``7 ноября 2025 года``, ``07.11.2025``, ``7 ноября`` (placed near its reference)."""
    mod = _PREP_MODS.get(fact.prep or "", "")
    if _unplaced(fact, frame):
        return _no_reference(Kind.DATE, f"XXXX-{fact.month:02d}-{fact.day:02d}", Granularity.DAY, frame, mod)
    year = _shifted_year(fact, frame)
    if year:
        day = date(year, fact.month, fact.day)
    else:
        candidates = _years_around(frame.reference, lambda y: (date(y, fact.month, fact.day),) * 2)
        day = place(candidates, frame.reference, frame.direction)[0]
    return Norm(Kind.DATE, day.isoformat(), Granularity.DAY, _anchor(fact, frame), day, day, mod)


def day_interval(fact: Temporal, days: tuple[int, int], frame: Frame) -> Norm | None:
    """Days ``days`` (first, last) of the fact's month(s): ``5–6 ноября 2025 года``, ``30 октября —
    2 ноября``, ``с 1 по 5 мая``, ``25 и 26 июля``; None when the last is not after the first."""
    month_end = fact.month_end or fact.month
    wraps = (fact.month, days[0]) > (month_end, days[1])  # over New Year
    if _unplaced(fact, frame):
        value = f"XXXX-{fact.month:02d}-{days[0]:02d}/XXXX-{month_end:02d}-{days[1]:02d}"
        return _no_reference(Kind.RANGE, value, Granularity.DAY, frame)
    year = _shifted_year(fact, frame)
    if year:
        first, last = date(year - wraps, fact.month, days[0]), date(year, month_end, days[1])
    else:
        candidates = _years_around(
            frame.reference, lambda y: (date(y, fact.month, days[0]), date(y + wraps, month_end, days[1]))
        )
        first, last = place(candidates, frame.reference, frame.direction)
    if last <= first:
        return None
    value = f"{first.isoformat()}/{last.isoformat()}"
    return Norm(Kind.RANGE, value, Granularity.DAY, _anchor(fact, frame), first, last)


def _day_range(fact: Temporal, frame: Frame) -> Norm | None:
    return day_interval(fact, (fact.day, fact.day_end), frame)


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


def _month(fact: Temporal, frame: Frame) -> Norm:
    """``в августе``, ``в конце октября``, ``в марте 2024 года``, ``в феврале этого года``,
    ``в следующем мае`` (the first May after its reference; ``прошлом``: the last one before it)."""
    mod = fact.part or _PREP_MODS.get(fact.prep or "", "")
    if _unplaced(fact, frame):
        return _no_reference(Kind.DATE, f"XXXX-{fact.month:02d}", Granularity.MONTH, frame, mod)
    year = _shifted_year(fact, frame)
    if year:
        first, last = date(year, fact.month, 1), _month_end(year, fact.month)
    else:
        candidates = _years_around(
            frame.reference, lambda y: (date(y, fact.month, 1), _month_end(y, fact.month))
        )
        direction = frame.direction if fact.shift is None else fact.shift
        if fact.shift:  # "в прошлом мае": not the month of the reference itself
            candidates = [c for c in candidates if not c[0] <= frame.reference <= c[1]]
        first, last = place(candidates, frame.reference, direction)
    value = f"{first.year:04d}-{fact.month:02d}"
    first, last = _part_of(first, last, fact.part)
    return Norm(Kind.DATE, value, Granularity.MONTH, _anchor(fact, frame), first, last, mod)


def _year(fact: Temporal) -> Norm:
    """``в 2020 году``, ``в начале 2024 года``, ``с 1992 года``, ``в 1976 —``."""
    first, last = _part_of(date(fact.year, 1, 1), date(fact.year, 12, 31), fact.part)
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


def _season(fact: Temporal, frame: Frame) -> Norm:
    """``летом 2024 года``, ``прошлой осенью``, ``этой зимой``: value ``2024-SU``. Without a year:
    ``прошлой`` is the last one ended before its reference, ``следующей`` the first one begun after
    it, ``этой`` the one it falls in (else, as without a word, the one the clause means)."""
    month = _SEASON_MONTHS[fact.season]
    if fact.year is None and frame.reference is None:
        return _no_reference(Kind.DATE, f"XXXX-{fact.season}", Granularity.SEASON, frame)
    if fact.year:
        year = fact.year
    else:
        reference = frame.reference
        candidates = [_season_bounds(y, month) for y in range(reference.year - 1, reference.year + 3)]
        if fact.shift:
            candidates = [c for c in candidates if (c[1] < reference if fact.shift < 0 else c[0] > reference)]
        direction = fact.shift or frame.direction
        first, _ = place(candidates, reference, direction)
        year = first.year + (month == 12)
    first, last = _season_bounds(year, month)
    return Norm(Kind.DATE, f"{year:04d}-{fact.season}", Granularity.SEASON, _anchor(fact, frame), first, last)


def _century(fact: Temporal) -> Norm:
    """``в середине XX века``: value ``19`` (the hundreds digits), interval in years."""
    base = (fact.century - 1) * 100
    first, last = (1, 100) if not fact.part else _third(100, fact.part)
    value = f"{fact.century - 1:02d}"
    start, end = date(base + first, 1, 1), date(base + last, 12, 31)
    return Norm(Kind.DATE, value, Granularity.CENTURY, Anchor.ABSOLUTE, start, end, fact.part or "")


def _weekday(fact: Temporal, frame: Frame) -> Norm:
    """``в четверг``: the such day the clause means around its reference (``в прошлую пятницу``: the
    last one before it; ``в следующую``: the first one after it; ``в эту``: the one of its week)."""
    if frame.reference is None:
        return _no_reference(Kind.DATE, "", Granularity.DAY, frame)
    reference = frame.reference
    days = [reference + timedelta(days=n) for n in range(-7, 8)]
    days = [(d, d) for d in days if d.weekday() == fact.weekday]
    if fact.shift == 0:
        days = [d for d in days if d[0].isocalendar()[:2] == reference.isocalendar()[:2]]
    elif fact.shift:
        days = [d for d in days if (d[0] < reference if fact.shift < 0 else d[0] > reference)]
    day = place(days, reference, fact.shift or frame.direction)[0]
    return Norm(Kind.DATE, day.isoformat(), Granularity.DAY, frame.anchor, day, day)


def _whole_amount(fact: Temporal) -> tuple[int, str] | None:
    """(a whole number of units, the unit) of an amount of time; None for a vague one ("несколько")."""
    amount, unit = 1 if fact.amount is None else fact.amount, fact.unit
    if amount == "X":
        return None
    if amount != int(amount):  # "полтора года": 18 months
        return (round(amount * 12), Granularity.MONTH) if unit == Granularity.YEAR else (round(amount), unit)
    return int(amount), unit


def _relative(shape: str, fact: Temporal, frame: Frame) -> Norm:
    """Expressions resolved against publication: ``сегодня``, ``на прошлой неделе``, ``три года назад``."""
    kind = Kind.RANGE if shape == Form.UNTIL_END else Kind.DATE
    unit = fact.unit or Granularity.DAY
    granularity = Granularity.DAY if shape in (Form.DAY_SHIFT, Form.UNTIL_END) else unit
    published = frame.published
    if published is None:
        return _no_reference(kind, "", granularity, frame)
    if shape == Form.DAY_SHIFT:
        day = published + timedelta(days=fact.day_shift)
        return Norm(kind, day.isoformat(), Granularity.DAY, frame.origin, day, day)
    if shape == Form.UNTIL_END:
        _, _, last = _period(_shift(published, unit, fact.shift or 0), unit)
        value = f"{published.isoformat()}/{last.isoformat()}"
        return Norm(kind, value, Granularity.DAY, frame.origin, published, last)
    whole = _whole_amount(fact)
    if whole is None:
        return Norm(kind, "", granularity, frame.origin, reason=UNRESOLVED_VAGUE)
    amount, step = whole
    value, first, last = _period(_shift(published, step, -amount if shape == Form.AGO else fact.shift), unit)
    first, last = _part_of(first, last, fact.part)
    return Norm(kind, value, granularity, frame.origin, first, last, fact.part or "")


def _discourse(shape: str, fact: Temporal, frame: Frame) -> Norm:
    """``Год спустя``, ``через два года``, ``в том же году``: from the previous date in the article;
    ``через год`` in a clause that looks ahead counts from publication."""
    unit, previous, anchor = fact.unit, frame.previous, Anchor.DISCOURSE
    if shape == Form.LATER and frame.direction == AHEAD and frame.published:
        previous = Norm(Kind.DATE, "", Granularity.DAY, frame.origin, frame.published, frame.published)
        anchor = frame.origin
    if previous is None:
        return Norm(Kind.DATE, "", unit, Anchor.DISCOURSE, reason=UNRESOLVED_NO_ANTECEDENT)
    whole = _whole_amount(fact) if shape == Form.LATER else (0, unit)
    if whole is None:
        return Norm(Kind.DATE, "", unit, Anchor.DISCOURSE, reason=UNRESOLVED_VAGUE)
    if shape == Form.SAME and _coarser(previous.granularity, unit):  # "в 2009 году ... в тот же день"
        return Norm(Kind.DATE, previous.value, previous.granularity, anchor, previous.start, previous.end)
    value, first, last = _period(_shift(previous.start, whole[1], whole[0]), unit)
    return Norm(Kind.DATE, value, unit, anchor, first, last)


_FINE_TO_COARSE = [Granularity.DAY, Granularity.WEEK, Granularity.MONTH, Granularity.YEAR]


def _coarser(granularity: str, unit: str) -> bool:
    """Whether ``granularity`` is a coarser unit than ``unit`` (a season or decade is)."""
    order = {name: rank for rank, name in enumerate(_FINE_TO_COARSE)}
    return order.get(granularity, len(order)) > order.get(unit, len(order))


def _duration(fact: Temporal) -> Norm:
    amount = 1 if fact.amount is None else fact.amount
    amount = int(amount) if amount not in ("X",) and amount == int(amount) else amount
    value = f"P{amount}{_PERIOD_CODES[fact.unit]}"
    return Norm(
        Kind.DURATION, value, fact.unit, Anchor.ABSOLUTE, mod=fact.quant or "", reason=UNRESOLVED_DURATION
    )


# Forms normalised from the match alone, and forms placed near a reference.
_ABSOLUTE_FORMS = {
    Form.YEAR: _year,
    Form.BARE_YEAR: _year,
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
    Form.WEEKDAY: _weekday,
}


def normalise(fact: Temporal, frame: Frame) -> Norm | None:
    """Normalise one grammar match read in ``frame``; None when the match is not a valid date
    (``31 февраля``)."""
    shape = form(fact)
    try:
        if shape in _ABSOLUTE_FORMS:
            return _ABSOLUTE_FORMS[shape](fact)
        if shape in _CALENDAR_FORMS:
            return _CALENDAR_FORMS[shape](fact, frame)
        if shape in (Form.LATER, Form.SAME):
            return _discourse(shape, fact, frame)
        return _relative(shape, fact, frame)
    except ValueError:
        return None
