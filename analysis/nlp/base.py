"""The engine interface: plain records that every NLP engine returns.

An engine sees one text block (a paragraph of article body, never boilerplate) and
returns sentences, tokens and entity spans with offsets relative to that block. The
caller (``analysis.nlp.annotate``) shifts them into the article's raw-text offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    lemma: str
    pos: str  # Universal POS tag (NOUN, PROPN, ADJ, ...)
    feats: str = ""  # Universal features, "Case=Nom|Number=Sing"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str  # one of ENTITY_TYPES
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)


@dataclass
class Analysis:
    sentences: list[Sentence]
    spans: list[Span]


class Engine(Protocol):
    """What build and extract need from an engine."""

    name: str
    version: str

    def analyze(self, text: str) -> Analysis: ...


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (package or models missing); the message says how to fix it."""
