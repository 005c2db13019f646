"""What a quantity is the value of, inside its clause: a noun ("стоимость ... составляет 8 млрд
евро", "протяжённостью 1224 км", "об отмене 150 рейсов") or else the verb that governs it
("Ryanair отменила 400 рейсов"); whether a verb tells an event; and the predicate's stem, the key
under which aspect pairs and nouns of action meet ("отменить", "отменять", "отмена").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from analysis.core.document import Sentence, Token
from analysis.core.lexicon import ordered, table, words
from analysis.nlp.clauses import quoted, stretch
from analysis.nlp.grammars.quantities import Quantity
from analysis.stages.claims.syntax import preposition_before

DASHES = {"—", "–", "-"}  # "Стоимость проекта — 9,5 млрд евро": a dash stands for the copula
# Verbs that state a measure's value instead of being the measure: "стоимость составляет ...".
COPULAS = words("claims_copulas")
# Verbs that carry no content of their own before another verb ("может быть отменено").
AUXILIARIES = {"быть", "мочь", "смочь", "стать"}
# "прибыль в размере 1,4 млрд": words between a measure noun and its value.
LINKS = words("claims_measure_links")
# Prepositions of a place the quantity is given for ("в Германии", "из аэропортов Германии").
PLACE_PREPOSITIONS = words("claims_place_prepositions")
# Endings of verbs (aspect pairs: "отменить" / "отменять") and of nouns of action ("отмена").
PREDICATE_ENDINGS = ordered("claims_predicate_endings")
MIN_STEM = 4  # letters a stem keeps ("стоить" stays whole)
# Verbs of one act keyed as one ("задеть", "коснуться" -> "затронуть").
SAME_PREDICATES = table("claims_same_predicates")


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
    if preposition_before(sentence, position) in PLACE_PREPOSITIONS:
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


def is_event(token: Token) -> bool:
    """A verb for something that happened or will happen once (perfective, or past), not a copula:
    its numbers belong to that time ("отменила 400 рейсов"), unlike a state's ("работает в 33 странах")."""
    feats = token.feats
    return (
        token.pos == "VERB"
        and token.lemma not in COPULAS
        and ("Aspect=Perf" in feats or "Tense=Past" in feats)
    )


@cache  # asked of every lemma of every article (``articles.profile``): a corpus has far fewer
def stem(lemma: str) -> str:
    """A predicate's key: the lemma without a reflexive and a verb or action-noun ending, so that
    the aspects of one verb and its noun of action meet ("отменить", "отменять", "отмена" ->
    "отмен"); a phrase ("отменить из") keeps its last words."""
    head, _, rest = lemma.partition(" ")
    head = SAME_PREDICATES.get(head, head)
    word = head.removesuffix("ся").removesuffix("сь")
    for ending in PREDICATE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            break
    return " ".join(filter(None, (word, rest)))
