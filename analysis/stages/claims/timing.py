"""When a claim's figure holds (its *moment*) and whether it was said before the fact.

- **Moment.** The date its clause names (a day: "28 сентября", "в среду"; a period: "25-26
  июля"; else the month or the year), else, for an event, the week the article was
  published (``week``), so that this week's strike is not last month's; a state's or a copula's
  figure ("работает в 33 странах", "штат ... насчитывает") holds whenever the article was written
  and has none (""). An event told in an article with no trusted publication date and no date of
  its own has an ``UNKNOWN`` moment: it is compared with nothing (a crawl's one date for every
  article is no publication date: ``analysis.core.metadata``).
- **Expected or done** (``modality``). A figure said in the future tense or the news present
  ("отменит", "отменяет 190 рейсов в конце рабочей недели"), under a word of plan, forecast or
  possibility ("может привести к отмене", "Предварительные результаты"), announced as a noun of
  action ("объявила об отмене 190 рейсов"), or dated after the article was published, is
  ``expected`` (``announced`` when it is an announcement reported as made: a noun of action, or
  the future of a "что" clause under an announcing verb in the past, "объявил, что ... отменит 250
  рейсов"); the outcome told later is an update of it, not a contradiction
  (``analysis.stages.discrepancies``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from analysis.core.codes import ClaimModality
from analysis.core.document import Document, Sentence
from analysis.core.lexicon import words
from analysis.core.metadata import suspect_publication_dates
from analysis.core.schema import Col
from analysis.nlp.clauses import stretch
from analysis.nlp.grammars.quantities import Quantity
from analysis.stages.claims.predicates import COPULAS, Predicate, governing_verb, is_event, stem
from analysis.stages.claims.subjects import Context
from analysis.stages.claims.tree import Tree

UNKNOWN = "unknown"  # the moment of an event no date places
EXPECTATIONS = words("claims_expectations")
ANNOUNCEMENTS = words("claims_announcements")
EXPECTATION_REACH = 3  # heads above a figure a word of plan or forecast may be


def week(day: str) -> str:
    """The ISO week of a date ("2018-08-10" -> "2018-W32"), empty when it is no day."""
    try:
        year, number, _ = dt.date.fromisoformat(day).isocalendar()
    except ValueError:
        return ""
    return f"{year}-W{number:02d}"


# An article's resolved dates (``resolved_dates``): (start, end, value) in the timeline's order.
Dated = tuple[tuple[int, int, str], ...]


def clause_date(sentence: Sentence, span: tuple[int, int], dated: Dated) -> str:
    """The first date the clause names: a day, a period ("25-26 июля": "2018-07-25/2018-07-26"),
    a month or a year ("" for none)."""
    lo, hi = sentence.tokens[span[0]].start, sentence.tokens[span[1] - 1].end
    return next((str(value) for start, end, value in dated if start >= lo and end <= hi), "")


def when(sentence: Sentence, span: tuple[int, int], dated: Dated, published: str) -> str:
    """When the clause's event happened: the date the clause names (``clause_date``), else the
    week the article was published, else ``UNKNOWN``."""
    return clause_date(sentence, span, dated) or week(published) or UNKNOWN


def _verb_of(sentence: Sentence, measured: Predicate) -> int | None:
    """The verb that tells the figure: the predicate itself, or the verb governing its noun."""
    position = measured.position
    if measured.is_verb:
        return position
    return governing_verb(sentence, stretch(sentence, position, position), position, position)


def _dated(where: Context, sentence: Sentence, measured: Predicate) -> bool:
    """Whether the figure belongs to a time: an event verb's (``is_event``, or a verb the corpus
    uses for events: ``event_stems``), or a noun's that such a verb governs ("объявил об отмене
    150 рейсов"). A copula's figure, and a state's ("работает в 33 странах", "томится в тюрьме"),
    hold whenever the article was written."""
    position = _verb_of(sentence, measured)
    if position is None or sentence.tokens[position].lemma in COPULAS:
        return False
    verb = sentence.tokens[position]
    return is_event(verb) or stem(verb.lemma) in where.events


def figure_time(
    where: Context, sentence: Sentence, quantity: Quantity, measured: Predicate, dates: tuple
) -> str:
    """The figure's moment: the date its clause names, else for an event the week the article was
    published (``when``), else "" (a state's or a copula's: ``_dated``). A person's count ("мать
    пятерых детей") is the person's whatever the clause's time."""
    if not measured.is_verb and sentence.tokens[measured.position].animate:
        return ""
    dated, published = dates
    span = stretch(sentence, quantity.token_start, quantity.token_end - 1)
    if not _dated(where, sentence, measured):
        return clause_date(sentence, span, dated)
    return when(sentence, span, dated, published)


