"""How the text around a temporal expression says to read it: the direction its clause looks in
(the tense of the verb that governs it, a past-event noun before it), a person's age that is not a
length of time, a weekday in apposition to the date it names, and the publication date the article's
relative expressions may count from."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from razdel import tokenize

from analysis.core import metadata
from analysis.core.lexicon import words
from analysis.core.schema import Col
from analysis.nlp.clauses import clause_bounds
from analysis.nlp.grammars.dates import Form, Temporal, find_all, form
from analysis.nlp.morph import parses
from analysis.stages.dates.codes import Granularity, Kind
from analysis.stages.dates.normalise import (
    AHEAD,
    BACK,
    NEAREST,
    UNRESOLVED_NO_PUBLICATION,
    UNRESOLVED_SUSPECT_PUBLICATION,
    Norm,
    parse_published,
)

# "Напомним, ...", "Ранее, ...": a one-word parenthetical opening a clause (not its governing verb,
# and not part of an event's label).
LEADING_MARKER = re.compile(r"^\w+,\s*")
_FUTURE, _PAST = "futr", "past"  # pymorphy3's tenses
_VERBS = {"VERB", "INFN"}
# Prepositions that name a target rather than when something happened ("отложили на 10 августа"):
# the date is placed nearest its reference whatever the tense.
_TARGETS = {"на", "к", "ко", "до", "по", "после", "перед", "накануне"}
_PAST_NOUNS = words("dates_past_nouns")
_WEEKDAY_NAMES = words("dates_weekdays")
_AGE_WORDS = words("dates_age_words")
_DATIVE_PRONOUNS = {"ему", "ей", "им", "мне", "тебе", "нам", "вам"}
_WORD = re.compile(r"\w[\w-]*")
_APPOSITION = re.compile(r"^\s*,\s*$")
_APPOSED_FORMS = ("weekday", "day_shift")  # expressions a following date may name ("в пятницу, 10 августа")


@lru_cache(maxsize=20000)
def _verbs(clause: str) -> tuple[tuple[int, str, str | None], ...]:
    """(offset, lemma, tense) of every verb of ``clause`` (finite or infinitive, by each word's first
    pymorphy3 parse; an infinitive has no tense)."""
    found = []
    for token in tokenize(clause):
        if token.text[0].isalnum():
            parse = parses(token.text)[0]
            if parse.tag.POS in _VERBS:
                found.append((token.start, parse.normal_form, parse.tag.tense))
    return tuple(found)


def _words_before(text: str, start: int, count: int) -> list[str]:
    return _WORD.findall(text[:start])[-count:]


def _looks_back(text: str, start: int) -> bool:
    """A past-event noun right before the expression: "расследование событий 6 января"."""
    return any(parses(word)[0].normal_form in _PAST_NOUNS for word in _words_before(text, start, 2))


def _preposition_before(text: str, start: int) -> str:
    words = _words_before(text, start, 1)
    return words[0].lower() if words else ""


def _noun_between(text: str) -> bool:
    """Whether ``text`` (between a verb and a date) holds a noun: the date may then name the noun's
    day ("объявили о забастовке 10 августа") rather than the verb's."""
    return any(parses(word)[0].tag.POS == "NOUN" for word in _WORD.findall(text))


def _infinitive_after(verbs: tuple, governing: tuple) -> bool:
    """Whether an infinitive follows the governing verb ("должны были вылететь", "решили провести"):
    the clause is about what was to happen, not what happened."""
    later = [v for v in verbs if v[0] > governing[0]]
    return bool(later) and later[0][2] is None and later[0][0] - governing[0] < 40


def direction(text: str, start: int, prep: str | None) -> int:
    """Where the clause places a date without a year at ``start``: BACK or AHEAD as the tense of the
    verb that governs it, else NEAREST its reference.

    BACK: a past-event noun right before it ("расследование событий 6 января"). NEAREST: a target
    ("на 10 августа", "перед 25 июля"), what was to happen ("должны были вылететь 25 июля"), a noun
    between a verb in the past tense and the date ("объявили о забастовке 10 августа": the strike's
    day, not the announcing's; "сообщила в среду" is the announcing's), an infinitive or the present
    tense. The governing verb is the nearest verb before the expression
    in its clause, else the first one after it, a leading parenthetical ("Напомним, в пятницу прошла
    ...") aside; without one, a clause whose verbs are all in the future tense looks ahead."""
    if _looks_back(text, start):
        return BACK
    if (prep or "").lower() in _TARGETS or _preposition_before(text, start) in _TARGETS:
        return NEAREST
    begin, finish = clause_bounds(text, start)
    clause, offset = text[begin:finish], start - begin
    verbs = _verbs(clause)
    parenthetical = LEADING_MARKER.match(clause) is not None
    candidates = [v for v in verbs if not (parenthetical and v[0] == 0)]
    before = [v for v in candidates if v[0] < offset]
    after = [v for v in candidates if v[0] > offset]
    governing = before[-1] if before else after[0] if after else None
    if governing is None:
        tenses = {tense for *_, tense in verbs}
        return AHEAD if _FUTURE in tenses and _PAST not in tenses else NEAREST
    if governing[2] not in (_FUTURE, _PAST) or _infinitive_after(candidates, governing):
        return NEAREST
    if governing[2] == _PAST and before and _noun_between(clause[governing[0] : offset]):
        return NEAREST
    return AHEAD if governing[2] == _FUTURE else BACK


