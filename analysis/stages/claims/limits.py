"""Values, not thresholds: a figure a sentence states is a claim only when the source says it *is*
so. A condition and what it conditions ("если профсоюзы продолжат курс на забастовки, руководство
... проверит 19 пунктов базирования"), a requirement ("нужно 270 голосов", "авиакомпания должна
выплатить от 250 до 600 евро"), a target ("задачу увеличить ... до уровня десяти миллиардов"), a
majority rule ("50% + 1"), a point of comparison ("26,37 евро против 32,38 евро годом ранее") and
the state of a count in progress ("После обработки протоколов с 3070 избирательных участков")
are not values of the thing they are about, and comparing them with one is a false discrepancy.

Read on the sentence's dependency tree (``tree``) where there is one: the figure's phrase, the
words above it up to its clause's verb, and the condition clauses attached to that verb; without
a parse, on the stretch of the figure and the words right before it. The words are lists of
general Russian function words (``analysis/lexicon/claims_*.txt``).
"""

from __future__ import annotations

from analysis.core.document import Sentence
from analysis.core.lexicon import words
from analysis.nlp.clauses import stretch
from analysis.nlp.grammars.quantities import Quantity
from analysis.stages.claims.tree import Tree

CONDITIONS = words("claims_conditions")
REQUIREMENTS = words("claims_requirements")
TARGETS = words("claims_targets")
REFERENCES = words("claims_references")
COUNTING = words("claims_counting_context")
PLUS = {"+", "плюс"}
# Relations through which a clause's verb still belongs to the verb above it: a participle, an
# infinitive ("нужно получить 270 голосов", "способен вернуть 10 астронавтов").
PASS_THROUGH = {"amod", "acl", "xcomp"}
REFERENCE_REACH = 3  # words before a figure a comparison word may stand ("против", "чем")

# Why a figure is no claimed value (the empty string: it is one).
CONDITION = "condition"
REQUIREMENT = "requirement"
TARGET = "target"
MAJORITY = "majority"
REFERENCE = "reference"
COUNTING_STATE = "counting"


def _above(tree: Tree, position: int) -> list[int]:
    """The heads above a token up to its clause's verb (inclusive), nearest first."""
    found = []
    for head in tree.up(position):
        found.append(head)
        if tree.sentence.tokens[head].pos in ("VERB", "AUX") and tree.rel(head) not in PASS_THROUGH:
            break
    return found


def _conditional_verbs(tree: Tree) -> set[int]:
    """Verbs a condition marker opens ("если ... продолжат") and the verbs those condition."""
    found = set()
    for position, token in enumerate(tree.sentence.tokens):
        if token.lemma not in CONDITIONS or tree.rel(position) not in ("mark", "case", "obl", "nmod"):
            continue
        verb = tree.head(position)  # "если ... продолжат": the verb; "в случае отмены": the verb above
        if verb < 0:
            continue
        found.add(verb)
        if tree.rel(verb) == "advcl" and tree.head(verb) >= 0:
            found.add(tree.head(verb))
    return found


def _by_tree(tree: Tree, head: int) -> str:
    """Why the figure whose phrase hangs by ``head`` is no value, read on the tree."""
    tokens = tree.sentence.tokens
    above = _above(tree, head)
    if any(position in _conditional_verbs(tree) for position in [head, *above]):
        return CONDITION
    lemmas = [tokens[p].lemma for p in above]
    if any(lemma in REQUIREMENTS for lemma in lemmas):
        return REQUIREMENT
    if any(lemma in TARGETS for lemma in lemmas):
        return TARGET
    nouns = [head, *(p for p in above if tokens[p].pos == "NOUN")]
    if any(tree.preposition(p) in COUNTING or tokens[p].lemma in COUNTING for p in nouns[1:]):
        return COUNTING_STATE
    return ""


def _by_words(sentence: Sentence, quantity: Quantity) -> str:
    """Why the figure is no value, read on the words of its stretch (no parse)."""
    tokens = sentence.tokens
    lo, _ = stretch(sentence, quantity.token_start, quantity.token_end - 1)
    before = {t.lemma for t in tokens[max(0, lo - 1) : quantity.token_start]}
    if before & CONDITIONS:
        return CONDITION
    if before & REQUIREMENTS:
        return REQUIREMENT
    if before & TARGETS:
        return TARGET
    return ""


def _reference(tokens, first: int) -> bool:
    """A comparison word right before the figure ("против 32,38 евро", "чем 200"), or two words
    before it ("по сравнению с 35 млн")."""
    before = [t.lemma for t in tokens[max(0, first - REFERENCE_REACH) : first]]
    return bool(before) and (
        before[-1] in REFERENCES
        or (len(before) > 1 and before[-2] in REFERENCES and before[-1] in ("с", "со"))
    )


def not_a_value(tree: Tree, quantity: Quantity) -> str:
    """Why ``quantity`` is no value its source claims ("" when it is one): a condition, a
    requirement, a target, a majority rule, a point of comparison or a count in progress."""
    tokens = tree.sentence.tokens
    after = [t.text.lower() for t in tokens[quantity.token_end : quantity.token_end + 2]]
    if after and after[0] in PLUS and (len(after) > 1 and (after[1][:1].isdigit() or after[1] == "один")):
        return MAJORITY  # "50% + 1"
    if _reference(tokens, quantity.token_start):
        return REFERENCE
    head = tree.phrase_head(range(quantity.token_start, quantity.token_end))
    if head is None:
        return _by_words(tree.sentence, quantity)
    return _by_tree(tree, head)
