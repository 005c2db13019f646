"""The engine interface: plain records that every NLP engine returns.

An engine sees one text (the prose paragraphs of an article, one per line, never boilerplate;
or a whole file for ``extract`` and evaluation) and returns sentences, tokens and entity spans
with offsets into that text. A line break always ends a sentence, and no token or span runs over
one (``segment`` gives every engine the same sentences and tokens), so one call can carry a
whole article; ``analysis.build.annotate`` maps the offsets back to each paragraph of the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol


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
    type: str  # an EntityType (analysis.core.codes)
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

    def analyze(self, text: str) -> Analysis:
        """Sentences, tokens and spans of ``text``; no sentence runs over a line break."""
        ...


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (package or models missing); the message says how to fix it."""


_LINE = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class Segment:
    """One sentence of a text and its tokens, as (start, end) offsets into that text."""

    start: int
    end: int
    tokens: list[tuple[int, int]]


def segment(text: str) -> list[Segment]:
    """razdel sentences and tokens of ``text``, line by line: a line break always ends a sentence.

    Each line is segmented as natasha's ``Doc.segment`` segments a text (razdel tokens enveloped by
    razdel sentences), so an article's paragraphs joined by line breaks get exactly the sentences
    and tokens each paragraph gets alone.
    """
    import razdel  # here, not at the top: the command line reads ENGINE_NAMES without the nlp extra

    segments = []
    for line in _LINE.finditer(text):
        body = line.group()
        if not body.strip():
            continue
        offset = line.start()
        tokens = [(offset + t.start, offset + t.stop) for t in razdel.tokenize(body)]
        index = 0
        for sentence in razdel.sentenize(body):
            if not sentence.text:
                continue  # razdel yields one empty sentence for blank text
            start, end = offset + sentence.start, offset + sentence.stop
            inside = []
            # natasha's envelop: skip tokens before the sentence, take those within it
            while index < len(tokens):
                token = tokens[index]
                if token[0] < start:
                    index += 1
                elif token[1] <= end:
                    inside.append(token)
                    index += 1
                else:
                    break
            segments.append(Segment(start, end, inside))
    return segments