def is_age(text: str, start: int, stop: int, fact: Temporal) -> bool:
    """Whether "N лет" is a person's age, not a length of time: "в возрасте 52 лет", "ему было 64
    года", "Принцу Филиппу 97 лет.", "в 13 лет", "(43 года)", "на 85 году жизни", "23-летний житель"."""
    if fact.unit != Granularity.YEAR or fact.quant:
        return False
    before = [word.lower() for word in _words_before(text, start, 2)]
    after = _WORD.match(text[stop:].lstrip())
    if (
        _WORD.findall(text[start:stop])[-1].split("-")[-1].lower().startswith("летн")
    ):  # "23-летний срок": a length;
        # "23-летний житель", "55-летний Шмидт": an age
        return not _thing_follows(text[stop:])
    if after is not None and after.group().lower() == "жизни":
        return True
    if text[:start].rstrip().endswith("(") and text[stop:].lstrip().startswith(")"):
        return True
    if not before:
        return False
    last = before[-1]
    if last in ("в", "с") or last in _AGE_WORDS or parses(last)[0].normal_form in _AGE_WORDS:
        return True
    dative = [w for w in before if w in _DATIVE_PRONOUNS or parses(w)[0].tag.case == "datv"]
    return bool(dative) and (last in ("был", "была", "было", "будет") or _ends_clause(text, stop))


def _thing_follows(rest: str) -> bool:
    """Whether the noun after an adjective ("-летний", past other adjectives) is a common inanimate one."""
    for word in _WORD.findall(rest)[:3]:
        parse = parses(word)[0]
        if parse.tag.POS in ("ADJF", "PRTF"):
            continue
        return parse.tag.POS == "NOUN" and parse.tag.animacy == "inan" and not word[0].isupper()
    return False


def _ends_clause(text: str, stop: int) -> bool:
    rest = text[stop:].lstrip()
    return not rest or rest[0] in ".,;:)"


def is_named_day(text: str, start: int, stop: int, fact: Temporal) -> bool:
    """Whether a unit without a number names a day rather than a length: "на день рождения",
    "в последний день" (a singular unit after "последний")."""
    if fact.amount is not None:
        return False
    unit = _WORD.findall(text[start:stop])[-1]
    after = _WORD.match(text[stop:].lstrip())
    if after is not None and any(
        p.tag.POS == "NOUN" and p.tag.case == "gent" for p in parses(after.group())[:1]
    ):
        return True
    last_word = parses(unit)[0]
    return "последн" in text[start:stop].lower() and last_word.tag.number == "sing"


def apposed(text: str, found: list[tuple[int, int, Norm]]) -> list[tuple[int, int, Norm]]:
    """A weekday or "вчера" followed by the date it names ("в пятницу, 10 августа", "вчера, 9 мая
    2019 года") takes that date: the text anchors it."""
    result = list(found)
    for i, (start, stop, norm) in enumerate(found[:-1]):
        following = found[i + 1]
        named = following[2]
        if (
            norm.kind == Kind.DATE
            and norm.granularity == Granularity.DAY
            and _APPOSITION.match(text[stop : following[0]])
            and named.granularity == Granularity.DAY
            and named.start is not None
            and named.kind == Kind.DATE
            and (norm.start is None or _is_relative(text[start:stop]))
        ):
            result[i] = (start, stop, replace(named, mod=norm.mod))
    return result


_WEEKDAYS_THEN_WEEK = re.compile(r"^[\s,]*(?:(?:и|или)\s*)?$")  # "в среду и в четверг на следующей неделе"


