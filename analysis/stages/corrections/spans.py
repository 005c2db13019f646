"""Spans of an article marked by the analyst as a name of a type, or as no name at all.

A span is kept as its article, offsets and text; when the text at those offsets is no longer that
text (the article was edited), the nearest place the text stands in the article is used, and a span
whose text is gone no longer applies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.core.codes import MentionForm
from analysis.core.corrections import Correction, Key, Status
from analysis.core.schema import Col
from analysis.stages.corrections import log
from analysis.stages.corrections.state import EntityState, blank


@dataclass
class Articles:
    """The texts of the articles a build read (by id) and their sentences."""

    texts: dict[str, str]
    sentences: pd.DataFrame
    _starts: dict[str, pd.DataFrame] = field(default_factory=dict)

    def locate(self, correction: Correction) -> tuple[int, int] | str:
        """The span's offsets in its article as built, or why it cannot be found."""
        article, text = correction.text(Key.ARTICLE), str(correction.fields.get(Key.TEXT, ""))
        raw = self.texts.get(article)
        if raw is None:
            return f"no article {article} in Russian in this build"
        start, end = correction.number(Key.START), correction.number(Key.END)
        if raw[start:end] == text:
            return start, end
        places = [match.start() for match in re.finditer(re.escape(text), raw)]
        if not places:
            return f"«{text}» is no longer in article {article}"
        nearest = min(places, key=lambda place: abs(place - start))
        return nearest, nearest + len(text)

    def sentence_of(self, article: str, start: int) -> int:
        """The sentence holding offset ``start`` (the last one starting before it)."""
        if article not in self._starts:
            own = self.sentences[self.sentences[Col.ARTICLE_ID] == article]
            self._starts[article] = own.sort_values(Col.START)
        own = self._starts[article]
        before = own[own[Col.START] <= start]
        return int(before[Col.SENTENCE_ID].iloc[-1]) if len(before) else 0


def _overlapping(state: EntityState, article: str, start: int, end: int) -> pd.Series:
    mentions = state.mentions
    return (mentions[Col.ARTICLE_ID] == article) & (mentions[Col.START] < end) & (mentions[Col.END] > start)


def _described(state: EntityState, mask: pd.Series) -> str:
    rows = state.mentions[mask]
    return (
        "; ".join(f"«{row.text}» {row.type} of {row.entity_id}" for row in rows.itertuples(index=False))
        or "not an entity"
    )


def _target(state: EntityState, correction: Correction, text: str, entity_type: str) -> str:
    """The entity a marked span belongs to: the one the correction names, else one of that type named
    or spelt so, else a new one."""
    if correction.text(Key.ENTITY):
        named = state.find(correction.text(Key.ENTITY), correction.text(Key.ID), entity_type)
        if named is not None:
            return named
    found = state.find(text, "", entity_type)
    if found is not None and state.rows[found][Col.TYPE] == entity_type:
        return found
    return state.new_entity(entity_type, text)


def mark(state: EntityState, correction: Correction, articles: Articles) -> dict:
    """The span is a name of the correction's type (replacing whatever mentions overlapped it)."""
    place = articles.locate(correction)
    if isinstance(place, str):
        return log.row(correction, Status.STALE, place)
    (start, end), article = place, correction.text(Key.ARTICLE)
    entity_type, text = correction.text(Key.TYPE), articles.texts[article][place[0] : place[1]]
    overlapping = _overlapping(state, article, start, end)
    rows = state.mentions[overlapping]
    same = len(rows) == 1 and (rows[Col.START].iloc[0], rows[Col.END].iloc[0], rows[Col.TYPE].iloc[0]) == (
        start,
        end,
        entity_type,
    )
    if same and not correction.text(Key.ENTITY):
        return log.row(
            correction, Status.UNNEEDED, "the build already finds it", "", rows[Col.ENTITY_ID].iloc[0]
        )
    machine = _described(state, overlapping)
    state.drop_mentions(overlapping)
    target = _target(state, correction, text, entity_type)
    mention = {column: blank(state.mentions[column].dtype) for column in state.mentions.columns}
    mention.update(
        {
            Col.ARTICLE_ID: article,
            Col.SENTENCE_ID: articles.sentence_of(article, start),
            Col.START: start,
            Col.END: end,
            Col.TEXT: text,
            Col.TYPE: entity_type,
            Col.ENTITY_ID: target,
            Col.NORMAL: text,
            Col.MENTION_FORM: MentionForm.NAME,
        }
    )
    state.add_mentions(pd.DataFrame([mention]).astype(state.mentions.dtypes.to_dict()))
    return log.row(correction, Status.APPLIED, "", machine, target)


def unmark(state: EntityState, correction: Correction, articles: Articles) -> dict:
    """The span is not a name: the mention standing exactly there goes."""
    place = articles.locate(correction)
    if isinstance(place, str):
        return log.row(correction, Status.STALE, place)
    start, end = place
    mentions = state.mentions
    exact = _overlapping(state, correction.text(Key.ARTICLE), start, end) & (
        (mentions[Col.START] == start) & (mentions[Col.END] == end)
    )
    if not exact.any():
        return log.row(correction, Status.UNNEEDED, "the build no longer finds a name there")
    machine = _described(state, exact)
    state.drop_mentions(exact)
    return log.row(correction, Status.APPLIED, "", machine)
