"""Temporal expressions normalised to date intervals, and a cross-source timeline of events.

Expressions are matched by the yargy grammar in ``analysis.nlp.grammars.dates`` and normalised
here with ``datetime.date`` arithmetic from the article's publication date or from the previous
date in the article (``Год спустя``), never from today's date: without a publication date a
relative expression stays unresolved, with the reason.

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
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd
from razdel import tokenize

from analysis.core.schema import DATES, EVENT_CLUSTERS, EVENTS, TABLES, Col, validate
from analysis.nlp.clauses import SUBORDINATORS, clause_bounds, first_parses
from analysis.nlp.grammars.dates import Temporal, find_all
from analysis.nlp.morph import parses

UNRESOLVED_NO_PUBLICATION = "relative to the publication date, which is unknown"
UNRESOLVED_NO_ANTECEDENT = "relative to an earlier date, and the article gives none before it"
UNRESOLVED_DURATION = "a duration, not a position in time"

_PREP_MODS = {"с": "ON_OR_AFTER", "со": "ON_OR_AFTER", "до": "BEFORE", "после": "AFTER", "к": "ON_OR_BEFORE"}
_PERIOD_CODES = {"year": "Y", "month": "M", "week": "W", "day": "D"}


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


# --- calendar arithmetic ---------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: date, unit: str, amount: int) -> date:
    if unit == "year":
        return _add_months(day, 12 * amount)
    if unit == "month":
        return _add_months(day, amount)
    return day + timedelta(days=amount * (7 if unit == "week" else 1))


def _period(day: date, unit: str) -> tuple[str, date, date]:
    """(TIMEX3 value, first day, last day) of the calendar ``unit`` that contains ``day``."""
    if unit == "year":
        return f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31)
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}", day.replace(day=1), _month_end(day.year, day.month)
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        iso_year, week, _ = monday.isocalendar()
        return f"{iso_year:04d}-W{week:02d}", monday, monday + timedelta(days=6)
    return day.isoformat(), day, day


def _third(count: int, part: str) -> tuple[int, int]:
    """1-based (first, last) sub-unit of the START / MID / END third of ``count`` sub-units."""
    third = count // 3
    return {"START": (1, third), "MID": (third + 1, 2 * third), "END": (2 * third + 1, count)}[part]


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


# --- normalisation of one grammar match ---------------------------------------------------------


def _unresolved(kind: str, value: str, granularity: str, anchor: str, reason: str, mod: str = "") -> Norm:
    return Norm(kind, value, granularity, anchor, mod=mod, reason=reason)


def _calendar_date(fact: Temporal, published: date | None, future: bool) -> Norm:
    """``7 ноября 2025 года``, ``07.11.2025``, ``7 ноября`` (year from publication)."""
    mod = _PREP_MODS.get(fact.prep or "", "")
    if fact.year is None:
        if published is None:
            return _unresolved(
                "date",
                f"XXXX-{fact.month:02d}-{fact.day:02d}",
                "day",
                "publication",
                UNRESOLVED_NO_PUBLICATION,
                mod,
            )
        day = date(_nearest_year(published, fact.month, fact.day, future), fact.month, fact.day)
        return Norm("date", day.isoformat(), "day", "publication", day, day, mod)
    day = date(fact.year, fact.month, fact.day)
    return Norm("date", day.isoformat(), "day", "absolute", day, day, mod)


def _day_range(fact: Temporal, published: date | None, future: bool) -> Norm | None:
    """``5–6 ноября 2025 года``, ``30 октября — 2 ноября``, ``с 1 по 5 мая`` (year from publication)."""
    month_end = fact.month_end or fact.month
    wraps = fact.month_end is not None and (fact.month, fact.day) > (
        month_end,
        fact.day_end,
    )  # across New Year
    if fact.year is None and published is None:
        value = f"XXXX-{fact.month:02d}-{fact.day:02d}/XXXX-{month_end:02d}-{fact.day_end:02d}"
        return _unresolved("range", value, "day", "publication", UNRESOLVED_NO_PUBLICATION)
    if fact.year:
        start_year, end_year = fact.year - wraps, fact.year
    else:
        start_year = _nearest_year(published, fact.month, fact.day, future)
        end_year = start_year + wraps
    first, last = date(start_year, fact.month, fact.day), date(end_year, month_end, fact.day_end)
    if last <= first:
        return None
    anchor = "absolute" if fact.year else "publication"
    return Norm("range", f"{first.isoformat()}/{last.isoformat()}", "day", anchor, first, last)


def _quarter(fact: Temporal) -> Norm:
    """``в первом квартале 2024 года``: value ``2024-Q1``."""
    first = date(fact.year, 3 * fact.quarter - 2, 1)
    return Norm("date", f"{fact.year:04d}-Q{fact.quarter}", "quarter", "absolute", first,
                _month_end(fact.year, 3 * fact.quarter))  # fmt: skip


def _decade(fact: Temporal) -> Norm:
    """``в 1990-е годы``, ``в 90-х``: value ``199``; two digits mean the twentieth century."""
    first_year = fact.decade + 1900 if fact.decade < 100 else fact.decade
    value = f"{first_year // 10:03d}"
    return Norm("date", value, "decade", "absolute", date(first_year, 1, 1), date(first_year + 9, 12, 31))


def _month(fact: Temporal, published: date | None, future: bool) -> Norm:
    """``в августе``, ``в конце октября``, ``в марте 2024 года``."""
    mod = fact.part or _PREP_MODS.get(fact.prep or "", "")
    if fact.year is None and published is None:
        return _unresolved(
            "date", f"XXXX-{fact.month:02d}", "month", "publication", UNRESOLVED_NO_PUBLICATION, mod
        )
    year = fact.year or _nearest_year(published, fact.month, future=future)
    first, last = date(year, fact.month, 1), _month_end(year, fact.month)
    if fact.part:
        first, last = _part_of_month(year, fact.month, fact.part)
    anchor = "absolute" if fact.year else "publication"
    return Norm("date", f"{year:04d}-{fact.month:02d}", "month", anchor, first, last, mod)


def _year(fact: Temporal) -> Norm:
    """``в 2020 году``, ``в начале 2024 года``, ``с 1992 года``."""
    first, last = date(fact.year, 1, 1), date(fact.year, 12, 31)
    if fact.part:
        first, last = _part_of_year(fact.year, fact.part)
    mod = fact.part or _PREP_MODS.get(fact.prep or "", "")
    return Norm("date", f"{fact.year:04d}", "year", "absolute", first, last, mod)


def _year_range(fact: Temporal) -> Norm | None:
    """``в 2020—2021 годах``, ``(2017–2021)``, ``в 2020–21 годах``, ``с 2014 по 2016 год``."""
    end = fact.year_end
    if end < 100:  # two digits: the next such year after the first one
        end += fact.year - fact.year % 100 + (100 if end <= fact.year % 100 else 0)
    if end <= fact.year:
        return None
    return Norm(
        "range", f"{fact.year:04d}/{end:04d}", "year", "absolute", date(fact.year, 1, 1), date(end, 12, 31)
    )


_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month; winter Y starts in December Y-1


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
        return _unresolved("date", f"XXXX-{fact.season}", "season", "publication", UNRESOLVED_NO_PUBLICATION)
    year = fact.year or _season_year(month, published, future, fact.shift)
    first, last = _season_bounds(year, month)
    return Norm(
        "date", f"{year:04d}-{fact.season}", "season", "absolute" if fact.year else "publication", first, last
    )


def _century(fact: Temporal) -> Norm:
    """``в середине XX века``: value ``19`` (the hundreds digits), interval in years."""
    base = (fact.century - 1) * 100
    first, last = (1, 100) if not fact.part else _third(100, fact.part)
    value = f"{fact.century - 1:02d}"
    return Norm(
        "date",
        value,
        "century",
        "absolute",
        date(base + first, 1, 1),
        date(base + last, 12, 31),
        fact.part or "",
    )


def _relative(form: str, fact: Temporal, published: date | None, future: bool) -> Norm:
    """Expressions resolved against publication: ``сегодня``, ``в четверг``, ``на прошлой неделе``..."""
    kind = "range" if form == "until_end" else "date"
    unit = fact.unit or "day"
    granularity = "day" if form in ("day_shift", "weekday", "until_end") else unit
    if published is None:
        return _unresolved(kind, "", granularity, "publication", UNRESOLVED_NO_PUBLICATION)
    if form == "day_shift":
        day = published + timedelta(days=fact.day_shift)
        return Norm(kind, day.isoformat(), "day", "publication", day, day)
    if form == "weekday":
        days = (
            (fact.weekday - published.weekday()) % 7
            if future
            else -((published.weekday() - fact.weekday) % 7)
        )
        day = published + timedelta(days=days)
        return Norm(kind, day.isoformat(), "day", "publication", day, day)
    if form == "until_end":
        _, _, last = _period(_shift(published, unit, fact.shift or 0), unit)
        return Norm(
            kind, f"{published.isoformat()}/{last.isoformat()}", "day", "publication", published, last
        )
    amount = -(fact.amount or 1) if form == "ago" else fact.shift
    value, first, last = _period(_shift(published, unit, amount), unit)
    return Norm(kind, value, granularity, "publication", first, last)


def _discourse(form: str, fact: Temporal, previous: Norm | None) -> Norm:
    """``Год спустя``, ``спустя два года``, ``в том же году``: from the previous date in the article."""
    unit = fact.unit
    if previous is None:
        return _unresolved("date", "", unit, "discourse", UNRESOLVED_NO_ANTECEDENT)
    amount = (fact.amount or 1) if form == "later" else 0
    value, first, last = _period(_shift(previous.start, unit, amount), unit)
    return Norm("date", value, unit, "discourse", first, last)


def _duration(fact: Temporal) -> Norm:
    value = f"P{fact.amount}{_PERIOD_CODES[fact.unit]}"
    return _unresolved("duration", value, fact.unit, "absolute", UNRESOLVED_DURATION, fact.quant or "")


def normalise(
    fact: Temporal, published: date | None, previous: Norm | None, future: bool = False
) -> Norm | None:
    """Normalise one grammar match; None when the match is not a valid date (``31 февраля``).

    ``future``: the clause speaks of the future, so a date without a year (or a weekday) is the
    next one from publication rather than the latest one before it."""
    form = type(fact).__name__
    try:
        if form == "date":
            return _calendar_date(fact, published, future)
        if form == "day_range":
            return _day_range(fact, published, future)
        if form == "month":
            return _month(fact, published, future)
        if form == "year":
            return _year(fact)
        if form == "year_range":
            return _year_range(fact)
        if form == "century":
            return _century(fact)
        if form == "quarter":
            return _quarter(fact)
        if form == "decade":
            return _decade(fact)
        if form == "season":
            return _season(fact, published, future)
        if form == "duration":
            return _duration(fact)
        if form in ("later", "same"):
            return _discourse(form, fact, previous)
        return _relative(form, fact, published, future)
    except ValueError:
        return None


# --- extraction -----------------------------------------------------------------------------------


def _parse_published(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _coordinated_years(match, fact: Temporal) -> list[tuple[int, int, Norm]]:
    """``в 1979 и 1994 годах``: one date per year, each spanning its number (the last one up to ``годах``)."""
    numbers = [token.span for token in match.tokens if token.value in fact.years]
    spans = [(span.start, span.stop) for span in numbers[:-1]] + [(numbers[-1].start, match.span.stop)]
    return [
        (start, stop, _year(Temporal(year=int(year))))
        for (start, stop), year in zip(spans, fact.years, strict=True)
    ]


@lru_cache(maxsize=20000)
def _verb_tenses(clause: str) -> tuple[tuple[int, str | None], ...]:
    """(offset, tense) of every finite verb of ``clause`` (by each word's first pymorphy3 parse)."""
    words = [(token.start, parses(token.text)[0]) for token in tokenize(clause) if token.text[0].isalnum()]
    return tuple((offset, parse.tag.tense) for offset, parse in words if parse.tag.POS == "VERB")


def _is_future(text: str, start: int) -> bool:
    """Whether the expression at ``start`` speaks of the future.

    Its governing verb decides when it is in the future or past tense: the nearest finite verb
    before it in its clause, else the first one after it, a leading parenthetical verb aside
    ("Напомним, в пятницу прошла ..."). So "затронет рейсы ... до 11 августа, сообщил профсоюз"
    and "28 сентября проведут забастовку ..., подтвердили ..." look ahead although the clause has a
    verb in the past. Otherwise (present tense, or no verb) the clause decides: a verb in the
    future tense and none in the past."""
    begin, finish = clause_bounds(text, start)
    clause, offset = text[begin:finish], start - begin
    verbs = _verb_tenses(clause)
    parenthetical = _LEADING_MARKER.match(clause) is not None
    candidates = [(at, tense) for at, tense in verbs if not (parenthetical and at == 0)]
    before = [tense for at, tense in candidates if at < offset]
    after = [tense for at, tense in candidates if at > offset]
    governing = before[-1] if before else after[0] if after else None
    if governing in ("futr", "past"):
        return governing == "futr"
    tenses = {tense for _, tense in verbs}
    return "futr" in tenses and "past" not in tenses


def _is_anchor(norm: Norm) -> bool:
    """Whether a later ``Год спустя`` may count from this expression."""
    return norm.start is not None and norm.kind != "duration"


def _sentence_expressions(
    text: str, published: date | None, previous: Norm | None
) -> tuple[list[tuple[int, int, Norm]], Norm | None]:
    """(start, end, Norm) of every expression in one sentence (offsets in the sentence), and the
    last date that a following discourse-relative expression would count from."""
    found = []
    for match in find_all(text):
        fact = match.fact
        if type(fact).__name__ == "years":
            items = _coordinated_years(match, fact)
        else:
            norm = normalise(fact, published, previous, _is_future(text, match.span.start))
            items = [(match.span.start, match.span.stop, norm)] if norm else []
        for item in items:
            found.append(item)
            previous = item[2] if _is_anchor(item[2]) else previous
    return found, previous


def _by_article(prose: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The sentences of each article (in ``prose`` order), split once rather than filtered per article."""
    return {key: group for key, group in prose.groupby(Col.ARTICLE_ID, sort=False)}


def extract_dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The ``dates`` table: every temporal expression in prose sentences, normalised."""
    rows = []
    prose = sentences[sentences[Col.BOILERPLATE] == ""].sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID])
    by_article = _by_article(prose)
    for article in articles.itertuples(index=False):
        published = _parse_published(article.published)
        previous: Norm | None = None
        for sentence in by_article.get(article.article_id, prose.iloc[:0]).itertuples(index=False):
            found, previous = _sentence_expressions(sentence.text, published, previous)
            for start, end, norm in found:
                offset = sentence.start
                rows.append(
                    {
                        Col.ARTICLE_ID: article.article_id,
                        Col.SENTENCE_ID: int(sentence.sentence_id),
                        Col.START: offset + start,
                        Col.END: offset + end,
                        Col.TEXT: article.raw_text[offset + start : offset + end],
                        Col.KIND: norm.kind,
                        Col.VALUE: norm.value,
                        Col.MOD: norm.mod,
                        Col.START_DATE: norm.start.isoformat() if norm.start else "",
                        Col.END_DATE: norm.end.isoformat() if norm.end else "",
                        Col.GRANULARITY: norm.granularity,
                        Col.ANCHOR: norm.anchor,
                        Col.RESOLVED: norm.start is not None,
                        Col.REASON: norm.reason,
                    }
                )
    frame = pd.DataFrame(rows, columns=list(TABLES[DATES].columns))
    frame[Col.RESOLVED] = frame[Col.RESOLVED].astype(bool)
    return validate(DATES, frame)


