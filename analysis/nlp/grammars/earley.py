"""Earley parsing of already tokenised text for yargy grammars, with a one-token lookahead.

yargy's ``Parser`` predicts every alternative of a rule at every position, and most die at the next
token; here a production is predicted only when the next token can begin it, which leaves the
chart's surviving states, and so the matches, exactly the parser's (about three times faster on
the quantities grammar). The parser also tokenises the text itself; these functions take tokens,
so a grammar can run on windows of a sentence (dates) or on an engine's own tokens (quantities).
Shared by the dates and the quantities grammars.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cache

from yargy import Parser
from yargy.parser import Chart, State, prepare_resolved_matches, prepare_trees
from yargy.rule.bnf import BNFRule, is_rule
from yargy.tree import Leaf, Node


def _rules(grammar: Parser) -> dict[int, object]:
    """Every rule of the grammar's BNF, by id."""
    rules, stack = {}, [grammar.rule]
    while stack:
        rule_ = stack.pop()
        if id(rule_) not in rules:
            rules[id(rule_)] = rule_
            stack += [term for production in rule_.productions for term in production.terms if is_rule(term)]
    return rules


@cache
def _first_sets(grammar: Parser) -> tuple[dict[int, tuple], frozenset[int]]:
    """(FIRST predicates of each rule, ids of the nullable rules): the predicates a rule's first
    token must satisfy, through optional (hence empty) parts, and the rules that can match nothing."""
    rules = _rules(grammar)
    # A pipeline rule (yargy's morph_pipeline) chooses its productions by token: none here.
    assert all(type(rule_).predict is BNFRule.predict for rule_ in rules.values())
    nullable: set[int] = set()
    first: dict[int, dict[int, object]] = {key: {} for key in rules}
    changed = True
    while changed:
        changed = False
        for key, rule_ in rules.items():
            for production in rule_.productions:
                for term in production.terms:
                    if not is_rule(term):
                        changed |= id(term) not in first[key]
                        first[key][id(term)] = term
                        break
                    before = len(first[key])
                    first[key].update(first[id(term)])
                    changed |= len(first[key]) != before
                    if id(term) not in nullable:
                        break
                else:
                    changed |= key not in nullable
                    nullable.add(key)
    return {key: tuple(found.values()) for key, found in first.items()}, frozenset(nullable)


def _required(rules: dict[int, object], nullable: frozenset[int]) -> dict[int, dict[int, object]]:
    """Rule id -> token predicates one of which some token of every match of the rule satisfies (a
    match of a production holds a match of each of its terms that cannot match nothing; the fewest
    predicates of those terms are kept). Rules that can match nothing, or whose set is not found, are
    left out."""
    required: dict[int, dict[int, object]] = {}
    changed = True
    while changed:
        changed = False
        for key, rule_ in rules.items():
            found: dict[int, object] = {}
            for production in rule_.productions:
                options = [
                    {id(term): term} if not is_rule(term) else required.get(id(term))
                    for term in production.terms
                    if not (is_rule(term) and id(term) in nullable)
                ]
                options = [option for option in options if option]
                if not options:
                    break
                found.update(min(options, key=len))
            else:
                if key not in nullable and (key not in required or len(found) < len(required[key])):
                    required[key], changed = found, True
    return required


@cache
def _alternatives(grammar: Parser) -> tuple[tuple[int, tuple], ...]:
    """(rank, predicates) of each production of the grammar's start rule that some token of every
    match of it satisfies one of (``_required``): where no token of a text satisfies any, that
    alternative matches nowhere in it, and is not predicted."""
    _, nullable = _first_sets(grammar)
    required, found = _required(_rules(grammar), nullable), []
    for rank, production in enumerate(grammar.rule.productions):
        options = [
            {id(term): term} if not is_rule(term) else required.get(id(term))
            for term in production.terms
            if not (is_rule(term) and id(term) in nullable)
        ]
        options = [option for option in options if option]
        if options:
            found.append((rank, tuple(min(options, key=len).values())))
    return tuple(found)


# Token keys remembered per grammar before the memo starts afresh (bounds its memory on a large corpus).
MEMO_TOKENS = 50_000


@cache
def _memo(grammar: Parser) -> dict:  # noqa: ARG001 (one memo per grammar, cached by it)
    """Token key -> (what the token was tested for, each rule's productions it can begin), for a
    grammar: a token's predicates give the same answers wherever it stands, so each is asked once a
    corpus, not once a column (most columns' tokens are the same few words and numbers)."""
    return {}


def _lookahead(grammar: Parser, token, key: Callable[[object], Hashable] | None) -> tuple[dict, dict]:
    """(tested, productions) for the token after a column: from the grammar's memo under ``key(token)``
    (when given: a key on which every predicate of the grammar depends only), else new."""
    if key is None:
        return {}, {}
    memo, found = _memo(grammar), key(token) if token is not None else None
    entry = memo.get(found)
    if entry is None:
        if len(memo) >= MEMO_TOKENS:
            memo.clear()
        entry = memo[found] = ({}, {})
    return entry


def _satisfies(tested: dict, token, predicate) -> bool:
    """Whether ``token`` (None: past the end of the text) satisfies ``predicate``, kept in ``tested``
    (the token key's answers, ``_lookahead``)."""
    key = id(predicate)
    if key not in tested:
        tested[key] = token is not None and bool(predicate(token))
    return tested[key]


