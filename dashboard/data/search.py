"""Entity search: by any name or spelling in either script, by the Russian name's transliteration
("Verkhovny sud" finds the Supreme Court), and by sound ("Schwarzenegger" finds Шварценеггер).

Names are matched by ``analysis.core.text.fold`` and ``sound_key``, the keys the build merges
entities with: pure standard library, so a requirements.txt-only install (Community Cloud) matches
by sound as a full one does.
"""

from __future__ import annotations

import re

import iuliia
import pandas as pd

from analysis.core.schema import ENTITIES, Col
from analysis.core.text import fold, sound_key
from dashboard.data.load import Dataset

SOUNDS = " ~"  # opens each word's sound key in ``search_text``: the key of a query word matches its start
WORD = re.compile(r"\w+")


def word_sound(word: str) -> str:
    """The sound key of a lower-case word (so an acronym, "ЮНЕСКО", has one too), without the end-vowel
    mark ("Шварценеггера" starts with "Шварценеггер"); "" for a word too short to have one."""
    return sound_key(word).rstrip("_")


def search_text(entities: pd.DataFrame) -> pd.Series:
    """What ``search_entities`` looks in, by entity id: the Russian and English names, the Russian name
    transliterated (an English name from knowledge is not what a reader who only saw a transliteration
    types), the ISO3 code and every spelling, folded (case, ё, look-alike letters), then the sound key of
    each of their words."""
    text = (
        entities[Col.NAME]
        + " "
        + entities[Col.NAME_EN]
        + " "
        + entities[Col.NAME].map(iuliia.WIKIPEDIA.translate)
        + " "
        + entities[Col.ISO3]
        + " "
        + entities[Col.ALIASES].map(" ".join)
    ).map(fold)
    keys = text.map(
        lambda t: "".join(SOUNDS + k for k in dict.fromkeys(map(word_sound, WORD.findall(t))) if k)
    )
    return pd.Series((text + keys).to_numpy(), index=entities[Col.ENTITY_ID].to_numpy())


def entity_search_text(dataset: Dataset) -> pd.Series:
    """``search_text`` of every entity of the dataset, computed once."""
    return dataset.memo("entity search text", lambda: search_text(dataset.tables[ENTITIES]))


def search_entities(entities: pd.DataFrame, query: str, text: pd.Series | None = None) -> pd.DataFrame:
    """Entities whose Russian or English name, its transliteration, ISO3 code or any spelling contains
    ``query`` (any case, ё as е), or whose words sound like every word of it in either script ("Merkel": Меркель, "Unesco":
    ЮНЕСКО). ``text``: ``search_text`` of the entities (of more) when already computed."""
    folded = fold(query)
    if not folded:
        return entities
    hay = (search_text(entities) if text is None else text).reindex(entities[Col.ENTITY_ID]).fillna("")
    spelled = hay.str.contains(folded, regex=False)
    sounds = pd.Series(True, index=hay.index)
    for word in WORD.findall(folded):
        key = word_sound(word)
        sounds &= hay.str.contains(SOUNDS + key if key else word, regex=False)
    return entities[(spelled | sounds).to_numpy()]
