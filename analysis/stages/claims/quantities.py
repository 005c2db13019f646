"""Quantity claims: what a sentence says an entity measures, counts or did how many times.

Every quantity of a prose sentence (``analysis.nlp.grammars.quantities``) becomes a claim when the sentence
makes clear what it measures and whom it is about; when it does not, the quantity is dropped
rather than guessed (a wrong subject makes a false discrepancy, a missing one only a smaller table).

Syntax-lite rules over the engine's tokens (lemma, POS, case) inside the quantity's clause (the
tokens between punctuation marks around it, a «quoted name» kept whole):
- The measure is a noun the quantity is the value of ("стоимость ... составляет 8 млрд евро",
  "Стоимость проекта — 9,5 млрд евро", "прибыль в 1,4 млрд евро", "протяжённостью 1224 км",
  "об отмене 150 рейсов") or else the verb that governs it ("Ryanair отменила 400 рейсов", "400
  рейсов были отменены"). The whole of a partitive ("150 из 400 рейсов") measures the total the
  part came from; a duration after a preposition of time ("после восьми лет") dates the clause
  and is no claim.
- The subject is the genitive owner of the measure noun or of the counted noun ("стоимость
  газопровода «X»", "400 рейсов Ryanair"), else the clause's one nominative entity, else the agent
  of a passive verb ("отменены авиакомпанией X"). A common noun there stands for the nearest
  earlier entity the corpus names with that noun in apposition ("авиакомпания Ryanair" ...
  "авиакомпания отменила"); a pronoun, or a verb with no subject, for the previous sentence's
  subject when that is an entity agreeing in gender and number (when it is a common noun, the
  pronoun is about that, and the claim is dropped). A place named before the figure in a prepositional
  phrase ("В Германии отменены 250 рейсов") is the subject of a verb's figure only when the clause
  has no subject at all.
- The attribute is ``quantity:<predicate stem>:<dimension or counted noun>[/<per>][@<places>]
  [#<when>]``. The stem lets aspect pairs and nouns of action meet ("отменить", "отменять",
  "отмена"). Places the quantity is given for ("250 рейсов в Германии", "по всей Европе") are
  part of it: 250 flights cancelled in Germany is not a disagreement with 400 cancelled across
  Europe. So is when the figure holds: a date the clause names (the day itself when a weekday
  names it, "в среду" / "в четверг"; else the week of a day, the month or the year), else, for an
  event, the week the article was published, so that this week's strike is not last month's. An
  event is a verb in the perfective or the past, or the imperfective of a verb the corpus also
  uses in the perfective (news tells events in the present: "отменяет 250 рейсов" beside
  "отменила"); a state ("работает в 33 странах": no perfective of it in the corpus), a copula
  or a dash ("стоимость ... составляет", "стоимость — ...") and a person's count ("мать пятерых
  детей") hold whenever the article was written and carry no time. An amount added to an earlier
  one ("еще 300 рейсов", "о дополнительной отмене") is no total and no claim.
- A clause with no entity for its subject still gives a claim when it names its own date: its
  subject is its one nominative noun ("Забастовки 25-26 июля коснутся 100 тыс. пассажиров":
  "забастовка", entity id ""), which leads the attribute's predicate ("забастовка коснуть").
- The interval is in the dimension's base unit (m for km, days for years), so "1224 км" and
  "более 1200 километров" compare.
- A person's age ("51-летняя католичка Асия Биби", "Асии Биби 54 года") is a claim too
  (``quantity:возраст:year#<year of publication>``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from analysis.core.document import Document, Mention, Sentence, Token
from analysis.core.schema import CLAIMS, TABLES, Col, validate
from analysis.nlp.clauses import quoted, stretch
from analysis.nlp.grammars.dates import WEEKDAYS
from analysis.nlp.grammars.quantities import CONVERSIONS, Quantity, quantities
from analysis.stages.claims.pack import claim_row

DASHES = {"—", "–", "-"}  # "Стоимость проекта — 9,5 млрд евро": a dash stands for the copula
# Verbs that state a measure's value instead of being the measure: "стоимость составляет ...".
COPULAS = {
    "составлять",
    "составить",
    "достигать",
    "достичь",
    "достигнуть",
    "превышать",
    "превысить",
    "равняться",
    "оцениваться",
    "насчитывать",
    "быть",
}
# Verbs that carry no content of their own before another verb ("может быть отменено").
AUXILIARIES = {"быть", "мочь", "смочь", "стать"}
# "прибыль в размере 1,4 млрд": words between a measure noun and its value.
LINKS = {"в", "размер", "сумма", "объём", "объем", "около", "на"}
# Prepositions of a place the quantity is given for ("в Германии", "из аэропортов Германии").
PLACE_PREPOSITIONS = {"в", "во", "по", "из", "внутри", "на", "между", "до"}
PRONOUNS = {"он", "она", "оно"}
RELATIVE = "который"
# Endings of verbs (aspect pairs: "отменить" / "отменять") and of nouns of action ("отмена").
PREDICATE_ENDINGS = ("ывать", "ивать", "ение", "ание", "ять", "ить", "ать", "еть", "а", "я")
MIN_STEM = 4  # letters a stem keeps ("стоить" stays whole)
# Words before a duration that make it a time adverbial ("после восьми лет", "в течение четырех
# дней", "на протяжении 24 часов").
TIME_PREPOSITIONS = {"после", "через", "спустя", "за", "с", "со", "до", "течение", "протяжение"}
INCREMENTS = {"еще", "ещё", "дополнительный", "дополнительно"}  # "еще 300 рейсов", "дополнительной отмене"
ANAPHOR_SENTENCES = 2  # sentences back in the paragraph an anaphor may point to
PASSIVE = "Voice=Pass"


@dataclass(frozen=True)
class Predicate:
    """What a quantity is the value of: a noun ("стоимость") or a verb ("отменить")."""

    lemma: str
    position: int  # token of the sentence
    is_verb: bool


def _content_verb(token: Token) -> bool:
    """A verb that can govern a complement: finite, infinitive, short participle or gerund, not
    an auxiliary (a full participle qualifies a noun: "запланированных рейсов")."""
    if token.pos != "VERB" or token.lemma in AUXILIARIES:
        return False
    feats = token.feats
    return "VerbForm=Part" not in feats or "Variant=Short" in feats


def governing_verb(sentence: Sentence, span: tuple[int, int], first: int, last: int) -> int | None:
    """The nearest content verb of the clause before tokens first..last, else the nearest after."""
    tokens = sentence.tokens
    lo, hi = span
    before = [i for i in range(first - 1, lo - 1, -1) if _content_verb(tokens[i])]
    after = [i for i in range(last + 1, hi) if _content_verb(tokens[i])]
    if first > lo and tokens[first - 1].pos == "CCONJ":
        before = []  # "... и восемь лет ждала": the verb after the conjunction
    return (before or after or [None])[0]


def _measure_noun(sentence: Sentence, span: tuple[int, int], first: int) -> int | None:
    """The noun a value is attached to: right before it ("отмене 150 рейсов", "протяжённостью
    1224 км") or through "в", "в размере" ("прибыль в 1,4 млрд", "штраф в размере 1100 долларов")."""
    tokens = sentence.tokens
    position = first - 1
    while position >= span[0] and tokens[position].lemma in LINKS and tokens[position].pos != "NOUN":
        position -= 1
    if position >= span[0] and tokens[position].lemma in LINKS and tokens[position].pos == "NOUN":
        position -= 1  # "в размере": the noun is further back
        while position >= span[0] and tokens[position].lemma in LINKS and tokens[position].pos != "NOUN":
            position -= 1
    if position < span[0] or tokens[position].pos != "NOUN" or sentence.token_mentions[position] is not None:
        return None
    if _preposition_before(sentence, position) in PLACE_PREPOSITIONS:
        return None  # "провела в камере восемь лет", "в сей день 20 рейсов": where or when, not what
    if position == first - 1 and tokens[position].case == "Gen" and "Number=Plur" in tokens[position].feats:
        return None  # "из-за забастовки пилотов и бортпроводников 600 рейсов": another phrase's tail
    return position


def _copula_subject(sentence: Sentence, span: tuple[int, int], verb: int) -> int | None:
    """The nominative noun before a copula: the measure ("стоимость ... составляет")."""
    tokens, inside = sentence.tokens, quoted(sentence)
    for position in range(verb - 1, span[0] - 1, -1):
        token = tokens[position]
        named = inside[position] or sentence.token_mentions[position] is not None
        if token.pos == "NOUN" and token.case == "Nom" and not named:
            return position
    return None


def predicate(sentence: Sentence, span: tuple[int, int], quantity: Quantity) -> Predicate | None:
    """What the quantity measures, or None when the clause does not say."""
    first, last = quantity.token_start, quantity.token_end - 1
    noun = _measure_noun(sentence, span, first)
    if noun is None and first == span[0] > 1 and sentence.tokens[first - 1].text in DASHES:
        before = stretch(sentence, first - 2, first - 2)
        noun = _copula_subject(sentence, before, first - 1)  # "Стоимость проекта — 9,5 млрд евро"
    if noun is not None:
        return Predicate(sentence.tokens[noun].lemma, noun, False)
    verb = governing_verb(sentence, span, first, last)
    if verb is None:
        return None
    lemma = sentence.tokens[verb].lemma
    if lemma in COPULAS:
        noun = _copula_subject(sentence, span, verb)
        return None if noun is None else Predicate(sentence.tokens[noun].lemma, noun, False)
    return Predicate(lemma, verb, True)


# --- Subjects -----------------------------------------------------------------------------------

OPENING_QUOTES = ("«", '"', "“", "„")


def _mention_at(sentence: Sentence, position: int) -> Mention | None:
    """The mention starting at token ``position``, a quotation mark before it allowed."""
    tokens = sentence.tokens
    while position < len(tokens) and tokens[position].text in OPENING_QUOTES:
        position += 1
    if position >= len(tokens):
        return None
    index = sentence.token_mentions[position]
    if index is None or sentence.mentions[index].start != tokens[position].start:
        return None
    return sentence.mentions[index]


def _head(sentence: Sentence, mention: Mention) -> Token:
    """The mention's first token (its case and gender stand for the mention's)."""
    return next(t for t in sentence.tokens if t.start >= mention.start)


def _preposition_before(sentence: Sentence, position: int, agreeing: bool = False) -> str:
    """The preposition a token's noun phrase starts with ("" for none). ``agreeing``: only
    adjectives in the token's case are in its phrase ("В общем отмена рейсов ...": the
    nominative "отмена" has no preposition)."""
    tokens = sentence.tokens
    case = tokens[position].case if agreeing else ""
    position -= 1
    while position >= 0 and (
        (tokens[position].pos in ("ADJ", "DET") and (not case or tokens[position].case in (case, "")))
        or tokens[position].text in OPENING_QUOTES
    ):
        position -= 1
    return tokens[position].lemma if position >= 0 and tokens[position].pos == "ADP" else ""


@dataclass(frozen=True)
class Context:
    """What subject resolution reads besides the clause: the article's prose, and the common nouns
    the corpus puts in apposition to an entity (``apposition_nouns``): such a noun alone stands for
    the nearest earlier mention of one of its entities."""

    prose: list[Sentence]
    classes: dict[str, set[str]]  # noun lemma -> entity ids
    events: frozenset[str] = frozenset()  # stems the corpus uses in the perfective (``event_stems``)


def _apposed(sentence: Sentence, position: int) -> Mention | None:
    """The name in apposition right after the noun at ``position`` ("авиакомпания Ryanair",
    "христианки Асии Биби", "газопровода «Северный поток»"): a mention there in the noun's case (in
    the genitive only a person's), or in quotation marks in the nominative, or with no case (a
    foreign name). A quoted name in another case owns the noun instead ("газопровода «Газпрома»"),
    and a place is never apposed."""
    mention = _mention_at(sentence, position + 1)
    if mention is None or mention.type == "LOC":
        return None
    case, quoted = _head(sentence, mention).case, sentence.tokens[position + 1].text in OPENING_QUOTES
    if not case or (quoted and case == "Nom"):
        return mention
    same = not quoted and case == sentence.tokens[position].case
    # Two genitives are an owner more often than an apposition ("саммита Белого дома"), except
    # for a person ("христианки Асии Биби").
    return mention if same and (case != "Gen" or mention.type == "PER") else None


def apposition_nouns(documents: Iterable[Document]) -> dict[str, set[str]]:
    """Common nouns the corpus puts right before an entity's name (``_apposed``), by lemma: the
    entities each noun names."""
    classes: dict[str, set[str]] = {}
    for document in documents:
        for sentence in document.prose:
            for position, token in enumerate(sentence.tokens[:-1]):
                if token.pos != "NOUN" or sentence.token_mentions[position] is not None:
                    continue
                mention = _apposed(sentence, position)
                if mention is not None:
                    classes.setdefault(token.lemma, set()).add(mention.entity_id)
    return classes


def event_stems(documents: Iterable[Document]) -> frozenset[str]:
    """Stems of the verbs the corpus uses in the perfective at least once: an imperfective of one
    of them is news telling an event in the present ("отменяет 250 рейсов", beside "отменила");
    of any other verb, a standing fact ("работает в 33 странах")."""
    return frozenset(
        stem(token.lemma)
        for document in documents
        for sentence in document.prose
        for token in sentence.tokens
        if token.pos == "VERB" and "Aspect=Perf" in token.feats
    )


def _fits(anaphor: Token, mention: Mention, head: Token) -> bool:
    """Whether a mention can be what a pronoun stands for: not a place, the same gender and
    number as far as the tagger tells."""
    if mention.type == "LOC":
        return False
    mine, theirs = anaphor.features, head.features
    return all(mine.get(f) == theirs.get(f) for f in ("Gender", "Number") if mine.get(f) and theirs.get(f))


def _earlier_mentions(where: Context, sentence: Sentence, before: int) -> Iterator[tuple[Sentence, Mention]]:
    """Mentions before offset ``before`` in the sentence, then in the paragraph's previous
    sentences (up to ANAPHOR_SENTENCES), nearest first."""
    index = next(i for i, s in enumerate(where.prose) if s is sentence)
    window = [
        s
        for s in where.prose[max(0, index - ANAPHOR_SENTENCES) : index]
        if s.paragraph_id == sentence.paragraph_id
    ]
    for earlier in [sentence, *reversed(window)]:
        for mention in reversed(earlier.mentions):
            if mention.end <= before:
                yield earlier, mention


def _resolve(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The entity a pronoun, a common noun or a verb without a subject stands for. A pronoun (or
    a subjectless verb, by its gender and number): the nearest earlier subject
    (a nominative mention outside a prepositional phrase) that agrees with it. A common noun: the
    nearest earlier mention of an entity the article names with that noun in apposition."""
    anaphor = sentence.tokens[position]
    if anaphor.features.get("Number") == "Plur" or anaphor.features.get("Person", "3") != "3":
        return None
    if anaphor.pos == "NOUN":
        known = where.classes.get(anaphor.lemma, set())
        return next(
            (m for _, m in _earlier_mentions(where, sentence, anaphor.start) if m.entity_id in known), None
        )
    for earlier, at in _earlier_subjects(where, sentence, anaphor.start):
        index = earlier.token_mentions[at]
        if index is None:
            index = earlier.token_mentions[at + 1] if at + 1 < len(earlier.tokens) else None
            if index is None:
                return None  # the nearest subject is a common noun: the pronoun is about that
        mention = earlier.mentions[index]
        return mention if _fits(anaphor, mention, _head(earlier, mention)) else None
    return None


def _nominative_at(sentence: Sentence, position: int) -> bool:
    """A noun, name or pronoun in the nominative; a name the tagger gives no case (a foreign one,
    "Ryanair") counts, its case unknown."""
    token = sentence.tokens[position]
    if token.pos not in ("NOUN", "PROPN", "PRON", "X"):
        return False
    return token.case == "Nom" or (not token.case and sentence.token_mentions[position] is not None)


def _before_predicate(sentence: Sentence, position: int, found: Predicate, skip: range) -> bool:
    """A name without a case is taken for a subject only before the predicate and the figure
    ("Ryanair отменила"); after them it is an object's name ("400 самолетов Boeing-737-800")."""
    return bool(sentence.tokens[position].case) or position < min(found.position, skip.start)


def _earlier_subjects(where: Context, sentence: Sentence, before: int) -> Iterator[tuple[Sentence, int]]:
    """The subject (a nominative noun or name outside a prepositional phrase) of each sentence
    before offset ``before``: the anaphor's own sentence, then the paragraph's previous ones."""
    index = next(i for i, s in enumerate(where.prose) if s is sentence)
    window = [
        s
        for s in where.prose[max(0, index - ANAPHOR_SENTENCES) : index]
        if s.paragraph_id == sentence.paragraph_id
    ]
    for earlier in [sentence, *reversed(window)]:
        # In the anaphor's sentence the nearest subject before it; in an earlier one its first
        # (news puts the subject first; a later nominative is usually the predicate's).
        order = range(len(earlier.tokens) - 1, -1, -1) if earlier is sentence else range(len(earlier.tokens))
        for at in order:
            token = earlier.tokens[at]
            if token.end > before or not _nominative_at(earlier, at) or token.pos == "PRON":
                continue
            if not _preposition_before(earlier, at):
                yield earlier, at
                break


def _referent(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The entity a nominal at ``position`` is or stands for: a mention there; else an entity in
    apposition right after it ("авиакомпания Ryanair"); else its genitive owner ("котировки акций
    Ryanair", "руководство авиакомпании"); else what the pronoun or noun refers to."""
    tokens = sentence.tokens
    index = sentence.token_mentions[position]
    if index is not None:
        return sentence.mentions[index]
    if tokens[position].lemma == RELATIVE and position > 1 and tokens[position - 1].text == ",":
        return _referent(where, sentence, position - 2)  # "христианки, которая провела ..."
    if tokens[position].pos == "NOUN":
        apposed = _apposed(sentence, position)
        if apposed is not None:
            return apposed
        owner = _owner(where, sentence, position)
        if owner is not None:
            return owner
    if tokens[position].lemma in PRONOUNS or tokens[position].pos == "NOUN":
        return _resolve(where, sentence, position)
    return None


def _owner(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The entity in the genitive after a noun (adjectives and one more genitive noun between):
    "стоимость газопровода «X»", "400 рейсов Ryanair", "капитализация компании"; or the
    possessive before it ("её парк")."""
    tokens = sentence.tokens
    following = position + 1
    while following < len(tokens) and tokens[following].pos == "ADJ" and tokens[following].case == "Gen":
        following += 1
    if following < len(tokens):
        mention = _mention_at(sentence, following)
        if mention is not None:
            head = _head(sentence, mention)
            return mention if mention.type != "LOC" and head.case in ("Gen", "") else None
        if tokens[following].pos == "NOUN" and tokens[following].case == "Gen":
            return _referent(where, sentence, following)
    if position > 0 and tokens[position - 1].pos == "DET" and tokens[position - 1].lemma in PRONOUNS:
        return _resolve(where, sentence, position - 1)
    return None


def _oblique_conjunct(sentence: Sentence, position: int) -> bool:
    """A word joined by "и"/"или" to a noun in another case takes that case, whatever the tagger
    says of an indeclinable name ("аэропорту Брюсселя и Шарлеруа")."""
    tokens = sentence.tokens
    if position < 2 or tokens[position - 1].lemma not in ("и", "или"):
        return False
    before = tokens[position - 2]
    return before.pos in ("NOUN", "PROPN") and before.case not in ("Nom", "")


def _nominatives(sentence: Sentence, span: tuple[int, int], skip: range) -> list[int]:
    """Heads of the clause's nominative noun phrases outside prepositional phrases (a mention counts once)."""
    found, seen = [], set()
    for position in range(*span):
        if position in skip or not _nominative_at(sentence, position):
            continue
        if _preposition_before(sentence, position, agreeing=True) or _oblique_conjunct(sentence, position):
            continue
        index = sentence.token_mentions[position]
        if index is not None and index in seen:
            continue
        if (
            position > 0
            and found
            and found[-1] == position - 1
            and sentence.token_mentions[position - 1] is None
        ):
            if index is not None:
                found[-1] = position  # "авиакомпания Ryanair": the name
                seen.add(index)
            continue
        seen.add(index)
        found.append(position)
    return found


def _agent(sentence: Sentence, span: tuple[int, int]) -> Mention | None:
    """The instrumental agent of a passive verb: "отменены авиакомпанией Ryanair"."""
    agents = {
        sentence.mentions[i].entity_id: sentence.mentions[i]
        for position in range(*span)
        if (i := sentence.token_mentions[position]) is not None
        and sentence.tokens[position].case == "Ins"
        and not _preposition_before(sentence, position)
    }
    return next(iter(agents.values())) if len(agents) == 1 else None


def subject(
    where: Context, sentence: Sentence, span: tuple[int, int], found: Predicate, skip: range
) -> Mention | None | bool:
    """The entity the claim is about (see the module's rules); False when the clause has a
    subject that is no entity (then no place stands in for it), None when it has none."""
    tokens = sentence.tokens
    if not found.is_verb:
        owner = _owner(where, sentence, found.position)
        if owner is not None:
            return owner
        bearer = found.position - 1
        if tokens[found.position].case == "Ins" and bearer >= 0 and tokens[bearer].pos in ("NOUN", "PROPN"):
            return _referent(where, sentence, bearer) or False  # "газопровод протяжённостью 1224 км"
        named = _named_after(sentence, found.position, skip) or _named_before(where, sentence, span, found)
        return named or _clause_subject(where, sentence, span, found, skip)
    owner = _owner(where, sentence, skip.stop - 1) if skip.stop > 0 else None  # "400 рейсов Ryanair"
    if PASSIVE in tokens[found.position].feats:
        return owner or _agent(sentence, span) or _clause_subject(where, sentence, span, found, skip)
    # Active: the subject does it, whatever the counted thing's owner ("Фонд владеет 1% акций X").
    found_subject = _clause_subject(where, sentence, span, found, skip)
    if found_subject is not None:
        return found_subject
    if owner is not None:
        return owner
    verb = tokens[found.position]
    if "VerbForm=Fin" in verb.feats and found.position < skip.start:
        return _resolve(where, sentence, found.position)  # "Работает в 33 странах": the last subject
    return None


def _named_after(sentence: Sentence, noun: int, skip: range) -> Mention | None:
    """The name right after a measure noun's figure, in the noun's case: the noun's apposition
    ("матери четырех детей Азии Биби", "мать пятерых детей Асия Биби")."""
    if skip.stop >= len(sentence.tokens):
        return None
    mention = _mention_at(sentence, skip.stop)
    if mention is None or mention.type == "LOC":
        return None
    case, own = _head(sentence, mention).case, sentence.tokens[noun].case
    # The tagger tells the oblique cases of "матери" apart badly: any two of them agree.
    return mention if not case or case == own or "Nom" not in (case, own) else None


def _named_before(
    where: Context, sentence: Sentence, span: tuple[int, int], found: Predicate
) -> Mention | None:
    """The name a measure noun's clause is set off from by a comma: "Асия Биби, мать пятерых
    детей, ..." (the clause is the noun phrase, its adjectives at most before the noun)."""
    tokens, lo = sentence.tokens, span[0]
    if lo < 2 or tokens[lo - 1].text != "," or any(t.pos != "ADJ" for t in tokens[lo : found.position]):
        return None
    index = sentence.token_mentions[lo - 2]
    if index is None or sentence.mentions[index].type == "LOC":
        return None
    return sentence.mentions[index]


def _clause_subject(
    where: Context, sentence: Sentence, span: tuple[int, int], found: Predicate, skip: range
) -> Mention | None | bool:
    """The entity the clause's one nominative is or stands for; False when it has several or one
    that stands for no entity, None when it has none."""
    heads = [
        p
        for p in _nominatives(sentence, span, skip)
        if p != found.position and _before_predicate(sentence, p, found, skip)
    ]
    if len(heads) > 1:
        return False
    if heads:
        return _referent(where, sentence, heads[0]) or False
    return None


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
            if index is None or sentence.mentions[index].type != "LOC":
                continue
            mention = sentence.mentions[index]
            starts_here = mention.start == sentence.tokens[position].start
            if starts_here and _preposition_before(sentence, position) in PLACE_PREPOSITIONS:
                found.setdefault(mention.entity_id, mention)
        if found:
            return list(found.values())
    return []


# --- Claims -------------------------------------------------------------------------------------


def is_event(token: Token) -> bool:
    """A verb for something that happened or will happen once (perfective, or past), not a copula:
    its numbers belong to that time ("отменила 400 рейсов"), unlike a state's ("работает в 33 странах")."""
    feats = token.feats
    return (
        token.pos == "VERB"
        and token.lemma not in COPULAS
        and ("Aspect=Perf" in feats or "Tense=Past" in feats)
    )


def stem(lemma: str) -> str:
    """A predicate's key: the lemma without a reflexive and a verb or action-noun ending, so that
    the aspects of one verb and its noun of action meet ("отменить", "отменять", "отмена" ->
    "отмен"); a phrase ("отменить из") keeps its last words."""
    head, _, rest = lemma.partition(" ")
    word = head.removesuffix("ся").removesuffix("сь")
    for ending in PREDICATE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            break
    return " ".join(filter(None, (word, rest)))


def base_interval(quantity: Quantity) -> tuple[float, float, str]:
    """The quantity's interval in its dimension's base unit (km and m in m, years and days in
    days), so that claims written in different units compare."""
    low, high = quantity.interval
    base, factor = CONVERSIONS.get(quantity.unit, (quantity.unit, 1.0))
    return low * factor, high * factor, base


def week(day: str) -> str:
    """The ISO week of a date ("2018-08-10" -> "2018-W32"), empty when it is no day."""
    try:
        year, number, _ = dt.date.fromisoformat(day).isocalendar()
    except ValueError:
        return ""
    return f"{year}-W{number:02d}"


def _clause_date(sentence: Sentence, span: tuple[int, int], dated: pd.DataFrame) -> str:
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
    """When the clause's event happened: the date the clause names (``_clause_date``), else the
    week the article was published."""
    return _clause_date(sentence, span, dated) or week(published)


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


def _quantity_claims(
    document: Document,
    where: Context,
    sentence: Sentence,
    found: list[Quantity],
    names: dict[str, str],
    dated: pd.DataFrame,
) -> Iterator[dict]:
    for quantity in found:
        measured = _measure(sentence, quantity, found)
        person = _dative_age(sentence, quantity) if measured is None else None
        if person is not None and person.entity_id in names:
            value = (quantity.text, quantity.start, quantity.end)
            yield _age_row(document, sentence, (person, names), value, quantity.value)
        if measured is None:
            continue
        span, measured = measured
        if _increment(sentence, quantity, measured):
            continue
        about = subject(where, sentence, span, measured, range(quantity.token_start, quantity.token_end))
        where_given = places(sentence, span, quantity, [q for q in found if q is not quantity])
        topic = [m for m in where_given if m.end <= quantity.start]
        if about is None and topic and measured.is_verb:  # "В Германии отменены 250 рейсов"
            about, where_given = topic[0], [m for m in where_given if m is not topic[0]]
        elif about is None and measured.is_verb:  # "В авиакомпании работают 13 тысяч человек"
            about = _host(where, sentence, (span[0], quantity.token_start))
        if about and about.entity_id in names:
            time = _time(where, sentence, quantity, measured, (dated, document.published))
            subject_ = (names[about.entity_id], about.entity_id)
            yield _row(sentence, quantity, (measured, time), subject_, where_given, names)
            continue
        time = _clause_date(sentence, span, dated)  # about no entity: only with a date of its own
        head = _topic(sentence, span, measured, range(quantity.token_start, quantity.token_end))
        if time and head is not None:
            yield _row(sentence, quantity, (measured, time), (head, ""), where_given, names)


def _host(where: Context, sentence: Sentence, stretch: tuple[int, int]) -> Mention | None:
    """The organisation a clause without a subject is set in, named before the figure after "в" or
    "у" ("В авиакомпании работают 13 тысяч человек", "у Ryanair"), by name or by a noun standing
    for it (``_referent``)."""
    for position in range(*stretch):
        token = sentence.tokens[position]
        if token.pos not in ("NOUN", "PROPN") or _preposition_before(sentence, position) not in ("в", "у"):
            continue
        mention = _referent(where, sentence, position)
        if mention is not None and mention.type == "ORG":
            return mention
    return None


def _increment(sentence: Sentence, quantity: Quantity, measured: Predicate) -> bool:
    """An amount added to an earlier one ("еще 300 рейсов", "о дополнительной отмене около 100
    рейсов") is no total: outlets giving the total do not disagree with it."""
    before = sentence.tokens[quantity.token_start - 1] if quantity.token_start else None
    if before is not None and before.lemma in INCREMENTS:
        return True
    position = measured.position
    return not measured.is_verb and position > 0 and sentence.tokens[position - 1].lemma in INCREMENTS


def _topic(sentence: Sentence, span: tuple[int, int], found: Predicate, skip: range) -> str | None:
    """The lemma of the clause's one nominative common noun ("Забастовки 25-26 июля коснутся 100
    тыс. пассажиров": "забастовка"), for a claim about no entity."""
    heads = [
        p
        for p in _nominatives(sentence, span, skip)
        if p != found.position and _before_predicate(sentence, p, found, skip)
    ]
    if (
        len(heads) != 1
        or sentence.tokens[heads[0]].pos != "NOUN"
        or sentence.token_mentions[heads[0]] is not None
    ):
        return None
    return sentence.tokens[heads[0]].lemma


AGE = re.compile(r"(\d{1,3})-летн", re.IGNORECASE)  # "51-летняя", "46-летней"
AGE_REACH = 6  # words from an age to the name it qualifies ("46-летней матери пятерых детей Азии Биби")


def _aged(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The person an age ("51-летняя") qualifies: the first name of its noun phrase ("51-летняя
    католичка Асия Биби"), else the person its first noun stands for ("50-летнюю мать"); nothing
    for a thing ("30-летний опыт")."""
    tokens, noun = sentence.tokens, None
    for at in range(position + 1, min(len(tokens), position + 1 + AGE_REACH)):
        index = sentence.token_mentions[at]
        if index is not None:
            mention = sentence.mentions[index]
            return mention if mention.type == "PER" else None
        if tokens[at].pos not in ("ADJ", "NOUN", "NUM", "DET"):
            break
        if tokens[at].pos == "NOUN" and noun is None:
            noun = at
    if noun is None or not tokens[noun].animate:
        return None
    person = _resolve(where, sentence, noun)
    return person if person is not None and person.type == "PER" else None


def _age_claims(
    document: Document, where: Context, sentence: Sentence, names: dict[str, str]
) -> Iterator[dict]:
    """A person's age as the text gives it ("51-летняя католичка Асия Биби"): a count of years,
    dated by the year the article was published (ages grow)."""
    for position, token in enumerate(sentence.tokens):
        found = AGE.match(token.text)
        person = _aged(where, sentence, position) if found else None
        if person is not None and person.entity_id in names:
            age = float(found.group(1))
            yield _age_row(document, sentence, (person, names), (token.text, token.start, token.end), age)


def _age_row(
    document: Document, sentence: Sentence, person: tuple[Mention, dict[str, str]], value: tuple, age: float
) -> dict:
    mention, names = person
    year = document.published[:4]
    key, words = "quantity:возраст:year", ["возраст", "year"]
    if year:
        key, words = f"{key}#{year}", [*words, year]
    subject_ = (names[mention.entity_id], mention.entity_id)
    return claim_row(
        sentence, "quantity", subject_, (key, " · ".join(words)), value, (age, age, "year", "exact")
    )


def _dative_age(sentence: Sentence, quantity: Quantity) -> Mention | None:
    """ "Асии Биби 54 года": a person in the dative right before a number of years, no verb."""
    if quantity.unit != "year" or quantity.qualifier != "exact" or quantity.token_start == 0:
        return None
    index = sentence.token_mentions[quantity.token_start - 1]
    if index is None or sentence.mentions[index].type != "PER":
        return None
    span = stretch(sentence, quantity.token_start, quantity.token_end - 1)
    if governing_verb(sentence, span, quantity.token_start, quantity.token_end - 1) is not None:
        return None
    mention = sentence.mentions[index]
    return mention if _head(sentence, mention).case in ("Dat", "Gen") else None  # "Асии": either


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


def _time(where: Context, sentence: Sentence, quantity: Quantity, measured: Predicate, dates: tuple) -> str:
    """When the figure holds: the date its clause names, else for an event the week the article
    was published (``when``), else "" (a state's or a copula's: ``_dated``). A person's count
    ("мать пятерых детей") is the person's whatever the clause's time."""
    if not measured.is_verb and sentence.tokens[measured.position].animate:
        return ""
    dated, published = dates
    span = stretch(sentence, quantity.token_start, quantity.token_end - 1)
    if not _dated(where, sentence, measured):
        return _clause_date(sentence, span, dated)
    return when(sentence, span, dated, published)


def _row(sentence, quantity, measured, about, where_given, names) -> dict:
    """The claim: the attribute holds the predicate, what is counted, the period of a rate, the
    places the value is given for and, for an event, when it happened. ``measured`` is the
    predicate and that time, ``about`` the subject's name and entity id ("" for a claim about no
    entity, named by its noun, which then leads the predicate: "забастовка коснуть")."""
    measured, time = measured
    what = quantity.unit if quantity.dimension == "count" else quantity.dimension
    predicate_ = stem(measured.lemma) if about[1] else f"{about[0]} {stem(measured.lemma)}"
    key = f"quantity:{predicate_}:{what}" + (f"/{quantity.per}" if quantity.per else "")
    words = [measured.lemma, what] + ([f"per {quantity.per}"] if quantity.per else [])
    scope = sorted({m.entity_id for m in where_given} - {about[1]})
    if scope:
        key += "@" + "+".join(scope)
        words.append("in " + ", ".join(names.get(e, e) for e in scope))
    if time:
        key += f"#{time}"
        words.append(time)
    low, high, unit = base_interval(quantity)
    return claim_row(
        sentence,
        "quantity",
        about,
        (key, " · ".join(w for w in words if w)),
        (quantity.text, quantity.start, quantity.end),
        (low, high, unit, quantity.qualifier),
    )


_NO_DATES = pd.DataFrame(
    {Col.START: pd.Series(dtype="int64"), Col.END: pd.Series(dtype="int64"), Col.VALUE: []}
)


def _resolved_dates(dates: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """The timeline's resolved dates (points in time and periods, not durations) by article."""
    if dates is None or dates.empty:
        return {}
    points = dates[dates[Col.RESOLVED].astype(bool) & dates[Col.KIND].isin(["date", "range"])]
    return {a: g[[Col.START, Col.END, Col.VALUE]] for a, g in points.groupby(Col.ARTICLE_ID)}


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
    names = dict(zip(entities[Col.ENTITY_ID], entities[Col.NAME], strict=True))
    resolved = _resolved_dates(dates)
    classes, events = apposition_nouns(documents.values()), event_stems(documents.values())
    rows = []
    for article_id, document in documents.items():
        dated = resolved.get(article_id, _NO_DATES)
        where = Context(list(document.prose), classes, events)
        found = parse(document)
        for sentence in where.prose:
            parsed = found.get(sentence.sentence_id, [])
            rows.extend(_quantity_claims(document, where, sentence, parsed, names, dated))
            rows.extend(_age_claims(document, where, sentence, names))
    return validate(CLAIMS, pd.DataFrame(rows, columns=list(TABLES[CLAIMS].columns)))
