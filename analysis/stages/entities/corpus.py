"""The corpus part of the entities: what needs every article (which one-word "persons" are
outlets, spreading names, merging, naming), and the tables ``mentions`` and ``entities``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from operator import attrgetter

import pandas as pd

from analysis.core.codes import EntityType, MentionForm
from analysis.core.document import no_gc
from analysis.core.memo import Memo
from analysis.core.schema import ENTITIES, MENTIONS, TABLES, Col, entity_id_for
from analysis.nlp import gazetteer
from analysis.stages.entities.acronyms import numbered_acronyms
from analysis.stages.entities.article import article_parts
from analysis.stages.entities.english import Naming, name_entities
from analysis.stages.entities.merge import KeyKind, merge
from analysis.stages.entities.model import (
    ArticleMentions,
    Mention,
    cached_fold,
    numbered_key,
    span_key,
)
from analysis.stages.entities.normal import attested_names, normal_form
from analysis.stages.entities.spans import person_not_place, repair_in_corpus, surnames_of, unnumbered_thing
from analysis.stages.entities.spread import Spans, spread, spreadable_names

_TEXT = attrgetter("text")
_ARTICLE_ID = attrgetter("article_id")


def merge_articles(
    parts: Sequence[ArticleMentions], outlets: set[str], memo: Memo | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The corpus part of ``canonicalize``: tables ``mentions`` and ``entities`` from every article's
    ``mention_rows``, in corpus order (the first article that tags a spread name gives its type).
    ``outlets``: the folded names of the corpus's outlets; ``memo``: work of earlier builds
    (``english.name_entities``, ``normal.attested_names``, ``merge.merge``)."""
    with no_gc():
        return _merge_articles(parts, outlets, memo)


