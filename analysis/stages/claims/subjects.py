"""Whom a claim is about: the entity a clause's figure or date belongs to, found by syntax-lite
rules over the engine's tokens (lemma, POS, case) inside the clause (see
``analysis.stages.claims.quantities`` for the rules).

The subject is the genitive owner of the measure noun or of the counted noun, else the clause's one
nominative entity, else the agent of a passive verb. A common noun there stands for the nearest
earlier entity the corpus names with that noun in apposition ("авиакомпания Ryanair" ...
"авиакомпания отменила"); a pronoun, or a verb with no subject, for the previous sentence's subject
when that is an entity agreeing in gender and number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass

from analysis.core.codes import EntityType
from analysis.core.document import Document, Mention, Sentence, Token
from analysis.stages.claims.predicates import Predicate, stem
from analysis.stages.claims.syntax import OPENING_QUOTES, head_of, mention_at, preposition_before

PRONOUNS = {"он", "она", "оно"}
RELATIVE = "который"
ANAPHOR_SENTENCES = 2  # sentences back in the paragraph an anaphor may point to
PASSIVE = "Voice=Pass"


@dataclass(frozen=True)
class Context:
    """What subject resolution reads besides the clause: the article's prose, and the common nouns
    the corpus puts in apposition to an entity (``apposition_nouns``): such a noun alone stands for
    the nearest earlier mention of one of its entities (the article's own nouns and entities are
    all it asks about: ``articles.View``)."""

    prose: list[Sentence]
    classes: Mapping[str, Set[str]]  # noun lemma -> entity ids
    events: frozenset[str] = frozenset()  # stems the corpus uses in the perfective (``event_stems``)


def _apposed(sentence: Sentence, position: int) -> Mention | None:
    """The name in apposition right after the noun at ``position`` ("авиакомпания Ryanair",
    "христианки Асии Биби", "газопровода «Северный поток»"): a mention there in the noun's case (in
    the genitive only a person's), or in quotation marks in the nominative, or with no case (a
    foreign name). A quoted name in another case owns the noun instead ("газопровода «Газпрома»"),
    and a place is never apposed."""
    mention = mention_at(sentence, position + 1)
    if mention is None or mention.type == EntityType.LOC:
        return None
    case, quoted = (head_of(sentence, mention).case, sentence.tokens[position + 1].text in OPENING_QUOTES)
    if not case or (quoted and case == "Nom"):
        return mention
    same = not quoted and case == sentence.tokens[position].case
    # Two genitives are an owner more often than an apposition ("саммита Белого дома"), except
    # for a person ("христианки Асии Биби").
    return mention if same and (case != "Gen" or mention.type == EntityType.PER) else None


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


def aspect_counts(documents: Iterable[Document]) -> tuple[Counter[str], Counter[str]]:
    """How often the corpus uses each verb stem in the perfective, and in the imperfective present
    (or as an imperfective gerund): what ``event_stems`` weighs, summed article by article."""
    done: Counter[str] = Counter()
    ongoing: Counter[str] = Counter()
    for document in documents:
        for sentence in document.prose:
            for token in sentence.tokens:
                if token.pos != "VERB":
                    continue
                feats = token.feats
                if "Aspect=Perf" in feats:
                    done[stem(token.lemma)] += 1
                elif "Aspect=Imp" in feats and ("Tense=Pres" in feats or "VerbForm=Conv" in feats):
                    ongoing[stem(token.lemma)] += 1
    return done, ongoing


def event_stems(done: Counter[str], ongoing: Counter[str]) -> frozenset[str]:
    """Stems of the verbs the corpus tells events with (``aspect_counts``): used in the perfective at
    least as often as in the imperfective present (or as an imperfective gerund). An imperfective of
    one of them is news telling an event in the present ("отменяет 250 рейсов", beside "отменила":
    the perfective most of the time on the Ryanair cluster); of any other verb, a standing fact
    ("работает в 33 странах": never perfective; "обслуживает 1,1 тыс. направлений": 4 perfective
    uses against 13)."""
    return frozenset(key for key, count in done.items() if count >= ongoing[key])


def _fits(anaphor: Token, mention: Mention, head: Token) -> bool:
    """Whether a mention can be what a pronoun stands for: not a place, the same gender and
    number as far as the tagger tells."""
    if mention.type == EntityType.LOC:
        return False
    mine, theirs = anaphor.features, head.features
    return all(mine.get(f) == theirs.get(f) for f in ("Gender", "Number") if mine.get(f) and theirs.get(f))


def _back_from(where: Context, sentence: Sentence) -> list[Sentence]:
    """The sentence, then the paragraph's previous sentences (up to ANAPHOR_SENTENCES), nearest
    first: where an anaphor's referent is looked for."""
    index = next(i for i, s in enumerate(where.prose) if s is sentence)
    window = [
        s
        for s in where.prose[max(0, index - ANAPHOR_SENTENCES) : index]
        if s.paragraph_id == sentence.paragraph_id
    ]
    return [sentence, *reversed(window)]


