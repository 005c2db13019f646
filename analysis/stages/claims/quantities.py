"""Quantity claims: what a sentence says an entity measures, counts or did how many times.

Every quantity of a prose sentence (``analysis.nlp.grammars.quantities``) becomes a claim when the
sentence makes clear what it measures and whom it is about; when it does not, the quantity is
dropped rather than guessed (a wrong subject makes a false discrepancy, a missing one only a smaller
table).

Syntax-lite rules over the engine's tokens (lemma, POS, case) inside the quantity's clause (the
tokens between punctuation marks around it, a «quoted name» kept whole):
- The measure (``predicates``) is a noun the quantity is the value of ("стоимость ... составляет 8
  млрд евро", "Стоимость проекта — 9,5 млрд евро", "прибыль в 1,4 млрд евро", "протяжённостью 1224
  км", "об отмене 150 рейсов") or else the verb that governs it ("Ryanair отменила 400 рейсов", "400
  рейсов были отменены"). The whole of a partitive ("150 из 400 рейсов") measures the total the part
  came from; a duration after a preposition of time ("после восьми лет") dates the clause and is no
  claim.
- The subject (``subjects``) is the genitive owner of the measure noun or of the counted noun
  ("стоимость газопровода «X»", "400 рейсов Ryanair"), else the clause's one nominative entity, else
  the agent of a passive verb ("отменены авиакомпанией X"). A common noun there stands for the
  nearest earlier entity the corpus names with that noun in apposition ("авиакомпания Ryanair" ...
  "авиакомпания отменила"); a pronoun, or a verb with no subject, for the previous sentence's
  subject when that is an entity agreeing in gender and number (when it is a common noun, the
  pronoun is about that, and the claim is dropped). A place named before the figure in a
  prepositional phrase ("В Германии отменены 250 рейсов") is the subject of a verb's figure only
  when the clause has no subject at all.
- The attribute is ``quantity:<predicate stem>:<dimension or counted noun>[/<per>][@<places>]
  [#<when>]``. The stem lets aspect pairs and nouns of action meet ("отменить", "отменять",
  "отмена"). Places the quantity is given for ("250 рейсов в Германии", "по всей Европе") are part
  of it: 250 flights cancelled in Germany is not a disagreement with 400 cancelled across Europe. So
  is when the figure holds (``timing``): a date the clause names (the day itself when a weekday
  names it, "в среду" / "в четверг"; else the week of a day, the month or the year), else, for an
  event, the week the article was published, so that this week's strike is not last month's. An
  event is a verb in the perfective or the past, or the imperfective of a verb the corpus also uses
  in the perfective (news tells events in the present: "отменяет 250 рейсов" beside "отменила"); a
  state ("работает в 33 странах": no perfective of it in the corpus), a copula or a dash ("стоимость
  ... составляет", "стоимость — ...") and a person's count ("мать пятерых детей") hold whenever the
  article was written and carry no time. An amount added to an earlier one ("еще 300 рейсов", "о
  дополнительной отмене") is no total and no claim.
- A clause with no entity for its subject still gives a claim when it names its own date: its
  subject is its one nominative noun ("Забастовки 25-26 июля коснутся 100 тыс. пассажиров":
  "забастовка", entity id ""), which leads the attribute's predicate ("забастовка коснуть").
- The interval is in the dimension's base unit (m for km, days for years), so "1224 км" and "более
  1200 километров" compare.
- A person's age ("51-летняя католичка Асия Биби", "Асии Биби 54 года") is a claim too (``ages``:
  ``quantity:возраст:year#<year of publication>``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from analysis.core.codes import ClaimKind, EntityType
from analysis.core.document import Document, Mention, Sentence
from analysis.core.lexicon import words
from analysis.nlp.clauses import stretch
from analysis.nlp.grammars.quantities import Quantity, base_interval, quantities
from analysis.stages.claims.ages import age_claims, age_row, dative_age
from analysis.stages.claims.predicates import PLACE_PREPOSITIONS, Predicate, predicate, stem
from analysis.stages.claims.rows import Claim, claim_row, claims_frame, entity_names
from analysis.stages.claims.subjects import Context, apposition_nouns, event_stems, host, subject, topic
from analysis.stages.claims.syntax import preposition_before
from analysis.stages.claims.timing import NO_DATES, clause_date, figure_time, resolved_dates

# Words before a duration that make it a time adverbial ("после восьми лет", "в течение четырех
# дней", "на протяжении 24 часов").
TIME_PREPOSITIONS = words("claims_time_prepositions")
INCREMENTS = words("claims_increments")  # "еще 300 рейсов", "дополнительной отмене"


@dataclass(frozen=True)
class _Article:
    """What the quantity claims of one article read besides the sentence."""

    document: Document
    where: Context
    names: dict[str, str]  # entity id -> name, of the entities a claim may be about
    dated: pd.DataFrame  # the article's resolved dates (``timing.resolved_dates``)


@dataclass(frozen=True)
class _Said:
    """What a quantity claim says of its figure: the predicate, when it holds ("" for always), whom
    it is about (name, entity id; "" for no entity, the name then a noun) and the places it is
    given for."""

    measured: Predicate
    time: str
    about: tuple[str, str]
    places: list[Mention]


def _adverbial(sentence: Sentence, quantity: Quantity) -> bool:
    """A duration opened by a preposition of time ("после восьми лет пребывания в тюрьме", "за
    две недели") dates the clause's event; it is not what the event measures."""
    before = quantity.token_start - 1
    return (
        quantity.dimension == "duration"
        and before >= 0
        and sentence.tokens[before].lemma in TIME_PREPOSITIONS
    )


def _part_of(sentence: Sentence, quantity: Quantity, others: list[Quantity]) -> Quantity | None:
    """The part whose whole this quantity is ("150 из 400 рейсов": 150 for 400)."""
    before = quantity.token_start - 1
    if before <= 0 or sentence.tokens[before].text.lower() != "из":
        return None
    return next((q for q in others if q.token_end == before), None)


def _joined(sentence: Sentence, quantity: Quantity, others: list[Quantity]) -> Quantity | None:
    """The quantity this one is coordinated with ("250 рейсов в Германии и 400 по всей Европе"):
    it shares that one's measure."""
    before = quantity.token_start - 1
    if before < 0 or sentence.tokens[before].lemma != "и":
        return None
    earlier = [q for q in others if q.token_end <= before and q.dimension == quantity.dimension]
    return earlier[-1] if earlier else None


def _measure(
    sentence: Sentence, quantity: Quantity, found: list[Quantity]
) -> tuple[tuple[int, int], Predicate] | None:
    """The clause and the predicate of a quantity: a coordinated one shares the first's, the whole
    of a partitive is the total its part was taken from ("отменить из": 400 in "отменила 150 из
    400 рейсов")."""
    others = [q for q in found if q is not quantity]
    if _adverbial(sentence, quantity):
        return None
    part = _part_of(sentence, quantity, others)
    leader = part or _joined(sentence, quantity, others) or quantity
    span = stretch(sentence, leader.token_start, quantity.token_end - 1)
    measured = predicate(sentence, span, leader)
    if measured is None:
        return None
    if part is not None:
        measured = Predicate(f"{measured.lemma} из", measured.position, measured.is_verb)
    return span, measured


def places(
    sentence: Sentence, span: tuple[int, int], quantity: Quantity, others: list[Quantity]
) -> list[Mention]:
    """Places the quantity is given for: places in prepositional phrases after it (up to the next
    quantity of the clause), else before it (back to the previous one)."""
    starts = [q.token_start for q in others if q.token_start > quantity.token_start]
    ends = [q.token_end for q in others if q.token_end <= quantity.token_start]
    after = range(quantity.token_end, min([span[1], *starts]))
    before = range(max([span[0], *ends]), quantity.token_start)
    for side in (after, before):
        found: dict[str, Mention] = {}
        for position in side:
            index = sentence.token_mentions[position]
            if index is None or sentence.mentions[index].type != EntityType.LOC:
                continue
            mention = sentence.mentions[index]
            starts_here = mention.start == sentence.tokens[position].start
            if starts_here and preposition_before(sentence, position) in PLACE_PREPOSITIONS:
                found.setdefault(mention.entity_id, mention)
        if found:
            return list(found.values())
    return []


def _quantity_claims(article: _Article, sentence: Sentence, found: list[Quantity]) -> Iterator[dict]:
    names, where = article.names, article.where
    for quantity in found:
        measured = _measure(sentence, quantity, found)
        person = dative_age(sentence, quantity) if measured is None else None
        if person is not None and person.entity_id in names:
            value = (quantity.text, quantity.start, quantity.end)
            yield age_row(article.document, sentence, (person, names), value, quantity.value)
        if measured is None:
            continue
        span, measured = measured
        if _increment(sentence, quantity, measured):
            continue
        figure = range(quantity.token_start, quantity.token_end)
        about = subject(where, sentence, span, measured, figure)
        where_given = places(sentence, span, quantity, [q for q in found if q is not quantity])
        leading = [m for m in where_given if m.end <= quantity.start]
        if about is None and leading and measured.is_verb:  # "В Германии отменены 250 рейсов"
            about, where_given = (leading[0], [m for m in where_given if m is not leading[0]])
        elif about is None and measured.is_verb:  # "В авиакомпании работают 13 тысяч человек"
            about = host(where, sentence, (span[0], quantity.token_start))
        if about and about.entity_id in names:
            dates = (article.dated, article.document.published)
            time = figure_time(where, sentence, quantity, measured, dates)
            said = _Said(measured, time, (names[about.entity_id], about.entity_id), where_given)
            yield _row(sentence, quantity, said, names)
            continue
        time = clause_date(sentence, span, article.dated)  # about no entity: only with a date of its own
        head = topic(sentence, span, measured, figure)
        if time and head is not None:
            yield _row(sentence, quantity, _Said(measured, time, (head, ""), where_given), names)


def _increment(sentence: Sentence, quantity: Quantity, measured: Predicate) -> bool:
    """An amount added to an earlier one ("еще 300 рейсов", "о дополнительной отмене около 100
    рейсов") is no total: outlets giving the total do not disagree with it."""
    before = sentence.tokens[quantity.token_start - 1] if quantity.token_start else None
    if before is not None and before.lemma in INCREMENTS:
        return True
    position = measured.position
    return not measured.is_verb and position > 0 and sentence.tokens[position - 1].lemma in INCREMENTS


def _row(sentence: Sentence, quantity: Quantity, said: _Said, names: dict[str, str]) -> dict:
    """The claim: the attribute holds the predicate, what is counted, the period of a rate, the
    places the value is given for and, for an event, when it happened. A claim about no entity is
    named by its noun, which then leads the predicate ("забастовка коснуть")."""
    about, lemma = said.about, said.measured.lemma
    what = quantity.unit if quantity.dimension == "count" else quantity.dimension
    predicate_ = stem(lemma) if about[1] else f"{about[0]} {stem(lemma)}"
    key = f"quantity:{predicate_}:{what}" + (f"/{quantity.per}" if quantity.per else "")
    words = [lemma, what] + ([f"per {quantity.per}"] if quantity.per else [])
    scope = sorted({m.entity_id for m in said.places} - {about[1]})
    if scope:
        key += "@" + "+".join(scope)
        words.append("in " + ", ".join(names.get(e, e) for e in scope))
    if said.time:
        key += f"#{said.time}"
        words.append(said.time)
    low, high, unit = base_interval(quantity)
    attribute = (key, " · ".join(w for w in words if w))
    value = (quantity.text, quantity.start, quantity.end)
    claim = Claim(ClaimKind.QUANTITY, about, attribute, value, (low, high, unit, quantity.qualifier))
    return claim_row(sentence, claim)


# An article's quantities by sentence id (``article_quantities``, or a cached copy of it).
Parse = Callable[[Document], dict[int, list[Quantity]]]


def article_quantities(document: Document) -> dict[int, list[Quantity]]:
    """The quantities of an article's prose sentences, by sentence id (sentences with none left out):
    the parse, most of the claims' cost, and a function of the article alone, so the pipeline can
    keep it per article."""
    return {sentence.sentence_id: found for sentence in document.prose if (found := quantities(sentence))}


def extract_quantity_claims(
    documents: dict[str, Document],
    entities: pd.DataFrame,
    dates: pd.DataFrame | None = None,
    parse: Parse = article_quantities,
) -> pd.DataFrame:
    """Quantity claims of every prose sentence (``claims`` columns, kind ``quantity``). ``dates``
    (the timeline's) dates events; without it an event is dated by its article's week. ``parse``
    gives an article's quantities (``article_quantities``, or the pipeline's cached copy of it)."""
    names = entity_names(entities)
    resolved = resolved_dates(dates)
    classes, events = (apposition_nouns(documents.values()), event_stems(documents.values()))
    rows = []
    for article_id, document in documents.items():
        where = Context(list(document.prose), classes, events)
        article = _Article(document, where, names, resolved.get(article_id, NO_DATES))
        found = parse(document)
        for sentence in where.prose:
            rows.extend(_quantity_claims(article, sentence, found.get(sentence.sentence_id, [])))
            rows.extend(age_claims(document, where, sentence, names))
    return claims_frame(rows)
