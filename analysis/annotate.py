"""Run an NLP engine over each article's prose paragraphs -> sentences, tokens, raw mentions.

Boilerplate paragraphs become single flagged sentences with no tokens, so the article viewer
can show them while no later stage reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from analysis.nlp.base import Analysis, Engine
from analysis.schema import SENTENCES, TABLES, TOKENS

RAW_MENTION_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "type"]


def annotate_article(article: pd.Series, analyze: Callable[[str], Analysis]) -> tuple[list, list, list]:
    """Sentence, token and raw-mention rows of one article (offsets into its raw text)."""
    raw = article["raw_text"]
    article_id = article["article_id"]
    sentences, tokens, mentions = [], [], []
    for paragraph in article["_paragraphs"]:
        if paragraph.boilerplate:
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
        offset = paragraph.start
        analysis = analyze(raw[paragraph.start : paragraph.end])
        first_id = len(sentences)
        for sentence in analysis.sentences:
            sentence_id = len(sentences)
            start, end = offset + sentence.start, offset + sentence.end
            sentences.append(
                (article_id, sentence_id, start, end, paragraph.paragraph_id, raw[start:end], "")
            )
            for token_id, token in enumerate(sentence.tokens):
                tokens.append(
                    (article_id, sentence_id, offset + token.start, offset + token.end, token_id, token.text,
                     token.lemma, token.pos, token.feats)
                )  # fmt: skip
        for span in analysis.spans:
            start, end = offset + span.start, offset + span.end
            sentence_id = next(
                (first_id + i for i, s in enumerate(analysis.sentences) if s.start <= span.start < s.end),
                first_id,
            )
            mentions.append((article_id, sentence_id, start, end, raw[start:end], span.type))
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
