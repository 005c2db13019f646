"""The linked mentions and entities while corrections change them, one correction after another."""

from __future__ import annotations

from collections import Counter

import iuliia
import pandas as pd

from analysis.core.codes import MentionForm, NameSource
from analysis.core.corrections import EntityIndex
from analysis.core.schema import Col, entity_id_for


class EntityState:
    """``mentions`` and ``entities`` of a build as corrections change them: which entity each mention
    belongs to, each entity's row, and an index by Russian forms kept up to date."""

    def __init__(self, mentions: pd.DataFrame, entities: pd.DataFrame) -> None:
        self.mentions = mentions.reset_index(drop=True).copy()
        self.columns, self.dtypes = list(entities.columns), entities.dtypes
        self.rows: dict[str, dict] = {row[Col.ENTITY_ID]: row for row in entities.to_dict("records")}
        self.machine = {entity_id: dict(row) for entity_id, row in self.rows.items()}
        self.touched: set[str] = set()
        self.changed = False
        self._index: EntityIndex | None = None

    # --- finding ------------------------------------------------------------------------------------

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.rows.values()), columns=self.columns)

    def find(self, name: str, entity_id: str = "", entity_type: str = "") -> str | None:
        if self._index is None:
            self._index = EntityIndex(self.frame())
        return self._index.find(name, entity_id, entity_type)

    def mentions_of(self, entity_id: str) -> pd.Series:
        return self.mentions[Col.ENTITY_ID] == entity_id

    def described(self, entity_id: str) -> str:
        """An entity as the machine made it: «name» (English name, type, mentions)."""
        row = self.machine.get(entity_id) or self.rows[entity_id]
        return (
            f"«{row[Col.NAME]}» ({row[Col.NAME_EN]}, {row[Col.TYPE]}, {entity_id}, "
            f"{row[Col.N_MENTIONS]} mentions)"
        )

    # --- changing -----------------------------------------------------------------------------------

    def touch(self, *entity_ids: str) -> None:
        """After a change to these entities: their spellings and counts again, the index anew."""
        self.changed = True
        self.touched.update(entity_ids)
        for entity_id in entity_ids:
            if entity_id not in self.rows:
                continue
            own = self.mentions[self.mentions_of(entity_id)]
            if own.empty:
                del self.rows[entity_id]
                self._relink(entity_id, "")
                continue
            row = self.rows[entity_id]
            named = own[own[Col.MENTION_FORM] != MentionForm.ADJECTIVE]  # an adjective is no alias
            row[Col.ALIASES] = sorted(set(named[Col.TEXT])) or [row[Col.NAME]]
            row[Col.N_MENTIONS] = len(own)
            row[Col.N_ARTICLES] = own[Col.ARTICLE_ID].nunique()
            self.mentions.loc[own.index, Col.TYPE] = row[Col.TYPE]
        self._index = None

    def move(self, mask: pd.Series, entity_id: str) -> None:
        """The mentions ``mask`` selects now belong to ``entity_id`` (with its type)."""
        old = set(self.mentions.loc[mask, Col.ENTITY_ID])
        self.mentions.loc[mask, Col.ENTITY_ID] = entity_id
        self.touch(entity_id, *sorted(old - {entity_id}))

    def merge(self, survivor: str, others: list[str]) -> None:
        self.move(self.mentions[Col.ENTITY_ID].isin(others), survivor)
        for other in others:
            self._relink(other, survivor)

    def drop(self, entity_id: str) -> None:
        self.mentions = self.mentions[~self.mentions_of(entity_id)].reset_index(drop=True)
        self.touch(entity_id)

    def drop_mentions(self, mask: pd.Series) -> None:
        old = sorted(set(self.mentions.loc[mask, Col.ENTITY_ID]))
        self.mentions = self.mentions[~mask].reset_index(drop=True)
        self.touch(*old)

    def add_mentions(self, rows: pd.DataFrame) -> None:
        self.mentions = pd.concat([self.mentions, rows], ignore_index=True)
        self.touch(*sorted(set(rows[Col.ENTITY_ID])))

    def set(self, entity_id: str, values: dict[str, str]) -> None:
        """Set columns of an entity's row (``{Col.NAME_EN: ...}``)."""
        self.rows[entity_id].update(values)
        self.touch(entity_id)

    def english(self, name_en: str, source: str = NameSource.ANALYST) -> dict[str, str]:
        """The columns an English name sets: the name, and where it comes from (when the table says)."""
        return {
            Col.NAME_EN: name_en,
            **({Col.NAME_EN_SOURCE: source} if Col.NAME_EN_SOURCE in self.columns else {}),
        }

    def new_entity(self, entity_type: str, name: str, name_en: str = "") -> str:
        """A new entity (no mentions yet: ``move`` or ``add_mentions`` give it some); its id. Without an
        English name from the analyst, its name is transliterated (and marked as such)."""
        source = NameSource.ANALYST if name_en else NameSource.TRANSLITERATION
        name_en = name_en or iuliia.WIKIPEDIA.translate(name)
        entity_id = entity_id_for(entity_type, name_en)
        while entity_id in self.rows or entity_id in self.machine:
            entity_id += "-2"
        row = {column: blank(self.dtypes[column]) for column in self.columns}
        row.update(
            {Col.ENTITY_ID: entity_id, Col.NAME: name, Col.TYPE: entity_type, **self.english(name_en, source)}
        )
        row.update({Col.ALIASES: [], Col.N_MENTIONS: 0, Col.N_ARTICLES: 0})
        self.rows[entity_id] = row
        return entity_id

    def _relink(self, old: str, new: str) -> None:
        """Entities that stood for the country ``old`` (a capital) now stand for ``new``."""
        for row in self.rows.values():
            if row.get(Col.COUNTRY_ENTITY_ID) == old:
                row[Col.COUNTRY_ENTITY_ID] = new

    # --- the tables ---------------------------------------------------------------------------------

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(mentions, entities) as the linking stage writes them: mentions by article and offset,
        entities most mentioned first."""
        mentions = self.mentions.sort_values([Col.ARTICLE_ID, Col.START], kind="stable", ignore_index=True)
        entities = self.frame().astype(
            {column: self.dtypes[column] for column in (Col.N_MENTIONS, Col.N_ARTICLES)}
        )
        entities = entities.sort_values(
            [Col.N_MENTIONS, Col.ENTITY_ID], ascending=[False, True], ignore_index=True
        )
        return mentions, entities


def blank(dtype) -> object:
    """An empty cell of a column of ``dtype`` (a column the correction does not decide)."""
    if pd.api.types.is_float_dtype(dtype):
        return float("nan")
    if pd.api.types.is_integer_dtype(dtype):
        return 0
    if pd.api.types.is_bool_dtype(dtype):
        return False
    return ""


def commonest(values: pd.Series) -> str:
    """The most frequent value (the first seen among equals)."""
    return Counter(values).most_common(1)[0][0]
