"""One document model per article, built once from the engine's tables and read by every stage.

In the spirit of natasha's ``Doc``: an article's sentences, each with its tokens (lemma, POS,
features) and the entity mentions inside it, all with offsets into the article's raw text. Stages
read these records instead of rebuilding their own from the frames, and none re-parses text.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import pandas as pd

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


def _grouped(frame: pd.DataFrame, order: list[str], make: Callable[..., Any]) -> dict[tuple[str, int], list]:
    """``make(*row)`` for each row of ``frame`` (its columns in order), grouped by (article_id,
    sentence_id) and sorted by ``order``; read column by column, without a dict per row."""
    if frame.empty:
        return {}
    frame = frame.sort_values(order, kind="stable")
    columns = [frame[column].tolist() for column in frame.columns]
    keys = zip(frame[Col.ARTICLE_ID].tolist(), frame[Col.SENTENCE_ID].tolist(), strict=True)
    names = list(frame.columns)
    grouped: dict[tuple[str, int], list] = {}
    for key, values in zip(keys, zip(*columns, strict=True), strict=True):
        grouped.setdefault((key[0], int(key[1])), []).append(make(**dict(zip(names, values, strict=True))))
    return grouped


def build_documents(
    articles: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame, mentions: pd.DataFrame
) -> dict[str, Document]:
    """One Document per article of ``articles``, keyed by article id (in article order)."""
    token_rows = _grouped(tokens, [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.TOKEN_ID], _token)
    mention_rows = _grouped(mentions, [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START], _mention)
    by_article: dict[str, list[Sentence]] = {}
    ordered = sentences.sort_values([Col.ARTICLE_ID, Col.SENTENCE_ID], kind="stable")
    for row in ordered.to_dict("records"):
        key = (row[Col.ARTICLE_ID], int(row[Col.SENTENCE_ID]))
        by_article.setdefault(key[0], []).append(
            Sentence(
                article_id=key[0],
                sentence_id=key[1],
                paragraph_id=int(row[Col.PARAGRAPH_ID]),
                start=int(row[Col.START]),
                end=int(row[Col.END]),
                text=row[Col.TEXT],
                boilerplate=row[Col.BOILERPLATE],
                tokens=tuple(token_rows.get(key, ())),
                mentions=tuple(mention_rows.get(key, ())),
            )
        )
    return {
        row[Col.ARTICLE_ID]: Document(
            article_id=row[Col.ARTICLE_ID],
            raw_text=row[Col.RAW_TEXT],
            published=row[Col.PUBLISHED],
            language=row[Col.LANGUAGE],
            sentences=tuple(by_article.get(row[Col.ARTICLE_ID], ())),
        )
        for row in articles[[Col.ARTICLE_ID, Col.RAW_TEXT, Col.PUBLISHED, Col.LANGUAGE]].to_dict("records")
    }


def _token(**row: Any) -> Token:
    # Words repeat across a corpus: one string object per distinct word, not one per token.
    return Token(
        token_id=int(row[Col.TOKEN_ID]),
        start=int(row[Col.START]),
        end=int(row[Col.END]),
        text=sys.intern(row[Col.TEXT]),
        lemma=sys.intern(str(row[Col.LEMMA])),
        pos=sys.intern(row[Col.POS]),
        feats=sys.intern(row[Col.FEATS] or ""),
    )


def _mention(**row: Any) -> Mention:
    return Mention(
        start=int(row[Col.START]),
        end=int(row[Col.END]),
        text=row[Col.TEXT],
        type=row[Col.TYPE],
        entity_id=row.get(Col.ENTITY_ID, ""),
        normal=row.get(Col.NORMAL, ""),
    )
