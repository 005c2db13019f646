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
- The attribute is ``quantity:<predicate stem>:<dimension or counted noun>[~<modifier>...][/<per>]
  [@<places>]``. The stem lets aspect pairs and nouns of action meet ("отменить", "отменять",
  "отмена"). The modifiers (``measured``, on the sentence's dependency tree: ``tree``) say *which*
  thing is measured: named and genitive dependents of the counted noun or measure noun ("доз
  вакцины «Спутник V»", "голосов выборщиков Пенсильвании", "2% населения"). Places the quantity is
  given for ("250 рейсов в Германии", "по всей Европе", "из аэропортов Германии") are part of it:
  250 flights cancelled in Germany is not a disagreement with 400 cancelled across Europe. A
  standing count of places keys on where, whatever verb tells it ("Работает в 33 странах", "в 215
  аэропортах, расположенных в 37 странах": ``WHERE``).
- When the figure holds and whether it was said before the fact go beside the attribute, as the
  claim's ``moment`` and ``modality`` (``timing``): a date the clause names, else for an event the
  week the article was published; a state, a copula or a dash ("работает в 33 странах",
  "стоимость ... составляет", "стоимость — ...") and a person's count ("мать пятерых детей") hold
  whenever the article was written. An event is a verb in the perfective or the past, or the
  imperfective of a verb the corpus tells events with (``subjects.event_stems``). An amount added
  to an earlier one ("еще 300 рейсов", "о дополнительной отмене") is no total and no claim.
- Values, not thresholds (``limits``): a condition, a requirement, a target, "50% + 1", a point of
  comparison or a count in progress is no claim.
- A figure in a participial phrase ("Асия Биби, ... томящаяся уже 9 лет в тюрьме") is the
  participle's, about the noun it qualifies (``measured``); a list item's ("Саакашвили — 52,1 %",
  "в Аликанте — 10") about its name (``lists``).
- A clause with no entity for its subject still gives a claim when it names its own date, or else
  when its article has a trusted publication date (then of that week: "В общем отмена рейсов
  затронет около 30 тыс. пассажиров" of 27 September is about that week's strike): its subject is
  its one nominative noun ("Забастовки 25-26 июля коснутся 100 тыс. пассажиров": "забастовка",
  entity id ""), which leads the attribute's predicate ("забастовка затронуть").
- The interval is in the dimension's base unit (m for km, days for years), so "1224 км" and "более
  1200 километров" compare.
- A person's age ("51-летняя католичка Асия Биби", "Асии Биби 54 года", "умер в возрасте 52 лет",
  "Асия Биби ..., 51, родилась") is a claim too (``ages``: ``quantity:возраст:year``, its moment
  the year).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from analysis.core.codes import ClaimKind, ClaimPredicate, EntityType
from analysis.core.document import Document, Mention, Sentence
from analysis.core.lexicon import table, words
from analysis.nlp.clauses import stretch
from analysis.nlp.grammars.quantities import Quantity, base_interval, quantities
from analysis.nlp.syntax import Parse
from analysis.stages.claims.ages import age_at, age_claims, age_row, dative_age
from analysis.stages.claims.limits import not_a_value
from analysis.stages.claims.lists import DASH, heading, item_name
from analysis.stages.claims.measured import (
    Modifiers,
    measure_noun,
    modifiers,
    participle_of,
    participle_subject,
    predicate_subject,
    verb_places,
    verb_subject,
)
from analysis.stages.claims.predicates import PLACE_PREPOSITIONS, Predicate, governing_verb, predicate, stem
from analysis.stages.claims.rows import Claim, claim_row
from analysis.stages.claims.subjects import (
    Context,
    before_predicate,
    bracketed,
    host,
    nominatives,
    referent,
    subject,
    topic,
)
from analysis.stages.claims.syntax import preposition_before
from analysis.stages.claims.timing import (
    Dated,
    clause_date,
    figure_time,
    modality,
    week,
    when,
)
from analysis.stages.claims.tree import Tree

# Words before a duration that make it a time adverbial ("после восьми лет", "в течение четырех
# дней", "на протяжении 24 часов").
TIME_PREPOSITIONS = words("claims_time_prepositions")
INCREMENTS = words("claims_increments")  # "еще 300 рейсов", "дополнительной отмене"
SAME_THINGS = table("claims_same_things")  # "государство" counts what "страна" does
NO_PARSE = Parse((), ())
# A standing count of places keyed on this one predicate ("работает в 33 странах", "расположенных в
# 37 странах", "между 37 странами": where something is), and the case of the noun after each
# preposition that makes it a place phrase (not "в 3 раза", "в шесть стран" of a direction).
WHERE = ClaimPredicate.WHERE
WHERE_CASES = {"в": "Loc", "на": "Loc", "между": "Ins", "по": "Dat"}


@dataclass(frozen=True)
class _Article:
    """What the quantity claims of one article read besides the sentence."""

    document: Document
    where: Context
    names: dict[str, str]  # entity id -> name, of the entities a claim may be about
    dated: Dated  # the article's resolved dates (``timing.resolved_dates``)
    parses: dict[int, Parse]  # the trees of its sentences with a quantity (``tree.article_parses``)
    published: str  # its publication date, "" when unknown or not trusted (a crawl's one date)


@dataclass(frozen=True)
class _Said:
    """What a quantity claim says of its figure: the predicate, when it holds ("" for always) and
    how it is stated (``timing.modality``), whom it is about (name, entity id; "" for no entity,
    the name then a noun), the places it is given for and what else names the measured thing."""

    measured: Predicate
    time: tuple[str, str]
    about: tuple[str, str]
    places: list[Mention]
    modifiers: Modifiers


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


def _participial(
    where: Context, tree: Tree, quantity: Quantity
) -> tuple[tuple[int, int], Predicate, Mention | None] | None:
    """A figure in a participial phrase: the participle measures it, about the entity of the noun
    it qualifies ("Асия Биби, ... томящаяся уже 9 лет в тюрьме") or of that noun's clause subject
    ("перелеты ... в 215 аэропортах, расположенных в 37 странах": Ryanair)."""
    participle = participle_of(tree, quantity)
    if participle is None:
        return None
    sentence = tree.sentence
    span = stretch(sentence, quantity.token_start, quantity.token_end - 1)
    bearer = participle_subject(tree, participle)
    about = None if bearer is None else referent(where, sentence, bearer)
    return span, Predicate(sentence.tokens[participle].lemma, participle, True), about


def _where(tree: Tree, quantity: Quantity, moment: str) -> bool:
    """A standing count of the places something is in ("Работает в 33 странах", "в 215 аэропортах,
    расположенных в 37 странах", "между 37 странами"): one measure whatever verb tells it."""
    head = tree.phrase_head(range(quantity.token_start, quantity.token_end))
    if moment or quantity.dimension != "count" or head is None:
        return False
    preposition = tree.preposition(head) or preposition_before(tree.sentence, quantity.token_start)
    return WHERE_CASES.get(preposition) == tree.sentence.tokens[head].case


def _event_places(tree: Tree, quantity: Quantity, measured: Predicate) -> bool:
    """A count of places ("в пяти странах") told by a noun that no figure counts ("провести
    забастовку в пяти странах", not "по 224 направлениям в 37 странах"): how many places the thing
    the noun names happens in, whoever holds it."""
    if measured.is_verb or not _where(tree, quantity, ""):
        return False
    return not any(tree.rel(child).startswith("nummod") for child in tree.children(measured.position))


def _about(article: _Article, tree: Tree, quantity: Quantity, found: list[Quantity], measure):
    """The clause, predicate, subject (a mention, or None) and places of a figure (``measure``:
    its clause and predicate by the rules, ``_measure``), or None."""
    sentence, where = tree.sentence, article.where
    participial = _participial(where, tree, quantity)
    if participial is not None:
        span, measured, about = participial
    else:
        if measure is None or _increment(sentence, quantity, measure[1]):
            return None
        span, measured = measure[0], measure_noun(tree, measure[1])
        if measured is None:  # the noun was a circumstance's: the verb tells the figure
            verb = governing_verb(sentence, span, quantity.token_start, quantity.token_end - 1)
            if verb is None:
                return None
            measured = Predicate(sentence.tokens[verb].lemma, verb, True)
        about = subject(where, sentence, span, measured, range(quantity.token_start, quantity.token_end))
        if about is False and _crowded(sentence, span, measured, quantity) and tree.parse.heads:
            named = verb_subject(tree, measured.position)  # several nominatives: the tree's one
            inside = named is not None and span[0] <= named < span[1]
            about = (referent(where, sentence, named) if inside else None) or False
    where_given = places(sentence, span, quantity, [q for q in found if q is not quantity])
    leading = [m for m in where_given if m.end <= quantity.start]
    if about is None and leading and measured.is_verb:  # "В Германии отменены 250 рейсов"
        about, where_given = (leading[0], [m for m in where_given if m is not leading[0]])
    elif about is None and measured.is_verb and (given := bracketed(where, sentence, span)):
        about, where_given = given[0], [given[1], *where_given]  # "Бельгии (отменены 106 рейсов)"
    elif about is None and measured.is_verb:  # "В авиакомпании работают 13 тысяч человек"
        about = host(where, sentence, (span[0], quantity.token_start))
    return span, measured, about, where_given


def _crowded(sentence: Sentence, span: tuple[int, int], measured: Predicate, quantity: Quantity) -> bool:
    """A verb's clause with more than one nominative before it (a run-on sentence: "Немецкие пилоты
    Ryanair начали забастовку ирландская авиакомпания вынуждена была отменить ..."): the word
    rules cannot tell its subject."""
    skip = range(quantity.token_start, quantity.token_end)
    heads = [
        p
        for p in nominatives(sentence, span, skip)
        if p != measured.position and before_predicate(sentence, p, measured, skip)
    ]
    return measured.is_verb and len(heads) > 1


def _claim(article: _Article, tree: Tree, quantity: Quantity, found: list[Quantity], measure):
    """The claim a figure makes and what it says, or None when its clause does not say what it
    measures of whom."""
    sentence, names = tree.sentence, article.names
    told = _about(article, tree, quantity, found, measure)
    if told is None:
        return None
    span, measured, about, where_given = told
    published = article.published
    if about and about.entity_id in names:
        dates = (article.dated, published)
        moment = figure_time(article.where, sentence, quantity, measured, dates)
        named = (names[about.entity_id], about.entity_id)
    else:  # about no entity: only at a time, its own date or its article's week
        moment = clause_date(sentence, span, article.dated) or week(published)
        skip = range(quantity.token_start, quantity.token_end)
        if _event_places(tree, quantity, measured):  # "провести забастовку в пяти странах"
            head = measured.lemma  # the event's places, whoever holds it
        else:
            head = topic(sentence, span, measured, skip, predicate_subject(tree, measured))
        if not moment or head is None:
            return None
        named = (head, "")
    if _where(tree, quantity, moment if named[1] else ""):
        measured = Predicate(WHERE, measured.position, True)
    extra = modifiers(tree, quantity, measured, named[1], frozenset(article.where.classes))
    stated = modality(tree, measured, moment, published) if moment else ""
    where_verb = verb_places(tree, measured.position) if measured.is_verb and tree.parse.heads else []
    said = _Said(measured, (moment, stated), named, [*where_given, *extra.places, *where_verb], extra)
    return _row(sentence, quantity, said, names), said


def _list_claim(
    article: _Article, tree: Tree, quantity: Quantity, found: list[Quantity], said: dict
) -> dict | None:
    """A named list item's figure ("Саакашвили — 52,1 %"): about the name, measured by the list's
    heading (``lists``), or as the sentence's earlier figure of its kind when there is none ("...
    проведут в колонии 3 года, Олег Гнедчик — 3,5 года"), dated as news."""
    sentence = tree.sentence
    name = item_name(sentence, quantity, found)
    if name is None or name.entity_id not in article.names:
        return None
    named = (article.names[name.entity_id], name.entity_id)
    lemma, stated = heading(article.document, sentence)
    earlier = [
        told
        for q, told in said.values()
        if q.token_end <= quantity.token_start and q.dimension == quantity.dimension
    ]
    if lemma == DASH and earlier:
        return _row(sentence, quantity, replace(earlier[-1], about=named, places=[]), article.names)
    span = stretch(sentence, quantity.token_start, quantity.token_end - 1)
    moment = when(sentence, span, article.dated, article.published)
    measured = Predicate(lemma, quantity.token_start, False)
    extra = modifiers(tree, quantity, measured, name.entity_id, frozenset(article.where.classes))
    told = _Said(measured, (moment, stated), named, list(extra.places), extra)
    return _row(sentence, quantity, told, article.names)


def _quantity_claims(article: _Article, sentence: Sentence, found: list[Quantity]) -> Iterator[dict]:
    tree = Tree(sentence, article.parses.get(sentence.sentence_id, NO_PARSE))
    said: dict[int, tuple[Quantity, _Said]] = {}
    for quantity in found:
        if not_a_value(tree, quantity):
            continue
        person = age_at(sentence, quantity)
        if person is not None and person.entity_id in article.names:  # "умер в возрасте 52 лет"
            year = clause_date(sentence, (0, len(sentence.tokens)), article.dated)[:4]
            value = (quantity.text, quantity.start, quantity.end)
            yield age_row(article.document, sentence, (person, article.names), value, quantity.value, year)
            continue
        measure = _measure(sentence, quantity, found)
        if measure is None and participle_of(tree, quantity) is None:
            yield from _without_measure(article, tree, quantity, (found, said))
            continue
        made = _claim(article, tree, quantity, found, measure)
        if made is not None:
            said[quantity.token_start] = (quantity, made[1])
            yield made[0]


def _without_measure(article: _Article, tree: Tree, quantity: Quantity, context: tuple) -> Iterator[dict]:
    """A figure no clause measures: a person's age in the dative ("Асии Биби 54 года"), or a list
    item's ("Саакашвили — 52,1 %"). ``context``: the sentence's figures and the claims made so far."""
    sentence, names = tree.sentence, article.names
    person = dative_age(sentence, quantity)
    if person is not None and person.entity_id in names:
        value = (quantity.text, quantity.start, quantity.end)
        yield age_row(article.document, sentence, (person, names), value, quantity.value)
        return
    found, said = context
    row = _list_claim(article, tree, quantity, found, said)
    if row is not None:
        yield row


def _increment(sentence: Sentence, quantity: Quantity, measured: Predicate) -> bool:
    """An amount added to an earlier one ("еще 300 рейсов", "о дополнительной отмене около 100
    рейсов") is no total: outlets giving the total do not disagree with it."""
    before = sentence.tokens[quantity.token_start - 1] if quantity.token_start else None
    if before is not None and before.lemma in INCREMENTS:
        return True
    position = measured.position
    return not measured.is_verb and position > 0 and sentence.tokens[position - 1].lemma in INCREMENTS


def _row(sentence: Sentence, quantity: Quantity, said: _Said, names: dict[str, str]) -> dict:
    """The claim: the attribute holds the predicate, what is counted with what names it, the period
    of a rate and the places the value is given for; the moment and how it is stated go beside it.
    A claim about no entity is named by its noun, which then leads the predicate ("забастовка
    затронуть")."""
    about, lemma = said.about, said.measured.lemma
    counted = SAME_THINGS.get(quantity.unit, quantity.unit)  # "в 33 государствах" = "в 33 странах"
    what = counted if quantity.dimension == "count" else quantity.dimension
    predicate_ = stem(lemma) if about[1] else f"{about[0]} {stem(lemma)}"
    key = f"quantity:{predicate_}:{what}{said.modifiers.key()}" + (f"/{quantity.per}" if quantity.per else "")
    named = [*said.modifiers.nouns, *(names.get(e, e) for e in said.modifiers.entities)]
    words = [lemma, " ".join([what, *named])] + ([f"per {quantity.per}"] if quantity.per else [])
    scope = sorted({m.entity_id for m in said.places} - {about[1]})
    if scope:
        key += "@" + "+".join(scope)
        words.append("in " + ", ".join(names.get(e, e) for e in scope))
    low, high, unit = base_interval(quantity)
    unit = counted if quantity.dimension == "count" else unit
    attribute = (key, " · ".join(w for w in words if w))
    value = (quantity.text, quantity.start, quantity.end)
    interval = (low, high, unit, quantity.qualifier)
    return claim_row(sentence, Claim(ClaimKind.QUANTITY, about, attribute, value, interval, said.time))


def article_quantities(document: Document) -> dict[int, list[Quantity]]:
    """The quantities of an article's prose sentences, by sentence id (sentences with none left out):
    the parse, most of the claims' cost, and a function of the article alone, so the pipeline can
    keep it per article."""
    return {sentence.sentence_id: found for sentence in document.prose if (found := quantities(sentence))}


def article_quantity_claims(
    document: Document,
    where: Context,
    names: dict[str, str],
    dated: Dated,
    found: dict[int, list[Quantity]],
    parses: dict[int, Parse],
    published: str,
) -> list[dict]:
    """Quantity claims of an article's prose sentences (``claims`` rows, kind ``quantity``):
    ``names`` of the entities a claim may be about, ``dated`` its resolved dates (none: an event is
    dated by its article's week), ``found`` its quantities by sentence (``article_quantities``),
    ``parses`` its trees (``tree.article_parses``; without them, rules over the words alone),
    ``published`` its trusted publication date ("" when unknown or not trusted)."""
    article = _Article(document, where, names, dated, parses, published)
    rows = []
    for sentence in where.prose:
        rows.extend(_quantity_claims(article, sentence, found.get(sentence.sentence_id, [])))
        rows.extend(age_claims(document, where, sentence, names))
    return rows
