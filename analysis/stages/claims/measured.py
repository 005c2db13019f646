"""Which thing a figure measures, read on the sentence's dependency tree (``tree``): the names and
nouns that say which one it is, and the participle a figure may hang on.

- **Modifiers.** The counted noun (or the unit: "1,6% населения страны") and the noun a figure is
  the value of ("стоимость газопровода") carry dependents that tell one thing from another of the
  same kind: "100 млн доз вакцины «Спутник V»" is not "50 млн доз вакцины Moderna", "20 голосов
  выборщиков Пенсильвании" not Michigan's. Named dependents (an entity that is not the claim's
  subject) and bare genitive nouns ("доз вакцины", "голосов выборщиков", "2% населения") join the
  attribute; a named place joins the places the figure is given for, also through a preposition
  ("150 из 400 рейсов из аэропортов Германии"). Below a preposition nothing else does ("восемь
  лет с момента вынесения приговора": a circumstance). An adjective does not (the
  corpus writes "190 рейсов" and "190 задуманных рейсов" of one thing).
- **Participles.** A figure in a participial phrase ("аэропортах, расположенных в 37 странах",
  "Асия Биби, ... томящаяся уже 9 лет в тюрьме") is the participle's, about the noun it qualifies
  (or, when that noun names no entity, the subject of the clause the noun belongs to).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.core.codes import EntityType
from analysis.core.document import Mention, Sentence
from analysis.nlp.grammars.quantities import Quantity
from analysis.stages.claims.predicates import PLACE_PREPOSITIONS, Predicate
from analysis.stages.claims.tree import Tree, naming_dependents

CLAUSE_RELATIONS = {"nsubj", "nsubj:pass"}
DEPENDENT_CLAUSES = {"acl", "acl:relcl", "advcl"}
NAMING_RELATIONS = {"appos", "flat:name", "flat:foreign"}
UNITS_AS_TOKENS = {"%"}  # a unit written as a sign is a token the tree hangs dependents on


@dataclass(frozen=True)
class Modifiers:
    """What names the measured thing besides its kind: entity ids (not places) and noun lemmas,
    and the named places its dependents add."""

    entities: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    places: tuple[Mention, ...] = ()

    def key(self) -> str:
        """The modifiers as part of an attribute: "~вакцина~org:pfizer" ("" for none)."""
        return "".join(f"~{part}" for part in (*self.nouns, *self.entities))


def _mention(sentence: Sentence, position: int) -> Mention | None:
    index = sentence.token_mentions[position]
    return None if index is None else sentence.mentions[index]


def measured_nodes(tree: Tree, quantity: Quantity, measured: Predicate) -> list[int]:
    """The tokens that name what the figure measures: the counted noun or unit sign the figure's
    phrase hangs by, and the noun it is the value of."""
    head = tree.phrase_head(range(quantity.token_start, quantity.token_end))
    nodes = [] if head is None else [head]
    if not measured.is_verb and measured.position not in nodes:
        nodes.append(measured.position)
    return nodes


def modifiers(
    tree: Tree, quantity: Quantity, measured: Predicate, subject_id: str, owners: frozenset[str] = frozenset()
) -> Modifiers:
    """The named and genitive dependents of the measured tokens (``measured_nodes``), the claim's
    subject and the figure's own words left out, and the nouns the corpus uses for an entity
    (``owners``: "Штат компании", the company being the subject or another entity)."""
    sentence, inside = tree.sentence, range(quantity.token_start, quantity.token_end)
    entities: dict[str, None] = {}
    nouns: dict[str, None] = {}
    places: dict[str, Mention] = {}
    for node in measured_nodes(tree, quantity, measured):
        for position, through in naming_dependents(tree, node):
            if position in inside or position == measured.position:
                continue
            mention = _mention(sentence, position)
            if mention is not None and mention.entity_id != subject_id:
                if mention.type == EntityType.LOC:
                    places.setdefault(mention.entity_id, mention)
                elif not through:
                    entities.setdefault(mention.entity_id)
            elif mention is None and not through and _bare_genitive(tree, position, owners):
                nouns.setdefault(sentence.tokens[position].lemma)
    return Modifiers(tuple(sorted(entities)), tuple(nouns), tuple(places.values()))


def _bare_genitive(tree: Tree, position: int, owners: frozenset[str]) -> bool:
    """A common noun in the genitive with no preposition ("доз вакцины", "2% населения"), not one
    the corpus uses for an entity (``owners``)."""
    token = tree.sentence.tokens[position]
    return (
        token.pos == "NOUN"
        and token.case == "Gen"
        and not tree.preposition(position)
        and token.lemma not in owners
    )


def measure_noun(tree: Tree, measured: Predicate) -> Predicate | None:
    """The noun a figure is the value of, climbed from a genitive owner the rules took for it to
    the noun that owner belongs to ("Штат компании около 11,5 тысячи человек": "штат", not
    "компании"); None when that noun opens a phrase of place or time ("В конце июля 4 тысячи
    бортпроводников": a circumstance, not a measure)."""
    if measured.is_verb:
        return measured
    tokens, position = tree.sentence.tokens, measured.position
    while tree.rel(position) == "nmod" and not tree.preposition(position) and tokens[position].case == "Gen":
        head = tree.head(position)
        if head < 0 or head > position or tokens[head].pos != "NOUN":
            break
        position = head
    if position == measured.position:
        return measured
    if tree.preposition(position) in PLACE_PREPOSITIONS:
        return None
    return Predicate(tokens[position].lemma, position, False)


def participle_of(tree: Tree, quantity: Quantity) -> int | None:
    """The participle a figure's phrase hangs on ("расположенных в 37 странах"), if any."""
    head = tree.phrase_head(range(quantity.token_start, quantity.token_end))
    if head is None:
        return None
    attached = tree.head(head)
    if attached < 0 or tree.rel(head) not in ("obl", "obj", "iobj", "nmod"):
        return None
    return attached if tree.is_participle(attached) else None


def participle_subject(tree: Tree, participle: int) -> int | None:
    """The token whose entity a participle's figure is about: the noun it qualifies; when that is a
    common noun of no entity, the subject of the clause that noun belongs to ("Ryanair осуществляет
    перелеты ... в 215 аэропортах, расположенных в 37 странах": Ryanair)."""
    noun = tree.qualified_noun(participle)
    if noun is None:
        return None
    if tree.sentence.token_mentions[noun] is not None or tree.sentence.tokens[noun].pos == "PRON":
        return noun
    for head in tree.up(noun):
        if tree.sentence.tokens[head].pos in ("VERB", "AUX"):
            subjects = [c for c in tree.children(head) if tree.rel(c) in CLAUSE_RELATIONS]
            return subjects[0] if subjects else None
    return noun


def verb_subject(tree: Tree, verb: int) -> int | None:
    """The subject the tree gives a verb, through the verbs it is the complement of ("ирландская
    авиакомпания вынуждена была отменить 150 из 500 рейсов": "авиакомпания", the subject of
    "вынуждена"): where a run-on sentence leaves the clause several nominatives."""
    seen = set()
    while verb >= 0 and verb not in seen:
        seen.add(verb)
        subjects = [c for c in tree.children(verb) if tree.rel(c) in CLAUSE_RELATIONS]
        if subjects:
            return subjects[0]
        if tree.rel(verb) != "xcomp":
            return None
        verb = tree.head(verb)
    return None


def predicate_subject(tree: Tree, measured: Predicate) -> int | None:
    """The subject the tree gives the verb that tells a figure (a noun's, as "планы" in "нарушила
    планы 40 тыс. пассажиров", through the verb it depends on), or None without a parse."""
    if not tree.parse.heads:
        return None
    verb = measured.position if measured.is_verb else tree.head(measured.position)
    named = verb_subject(tree, verb) if verb >= 0 else None
    while named is None and verb >= 0 and tree.rel(verb) == "conj":  # "привела к ... и задела 40 тыс."
        verb = tree.head(verb)
        named = verb_subject(tree, verb)
    while verb >= 0 and tree.rel(verb) in {"xcomp", "conj"}:
        verb = tree.head(verb)
    if named is None or tree.rel(verb) in DEPENDENT_CLAUSES:
        return None  # "письма, в которых компания предложила перенести вылет на 7 дней"
    if any(tree.rel(c) in NAMING_RELATIONS for c in tree.children(named)):
        return None  # "авиаперевозчик Италии Alitalia": the name's, not a common noun's
    return named


def verb_places(tree: Tree, verb: int) -> list[Mention]:
    """Named places in a verb's prepositional phrases of place, down to the names under their
    nouns ("отменила 22 рейса ... из аэропорта Скавста вблизи столицы Швеции": Sweden): the figure
    is given for there, not for the whole company."""
    sentence, found = tree.sentence, {}
    for child in tree.children(verb):
        if tree.rel(child) != "obl" or tree.preposition(child) not in PLACE_PREPOSITIONS:
            continue
        for position in [child, *(p for p, _ in naming_dependents(tree, child))]:
            mention = _mention(sentence, position)
            if mention is not None and mention.type == EntityType.LOC:
                found.setdefault(mention.entity_id, mention)
    return list(found.values())
