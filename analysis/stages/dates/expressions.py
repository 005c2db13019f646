"""The ``dates`` table: every temporal expression of an article's prose sentences, found by the
grammar (``analysis.nlp.grammars.dates``) and normalised (``normalise``) in the frame the text gives
it: the publication date (unless the article has none, or it is suspect: ``publication``), a date the
sentence or the article wrote before it, and the direction the clause looks in (``reading``)."""

from __future__ import annotations

import re

import pandas as pd

from analysis.core.schema import DATES, TABLES, Col, validate
from analysis.nlp.grammars.dates import Form, Temporal, find_all, form
from analysis.stages.dates.codes import Anchor, Granularity, Kind
from analysis.stages.dates.normalise import (
    NEAREST,
    Frame,
    Norm,
    day_interval,
    normalise,
    year_of,
)
from analysis.stages.dates.reading import (
    LEADING_MARKER,
    apposed,
    direction,
    in_named_week,
    is_age,
    is_named_day,
    publication,
    suspect_dates,
    written_on,
)

__all__ = ["LEADING_MARKER", "by_article", "extract_dates", "prose"]

_DATED_DAYS = (Granularity.DAY, Granularity.WEEK, Granularity.MONTH)
_WORD_AFTER = re.compile(r"\s*[\w\d]")
_LETTER_BEFORE = re.compile(r"[^\W\d_]$")  # "ЕГЭ-2013", not "2018-2019"


