"""One document model per article, built once from the engine's tables and read by every stage.

In the spirit of natasha's ``Doc``: an article's sentences, each with its tokens (lemma, POS,
features) and the entity mentions inside it, all with offsets into the article's raw text. Stages
read these records instead of rebuilding their own from the frames, and none re-parses text.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from analysis.core.codes import MentionForm
from analysis.core.schema import Col
from analysis.core.text import fold


@dataclass(frozen=True, slots=True)
class Token:
    """One token; slots, and features parsed by a shared cache, keep 10,000 articles in memory."""

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


@dataclass(frozen=True, slots=True)
class Mention:
    """A canonical entity mention (a row of the ``mentions`` table)."""

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


def _sentence_keys(frame: pd.DataFrame) -> Iterator[tuple[tuple[str, int], int, int]]:
    """For ``frame`` sorted by article and sentence: each sentence's (article_id, sentence_id) key and
    the range of its rows, found by comparing neighbours in numpy (no Python work per row)."""
    articles = frame[Col.ARTICLE_ID].to_numpy(dtype=object)
    numbers = frame[Col.SENTENCE_ID].to_numpy()
    change = np.flatnonzero((articles[1:] != articles[:-1]) | (numbers[1:] != numbers[:-1])) + 1
    bounds = [0, *change.tolist(), len(frame)]
    for lo, hi in itertools.pairwise(bounds):
        yield (articles[lo], int(numbers[lo])), lo, hi


def _grouped(
    frame: pd.DataFrame, order: list[str], make: Callable[[pd.DataFrame], list]
) -> dict[tuple[str, int], list]:
    """``make(frame)`` (one record per row, built column by column) for ``frame`` sorted by ``order``,
    grouped by (article_id, sentence_id)."""
    if frame.empty:
        return {}
    frame = frame.sort_values(order, kind="stable")
    made = make(frame)
    return {key: made[lo:hi] for key, lo, hi in _sentence_keys(frame)}


def names_only(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions that name their entity: a place's adjective ("российские власти") counts where the
    entities are counted and filtered, but is no subject of a role, claim, quote or event."""
    if Col.MENTION_FORM not in mentions.columns:
        return mentions
    return mentions[mentions[Col.MENTION_FORM] != MentionForm.ADJECTIVE]


def build_documents(
    articles: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame, mentions: pd.DataFrame
) -> dict[str, Document]:
    """One Document per article of ``articles``, keyed by article id (in article order)."""
    token_rows = _grouped(tokens, [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.TOKEN_ID], _tokens)
    mentions = names_only(mentions)
    mention_rows = _grouped(mentions, [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START], _mentions)
    by_article: dict[str, list[Sentence]] = {}
    ordered = sentences.sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID], kind="stable")
    columns = (
        Col.ARTICLE_ID,
        Col.SENTENCE_ID,
        Col.PARAGRAPH_ID,
        Col.START,
        Col.END,
        Col.TEXT,
        Col.BOILERPLATE,
    )
    for article_id, number, paragraph, start, end, text, boilerplate in zip(
        *(ordered[column].tolist() for column in columns), strict=True
    ):
        key = (article_id, int(number))
        by_article.setdefault(article_id, []).append(
            Sentence(
                article_id=article_id,
                sentence_id=key[1],
                paragraph_id=int(paragraph),
                start=int(start),
                end=int(end),
                text=text,
                boilerplate=boilerplate,
                tokens=tuple(token_rows.get(key, ())),
                mentions=tuple(mention_rows.get(key, ())),
            )
        )
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


def _tokens(frame: pd.DataFrame) -> list[Token]:
    # Words repeat across a corpus: one string object per distinct word, not one per token.
    intern = sys.intern
    return list(
        map(
            Token,
            map(int, frame[Col.TOKEN_ID].tolist()),
            map(int, frame[Col.START].tolist()),
            map(int, frame[Col.END].tolist()),
            map(intern, frame[Col.TEXT].tolist()),
            [intern(str(lemma)) for lemma in frame[Col.LEMMA].tolist()],
            map(intern, frame[Col.POS].tolist()),
            [intern(feats or "") for feats in frame[Col.FEATS].tolist()],
        )
    )


def _mentions(frame: pd.DataFrame) -> list[Mention]:
    blank = [""] * len(frame)
    return list(
        map(
            Mention,
            map(int, frame[Col.START].tolist()),
            map(int, frame[Col.END].tolist()),
            frame[Col.TEXT].tolist(),
            frame[Col.TYPE].tolist(),
            frame[Col.ENTITY_ID].tolist() if Col.ENTITY_ID in frame.columns else blank,
            frame[Col.NORMAL].tolist() if Col.NORMAL in frame.columns else blank,
        )
    )