def _earlier_mentions(where: Context, sentence: Sentence, before: int) -> Iterator[tuple[Sentence, Mention]]:
    """Mentions before offset ``before`` in the sentence, then in the paragraph's previous
    sentences (up to ANAPHOR_SENTENCES), nearest first."""
    for earlier in _back_from(where, sentence):
        for mention in reversed(earlier.mentions):
            if mention.end <= before:
                yield earlier, mention


def resolve(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The entity a pronoun, a common noun or a verb without a subject stands for. A pronoun (or
    a subjectless verb, by its gender and number): the nearest earlier subject
    (a nominative mention outside a prepositional phrase) that agrees with it. A common noun: the
    nearest earlier mention of an entity the article names with that noun in apposition."""
    anaphor = sentence.tokens[position]
    if anaphor.features.get("Number") == "Plur" or anaphor.features.get("Person", "3") != "3":
        return None
    if anaphor.pos == "NOUN":
        known = where.classes.get(anaphor.lemma, set())
        near = (m for _, m in _earlier_mentions(where, sentence, anaphor.start) if m.entity_id in known)
        return next(near, None) or main_entity(where, known)
    for earlier, at in _earlier_subjects(where, sentence, anaphor.start):
        index = earlier.token_mentions[at]
        if index is None:
            index = earlier.token_mentions[at + 1] if at + 1 < len(earlier.tokens) else None
            if index is None:
                return None  # the nearest subject is a common noun: the pronoun is about that
        mention = earlier.mentions[index]
        return mention if _fits(anaphor, mention, head_of(earlier, mention)) else None
    return None


def person_before(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The person a personal pronoun at ``position`` stands for when only a person can be meant
    (the one an act is done to: "В 2011 году ее приговорили к смерти"): the nearest earlier mention
    of a person agreeing with it in gender and number, in its sentence or the paragraph's previous
    ones, past the common nouns ("смертная казнь", "Вердикт") a subject-only search stops at."""
    anaphor = sentence.tokens[position]
    if anaphor.lemma not in PRONOUNS:
        return None
    for earlier, mention in _earlier_mentions(where, sentence, anaphor.start):
        if mention.type == EntityType.PER and _fits(anaphor, mention, head_of(earlier, mention)):
            return mention
    return None


def main_entity(where: Context, known: set[str]) -> Mention | None:
    """The entity of ``known`` the article names most often (its first mention), when it names one
    of them at least twice and more often than any other: what "лоукостер" stands for in an
    article about Ryanair when no sentence nearby names it ("Днем до этого лоукостер был вынужден
    отменить 150 из 400 рейсов")."""
    counts: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for sentence in where.prose:
        for mention in sentence.mentions:
            if mention.entity_id in known:
                counts[mention.entity_id] += 1
                first.setdefault(mention.entity_id, mention)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return first[ranked[0][0]]


def _nominative_at(sentence: Sentence, position: int) -> bool:
    """A noun, name or pronoun in the nominative; a name the tagger gives no case (a foreign one,
    "Ryanair") counts, its case unknown."""
    token = sentence.tokens[position]
    if token.pos not in ("NOUN", "PROPN", "PRON", "X"):
        return False
    return token.case == "Nom" or (not token.case and sentence.token_mentions[position] is not None)


def before_predicate(sentence: Sentence, position: int, found: Predicate, skip: range) -> bool:
    """A name without a case is taken for a subject only before the predicate and the figure
    ("Ryanair отменила"); after them it is an object's name ("400 самолетов Boeing-737-800")."""
    return bool(sentence.tokens[position].case) or position < min(found.position, skip.start)


def _earlier_subjects(where: Context, sentence: Sentence, before: int) -> Iterator[tuple[Sentence, int]]:
    """The subject (a nominative noun or name outside a prepositional phrase) of each sentence
    before offset ``before``: the anaphor's own sentence, then the paragraph's previous ones."""
    for earlier in _back_from(where, sentence):
        # In the anaphor's sentence the nearest subject before it; in an earlier one its first
        # (news puts the subject first; a later nominative is usually the predicate's).
        order = range(len(earlier.tokens) - 1, -1, -1) if earlier is sentence else range(len(earlier.tokens))
        for at in order:
            token = earlier.tokens[at]
            if token.end > before or not _nominative_at(earlier, at) or token.pos == "PRON":
                continue
            if not preposition_before(earlier, at):
                yield earlier, at
                break


def referent(where: Context, sentence: Sentence, position: int) -> Mention | None:
    """The entity a nominal at ``position`` is or stands for: a mention there; else an entity in
    apposition right after it ("авиакомпания Ryanair"); else its genitive owner ("котировки акций
    Ryanair", "руководство авиакомпании"); else what the pronoun or noun refers to."""
    tokens = sentence.tokens
    index = sentence.token_mentions[position]
    if index is not None:
        return sentence.mentions[index]
    if tokens[position].lemma == RELATIVE and position > 1 and tokens[position - 1].text == ",":
        return referent(where, sentence, position - 2)  # "христианки, которая провела ..."
    if tokens[position].pos == "NOUN":
        apposed = _apposed(sentence, position)
        if apposed is not None:
            return apposed
        owner = _owner(where, sentence, position)
        if owner is not None:
            return owner
    if tokens[position].lemma in PRONOUNS or tokens[position].pos == "NOUN":
        return resolve(where, sentence, position)
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
        mention = mention_at(sentence, following)
        if mention is not None:
            head = head_of(sentence, mention)
            return mention if mention.type != EntityType.LOC and head.case in ("Gen", "") else None
        if tokens[following].pos == "NOUN" and tokens[following].case == "Gen":
            return referent(where, sentence, following)
    if position > 0 and tokens[position - 1].pos == "DET" and tokens[position - 1].lemma in PRONOUNS:
        return resolve(where, sentence, position - 1)
    return None


def _oblique_conjunct(sentence: Sentence, position: int) -> bool:
    """A word joined by "и"/"или" to a noun in another case takes that case, whatever the tagger
    says of an indeclinable name ("аэропорту Брюсселя и Шарлеруа")."""
    tokens = sentence.tokens
    if position < 2 or tokens[position - 1].lemma not in ("и", "или"):
        return False
    before = tokens[position - 2]
    return before.pos in ("NOUN", "PROPN") and before.case not in ("Nom", "")


def nominatives(sentence: Sentence, span: tuple[int, int], skip: range) -> list[int]:
    """Heads of the clause's nominative noun phrases outside prepositional phrases (a mention counts once)."""
    found, seen = [], set()
    for position in range(*span):
        if position in skip or not _nominative_at(sentence, position):
            continue
        if preposition_before(sentence, position, agreeing=True) or _oblique_conjunct(sentence, position):
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
        if found and index is not None and _titled(sentence, found[-1], position):
            found[-1] = position  # "президент Франции Николя Саркози": the person
            seen.add(index)
            continue
        seen.add(index)
        found.append(position)
    return found


def _titled(sentence: Sentence, title: int, position: int) -> bool:
    """A person's name after a title and its genitives ("тогдашний президент Франции Николя
    Саркози"): one noun phrase, the name its head."""
    tokens, index = sentence.tokens, sentence.token_mentions[position]
    if sentence.token_mentions[title] is not None or tokens[title].pos != "NOUN" or index is None:
        return False
    between = tokens[title + 1 : position]
    genitives = all(t.case == "Gen" and t.pos in ("NOUN", "PROPN", "ADJ") for t in between)
    return bool(between) and genitives and sentence.mentions[index].type == EntityType.PER


def _agent(sentence: Sentence, span: tuple[int, int]) -> Mention | None:
    """The instrumental agent of a passive verb: "отменены авиакомпанией Ryanair"."""
    agents = {
        sentence.mentions[i].entity_id: sentence.mentions[i]
        for position in range(*span)
        if (i := sentence.token_mentions[position]) is not None
        and sentence.tokens[position].case == "Ins"
        and not preposition_before(sentence, position)
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
            return referent(where, sentence, bearer) or False  # "газопровод протяжённостью 1224 км"
        named = _named_after(sentence, found.position, skip) or _named_before(sentence, span, found)
        return named or clause_subject(where, sentence, span, found, skip)
    owner = _owner(where, sentence, skip.stop - 1) if skip.stop > 0 else None  # "400 рейсов Ryanair"
    if PASSIVE in tokens[found.position].feats:
        return owner or _agent(sentence, span) or clause_subject(where, sentence, span, found, skip)
    # Active: the subject does it, whatever the counted thing's owner ("Фонд владеет 1% акций X").
    found_subject = clause_subject(where, sentence, span, found, skip)
    if found_subject is not None:
        return found_subject
    if owner is not None:
        return owner
    verb = tokens[found.position]
    if _indefinite(verb):  # "В 2011 году ее приговорили к смерти": about whom it was done to
        return patient(where, sentence, span, skip)
    if "VerbForm=Fin" in verb.feats and found.position < skip.start:
        return resolve(where, sentence, found.position)  # "Работает в 33 странах": the last subject
    return None


def _indefinite(verb: Token) -> bool:
    """A finite verb in the third person plural with no subject: "её приговорили", "Асию Биби
    приговорили к смертной казни" (they did it; who is not said)."""
    feats = verb.features
    return (
        feats.get("VerbForm") == "Fin" and feats.get("Number") == "Plur" and feats.get("Person", "3") == "3"
    )


def patient(where: Context, sentence: Sentence, span: tuple[int, int], skip: range) -> Mention | None:
    """The entity an indefinite-personal clause's verb is done to: its accusative name or personal
    pronoun (never the figure itself, nor a place)."""
    tokens = sentence.tokens
    for position in range(*span):
        if position in skip or tokens[position].case != "Acc":
            continue
        index = sentence.token_mentions[position]
        if index is not None and sentence.mentions[index].type != EntityType.LOC:
            return sentence.mentions[index]
        if index is None and tokens[position].pos == "PRON" and tokens[position].lemma in PRONOUNS:
            return resolve(where, sentence, position)
    return None


def _named_after(sentence: Sentence, noun: int, skip: range) -> Mention | None:
    """The name right after a measure noun's figure, in the noun's case: the noun's apposition
    ("матери четырех детей Азии Биби", "мать пятерых детей Асия Биби"); only after a noun for a
    person ("Ее парк насчитывает 400 самолетов Boeing-737-800": the name is the planes')."""
    if skip.stop >= len(sentence.tokens) or not sentence.tokens[noun].animate:
        return None
    mention = mention_at(sentence, skip.stop)
    if mention is None or mention.type == EntityType.LOC:
        return None
    case, own = head_of(sentence, mention).case, sentence.tokens[noun].case
    # The tagger tells the oblique cases of "матери" apart badly: any two of them agree.
    return mention if not case or case == own or "Nom" not in (case, own) else None


def _named_before(sentence: Sentence, span: tuple[int, int], found: Predicate) -> Mention | None:
    """The name a measure noun's clause is set off from by a comma: "Асия Биби, мать пятерых
    детей, ..." (the clause is the noun phrase, its adjectives at most before the noun)."""
    tokens, lo = sentence.tokens, span[0]
    if lo < 2 or tokens[lo - 1].text != "," or any(t.pos != "ADJ" for t in tokens[lo : found.position]):
        return None
    index = sentence.token_mentions[lo - 2]
    if index is None or sentence.mentions[index].type == EntityType.LOC:
        return None
    return sentence.mentions[index]


def clause_subject(
    where: Context, sentence: Sentence, span: tuple[int, int], found: Predicate, skip: range
) -> Mention | None | bool:
    """The entity the clause's one nominative is or stands for; False when it has several or one
    that stands for no entity, None when it has none."""
    heads = [
        p
        for p in nominatives(sentence, span, skip)
        if p != found.position and before_predicate(sentence, p, found, skip)
    ]
    if len(heads) > 1:
        return False
    if heads:
        return referent(where, sentence, heads[0]) or False
    return None


def host(where: Context, sentence: Sentence, stretch: tuple[int, int]) -> Mention | None:
    """The organisation a clause without a subject is set in, named before the figure after "в" or
    "у" ("В авиакомпании работают 13 тысяч человек", "у Ryanair"), by name or by a noun standing
    for it (``referent``)."""
    for position in range(*stretch):
        token = sentence.tokens[position]
        if token.pos not in ("NOUN", "PROPN") or preposition_before(sentence, position) not in ("в", "у"):
            continue
        mention = referent(where, sentence, position)
        if mention is not None and mention.type == EntityType.ORG:
            return mention
    return None


def bracketed(where: Context, sentence: Sentence, span: tuple[int, int]) -> tuple[Mention, Mention] | None:
    """A clause without a subject in brackets right after a place's name ("пилоты Ирландии, Швеции
    (в королевстве отменены 22 рейса), Бельгии (отменены 106 рейсов)"): the figure is the place's,
    told of the organisation the article names most (``main_entity``), as (organisation, place)."""
    start = span[0]
    if start < 2 or sentence.tokens[start - 1].text != "(":
        return None
    index = sentence.token_mentions[start - 2]
    if index is None or sentence.mentions[index].type != EntityType.LOC:
        return None
    known = {m.entity_id for s in where.prose for m in s.mentions if m.type == EntityType.ORG}
    main = main_entity(where, known)
    return (main, sentence.mentions[index]) if main is not None else None


def topic(
    sentence: Sentence, span: tuple[int, int], found: Predicate, skip: range, parsed: int | None = None
) -> str | None:
    """The lemma of the clause's one nominative common noun ("Забастовки 25-26 июля коснутся 100
    тыс. пассажиров": "забастовка"), for a claim about no entity. Of several, the one the tree
    gives the verb as its subject (``parsed``: "Однодневная забастовка пилотов ... Ryanair ...
    нарушила планы 40 тыс. пассажиров", where the name has no case to tell it from a subject)."""
    heads = [
        p
        for p in nominatives(sentence, span, skip)
        if p != found.position and before_predicate(sentence, p, found, skip)
    ]
    if len(heads) > 1 and parsed in heads:
        heads = [parsed]
    if (
        len(heads) != 1
        or sentence.tokens[heads[0]].pos != "NOUN"
        or sentence.token_mentions[heads[0]] is not None
    ):
        return None
    return sentence.tokens[heads[0]].lemma
