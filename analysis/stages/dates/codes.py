"""Codes the ``dates`` and ``events`` tables hold, as constants: the family names them here, never by
their spelling. What an analyst reads for each is in ``analysis.core.labels.CODES``."""

from __future__ import annotations


class Kind:
    """``dates.kind``: what an expression is."""

    DATE = "date"  # one position in time: a day, a month, a year, a season...
    RANGE = "range"  # from one day (or year) to another
    DURATION = "duration"  # a length of time ("более 30 лет"), no position


class Granularity:
    """``dates.granularity`` and ``events.granularity``: the calendar unit of an interval. The first
    four are also the units the grammar reads ("три года назад", "на этой неделе")."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    QUARTER = "quarter"
    SEASON = "season"
    DECADE = "decade"
    CENTURY = "century"


class Anchor:
    """``dates.anchor``: what an expression's interval was computed from."""

    ABSOLUTE = "absolute"  # the expression alone ("в 2020 году")
    PUBLICATION = "publication"  # the publication date ("вчера", "7 ноября")
    DISCOURSE = "discourse"  # the date before it in the article ("год спустя")


class Mod:
    """``dates.mod`` (TIMEX3-style): a part of the period, or which side of it is meant. The
    quantifiers of durations ("более": MORE_THAN...) come from ``dates_quantifiers.txt``."""

    START = "START"  # its first third ("в начале 2024 года")
    MID = "MID"
    END = "END"
    ON_OR_AFTER = "ON_OR_AFTER"  # "с 1992 года"
    BEFORE = "BEFORE"  # "до 2020 года"
    AFTER = "AFTER"  # "после 2020 года"
    ON_OR_BEFORE = "ON_OR_BEFORE"  # "к 2030 году"


class EventKind:
    """``events.kind``."""

    REPORTED = "reported"  # a dated clause of the text
    PUBLICATION = "publication"  # the article's own publication