def _excluded(
    grammar: Parser, tokens: list, key: Callable[[object], Hashable] | None
) -> list[frozenset[int]]:
    """For each column, the ranks of the start rule's productions that no token from it on allows
    (``_alternatives``): a match that starts there cannot be one of them."""
    alternatives = _alternatives(grammar)
    excluded, allowed = [frozenset()] * (len(tokens) + 1), set()
    if not alternatives:
        return excluded
    everything = frozenset(rank for rank, _ in alternatives)
    excluded[len(tokens)] = everything
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        tested, _ = _lookahead(grammar, token, key)
        if "allows" not in tested:
            tested["allows"] = frozenset(
                rank
                for rank, predicates in alternatives
                if any(_satisfies(tested, token, predicate) for predicate in predicates)
            )
        allowed |= tested["allows"]
        excluded[index] = everything - allowed
    return excluded


class _Predictor:
    """yargy's ``Parser.predict`` for one column, with a one-token lookahead: a production is
    predicted only when the next token can begin it (through its nullable first rules) or it can
    match nothing. The states left out are exactly those that would die at the next token without
    ever completing, so the chart's surviving states, and the matches, are the parser's; a rule
    already predicted in the column is not predicted again (its states were already there, and
    yargy's column would drop them as duplicates). What the next token was tested for, and each
    rule's productions it can begin, are kept per token key (``_lookahead``)."""

    def __init__(self, grammar: Parser, column, next_column, key=None, excluded=frozenset()) -> None:
        self.first, self.nullable = _first_sets(grammar)
        self.start, self.excluded = grammar.rule, excluded
        self.column, self.token = column, next_column.token if next_column is not None else None
        self.predicted: set[int] = set()
        # predicates and rules, by id: does the next token begin them; rule id -> its viable productions
        self.tested, self.productions = _lookahead(grammar, self.token, key)

    def _accepts(self, predicate) -> bool:
        """Whether the next token satisfies ``predicate`` (never at the end of the text)."""
        return _satisfies(self.tested, self.token, predicate)

    def _begins(self, rule_) -> bool:
        """Whether the next token can be the first of a match of ``rule_``."""
        key = id(rule_)
        if key not in self.tested:
            self.tested[key] = any(self._accepts(predicate) for predicate in self.first[key])
        return self.tested[key]

    def _viable(self, production) -> bool:
        for term in production.terms:
            if not is_rule(term):
                return self._accepts(term)
            if self._begins(term):
                return True
            if id(term) not in self.nullable:
                return False
        return True

    def _viable_productions(self, rule_) -> tuple:
        key = id(rule_)
        found = self.productions.get(key)
        if found is None and key not in self.nullable and not self._begins(rule_):
            found = self.productions[key] = ()  # the next token begins none of its productions
        if found is None:
            # a production listed twice is predicted once, at its first rank (yargy's column keeps one)
            first = {
                id(production): rank for rank, production in reversed(list(enumerate(rule_.productions)))
            }
            found = tuple(
                (rank, production)
                for rank, production in enumerate(rule_.productions)
                if first[id(production)] == rank and self._viable(production)
            )
            self.productions[key] = found
        return found

    def __call__(self, rule_) -> None:
        if id(rule_) in self.predicted:
            return
        self.predicted.add(id(rule_))
        column, excluded = self.column, self.excluded if rule_ is self.start else ()
        for rank, production in self._viable_productions(rule_):
            if rank in excluded:
                continue
            node = Node(rule_, production, rank=rank, children=[])
            state = State(rule_, production, 0, column, column, node)
            # Appended without yargy's duplicate test (``Column.append``): only a prediction makes a
            # state with its dot at 0, and a rule is predicted once a column, each production once.
            column.states.append(state)
            column.update_index(state)

    def scan(self, next_column, predicate, state) -> None:
        """yargy's ``Parser.scan``, the predicate's answer for the token taken from ``tested``."""
        if self._accepts(predicate):
            leaf = Leaf(predicate, predicate.constrain(next_column.token))
            node = state.node.attached(leaf)
            next_column.append(
                State(
                    state.rule, state.production, state.dot_index + 1, state.start_column, next_column, node
                )
            )


def earley_chart(
    tokens: list,
    grammar: Parser,
    can_start: Callable[[object], bool] | None = None,
    key: Callable[[object], Hashable] | None = None,
) -> Chart:
    """yargy's Earley chart of already tokenised text (``Parser.chart``), its prediction with a
    lookahead (``_Predictor``), and the start rule predicted only before a token that ``can_start``
    a match (when given: a test stricter than the lookahead's). ``key``: a token's key on which every
    predicate of the grammar depends only (its text and type, say), so what a token was tested for
    is kept from one window to the next."""
    chart = Chart(tokens)
    excluded = _excluded(grammar, chart.tokens, key)
    for column, next_column in chart:
        predict = _Predictor(grammar, column, next_column, key, excluded[column.index])
        if next_column is not None and (can_start is None or can_start(next_column.token)):
            predict(grammar.rule)
        for state in column:
            if state.completed:
                grammar.complete(column, state)
            else:
                next_term = state.next_term
                if is_rule(next_term):
                    predict(next_term)
                elif next_column:
                    predict.scan(next_column, next_term, state)
    return chart


def earley_matches(
    tokens: list,
    grammar: Parser,
    can_start: Callable[[object], bool] | None = None,
    key: Callable[[object], Hashable] | None = None,
) -> list:
    """``Parser.findall`` on already tokenised text (``earley_chart``): the same matches, and spans in
    the original text, as the parser's. Shared by the dates and the quantities grammars."""
    chart = earley_chart(tokens, grammar, can_start, key)
    return list(prepare_resolved_matches(sorted(prepare_trees(chart.matches(grammar.rule)))))
