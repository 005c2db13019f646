"""One document model per article, built once from the engine's tables and read by every stage.

In the spirit of natasha's ``Doc``: an article's sentences, each with its tokens (lemma, POS,
features) and the entity mentions inside it, all with offsets into the article's raw text. Stages
read these records instead of rebuilding their own from the frames, and none re-parses text.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import repeat
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.core.codes import MentionForm
from analysis.core.schema import Col
from analysis.core.text import fold


class Token(NamedTuple):
    """One token. A named tuple: made in C from the table's columns (a frozen dataclass's ``__init__``
    cost 1.7 us a token, 5 of the 27 s of 10,000 articles' documents). The collector still tracks
    it (CPython untracks plain tuples only): documents are made with the collector paused."""

    token_id: int
    start: int
    end: int
    text: str
    lemma: str  # as the engine gave it, lower case
    pos: str  # Universal POS
    feats: str  # Universal features, "Case=Nom|Number=Sing"

    @property
    def features(self) -> dict[str, str]:
        return _features(self.feats)

    @property
    def case(self) -> str:
        return _features(self.feats).get("Case", "")

    @property
    def animate(self) -> bool:
        return _features(self.feats).get("Animacy") == "Anim"

    @property
    def key(self) -> str:
        """The lemma folded for matching (look-alike letters, ё -> е)."""
        return _fold(self.lemma)


def parse_feats(feats: str) -> dict[str, str]:
    """``"Case=Nom|Number=Sing"`` -> ``{"Case": "Nom", "Number": "Sing"}``."""
    return dict(part.split("=", 1) for part in feats.split("|") if "=" in part)


@lru_cache(maxsize=4096)
def _features(feats: str) -> dict[str, str]:
    return parse_feats(feats)


@lru_cache(maxsize=200_000)
def _fold(lemma: str) -> str:
    return fold(lemma)


class Mention(NamedTuple):
    """A canonical entity mention (a row of the ``mentions`` table); a named tuple, as ``Token``."""

    start: int
    end: int
    text: str
    type: str
    entity_id: str
    normal: str


@dataclass(frozen=True)
class Sentence:
    article_id: str
    sentence_id: int
    paragraph_id: int
    start: int
    end: int
    text: str
    boilerplate: str
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @cached_property
    def token_mentions(self) -> tuple[int | None, ...]:
        """For each token, the index in ``mentions`` of the mention that covers it, else None."""
        found: list[int | None] = [None] * len(self.tokens)
        for index, mention in enumerate(self.mentions):
            for position, token in enumerate(self.tokens):
                if mention.start <= token.start and token.end <= mention.end:
                    found[position] = index
        return tuple(found)


@dataclass(frozen=True)
class Document:
    article_id: str
    raw_text: str
    published: str
    language: str
    sentences: tuple[Sentence, ...] = field(default=())

    @property
    def prose(self) -> Iterator[Sentence]:
        """Sentences of the body text (boilerplate lines left out), in reading order."""
        return (s for s in self.sentences if not s.boilerplate)


def names_only(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions that name their entity: a place's adjective ("российские власти") counts where the
    entities are counted and filtered, but is no subject of a role, claim, quote or event."""
    if Col.MENTION_FORM not in mentions.columns:
        return mentions
    return mentions[mentions[Col.MENTION_FORM] != MentionForm.ADJECTIVE]


