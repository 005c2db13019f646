"""The per-article part of the entities: a pure function of one article (its text, tokens and
engine mentions) that does all that depends on that article alone, so that a build caches it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.core.codes import EntityType
from analysis.core.document import no_gc
from analysis.core.schema import Col
from analysis.stages.entities.adjectives import adjective_mentions
from analysis.stages.entities.english import place_kind
from analysis.stages.entities.model import ArticleMentions, Mention, Run, Token, span_key
from analysis.stages.entities.normal import normal_form
from analysis.stages.entities.spans import (
    bracketed_aliases,
    find_agreements,
    find_numbered_names,
    name_words_of,
    repair_in_article,
)
from analysis.stages.entities.spread import name_runs


def _shared_values(values: pd.Series) -> list:
    """``values`` as a list in which equal strings are one object (a per-article result then pickles
    each repeated word, tag and feature string once)."""
    codes, uniques = pd.factorize(values)
    if (codes < 0).any():
        return values.tolist()
    return np.asarray(uniques, dtype=object)[codes].tolist()


def tokens_by_article(tokens: pd.DataFrame) -> dict[str, dict[int, list[Token]]]:
    """Article -> sentence -> its ``Token``s in order, from a tokens frame."""
    if tokens.empty:
        return {}
    codes, ids = pd.factorize(tokens[Col.ARTICLE_ID])
    sentence_ids = tokens[Col.SENTENCE_ID].to_numpy()
    order = np.lexsort((tokens[Col.TOKEN_ID].to_numpy(), sentence_ids, codes))
    ordered = tokens.take(order)
    fields = [ordered[name].tolist() for name in Token._fields[:2]]
    fields += [_shared_values(ordered[name]) for name in Token._fields[2:]]
    rows = list(map(Token._make, zip(*fields, strict=True)))
    codes, sentence_ids = codes[order], sentence_ids[order]
    breaks = (np.flatnonzero((np.diff(codes) != 0) | (np.diff(sentence_ids) != 0)) + 1).tolist()
    grouped: dict[str, dict[int, list[Token]]] = {}
    for first, stop in zip([0, *breaks], [*breaks, len(rows)], strict=True):
        grouped.setdefault(ids[codes[first]], {})[int(sentence_ids[first])] = rows[first:stop]
    return grouped


def _article_mentions(
    article_id: str, text: str, sentences: dict[int, list[Token]], raw: Iterable[tuple]
) -> ArticleMentions:
    """``mention_rows`` on one article's ``Token``s by sentence (in order) and raw mention tuples
    ``(sentence_id, start, end, text, type)`` in the engine's order."""
    sentence_tokens = {(article_id, sid): sentences[sid] for sid in sorted(sentences)}
    agreements = find_agreements(sentence_tokens, {article_id: text})
    numbered = find_numbered_names(sentence_tokens, {article_id: text})
    agreements += [n for n in numbered if not any(a.start < n.end and n.start < a.end for a in agreements)]
    mentions, reports = [], []
    for sentence_id, start, end, mention_text, etype in raw:
        if any(a.start < end and start < a.end for a in agreements):
            continue
        in_sentence = sentence_tokens.get((article_id, sentence_id), [])
        inside = tuple(t for t in in_sentence if start <= t.start and t.end <= end)
        kind = place_kind(in_sentence, start)  # "штатом Оклахома": the state, not the city
        mention, report = repair_in_article(
            Mention(article_id, sentence_id, start, end, mention_text, etype, inside, kind=kind), in_sentence
        )
        mentions.append(mention)
        reports.append(report)
    added, aliases = bracketed_aliases([*mentions, *agreements], sentence_tokens, text)
    mentions += added
    reports += [None] * len(added)
    normals = {}
    for mention, report in zip(mentions, reports, strict=True):
        normals[span_key(mention)] = normal_form(mention)
        if report is not None:
            as_org = replace(mention, type=EntityType.ORG)
            normals[span_key(as_org)] = normal_form(as_org)
    for adjective, place in adjective_mentions(
        article_id, sentences, [(m.start, m.end) for m in [*mentions, *agreements]]
    ):
        mentions.append(adjective)
        reports.append(None)
        normals[span_key(adjective)] = place  # the place's name: it merges with the place's mentions
    for agreement in agreements:
        normals[span_key(agreement)] = normal_form(agreement)
    return ArticleMentions(
        article_id=article_id,
        runs=tuple(
            Run(sid, run[0].start, text[run[0].start : run[-1].end], tuple(run))
            for (_, sid), rows in sentence_tokens.items()
            for run in name_runs(rows)
        ),
        mentions=tuple(mentions),
        reports=tuple(reports),
        agreements=tuple(agreements),
        full_name_words=frozenset(name_words_of(mentions)),
        normals=normals,
        aliases=tuple(aliases),
    )


def mention_rows(
    article_id: str, raw_text: str, tokens: pd.DataFrame, raw_mentions: pd.DataFrame
) -> ArticleMentions:
    """The per-article part of ``canonicalize``: a pure function of one article's raw text, its rows
    of the tokens table and its engine mentions (``article_id``, ``sentence_id``, ``start``, ``end``,
    ``text``, ``type``), safe to cache by their content (the result pickles)."""
    raw = zip(
        *(raw_mentions[c].tolist() for c in (Col.SENTENCE_ID, Col.START, Col.END, Col.TEXT, Col.TYPE)),
        strict=True,
    )
    return _article_mentions(article_id, raw_text, tokens_by_article(tokens).get(article_id, {}), raw)


def article_part(articles: pd.DataFrame, tokens: pd.DataFrame, raw_mentions: pd.DataFrame) -> ArticleMentions:
    """``mention_rows`` of the one article ``articles`` holds (the registry's per-article stage)."""
    (article_id,), (raw_text,) = articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT]
    return mention_rows(article_id, raw_text, tokens, raw_mentions)


def article_parts(
    articles: pd.DataFrame, tokens: pd.DataFrame, raw_mentions: pd.DataFrame
) -> dict[str, ArticleMentions]:
    """``mention_rows`` of every article of ``articles`` (grouping the frames once), keyed by
    article id."""
    raw_text = dict(zip(articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT], strict=True))
    with no_gc():
        tokens_of = tokens_by_article(tokens)
        raw_of: dict[str, list[tuple]] = {}
        columns = (Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.END, Col.TEXT, Col.TYPE)
        for article_id, *rest in zip(*(raw_mentions[c].tolist() for c in columns), strict=True):
            raw_of.setdefault(article_id, []).append(tuple(rest))
        return {
            article_id: _article_mentions(
                article_id, text, tokens_of.get(article_id, {}), raw_of.get(article_id, [])
            )
            for article_id, text in raw_text.items()
        }
