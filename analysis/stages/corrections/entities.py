"""Entity corrections: merge, split, rename, retype and drop, and spans marked as names or not
(``spans``), applied in the file's order to the linked mentions and entities."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.core.corrections import Correction, Corrections, Key, Kind, Status
from analysis.core.schema import ENTITIES, MENTIONS, Col, empty
from analysis.core.story import StoryPack
from analysis.core.text import fold
from analysis.stages.corrections import log, spans
from analysis.stages.corrections.state import EntityState, commonest


def _named(
    state: EntityState, correction: Correction, key: str = Key.ENTITY, id_key: str = Key.ID
) -> str | None:
    return state.find(correction.text(key), correction.text(id_key))


def _missing(correction: Correction, name: str) -> dict:
    return log.row(correction, Status.STALE, f"no entity named «{name}» in this build")


def merge(state: EntityState, correction: Correction) -> dict:
    names, ids = correction.names(Key.ENTITIES), correction.names(Key.IDS)
    found = [state.find(name, ids[n] if n < len(ids) else "") for n, name in enumerate(names)]
    distinct = list(dict.fromkeys(entity_id for entity_id in found if entity_id))
    lost = [name for name, entity_id in zip(names, found, strict=True) if entity_id is None]
    if len(distinct) < 2:
        if lost:
            return _missing(correction, lost[0])
        return log.row(
            correction, Status.UNNEEDED, "the build already makes them one entity", "", distinct[0]
        )
    chosen = state.find(correction.text(Key.NAME)) if correction.text(Key.NAME) else None
    survivor = chosen if chosen in distinct else distinct[0]
    others = [entity_id for entity_id in distinct if entity_id != survivor]
    machine = "; ".join(state.described(entity_id) for entity_id in distinct)
    row = state.rows[survivor]
    for column in (Col.ISO3, Col.COUNTRY_ENTITY_ID):
        row[column] = row[column] or next(
            (state.rows[o][column] for o in others if state.rows[o][column]), ""
        )
    state.merge(survivor, others)
    name, name_en = correction.text(Key.NAME), correction.text(Key.NAME_EN)
    state.set(survivor, {**({Col.NAME: name} if name else {}), **(state.english(name_en) if name_en else {})})
    reason = f"not found: {', '.join(lost)}" if lost else ""
    return log.row(correction, Status.APPLIED, reason, machine, survivor)


def split(state: EntityState, correction: Correction) -> dict:
    source = _named(state, correction)
    if source is None:
        return _missing(correction, correction.text(Key.ENTITY))
    alias = fold(correction.text(Key.ALIAS))
    spelled = state.mentions[Col.TEXT].map(fold) == alias
    moving = spelled & state.mentions_of(source)
    if not moving.any():
        if spelled.any():
            return log.row(correction, Status.UNNEEDED, "the build already keeps this spelling apart")
        return log.row(
            correction, Status.STALE, f"no mention spelt «{correction.text(Key.ALIAS)}» in this build"
        )
    target = None
    if correction.text(Key.TO):
        target = _named(state, correction, Key.TO, Key.TO_ID)
        if target is None:
            return _missing(correction, correction.text(Key.TO))
        if target == source:
            return log.row(correction, Status.UNNEEDED, "the spelling already belongs there", "", source)
    machine = f"{int(moving.sum())} mentions of {state.described(source)}"
    if target is None:
        entity_type = correction.text(Key.TYPE) or state.rows[source][Col.TYPE]
        name = commonest(state.mentions.loc[moving, Col.NORMAL])
        target = state.new_entity(entity_type, name, correction.text(Key.NAME_EN))
    state.move(moving, target)
    return log.row(correction, Status.APPLIED, "", machine, target)


def rename(state: EntityState, correction: Correction) -> dict:
    name_en = correction.text(Key.NAME_EN)
    return _set(state, correction, Col.NAME_EN, name_en, state.english(name_en))


def retype(state: EntityState, correction: Correction) -> dict:
    entity_type = correction.text(Key.TYPE)
    return _set(state, correction, Col.TYPE, entity_type, {Col.TYPE: entity_type})


def _set(state: EntityState, correction: Correction, column: str, value: str, values: dict) -> dict:
    """Set ``column`` of the named entity to ``value`` (``values``: every column that changes with it)."""
    entity_id = _named(state, correction)
    if entity_id is None:
        return _missing(correction, correction.text(Key.ENTITY))
    before = state.rows[entity_id][column]
    if before == value:
        return log.row(correction, Status.UNNEEDED, f"the build already says {value}", "", entity_id)
    state.set(entity_id, values)
    return log.row(correction, Status.APPLIED, "", before, entity_id)


def drop(state: EntityState, correction: Correction) -> dict:
    entity_id = _named(state, correction)
    if entity_id is None:
        return log.row(correction, Status.UNNEEDED, "the build finds no entity of that name")
    machine = state.described(entity_id)
    state.drop(entity_id)
    return log.row(correction, Status.APPLIED, "", machine)


APPLY: dict[str, Callable[..., dict]] = {
    Kind.MERGE: merge,
    Kind.SPLIT: split,
    Kind.RENAME: rename,
    Kind.RETYPE: retype,
    Kind.DROP: drop,
    Kind.MARK: spans.mark,
    Kind.UNMARK: spans.unmark,
}


def _frame(value: object, name: str) -> pd.DataFrame:
    """A table the linking stage made (an empty one when it failed as a whole)."""
    return value if isinstance(value, pd.DataFrame) else empty(name)


def correct_entities(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    entities: pd.DataFrame,
    *,
    story: StoryPack | None = None,
    corrections: Corrections | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(mentions, entities, what became of each entity correction): the linked tables with the story
    pack's English names (``[names]``), then the analyst's corrections in the file's order. A
    correction that cannot be applied is recorded in the third table, never raised."""
    mentions, entities = _frame(mentions, MENTIONS), _frame(entities, ENTITIES)
    if story is not None:
        entities = story.english(entities)
    found = corrections.of(Kind.ENTITIES) if corrections else []
    if not found:
        return mentions, entities, log.table([])
    state = EntityState(mentions, entities)
    texts = dict(zip(articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT], strict=True))
    context = spans.Articles(texts, sentences)
    rows = []
    for correction in found:
        try:
            if correction.kind in (Kind.MARK, Kind.UNMARK):
                rows.append(APPLY[correction.kind](state, correction, context))
            else:
                rows.append(APPLY[correction.kind](state, correction))
        except Exception as error:  # noqa: BLE001 - one correction's fault never stops a build
            rows.append(log.row(correction, Status.INVALID, f"could not be applied: {error}"))
    if not state.changed:
        return mentions, entities, log.table(rows)
    return (*state.tables(), log.table(rows))
