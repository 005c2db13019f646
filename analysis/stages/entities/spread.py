"""Spreading: a name tagged somewhere in the corpus is that name wherever else it stands (the
engine's misses depend on context), unless it is a word whose reading depends on context itself."""

from __future__ import annotations

from collections.abc import Iterable

from analysis.nlp import morph
from analysis.stages.entities.model import NAME_GRAMMEMES, Mention, Run, capitalised, is_common_noun

_FUNCTION_POS = {"CONJ", "PREP", "PRCL", "NPRO", "ADVB", "INTJ", "NUMR", "PRED"}


def _name_like(words: tuple[str, ...]) -> bool:
    """Whether a tagged word sequence may be spread to its other occurrences. Not a number, nor a
    sequence opened by a function word ("Если Вы"), nor one dictionary word ("Забастовка", "Союз"):
    the engine's reading of such a word depends on its context ("вступить в Союз", the EU; a
    spacecraft «Союз» elsewhere), and one wrong tag would otherwise become dozens."""
    if not any(ch.isalpha() for ch in "".join(words)):
        return False
    first = morph.parses(words[0])
    if first and first[0].is_known and first[0].tag.POS in _FUNCTION_POS:
        return False
    return len(words) > 1 or not is_common_noun(words[0], NAME_GRAMMEMES | {"Geox", "Orgn", "Abbr"})


def spreadable_names(mentions: Iterable[Mention]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The word sequences that may be spread, with the type of their first mention, keyed by their
    first word (in the order they were found)."""
    names: dict[tuple[str, ...], str] = {}
    for mention in mentions:
        words = tuple(t.text for t in mention.tokens)
        if (
            words
            and words not in names
            and all(capitalised(w) for w in words if w.isalpha())
            and not mention.agreement
            and _name_like(words)
        ):
            names[words] = mention.type
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, etype in names.items():
        by_first.setdefault(words[0], []).append((words, etype))
    return by_first


class Spans:
    """The spans an article's mentions take. A name is mostly found again where it was tagged:
    that exact span is answered from a set before any overlap is scanned for."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.exact: set[tuple[int, int]] = set()

    def add(self, start: int, end: int) -> None:
        self.spans.append((start, end))
        self.exact.add((start, end))

    def overlap(self, start: int, end: int) -> bool:
        if start < end and (start, end) in self.exact:
            return True
        return any(s < end and start < e for s, e in self.spans)


def spread(by_first: dict, article_id: str, run: Run, spans: Spans) -> list[Mention]:
    """New mentions of the names ``by_first`` in one run of a sentence's tokens (or a whole
    sentence), where no span of ``spans`` (this article's mentions, extended with what is found)
    already stands. A position is compared only with the names that start with its word; the first
    that fits and overlaps nothing is taken."""
    sentence_id, offset, raw_text, tokens = run
    added = []
    texts = [t.text for t in tokens]
    for i, text in enumerate(texts):
        for words, etype in by_first.get(text, ()):
            if tuple(texts[i : i + len(words)]) != words:
                continue
            start, end = tokens[i].start, tokens[i + len(words) - 1].end
            if spans.overlap(start, end):
                continue
            spans.add(start, end)
            inside = tuple(tokens[i : i + len(words)])
            added.append(
                Mention(
                    article_id,
                    sentence_id,
                    start,
                    end,
                    raw_text[start - offset : end - offset],
                    etype,
                    inside,
                )
            )
    return added


def name_runs(tokens: list) -> list[list]:
    """The runs of a sentence's tokens a spread name can stand in: no lower-case word, and a letter.
    (A name's words are capitalised or not purely alphabetic, so every occurrence lies in one run.)"""
    runs, run = [], []
    for token in [*tokens, None]:
        if token is not None and not (token.text.isalpha() and not capitalised(token.text)):
            run.append(token)
            continue
        if any(ch.isalpha() for t in run for ch in t.text):
            runs.append(run)
        run = []
    return runs


def propagate(mentions: list[Mention], sentence_tokens: dict, raw_text: dict[str, str]) -> list[Mention]:
    """Tag every other occurrence of a tagged name: the engine's context-dependent misses.

    A capitalised word sequence tagged as a name somewhere in the corpus is that name wherever
    it stands (same letters, same case, whole tokens), unless another mention already covers it.
    """
    by_first = spreadable_names(mentions)
    taken: dict[str, Spans] = {}
    for mention in mentions:
        taken.setdefault(mention.article_id, Spans()).add(mention.start, mention.end)
    added = []
    for (article_id, sentence_id), tokens in sentence_tokens.items():
        spans = taken.setdefault(article_id, Spans())
        added += spread(by_first, article_id, Run(sentence_id, 0, raw_text[article_id], tokens), spans)
    return mentions + added
