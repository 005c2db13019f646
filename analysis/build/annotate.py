"""Run an NLP engine over each article's prose and headings -> sentences, tokens, raw mentions.

Boilerplate paragraphs become single flagged sentences with no tokens, so the article viewer
can show them while no later stage reads them. Headings (the title, subheadings) are read by the
engine, since an analyst expects the entity a headline names, and keep their flag, so the stages
that read sentences of prose (dates, citations, claims) still leave them out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable

import pandas as pd

from analysis.core.schema import SENTENCES, TABLES, TOKENS, Col
from analysis.nlp.base import Analysis, Engine

# Kinds of paragraph the engine reads: prose ("") and headings.
_READ = ("", "heading")

RAW_MENTION_COLUMNS = [Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.END, Col.TEXT, Col.TYPE]


def engine_text(article: pd.Series) -> str | None:
    """The text the engine reads for ``article``: its prose paragraphs and headings joined by line
    breaks; None when it has none. A build batches articles' engine calls on these texts."""
    raw = article[Col.RAW_TEXT]
    read = [raw[p.start : p.end] for p in article["_paragraphs"] if p.boilerplate in _READ]
    return "\n".join(read) if read else None


def annotate_article(article: pd.Series, analyze: Callable[[str], Analysis]) -> tuple[list, list, list]:
    """Sentence, token and raw-mention rows of one article (offsets into its raw text).

    The engine runs once per article, on its prose paragraphs and headings joined by line breaks (a
    line break ends every sentence), so NER and refinement see the whole article and the taggers
    batch; each sentence, token and mention is mapped back into the paragraph it came from.
    """
    raw = article[Col.RAW_TEXT]
    article_id = article[Col.ARTICLE_ID]
    paragraphs = article["_paragraphs"]
    read = [p for p in paragraphs if p.boilerplate in _READ]
    # where each paragraph read starts in the joined text
    starts, position = [], 0
    for paragraph in read:
        starts.append(position)
        position += paragraph.end - paragraph.start + 1
    text = engine_text(article)
    analysis = analyze(text) if text is not None else Analysis([], [])

    def place(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    by_paragraph: dict[int, list] = {}
    for sentence in analysis.sentences:
        by_paragraph.setdefault(place(sentence.start), []).append(sentence)
    spans_by_paragraph: dict[int, list] = {}
    for span in analysis.spans:
        spans_by_paragraph.setdefault(place(span.start), []).append(span)

    sentences, tokens, mentions = [], [], []
    index = 0  # of the next paragraph read
    for paragraph in paragraphs:
        if paragraph.boilerplate not in _READ:
            text = raw[paragraph.start : paragraph.end]
            sentences.append(
                (
                    article_id,
                    len(sentences),
                    paragraph.start,
                    paragraph.end,
                    paragraph.paragraph_id,
                    text,
                    paragraph.boilerplate,
                )
            )
            continue
        shift = paragraph.start - starts[index]
        length = paragraph.end - paragraph.start
        own = by_paragraph.get(index, [])
        first_id = len(sentences)
        for sentence in own:
            sentence_id = len(sentences)
            start, end = shift + sentence.start, shift + min(sentence.end, starts[index] + length)
            kind = paragraph.boilerplate
            sentences.append(
                (article_id, sentence_id, start, end, paragraph.paragraph_id, raw[start:end], kind)
            )
            for token_id, token in enumerate(sentence.tokens):
                tokens.append(
                    (article_id, sentence_id, shift + token.start, shift + token.end, token_id, token.text,
                     token.lemma, token.pos, token.feats)
                )  # fmt: skip
        for span in spans_by_paragraph.get(index, []):
            start, end = shift + span.start, shift + min(span.end, starts[index] + length)
            sentence_id = next(
                (first_id + i for i, s in enumerate(own) if s.start <= span.start < s.end), first_id
            )
            mentions.append((article_id, sentence_id, start, end, raw[start:end], span.type))
        index += 1
    return sentences, tokens, mentions


def annotate(
    articles: pd.DataFrame, engine: Engine, progress: Callable[[Iterable], Iterable] = iter
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(sentences, tokens, raw_mentions) for all articles; ``progress`` wraps the article loop."""
    all_sentences, all_tokens, all_mentions = [], [], []
    for _, article in progress(list(articles.iterrows())):
        sentences, tokens, mentions = annotate_article(article, engine.analyze)
        all_sentences += sentences
        all_tokens += tokens
        all_mentions += mentions
    return (
        pd.DataFrame(all_sentences, columns=list(TABLES[SENTENCES].columns)),
        pd.DataFrame(all_tokens, columns=list(TABLES[TOKENS].columns)),
        pd.DataFrame(all_mentions, columns=RAW_MENTION_COLUMNS),
    )