# --- events ---------------------------------------------------------------------------------------

_CONTENT_POS = {"NOUN", "ADJF", "ADJS", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB"}
_COORDINATION = re.compile(r"^\s*(?:,|,?\s*и)\s*$")
_RESPECTIVELY = re.compile(r"\bсоответственно\b", re.IGNORECASE)
_ORPHAN_PREPOSITION = re.compile(r"\b(?:в|во|с|со|до|к|на|по)\s+(?=[,.;:()]|\s*(?:и\s+)?$)", re.IGNORECASE)
_LEADING_MARKER = re.compile(r"^\w+,\s*")  # "Напомним, ...", "Ранее, ...": a one-word parenthetical
_LABEL_WORDS = 20  # a label is its whole clause up to this length
_DANGLING = {"и", "а", "или", "но", "в", "во", "с", "со", "до", "к", "на", "по", "()"}
_LABEL_MIN_WORDS = 6  # a shorter label is cut mid-phrase rather than at a comma
LINK_THRESHOLD = 0.35
CENTRAL_EXACT = 400  # cluster members up to which the label is chosen by every pairwise similarity


def _lemmas(text: str) -> set[str]:
    return {p.normal_form for p in first_parses(text) if p.tag.POS in _CONTENT_POS}


def _label(clause: str, cut: list[tuple[int, int]], limit: int | None = _LABEL_WORDS) -> str:
    """The clause without its date expression(s) and leading subordinator, trimmed to ``limit`` words."""
    for begin, finish in sorted(set(cut), reverse=True):
        clause = clause[:begin] + " " + clause[finish:]
    clause = _ORPHAN_PREPOSITION.sub("", _RESPECTIVELY.sub("", clause))
    clause = re.sub(r"\(\s*\)", "", clause)  # "(2017–2021)" without its years
    clause = re.sub(r"\s+([,.;:)»])", r"\1", " ".join(clause.split()))
    clause = _LEADING_MARKER.sub("", re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", clause))
    words = clause.strip(" ,;:.—–-").split()
    if words and words[0].lower() in SUBORDINATORS:
        words = words[1:]
    words = _without_dangling_end(words) if cut else words
    limit = limit or len(words)
    kept = words[:limit]
    if len(words) > limit:  # end at the last phrase boundary rather than inside a phrase
        ends = [i + 1 for i, word in enumerate(kept) if word[-1] in ",;:" and i + 1 >= _LABEL_MIN_WORDS]
        kept = kept[: ends[-1]] if ends else kept
    label = " ".join(kept).rstrip(",;:")
    return label[:1].upper() + label[1:] + ("…" if len(words) > len(kept) else "")


def _without_dangling_end(words: list[str]) -> list[str]:
    """Drop what the removed date leaves hanging at the end: a conjunction ("установленные в 1979 и
    1994 годах" -> "установленные и") and a participle whose only complement was the date."""
    words = list(words)
    while words:
        last = words[-1].rstrip(",;:")
        participle = any(p.tag.POS in ("PRTF", "PRTS") for p in parses(last))
        if last.lower() in _DANGLING or (" " not in last and participle):
            words.pop()
        else:
            break
    return words


def _coordinated(items: list[tuple[int, int]], text: str) -> list[list[int]]:
    """Groups of indexes of spans (sorted by start) joined only by commas or ``и``."""
    groups: list[list[int]] = []
    for i, (begin, _) in enumerate(items):
        if groups and _COORDINATION.match(text[items[groups[-1][-1]][1] : begin]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _respective(dates: list[dict], mentions: list[dict], text: str) -> dict[int, tuple[int, int, int]]:
    """``Египет и Иордания ... в 1979 и 1994 годах соответственно``: the i-th date goes with the i-th name.

    Returns date index -> (mention index, start, end of the whole list of names); empty unless the
    sentence says "respectively" and a list of names is as long as a list of dates.
    """
    if not _RESPECTIVELY.search(text):
        return {}
    date_groups = [g for g in _coordinated([(d[Col.START], d[Col.END]) for d in dates], text) if len(g) > 1]
    name_groups = [
        g for g in _coordinated([(m[Col.START], m[Col.END]) for m in mentions], text) if len(g) > 1
    ]
    pairs = {}
    for dates_group in date_groups:
        names = next((g for g in name_groups if len(g) == len(dates_group)), None)
        if names:
            span = (mentions[names[0]][Col.START], mentions[names[-1]][Col.END])
            pairs.update({d: (n, *span) for d, n in zip(dates_group, names, strict=True)})
    return pairs


def _sentence_events(sentence, dates: list[dict], mentions: list[dict]) -> list[dict]:
    """One event per resolved date (durations excluded) of one sentence, with its clause."""
    text, base = sentence.text, sentence.start
    dates = [{**d, Col.START: d[Col.START] - base, Col.END: d[Col.END] - base} for d in dates]
    mentions = [{**m, Col.START: m[Col.START] - base, Col.END: m[Col.END] - base} for m in mentions]
    respective = _respective(dates, mentions, text)
    listed = {mention for mention, *_ in respective.values()}
    events = []
    for i, found in enumerate(dates):
        if not found[Col.RESOLVED] or found[Col.KIND] == "duration":
            continue
        begin, finish = clause_bounds(text, found[Col.START])
        inside = [j for j, m in enumerate(mentions) if begin <= m[Col.START] and m[Col.END] <= finish]
        cut = [(d[Col.START], d[Col.END]) for d in dates if begin <= d[Col.START] and d[Col.END] <= finish]
        if i in respective:
            own, first, last = respective[i]
            inside = [j for j in inside if j == own or j not in listed]
            cut += [(first, mentions[own][Col.START]), (mentions[own][Col.END], last)]
        clause, cut = text[begin:finish], [(b - begin, f - begin) for b, f in cut]
        events.append(
            {
                Col.ARTICLE_ID: sentence.article_id,
                Col.SENTENCE_ID: int(sentence.sentence_id),
                Col.START: base + begin,
                Col.END: base + finish,
                Col.LABEL: _label(clause, cut),
                Col.START_DATE: found[Col.START_DATE],
                Col.END_DATE: found[Col.END_DATE],
                Col.GRANULARITY: found[Col.GRANULARITY],
                Col.ENTITY_IDS: list(dict.fromkeys(mentions[j][Col.ENTITY_ID] for j in inside)),
                Col.KIND: "reported",
                "_lemmas": _lemmas(_label(clause, cut, limit=None)),  # wording compared across sources
            }
        )
    return events


def _publication_event(article, sentences: pd.DataFrame) -> dict | None:
    """``sentences``: the article's own prose sentences, in order."""
    published = _parse_published(article.published)
    first = sentences.head(1)
    if published is None or first.empty:
        return None
    first = first.iloc[0]
    title = getattr(article, Col.TITLE, "") or first[Col.TEXT]
    return {
        Col.ARTICLE_ID: article.article_id,
        Col.SENTENCE_ID: int(first[Col.SENTENCE_ID]),
        Col.START: int(first[Col.START]),
        Col.END: int(first[Col.END]),
        Col.LABEL: "Публикация: " + _label(title, []),
        Col.START_DATE: published.isoformat(),
        Col.END_DATE: published.isoformat(),
        Col.GRANULARITY: "day",
        Col.ENTITY_IDS: [],
        Col.KIND: "publication",
        "_lemmas": set(),
    }


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _time_overlap(a: dict, b: dict) -> float:
    """Days the two intervals share over days they span together (0 when disjoint)."""
    first = max(a[Col.START_DATE], b[Col.START_DATE])
    last = min(a[Col.END_DATE], b[Col.END_DATE])
    if first > last:
        return 0.0
    span = date.fromisoformat(max(a[Col.END_DATE], b[Col.END_DATE])) - date.fromisoformat(
        min(a[Col.START_DATE], b[Col.START_DATE])
    )
    return ((date.fromisoformat(last) - date.fromisoformat(first)).days + 1) / (span.days + 1)


def similarity(a: dict, b: dict) -> float:
    """How likely two reported events are the same happening, in [0, 1]: the mean of how much their
    intervals, entities and wording overlap; 0 when their intervals are disjoint."""
    time = _time_overlap(a, b)
    if not time:
        return 0.0
    return (
        time + _jaccard(set(a[Col.ENTITY_IDS]), set(b[Col.ENTITY_IDS])) + _jaccard(a["_lemmas"], b["_lemmas"])
    ) / 3


def _overlapping_pairs(events: list[dict], indexes: list[int]) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of ``indexes`` whose events' date intervals overlap: a sweep over the
    intervals sorted by start, so only such pairs are visited (``similarity`` is 0 for the others).
    Generated, not listed: year-long events overlap thousands of others in a large corpus."""
    ordered = sorted(indexes, key=lambda i: (events[i][Col.START_DATE], i))
    for k, i in enumerate(ordered):
        end = events[i][Col.END_DATE]
        for j in ordered[k + 1 :]:
            if events[j][Col.START_DATE] > end:
                break
            yield min(i, j), max(i, j)


def _clusters(events: list[dict]) -> list[int]:
    """Single-linkage groups of reported events from different articles (deterministic: each group's
    root is its first event in input order, whatever order the links are made in)."""
    parent = list(range(len(events)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    reported = [i for i, event in enumerate(events) if event[Col.KIND] == "reported"]
    # Two events that share no entity and no lemma score at most 1/3 (their time overlap alone),
    # below LINK_THRESHOLD: they are passed over before any interval arithmetic.
    entity_sets = [frozenset(event[Col.ENTITY_IDS]) for event in events]
    for i, j in _overlapping_pairs(events, reported):
        a, b = events[i], events[j]
        if entity_sets[i].isdisjoint(entity_sets[j]) and a["_lemmas"].isdisjoint(b["_lemmas"]):
            continue
        if a[Col.ARTICLE_ID] != b[Col.ARTICLE_ID] and similarity(a, b) >= LINK_THRESHOLD:
            parent[max(root(i), root(j))] = min(root(i), root(j))
    return [root(i) for i in range(len(events))]


def _records_by_sentence(frame: pd.DataFrame, order: str | None = None) -> dict[tuple, list[dict]]:
    """Rows of ``frame`` as records grouped by (article_id, sentence_id), each group in frame order
    or sorted by the column ``order`` exactly as ``group.sort_values(order)`` sorts it."""
    if frame.empty:
        return {}
    records = frame.to_dict("records")
    values = frame[order].to_numpy() if order else None
    grouped = {}
    for key, positions in frame.groupby([Col.ARTICLE_ID, Col.SENTENCE_ID]).indices.items():
        if order:
            positions = positions[np.argsort(values[positions], kind="quicksort")]
        grouped[key] = [records[i] for i in positions]
    return grouped


def build_events(
    articles: pd.DataFrame, sentences: pd.DataFrame, dates: pd.DataFrame, mentions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``events`` and ``event_clusters`` tables: dated clauses and publications, grouped across sources."""
    events = []
    prose = sentences[sentences[Col.BOILERPLATE] == ""].sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID])
    by_article = _by_article(prose)
    by_sentence = _records_by_sentence(dates)
    names = _records_by_sentence(mentions, order=Col.START)
    for article in articles.sort_values(Col.ARTICLE_ID).itertuples(index=False):
        own = by_article.get(article.article_id, prose.iloc[:0])
        publication = _publication_event(article, own)
        events += [publication] if publication else []
        for sentence in own.itertuples(index=False):
            key = (sentence.article_id, sentence.sentence_id)
            if key in by_sentence:
                found = sorted(by_sentence[key], key=lambda d: d[Col.START])
                events += _sentence_events(sentence, found, names.get(key, []))
    for number, event in enumerate(events):
        event[Col.EVENT_ID] = f"{event[Col.ARTICLE_ID]}#{number:03d}"
    roots = _clusters(events)
    first_date: dict[int, str] = {}
    for event, r in zip(events, roots, strict=True):
        first_date[r] = min(first_date.get(r, event[Col.START_DATE]), event[Col.START_DATE])
    order = sorted(first_date, key=lambda r: (first_date[r], r))
    ids = {r: f"c{n:03d}" for n, r in enumerate(order)}
    for event, r in zip(events, roots, strict=True):
        event[Col.CLUSTER_ID] = ids[r]
    return _events_table(events), _clusters_table(events, ids, roots)


def _events_table(events: list[dict]) -> pd.DataFrame:
    columns = list(TABLES[EVENTS].columns)
    return validate(EVENTS, pd.DataFrame([{c: e[c] for c in columns} for e in events], columns=columns))


def _central(members: list[dict]) -> int:
    """Index of the member with the highest summed similarity to the others (the first such one).

    Only members whose intervals overlap add anything (``similarity`` is 0 for the others, and
    adding 0.0 leaves a float sum unchanged), so each sum runs over those, in member order. A
    cluster larger than ``CENTRAL_EXACT`` (thousands of retellings in a large corpus) is labelled
    in linear time by ``_central_by_share`` instead."""
    if len(members) == 1:
        return 0
    if len(members) > CENTRAL_EXACT:
        return _central_by_share(members)
    others: list[list[int]] = [[] for _ in members]
    for i, j in _overlapping_pairs(members, list(range(len(members)))):
        others[i].append(j)
        others[j].append(i)
    scores = [sum(similarity(members[i], members[j]) for j in sorted(others[i])) for i in range(len(members))]
    return scores.index(max(scores))


def _central_by_share(members: list[dict]) -> int:
    """Index of the member whose entities and wording the other members share most: each of its
    entities and lemmas scores the share of members that have it, averaged per kind (the first
    member with the highest score). Linear in the cluster's size."""
    entity_count: Counter[str] = Counter(e for m in members for e in set(m[Col.ENTITY_IDS]))
    lemma_count: Counter[str] = Counter(lemma for m in members for lemma in m["_lemmas"])

    def score(member: dict) -> float:
        entities, lemmas = set(member[Col.ENTITY_IDS]), member["_lemmas"]
        shared_entities = sum(entity_count[e] for e in entities) / len(entities) if entities else 0
        shared_lemmas = sum(lemma_count[lemma] for lemma in lemmas) / len(lemmas) if lemmas else 0
        return shared_entities + shared_lemmas

    scores = [score(member) for member in members]
    return scores.index(max(scores))


def _clusters_table(events: list[dict], ids: dict[int, str], roots: list[int]) -> pd.DataFrame:
    """One row per cluster; its label is the member wording closest to the others'."""
    rows = []
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        groups.setdefault(r, []).append(i)
    for r, cluster_id in ids.items():
        members = [events[i] for i in groups[r]]
        central = members[_central(members)]
        articles = sorted({e[Col.ARTICLE_ID] for e in members})
        rows.append(
            {
                Col.CLUSTER_ID: cluster_id,
                Col.LABEL: central[Col.LABEL],
                Col.START_DATE: min(e[Col.START_DATE] for e in members),
                Col.END_DATE: max(e[Col.END_DATE] for e in members),
                Col.ARTICLE_IDS: articles,
                Col.N_SOURCES: len(articles),
            }
        )
    columns = list(TABLES[EVENT_CLUSTERS].columns)
    return validate(EVENT_CLUSTERS, pd.DataFrame(rows, columns=columns))