def in_named_week(text: str, found: list[tuple[int, int, Norm]]) -> list[tuple[int, int, Norm]]:
    """Weekdays followed by the week they are in ("в среду и в четверг на следующей неделе"): each is
    that day of the week named, not of the week of publication."""
    result = list(found)
    for k, (*_, norm) in enumerate(found):
        if norm.granularity != Granularity.WEEK or norm.start is None:
            continue
        i = k - 1
        while (
            i >= 0
            and _is_weekday(text, found[i])
            and _WEEKDAYS_THEN_WEEK.match(text[found[i][1] : found[i + 1][0]])
        ):
            first, last, day = found[i]
            moved = norm.start + timedelta(days=day.start.weekday())
            result[i] = (
                first,
                last,
                replace(day, value=moved.isoformat(), start=moved, end=moved, anchor=norm.anchor),
            )
            i -= 1
    return result


def _is_weekday(text: str, item: tuple[int, int, Norm]) -> bool:
    start, stop, norm = item
    return (
        norm.start is not None
        and norm.granularity == Granularity.DAY
        and _is_relative(text[start:stop])
        and any(parses(word)[0].normal_form in _WEEKDAY_NAMES for word in _WORD.findall(text[start:stop]))
    )


def _is_relative(expression: str) -> bool:
    """A weekday or a day counted from publication, not a date of its own."""
    return not any(ch.isdigit() for ch in expression)


def publication(row, suspect: frozenset[str] = frozenset()) -> tuple[date | None, str]:
    """(the day an article's relative expressions count from, why there is none): its publication
    date, unless it has none or it is suspect (``suspect``: a date every article of the corpus has,
    ``analysis.core.metadata``: the day they were collected).

    A date long after every full date the text writes is not taken as suspect: a news article often
    writes only the old dates it recalls ("вынесенный 8 ноября 2010 года") beside "22 июля" (one
    asia_bibi article, published 2015-07-23, would lose its "22 июля")."""
    published = parse_published(row.published)
    if published is None:
        return None, UNRESOLVED_NO_PUBLICATION
    if str(row.published) in suspect:
        return None, UNRESOLVED_SUSPECT_PUBLICATION
    return published, UNRESOLVED_NO_PUBLICATION


def suspect_dates(articles) -> frozenset[str]:
    """The publication dates of ``articles`` that are a crawl's, not the articles' own: the one every
    article has (when ``articles`` is the corpus), or the ones the articles table marks as such."""
    marked = getattr(metadata, "SHARED_DATE", None)
    found = set()
    if marked and Col.PUBLISHED_SOURCE in articles:
        found |= set(articles.loc[articles[Col.PUBLISHED_SOURCE] == marked, Col.PUBLISHED])
    if len(articles) >= metadata.MIN_ARTICLES:  # fewer never share a crawl's date
        found |= metadata.suspect_publication_dates(articles)
    return frozenset(found)


_BIRTH_AFTER = re.compile(r"^\s*(?:(?:года?|г\.?)\s*)?(?:рождения|р\.)", re.IGNORECASE)
_BORN_BEFORE = re.compile(r"(?:\(|,)\s*(?:род\.|родил\w*|р\.)\s*(?:в\s+)?$", re.IGNORECASE)


def about_a_person(text: str, found: dict) -> bool:
    """Whether a date (a ``dates`` row with offsets in ``text``) is a person's birth in an apposition,
    not the clause's event: "Камаль аль-Ганзури, 1933 года рождения, занимал пост", "(род. 1985)"."""
    start, end = found[Col.START], found[Col.END]
    return bool(_BIRTH_AFTER.match(text[end:]) or _BORN_BEFORE.search(text[:start]))


def apposition_end(text: str, found: dict) -> int:
    """Where a date's words end in ``text``: a birth date's "рождения" ("1933 года рождения") with it."""
    after = _BIRTH_AFTER.match(text[found[Col.END] :])
    return found[Col.END] + (after.end() if after else 0)


_WRITTEN_ON = re.compile(r"^\s*,\s*$")


def written_on(texts: list[str]) -> date | None:
    """The day an article says it was written on: "сегодня" or "вчера" followed by the full date it
    names ("умер вчера, 9 мая 2019 года": 10 May 2019); None when it says none."""
    for text in texts:
        matches = find_all(text)
        for shift, named in zip(matches, matches[1:], strict=False):
            days, fact = shift.fact.day_shift, named.fact
            if days is None or form(fact) != Form.DATE or not fact.year:
                continue
            if _WRITTEN_ON.match(text[shift.span.stop : named.span.start]):
                try:
                    return date(fact.year, fact.month, fact.day) - timedelta(days=days)
                except ValueError:
                    continue
    return None
