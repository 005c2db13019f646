"""Run an NLP engine over each article's prose and headings -> sentences, tokens, raw mentions.

Boilerplate paragraphs (photo credits, widgets, text repeated across the corpus) become single
flagged sentences with no tokens, so the article viewer can show them (with the reason, for repeated
text) while no later stage reads them. Headings (the title, subheadings) are read by the
engine, since an analyst expects the entity a headline names, and keep their flag, so the stages
that read sentences of prose (dates, citations, claims) still leave them out.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Callable, Sequence

import pandas as pd

from analysis.build.layout import Boilerplate, Paragraph
from analysis.core.schema import Col
from analysis.nlp.base import Analysis

# Kinds of paragraph the engine reads: prose and headings.
_READ = (Boilerplate.PROSE, Boilerplate.HEADING)

RAW_MENTION_COLUMNS = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.END, Col.TEXT, Col.TYPE]


def rows_key(article: pd.Series, engine: str) -> str:
    """What an article's engine rows are made of, hashed: the engine (``engine``: its name, version
    and code), the article's id, raw text and paragraphs. The engine's analysis is a function of the
    text it reads (``engine_text``: the raw text and paragraphs), so equal keys give equal rows."""
    paragraphs = [(p.paragraph_id, p.start, p.end, p.boilerplate, p.reason) for p in article["_paragraphs"]]
    head = repr([engine, article[Col.ARTICLE_ID], paragraphs]).encode()
    return hashlib.sha256(head + b"\0" + article[Col.RAW_TEXT].encode()).hexdigest()


def by_column(rows: Sequence[tuple], width: int) -> tuple[list, ...]:
    """``rows`` (tuples of ``width`` values) as ``width`` column lists: how the cache keeps an
    article's rows, joined column by column (a list of columns loads far quicker than of tuples)."""
    return tuple(map(list, zip(*rows, strict=True))) if rows else tuple([] for _ in range(width))


def engine_text(article: pd.Series) -> str | None:
    """The text the engine reads for ``article``: its prose paragraphs and headings joined by line
    breaks; None when it has none. A build batches articles' engine calls on these texts."""
    raw = article[Col.RAW_TEXT]
    read = [raw[p.start : p.end] for p in article["_paragraphs"] if p.boilerplate in _READ]
    return "\n".join(read) if read else None


class _Rows:
    """An article's sentence, token and raw-mention rows, paragraph by paragraph."""

    def __init__(self, article_id: str, raw: str) -> None:
        self.article_id, self.raw = article_id, raw
        self.sentences: list[tuple] = []
        self.tokens: list[tuple] = []
        self.mentions: list[tuple] = []

    def boilerplate(self, paragraph: Paragraph) -> None:
        """A paragraph the engine does not read: one flagged sentence, no tokens."""
        text = self.raw[paragraph.start : paragraph.end]
        self.sentences.append(
            (self.article_id, len(self.sentences), paragraph.start, paragraph.end, paragraph.paragraph_id,
             text, paragraph.boilerplate, paragraph.reason)
        )  # fmt: skip

    def read(self, paragraph: Paragraph, offset: int, sentences: list, spans: list) -> None:
        """A paragraph the engine read, from ``offset`` in its text: ``sentences`` and ``spans`` are
        the engine's in this paragraph, mapped back into the raw text."""
        shift = paragraph.start - offset
        limit = offset + paragraph.end - paragraph.start  # a sentence or span ends with its paragraph
        first_id = len(self.sentences)
        for sentence in sentences:
            sentence_id = len(self.sentences)
            start, end = shift + sentence.start, shift + min(sentence.end, limit)
            self.sentences.append(
                (self.article_id, sentence_id, start, end, paragraph.paragraph_id, self.raw[start:end],
                 paragraph.boilerplate, paragraph.reason)
            )  # fmt: skip
            for token_id, token in enumerate(sentence.tokens):
                self.tokens.append(
                    (self.article_id, sentence_id, shift + token.start, shift + token.end, token_id, token.text,
                     token.lemma, token.pos, token.feats)
                )  # fmt: skip
        for span in spans:
            start, end = shift + span.start, shift + min(span.end, limit)
            sentence_id = next(
                (first_id + i for i, s in enumerate(sentences) if s.start <= span.start < s.end), first_id
            )
            self.mentions.append((self.article_id, sentence_id, start, end, self.raw[start:end], span.type))


def annotate_article(article: pd.Series, analyze: Callable[[str], Analysis]) -> tuple[list, list, list]:
    """Sentence, token and raw-mention rows of one article (offsets into its raw text).

    The engine runs once per article, on its prose paragraphs and headings joined by line breaks (a
    line break ends every sentence), so NER and refinement see the whole article and the taggers
    batch; each sentence, token and mention is mapped back into the paragraph it came from.
    """
    paragraphs = article["_paragraphs"]
    starts, position = [], 0  # where each paragraph read starts in the joined text
    for paragraph in paragraphs:
        if paragraph.boilerplate in _READ:
            starts.append(position)
            position += paragraph.end - paragraph.start + 1
    text = engine_text(article)
    analysis = analyze(text) if text is not None else Analysis([], [])
    sentences: dict[int, list] = {}
    for sentence in analysis.sentences:
        sentences.setdefault(bisect_right(starts, sentence.start) - 1, []).append(sentence)
    spans: dict[int, list] = {}
    for span in analysis.spans:
        spans.setdefault(bisect_right(starts, span.start) - 1, []).append(span)
    rows = _Rows(article[Col.ARTICLE_ID], article[Col.RAW_TEXT])
    index = 0  # of the next paragraph read
    for paragraph in paragraphs:
        if paragraph.boilerplate not in _READ:
            rows.boilerplate(paragraph)
            continue
        rows.read(paragraph, starts[index], sentences.get(index, []), spans.get(index, []))
        index += 1
    return rows.sentences, rows.tokens, rows.mentions