def _merge_articles(
    parts: Sequence[ArticleMentions], outlets: set[str], memo: Memo | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    kept = _kept_mentions(parts, outlets)
    agreements = [a for part in sorted(parts, key=_ARTICLE_ID) for a in part.agreements]
    mentions = kept + agreements + _spread_names(parts, kept, agreements)
    mentions.sort(key=lambda m: (m.article_id, m.start))
    known = {part.article_id: part.normals for part in parts}
    normals = []
    for mention in mentions:
        normal = known.get(mention.article_id, {}).get(span_key(mention))
        normals.append(normal if normal is not None else normal_form(mention))
    return _tables(mentions, attested_names(mentions, normals, memo), _alias_links(parts, mentions), memo)


def _kept_mentions(parts: Sequence[ArticleMentions], outlets: set[str]) -> list[Mention]:
    """The articles' mentions after the corpus's repairs (``repair_in_corpus``, ``person_not_place``,
    ``unnumbered_thing``), in corpus order; those with no evidence of being names left out."""
    full_name_words = set().union(*(part.full_name_words for part in parts))
    surnames = surnames_of(m for part in parts for m in part.mentions)
    families = {
        a.agreement.rpartition(":")[0] for part in parts for a in part.agreements if numbered_key(a.agreement)
    }
    kept: list[Mention] = []
    for part in parts:
        for mention, reports in zip(part.mentions, part.reports, strict=True):
            repaired = repair_in_corpus(mention, reports, full_name_words, outlets)
            if repaired is None:
                continue
            if person_not_place(repaired, part.normals.get(span_key(repaired), repaired.text), surnames):
                repaired = replace(repaired, type=EntityType.PER)
            kept.append(unnumbered_thing(repaired, families))
    return kept


def _spread_names(
    parts: Sequence[ArticleMentions], kept: list[Mention], agreements: list[Mention]
) -> list[Mention]:
    """The other occurrences of the names ``kept`` tags (and of the numbered names' acronyms), where
    no mention or agreement stands, article by article in the order of their ids."""
    by_first = spreadable_names(m for m in kept if m.form == MentionForm.NAME)  # "Российские" is no name
    for short in numbered_acronyms(agreement for part in parts for agreement in part.agreements):
        by_first.setdefault(short, []).append(((short,), EntityType.MISC))
    names = by_first.keys()
    taken: dict[str, Spans] = {}
    for mention in [*kept, *agreements]:
        taken.setdefault(mention.article_id, Spans()).add(mention.start, mention.end)
    added = []
    for part in sorted(parts, key=_ARTICLE_ID):
        spans = taken.setdefault(part.article_id, Spans())
        for run in part.runs:
            if not names.isdisjoint(map(_TEXT, run.tokens)):
                added += spread(by_first, part.article_id, run, spans)
    return added


def _alias_links(parts: Sequence[ArticleMentions], mentions: list[Mention]) -> list[tuple[int, int]]:
    """(position of a name, position of its bracketed alias) in ``mentions``, where both stand."""
    position = {(m.article_id, m.start, m.end): i for i, m in enumerate(mentions)}
    return [
        (position[part.article_id, *name], position[part.article_id, *alias])
        for part in parts
        for name, alias in part.aliases
        if (part.article_id, *name) in position and (part.article_id, *alias) in position
    ]


def _tables(
    mentions: list[Mention],
    normals: list[str],
    links: Iterable[tuple[int, int]] = (),
    memo: Memo | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge, name and write out the corpus's mentions (sorted by article and start)."""
    keys = merge(mentions, normals, links, memo)
    groups: dict[tuple, list[tuple[Mention, str]]] = {}
    for mention, normal, key in zip(mentions, normals, keys, strict=True):
        groups.setdefault(key, []).append((mention, normal))
    entity_rows, entity_of, used_ids = [], {}, set()
    naming = name_entities(groups, memo)
    for key in sorted(groups, key=str):
        members = groups[key]
        named = naming[key]
        entity_id = entity_id_for(named.type, named.name_en)
        while entity_id in used_ids:
            entity_id += "-2"
        used_ids.add(entity_id)
        entity_of[key] = (entity_id, named.type)
        entity_rows.append(_entity_row(entity_id, named, members))
    for row in entity_rows:
        link = row[Col.COUNTRY_ENTITY_ID]
        row[Col.COUNTRY_ENTITY_ID] = entity_of[link][0] if link in entity_of else ""
    mention_rows = [
        (
            m.article_id,
            m.sentence_id,
            m.start,
            m.end,
            m.text,
            entity_of[key][1],
            entity_of[key][0],
            normal,
            m.form,
        )
        for m, normal, key in zip(mentions, normals, keys, strict=True)
    ]
    mentions_df = pd.DataFrame(mention_rows, columns=list(TABLES[MENTIONS].columns))
    entities_df = pd.DataFrame(entity_rows, columns=list(TABLES[ENTITIES].columns))
    entities_df = entities_df.sort_values(
        [Col.N_MENTIONS, Col.ENTITY_ID], ascending=[False, True], ignore_index=True
    )
    return mentions_df, entities_df


def _entity_row(entity_id: str, named: Naming, members: list[tuple[Mention, str]]) -> dict:
    """An entity's row; its country column holds its country's group key until the ids are known."""
    place = named.place
    capital = place is not None and place.kind == gazetteer.PlaceKind.CAPITAL
    return {
        Col.ENTITY_ID: entity_id,
        **named.columns(),
        Col.COUNTRY_ENTITY_ID: (KeyKind.COUNTRY, place.iso3) if capital else "",
        Col.ALIASES: sorted({m.text for m, _ in members if m.form == MentionForm.NAME} or {named.name}),
        Col.N_MENTIONS: len(members),
        Col.N_ARTICLES: len({m.article_id for m, _ in members}),
    }


def merge_corpus(
    articles: pd.DataFrame,
    raw_mentions: pd.DataFrame,
    parts: dict[str, ArticleMentions],
    *,
    memo: Memo | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``merge_articles`` of every article's part in corpus order (the engine's order of the
    articles, then those it found no mention in), with the corpus's outlets and the stage's memo."""
    tagged = [a for a in dict.fromkeys(raw_mentions[Col.ARTICLE_ID].tolist()) if a in parts]
    order = tagged + sorted(set(parts) - set(tagged))
    outlets = {cached_fold(o) for o in articles[Col.OUTLET].tolist() if o}
    return merge_articles([parts[article_id] for article_id in order], outlets, memo)


def canonicalize(
    articles: pd.DataFrame, tokens: pd.DataFrame, raw_mentions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables ``mentions`` and ``entities`` from the engine's raw mentions and tokens:
    ``mention_rows`` for each article, then ``merge_articles`` over the corpus."""
    return merge_corpus(articles, raw_mentions, article_parts(articles, tokens, raw_mentions))
