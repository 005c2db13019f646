"""Clauses of a sentence, two ways, for two jobs.

- A *stretch* is the run of tokens between punctuation marks that end a clause or a list item
  (``CLAUSE_MARKS``), a «quoted name» kept whole: where a quantity and the noun it measures, or a
  date and the event it dates, are reliably together (claims, alignments).
- A *clause* (``clause_bounds``) is a syntactic unit of the text: a punctuation break starts one
  only when a subordinating word follows and the stretch up to the next break has a verb of its
  own, so lists of names and participial phrases stay inside (event labels, a date's tense).
"""

from __future__ import annotations

import re
from functools import lru_cache

from razdel import tokenize

from analysis.core.document import Sentence
from analysis.nlp.morph import parses

# Punctuation that ends a clause ("," also ends list items: a quantity and its subject in one
# stretch between commas is the reliable case).
CLAUSE_MARKS = {",", ";", ":", "—", "–", "(", ")", "[", "]", "?", "!"}
# A punctuation break starts a new clause only when a subordinating word follows and the stretch up
# to the next break has a verb of its own; lists of names and participial phrases stay in the clause.
# The end of a quotation before its attribution (``», — сказал``) always ends a clause.
BREAK = re.compile(r"[,;:]\s+|\s+[—–-]\s+")
QUOTE_END = re.compile(r"[»\"”]\s*,\s*[—–-]\s+")
SUBORDINATORS = {"что", "чтобы", "который", "когда", "где", "если", "хотя", "но", "однако", "а", "поскольку"}
VERB_POS = {"VERB", "INFN", "PRTS"}


def quoted(sentence: Sentence) -> list[bool]:
    """For each token, whether it lies inside «...» (a name: its dash ends no clause)."""
    inside, depth = [], 0
    for token in sentence.tokens:
        depth -= token.text == "»" and depth > 0
        inside.append(depth > 0)
        depth += token.text == "«"
    return inside


def stretch(sentence: Sentence, first: int, last: int) -> tuple[int, int]:
    """Token range (half-open) of the stretch between clause marks around tokens first..last
    (inclusive): a quantity and its subject in one stretch is the reliable case."""
    tokens, inside = sentence.tokens, quoted(sentence)
    lo = first
    while lo > 0 and (tokens[lo - 1].text not in CLAUSE_MARKS or inside[lo - 1]):
        lo -= 1
    hi = last + 1
    while hi < len(tokens) and (tokens[hi].text not in CLAUSE_MARKS or inside[hi]):
        hi += 1
    return lo, hi


@lru_cache(maxsize=50000)
def first_parses(text: str) -> tuple:
    """The first pymorphy3 parse of each word of ``text``, cached per text: the same clauses and
    stretches are analysed for every date in a sentence and again for its events."""
    return tuple(parses(token.text)[0] for token in tokenize(text) if token.text[0].isalnum())


def _starts_clause(text: str) -> bool:
    found = first_parses(text)
    relative = any(p.normal_form == "который" for p in found[:3])
    return (
        bool(found)
        and (found[0].normal_form in SUBORDINATORS or relative)
        and any(p.tag.POS in VERB_POS for p in found[1:])
    )


@lru_cache(maxsize=20000)
def _clause_cuts(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every clause boundary in ``text``, the text's own start and end included."""
    breaks = list(BREAK.finditer(text))
    cuts = [(0, 0)] + [(m.start() + 1, m.end()) for m in QUOTE_END.finditer(text)]
    for i, brk in enumerate(breaks):
        stretch_end = breaks[i + 1].start() if i + 1 < len(breaks) else len(text)
        if _starts_clause(text[brk.end() : stretch_end]):
            cuts.append((brk.start(), brk.end()))
    cuts.append((len(text), len(text)))
    return tuple(cuts)


def clause_bounds(text: str, start: int) -> tuple[int, int]:
    """(start, end) in ``text`` of the clause that contains offset ``start``."""
    cuts = _clause_cuts(text)
    begin = max(cut_end for _, cut_end in cuts if cut_end <= start)
    finish = min(cut_start for cut_start, _ in cuts if cut_start > start)
    return begin, len(text[:finish].rstrip(' .!?;:,…»"')) if finish == len(text) else finish