@contextmanager
def no_gc() -> Iterator[None]:
    """The garbage collector off while millions of long-lived records are made (none of them is garbage;
    each collection would walk them all again: 13 of the 27 s of documents at 10,000 articles, a third of
    the entity stages'), as it was after. Nothing made under it forms reference cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _order(frame: pd.DataFrame, within: str) -> tuple[np.ndarray, list[tuple[str, int]], list[int]]:
    """(the rows of ``frame`` grouped by (article_id, sentence_id), in ``within`` order inside a group,
    ties in table order; each group's key; where each group starts, and the end): one stable numpy
    sort of factorised columns, no string comparisons and no Python work per row."""
    codes, articles = pd.factorize(frame[Col.ARTICLE_ID])
    numbers, inner = frame[Col.SENTENCE_ID].to_numpy(), frame[within].to_numpy()
    # the engine's tables come grouped and in order: then the sort's answer is the table's order
    order = (
        np.arange(len(frame)) if _ascending(codes, numbers, inner) else np.lexsort((inner, numbers, codes))
    )
    order = order[codes[order] >= 0]  # a row without an article belongs to no sentence
    codes, numbers = codes[order], numbers[order]
    starts = np.flatnonzero(np.r_[True, (codes[1:] != codes[:-1]) | (numbers[1:] != numbers[:-1])])
    ids = np.asarray(articles, dtype=object)[codes[starts]].tolist()
    keys = list(zip(ids, map(int, numbers[starts].tolist()), strict=True))
    return order, keys, [*starts.tolist(), len(order)]


def _ascending(*keys: np.ndarray) -> bool:
    """Whether the rows are already in the order of ``keys`` (the first the most significant)."""
    tied = np.ones(len(keys[0]) - 1, dtype=bool)
    for key in keys:
        if np.any(tied & (key[1:] < key[:-1])):
            return False
        tied &= key[1:] == key[:-1]
    return True


def _grouped(
    frame: pd.DataFrame, within: str, make: Callable[[pd.DataFrame, np.ndarray], list]
) -> dict[tuple[str, int], tuple]:
    """``make(frame, order)`` (one record per row, in the row order ``order``, built column by column)
    grouped by (article_id, sentence_id), each group in ``within`` order."""
    if frame.empty:
        return {}
    order, keys, bounds = _order(frame, within)
    made = make(frame, order)
    return {key: tuple(made[lo:hi]) for key, lo, hi in zip(keys, bounds, bounds[1:], strict=False)}


def _ints(column: pd.Series, order: np.ndarray) -> list[int]:
    """The column's values in ``order`` as Python ints."""
    values = column.to_numpy()[order]
    return values.tolist() if values.dtype.kind in "iu" else [int(value) for value in values]


def _strings(column: pd.Series, order: np.ndarray, convert: Callable[[Any], Any] | None = None) -> list:
    """The column's values in ``order``, ``convert`` applied: to each distinct value once (the column
    factorised), so equal values are one object, as ``sys.intern`` made them per row before."""
    codes, uniques = pd.factorize(column)
    made = uniques.tolist() if convert is None else [convert(value) for value in uniques.tolist()]
    table = np.empty(len(made) + 1, dtype=object)
    table[:-1] = made
    codes = codes[order]
    values = table[codes].tolist()
    for at in np.flatnonzero(codes < 0).tolist():  # a missing value, converted as it is
        value = column.iloc[int(order[at])]
        values[at] = value if convert is None else convert(value)
    return values


def build_documents(
    articles: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame, mentions: pd.DataFrame
) -> dict[str, Document]:
    """One Document per article of ``articles``, keyed by article id (in article order)."""
    with no_gc():
        token_rows = _grouped(tokens, Col.TOKEN_ID, _tokens)
        mention_rows = _grouped(names_only(mentions), Col.START, _mentions)
        by_article = _sentences(sentences, token_rows, mention_rows)
        columns = (Col.ARTICLE_ID, Col.RAW_TEXT, Col.PUBLISHED, Col.LANGUAGE)
        return {
            article_id: Document(
                article_id=article_id,
                raw_text=raw_text,
                published=published,
                language=language,
                sentences=tuple(by_article.get(article_id, ())),
            )
            for article_id, raw_text, published, language in zip(
                *(articles[column].tolist() for column in columns), strict=True
            )
        }


def _sentences(
    sentences: pd.DataFrame,
    token_rows: dict[tuple[str, int], tuple],
    mention_rows: dict[tuple[str, int], tuple],
) -> dict[str, list[Sentence]]:
    """Each article's sentences in sentence order (ties in table order), with their tokens and mentions."""
    by_article: dict[str, list[Sentence]] = {}
    if sentences.empty:
        return by_article
    order, _, _ = _order(sentences, Col.SENTENCE_ID)
    columns = (Col.ARTICLE_ID, Col.SENTENCE_ID, Col.PARAGRAPH_ID, Col.START, Col.END)
    ids, numbers, paragraphs, starts, ends = (
        _strings(sentences[c], order) if c == Col.ARTICLE_ID else _ints(sentences[c], order) for c in columns
    )
    texts = sentences[Col.TEXT].to_numpy(dtype=object)[order].tolist()
    boilerplates = _strings(sentences[Col.BOILERPLATE], order)
    for article_id, number, paragraph, start, end, text, boilerplate in zip(
        ids, numbers, paragraphs, starts, ends, texts, boilerplates, strict=True
    ):
        key = (article_id, number)
        by_article.setdefault(article_id, []).append(
            Sentence(
                article_id=article_id,
                sentence_id=number,
                paragraph_id=paragraph,
                start=start,
                end=end,
                text=text,
                boilerplate=boilerplate,
                tokens=token_rows.get(key, ()),
                mentions=mention_rows.get(key, ()),
            )
        )
    return by_article


def _tokens(frame: pd.DataFrame, order: np.ndarray) -> list[Token]:
    # Words repeat across a corpus: one string object per distinct word, not one per token.
    intern = sys.intern
    columns = (
        _ints(frame[Col.TOKEN_ID], order),
        _ints(frame[Col.START], order),
        _ints(frame[Col.END], order),
        _strings(frame[Col.TEXT], order, intern),
        _strings(frame[Col.LEMMA], order, lambda lemma: intern(str(lemma))),
        _strings(frame[Col.POS], order, intern),
        _strings(frame[Col.FEATS], order, lambda feats: intern(feats or "")),
    )
    return list(map(tuple.__new__, repeat(Token), zip(*columns, strict=True)))


def _mentions(frame: pd.DataFrame, order: np.ndarray) -> list[Mention]:
    blank = [""] * len(order)
    columns = (
        _ints(frame[Col.START], order),
        _ints(frame[Col.END], order),
        _strings(frame[Col.TEXT], order),
        _strings(frame[Col.TYPE], order),
        _strings(frame[Col.ENTITY_ID], order) if Col.ENTITY_ID in frame.columns else blank,
        _strings(frame[Col.NORMAL], order) if Col.NORMAL in frame.columns else blank,
    )
    return list(map(tuple.__new__, repeat(Mention), zip(*columns, strict=True)))
