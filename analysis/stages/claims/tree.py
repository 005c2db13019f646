"""The dependency tree of a sentence with a quantity (``analysis.nlp.syntax``, slovnet's model over
the engine's tokens), and what the claims read from it: the token a quantity's phrase hangs on, the
participle or relative clause it sits in, and the dependents that say *which* thing is measured.

The syntax stage (``article_parses``) parses only the sentences the quantity grammar found a
quantity in, once per article, so the build caches it with the article.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from analysis.core.document import Document, Sentence
from analysis.nlp.grammars.quantities import Quantity
from analysis.nlp.syntax import ROOT, Parse, parse_sentences

PARTICIPLE = "VerbForm=Part"
# Relations by which a word qualifies the noun before it: a participle or relative clause
# ("аэропортах, расположенных в 37 странах"), an adjective the tagger made of a participle.
QUALIFYING = {"acl", "acl:relcl", "amod"}
# Relations of a noun's dependents that say which one it is: "доз вакцины «Спутник V»", "голосов
# выборщиков Пенсильвании", "1,6% населения страны".
NAMING = {"nmod", "appos", "flat:name", "flat:foreign", "nmod:poss"}
MODIFIER_DEPTH = 2  # "доз вакцины Pfizer": a dependent of a dependent still names the thing


def article_parses(document: Document, quantities: dict[int, list[Quantity]]) -> dict[int, Parse]:
    """The tree of every prose sentence of the article that has a quantity, by sentence id."""
    chosen = [s for s in document.prose if s.sentence_id in quantities]
    parses = parse_sentences([[token.text for token in s.tokens] for s in chosen])
    return {s.sentence_id: parse for s, parse in zip(chosen, parses, strict=True)}


@dataclass(frozen=True)
class Tree:
    """A sentence with its parse; an empty parse (no syntax) answers as a tree of lone tokens."""

    sentence: Sentence
    parse: Parse

    def head(self, position: int) -> int:
        heads = self.parse.heads
        return heads[position] if position < len(heads) else ROOT

    def rel(self, position: int) -> str:
        rels = self.parse.rels
        return rels[position] if position < len(rels) else ""

    @cached_property
    def _children(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for position, head in enumerate(self.parse.heads):
            found.setdefault(head, []).append(position)
        return found

    def children(self, position: int) -> list[int]:
        return self._children.get(position, [])

    def phrase_head(self, span: range) -> int | None:
        """The token of ``span`` whose head lies outside it: what the phrase hangs on by."""
        inside = [p for p in span if self.head(p) not in span]
        return inside[-1] if inside and self.parse.heads else None

    def up(self, position: int) -> Iterator[int]:
        """The heads above ``position``, nearest first (stops at the root and at a cycle)."""
        seen = {position}
        head = self.head(position)
        while head != ROOT and head not in seen:
            yield head
            seen.add(head)
            head = self.head(head)

    def preposition(self, position: int) -> str:
        """The lemma of the preposition a noun's phrase opens with (its ``case`` dependent)."""
        tokens = self.sentence.tokens
        marks = [c for c in self.children(position) if self.rel(c) == "case" and tokens[c].pos == "ADP"]
        return tokens[marks[0]].lemma if marks else ""

    def is_participle(self, position: int) -> bool:
        """A full participle (or an adjective the tagger made of one) qualifying a noun."""
        token = self.sentence.tokens[position]
        qualifies = self.rel(position) in QUALIFYING | {"conj"}
        participle = PARTICIPLE in token.feats and "Variant=Short" not in token.feats
        return qualifies and (participle or (token.pos == "ADJ" and bool(self.children_of_verb(position))))

    def children_of_verb(self, position: int) -> list[int]:
        """Dependents a verb has and an adjective has not (an object, an oblique): the sign that an
        ADJ is a participle ("расположенных в 37 странах")."""
        return [c for c in self.children(position) if self.rel(c) in ("obl", "obj", "iobj", "nsubj:pass")]

    def qualified_noun(self, position: int) -> int | None:
        """The noun a participle qualifies, through coordinated participles ("обвиненная ... и
        томящаяся")."""
        while self.rel(position) == "conj" and self.head(position) != ROOT:
            position = self.head(position)
        head = self.head(position)
        if self.rel(position) in QUALIFYING and head != ROOT:
            return head
        return None


def naming_dependents(tree: Tree, position: int, depth: int = MODIFIER_DEPTH) -> list[tuple[int, bool]]:
    """The nouns and names below a noun that say which one it is (``NAMING`` relations, no
    numeral), down to ``depth`` levels, each with whether it is reached through a preposition ("150
    из 400 рейсов из аэропортов Германии": Germany, through "из")."""
    found: list[tuple[int, bool]] = []
    tokens = tree.sentence.tokens
    for child in tree.children(position):
        if tree.rel(child) not in NAMING or tokens[child].pos not in ("NOUN", "PROPN", "X"):
            continue
        through = bool(tree.preposition(child))
        found.append((child, through))
        if depth > 1:
            found.extend(
                (below, through or deeper) for below, deeper in naming_dependents(tree, child, depth - 1)
            )
    return found