def prose(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences dates are read from (not boilerplate), in article and sentence order."""
    return sentences[sentences[Col.BOILERPLATE] == ""].sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID])


def by_article(sentences: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The sentences of each article (in ``sentences`` order), split once rather than filtered per article."""
    return {key: group for key, group in sentences.groupby(Col.ARTICLE_ID, sort=False)}


def _listed(match, values: list) -> list[tuple[int, int]]:
    """(start, stop) of each listed number of a coordination (``в 1979 и 1994 годах``, ``25 и 26
    июля``), the last one up to the end of the match."""
    numbers = [token.span for token in match.tokens if token.value in values]
    return [(span.start, span.stop) for span in numbers[:-1]] + [(numbers[-1].start, match.span.stop)]


def _coordinated_years(match, fact: Temporal) -> list[tuple[int, int, Norm]]:
    """``в 1979 и 1994 годах``: one date per year, each spanning its number (the last one up to ``годах``)."""
    spans = _listed(match, fact.years)
    return [(start, stop, year_of(int(year))) for (start, stop), year in zip(spans, fact.years, strict=True)]


def _coordinated_days(match, fact: Temporal, frame: Frame) -> list[tuple[int, int, Norm]]:
    """``25 и 26 июля``: one range when the days follow each other, else one date per day."""
    days = [int(day) for day in fact.days]
    if all(b == a + 1 for a, b in zip(days, days[1:], strict=False)):
        norm = day_interval(fact, (days[0], days[-1]), frame)
        return [(match.span.start, match.span.stop, norm)] if norm else []
    found = []
    for (start, stop), day in zip(_listed(match, fact.days), days, strict=True):
        norm = normalise(_one_day(fact, day), frame)
        found += [(start, stop, norm)] if norm else []
    return found


def _one_day(fact: Temporal, day: int) -> Temporal:
    """The date of one day of a coordination, as the grammar would build it for that day alone."""
    single = type("date", (Temporal,), {})  # the form is the class name (``grammars.dates.form``)
    return single(day=day, month=fact.month, year=fact.year, unit=fact.unit, shift=fact.shift, prep=fact.prep)


def _kept(text: str, match, fact: Temporal) -> tuple[int, int] | None:
    """The span of a match worth a row (offsets in the sentence), or None: a year without "год" only
    where nothing can follow it ("В 1976 —", "(1994)", "ЕГЭ-2013"), no person's age ("в возрасте 52
    лет"), no named day ("на день рождения")."""
    start, stop = match.span.start, match.span.stop
    shape = form(fact)
    if shape == Form.BARE_YEAR:
        number = next(token.span for token in match.tokens if token.type == "INT")
        if text[start] == "(":
            return number.start, number.stop
        if text[start] == "-":
            return (number.start, number.stop) if _LETTER_BEFORE.search(text[:start]) else None
        return None if _WORD_AFTER.match(text[stop:]) else (start, stop)
    if shape == Form.DURATION and (is_age(text, start, stop, fact) or is_named_day(text, start, stop, fact)):
        return None
    return start, stop


def _sentence_frame(article: _Article, text: str, start: int, fact: Temporal, here: Norm | None) -> Frame:
    """The frame of an expression at ``start``: ``here``, the last date of the sentence before it.

    Without a publication date, a date the article wrote before it (to the day or month) places a
    day and a month without a year, not a weekday: an article recalls old days ("Майкл Джексон
    скончался 25 июня 2009 года ... Накануне, в четверг")."""
    published, reason = article.published, article.reason
    anchor = Anchor.PUBLICATION if article.published_by_metadata else Anchor.DISCOURSE
    previous = article.previous
    if here is not None and here.start and here.granularity in (Granularity.DAY, Granularity.MONTH):
        reference, anchor = here.start + (here.end - here.start) / 2, Anchor.DISCOURSE
    elif published:
        reference = published
    elif previous is not None and previous.granularity in _DATED_DAYS and form(fact) != Form.WEEKDAY:
        reference, anchor = previous.start + (previous.end - previous.start) / 2, Anchor.DISCOURSE
    else:
        reference = None
    # the clause's tense places a date around the time of writing; around a date the text gives, the
    # nearest one is meant
    looks = direction(text, start, fact.prep) if reference == published else NEAREST
    origin = Anchor.PUBLICATION if article.published_by_metadata else Anchor.DISCOURSE
    return Frame(published, reference, anchor, previous, looks, reason, origin)


class _Article:
    """What one article's expressions are read against, and the last date it gave. Without a usable
    publication date, the day the text itself says it was written on, where it does ("умер вчера, 9
    мая 2019 года": written on 10 May 2019)."""

    def __init__(self, row, suspect: frozenset[str], texts: list[str]) -> None:
        self.published, self.reason = publication(row, suspect)
        self.published_by_metadata = self.published is not None
        if self.published is None:
            self.published = written_on(texts)
        self.previous: Norm | None = None


def _is_anchor(norm: Norm) -> bool:
    """Whether a later ``Год спустя`` may count from this expression."""
    return norm.start is not None and norm.kind != Kind.DURATION


def _sentence_expressions(article: _Article, text: str) -> list[tuple[int, int, Norm]]:
    """(start, end, Norm) of every expression in one sentence (offsets in the sentence)."""
    found: list[tuple[int, int, Norm]] = []
    here: Norm | None = None  # the last date the sentence wrote itself (with its year)
    for match in find_all(text):
        fact = match.fact
        span = _kept(text, match, fact)
        if span is None:
            continue
        frame = _sentence_frame(article, text, span[0], fact, here)
        if form(fact) == Form.YEARS:
            items = _coordinated_years(match, fact)
        elif form(fact) == Form.DAYS:
            items = _coordinated_days(match, fact, frame)
        else:
            norm = normalise(fact, frame)
            items = [(*span, norm)] if norm else []
        for item in items:
            found.append(item)
            if _is_anchor(item[2]):
                article.previous = item[2]
                here = item[2] if item[2].anchor == Anchor.ABSOLUTE else here
    return in_named_week(text, apposed(text, found))


def _row(article, sentence, start: int, end: int, norm: Norm) -> dict:
    """The ``dates`` row of one expression (``start``, ``end``: offsets in the sentence)."""
    offset = sentence.start
    return {
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


def extract_dates(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The ``dates`` table: every temporal expression in prose sentences, normalised. A publication
    date is suspect when the articles table marks it as shared by the corpus, or when ``articles``
    (the whole corpus) all have it."""
    rows = []
    ours = prose(sentences)
    grouped = by_article(ours)
    suspect = suspect_dates(articles)
    for row in articles.itertuples(index=False):
        own = grouped.get(row.article_id, ours.iloc[:0])
        article = _Article(row, suspect, list(own[Col.TEXT]))
        for sentence in own.itertuples(index=False):
            found = _sentence_expressions(article, sentence.text)
            rows += [_row(row, sentence, start, end, norm) for start, end, norm in found]
    frame = pd.DataFrame(rows, columns=list(TABLES[DATES].columns))
    frame[Col.RESOLVED] = frame[Col.RESOLVED].astype(bool)
    return validate(DATES, frame)