def _starts(moment: str) -> str:
    """The first day of a moment ("2018-W39" -> "2018-09-24", "2018-08" -> "2018-08-01"), or ""."""
    moment = moment.partition("/")[0]
    try:
        if "-W" in moment:
            year, number = moment.split("-W")
            return dt.date.fromisocalendar(int(year), int(number), 1).isoformat()
        if len(moment) == len("2018-08"):
            return f"{moment}-01"
        return moment if len(moment) == len("2018-08-10") else ""
    except ValueError:
        return ""


def _future(sentence: Sentence, verb: int) -> bool:
    """A verb in the future: its own tense, or "будет/будут" before it ("будут отменены")."""
    if "Tense=Fut" in sentence.tokens[verb].feats:
        return True
    before = sentence.tokens[max(0, verb - 2) : verb]
    return any(t.lemma == "быть" and t.text.lower().startswith("буд") for t in before)


def _reported(tree: Tree, verb: int) -> bool:
    """Whether a verb is in a "что" clause of an announcing verb in the past ("Кенни Джейкобс
    объявил, что ... авиакомпания отменит 250 рейсов", "До этого говорилось, что ... отменит 190
    рейсов"): its future is the announcement's, told as said before the article."""
    tokens, position = tree.sentence.tokens, verb
    for _ in range(EXPECTATION_REACH):
        head = tree.head(position)
        if head < 0:
            return False
        marked = any(tree.rel(c) == "mark" and tokens[c].lemma == "что" for c in tree.children(position))
        said = tokens[head].lemma.removesuffix("ся") in ANNOUNCEMENTS and "Tense=Past" in tokens[head].feats
        if marked and said:
            return True
        position = head
    return False


def modality(tree: Tree, measured: Predicate, moment: str, published: str) -> str:
    """``expected`` for a figure said before the fact (future, news present, plan or forecast, or a
    moment after the publication), ``announced`` for an action announced by a noun, else ""."""
    sentence = tree.sentence
    verb = _verb_of(sentence, measured)
    start = _starts(moment)
    if published and start and start > published:
        return ClaimModality.EXPECTED
    if verb is not None and _reported(tree, verb):
        return ClaimModality.ANNOUNCED
    if verb is not None:
        feats = sentence.tokens[verb].feats
        if _future(sentence, verb) or ("Tense=Pres" in feats and "Aspect=Imp" in feats and moment):
            return ClaimModality.EXPECTED
        if not measured.is_verb and sentence.tokens[verb].lemma in ANNOUNCEMENTS:
            return ClaimModality.ANNOUNCED
    lo, _ = stretch(sentence, measured.position, measured.position)
    near = {
        sentence.tokens[p].lemma
        for p in [measured.position, *list(tree.up(measured.position))[:EXPECTATION_REACH]]
    }
    near |= {t.lemma for t in sentence.tokens[lo : measured.position]}
    return ClaimModality.EXPECTED if near & EXPECTATIONS else ""


def trusted_dates(documents: Iterable[Document]) -> set[str]:
    """The publication dates that are the articles' own: every one but the date all of a corpus's
    articles share (a crawl's day, ``analysis.core.metadata``)."""
    published = [document.published for document in documents]
    frame = pd.DataFrame({Col.PUBLISHED: published, Col.URL: "", Col.OUTLET: ""})
    return set(published) - suspect_publication_dates(frame) - {""}


NO_DATES: Dated = ()


def resolved_dates(dates: pd.DataFrame | None) -> dict[str, Dated]:
    """The timeline's resolved dates (points in time and periods, not durations) by article, as
    plain tuples: a clause's date is looked up thousands of times, a frame's filter each time costs
    more than the claims themselves."""
    if dates is None or dates.empty:
        return {}
    points = dates[dates[Col.RESOLVED].astype(bool) & dates[Col.KIND].isin(["date", "range"])]
    found: dict[str, list[tuple[int, int, str]]] = {}
    columns = (points[c].tolist() for c in (Col.ARTICLE_ID, Col.START, Col.END, Col.VALUE))
    for article_id, start, end, value in zip(*columns, strict=True):
        found.setdefault(article_id, []).append((start, end, value))
    return {article_id: tuple(spans) for article_id, spans in found.items()}
