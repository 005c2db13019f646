"""A sentence's clause features, the alignments' vocabulary: content lemmas, canonical entity ids and
numbers, clause by clause. They read one article's tokens and mentions and no weight, so a build keeps
them from the last one (``clause_rows``), keyed by all they read, in the flat form the alignments'
sparse rows are made from."""

from __future__ import annotations

import re
from itertools import chain, groupby
from operator import attrgetter

import numpy as np

from analysis.core.document import Sentence, Token
from analysis.core.lexicon import words
from analysis.core.memo import Memo, memo_key

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV", "X"})
STOP_LEMMAS = words("alignments_stop_lemmas")
REPORT_VERBS = words("reporting_verbs")  # a reporting frame ("пишет") is not content
# Tokens that end a clause of a sentence's features. Different on purpose from
# ``analysis.nlp.clauses.CLAUSE_MARKS``, which adds "?", "!", "[" and "]": with those one alignment
# of NEREL's dev set changes, so this set stays the one the alignments were tuned with.
CLAUSE_BREAKS = frozenset(",;:—–()")
MIN_CLAUSE_FEATURES = 3

_DIGITS = re.compile(r"\d+")
# What ``clause_features`` reads of a Token and of a Mention: the offsets say which tokens a mention
# covers (``Sentence.token_mentions``).
_TOKEN_READS = [Token._fields.index(field) for field in ("start", "end", "text", "lemma", "pos")]
_MENTION_READS = attrgetter("start", "end", "entity_id")


def _word_features(tok: Token) -> tuple[str, ...]:
    """Features of a token outside any mention: its numbers, else its lemma when it is content."""
    numbers = tuple(f"N:{n}" for n in _DIGITS.findall(tok.text))
    if numbers:
        return numbers
    lemma = tok.key
    if tok.pos in CONTENT_POS and len(lemma) > 1 and lemma not in STOP_LEMMAS and lemma not in REPORT_VERBS:
        return (lemma,)
    return ()


def clause_features(s: Sentence, memo: dict | None = None) -> list[set[str]]:
    """Feature sets of the sentence's clauses; clauses too small to stand alone join their neighbour.

    A mention gives its entity once, at its first token; any other token's features depend on its
    text, lemma and part of speech alone, so ``memo`` (shared over a corpus) computes them once per
    distinct triple: most words of a large corpus repeat."""
    memo = {} if memo is None else memo
    owners = s.token_mentions if s.mentions else None
    segments: list[set[str]] = [set()]
    for index, tok in enumerate(s.tokens):
        if tok.text in CLAUSE_BREAKS:
            segments.append(set())
            continue
        mention = owners[index] if owners is not None else None
        if mention is not None:
            if index == 0 or owners[index - 1] != mention:
                segments[-1].add(f"E:{s.mentions[mention].entity_id}")
            continue
        key = (tok.text, tok.lemma, tok.pos)
        found = memo.get(key)
        if found is None:
            found = memo[key] = _word_features(tok)
        segments[-1].update(found)
    merged: list[set[str]] = []
    for features in filter(None, segments):
        if merged and (len(features) < MIN_CLAUSE_FEATURES or len(merged[-1]) < MIN_CLAUSE_FEATURES):
            merged[-1] |= features
        else:
            merged.append(set(features))
    return merged or [set()]


def _reads(sentences: list[Sentence]) -> tuple:
    """All ``clause_features`` reads of the sentences, plain tuples (pickled fast): each sentence's
    number of tokens, the columns of all their tokens' offsets, text, lemma and part of speech (one
    transposition: a tuple per token cost twice the time), each sentence's mentions' offsets and
    entities."""
    columns = list(zip(*chain.from_iterable(s.tokens for s in sentences), strict=True))
    columns = columns or [()] * len(Token._fields)
    return (
        [len(s.tokens) for s in sentences],
        [columns[k] for k in _TOKEN_READS],
        [list(map(_MENTION_READS, s.mentions)) for s in sentences],
    )


ClauseRows = tuple[tuple[tuple[tuple[str, ...], ...], ...], tuple[str, ...], np.ndarray, np.ndarray]


def _flat(sentences: list[list[set[str]]]) -> ClauseRows:
    """Clause sets as (each sentence's clauses as sorted tuples, every clause's features clause after
    clause, each clause's size, each sentence's number of clauses)."""
    keys = tuple(tuple(tuple(sorted(clause)) for clause in clauses) for clauses in sentences)
    features = tuple(chain.from_iterable(chain.from_iterable(keys)))
    sizes = np.array([len(clause) for key in keys for clause in key], dtype=np.int64)
    return keys, features, sizes, np.array([len(key) for key in keys], dtype=np.int64)


def clause_rows(prose: list[Sentence], memo: Memo | None = None) -> ClauseRows:
    """``clause_features`` of each sentence, flat (``_flat``): sentences with the same clauses have equal
    keys (copies abound). Kept in ``memo`` article by article (``prose`` comes article after article),
    keyed by all they read (``_reads``), so a build joins the articles' pieces without a loop over
    their features."""
    memo = Memo() if memo is None else memo
    words: dict = {}  # shared by the articles made in this build
    pieces = []
    for _, run in groupby(prose, key=attrgetter("article_id")):
        sentences = list(run)
        pieces.append(
            memo.get(
                memo_key("clause rows", _reads(sentences)),
                lambda s=sentences: _flat([clause_features(x, words) for x in s]),
            )
        )
    if not pieces:
        return (), (), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return (
        tuple(chain.from_iterable(p[0] for p in pieces)),
        tuple(chain.from_iterable(p[1] for p in pieces)),
        np.concatenate([p[2] for p in pieces]),
        np.concatenate([p[3] for p in pieces]),
    )
