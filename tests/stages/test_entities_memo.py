"""The entities stage's memo (``Stage.memo``): English names made by an earlier build are served again
only for the same name, type, place and Latin spellings, and a build that starts from the memo of the
corpus minus one article gives the tables a build without any memo gives."""

from __future__ import annotations

import pandas as pd

import analysis.build.runner as runner
from analysis.build.cache import DiskCache, load_memo
from analysis.build.runner import run_stages
from analysis.core.codes import NameSource
from analysis.core.memo import Memo
from analysis.core.schema import ARTICLES, TOKENS, Col
from analysis.stages import registry
from analysis.stages.entities import english
from analysis.stages.entities.english import name_entity
from analysis.stages.entities.merge import KeyKind
from analysis.stages.entities.model import Mention
from analysis.stages.registry import LINKED_ENTITIES, LINKED_MENTIONS, RAW_MENTIONS

_ENTITY_STAGES = tuple(stage for stage in registry.STAGES if stage.name in ("entity_parts", "entities"))


def _inputs(tables: dict[str, pd.DataFrame], leave_out: str = "") -> dict[str, pd.DataFrame]:
    """The entity stages' inputs from the built seeds (their mentions stand in for the engine's),
    without the article ``leave_out``."""
    raw = tables["mentions"][[Col.ARTICLE_ID, Col.SENTENCE_ID, Col.START, Col.END, Col.TEXT, Col.TYPE]]
    found = {ARTICLES: tables[ARTICLES], TOKENS: tables[TOKENS], RAW_MENTIONS: raw}
    return {
        name: frame[frame[Col.ARTICLE_ID] != leave_out].reset_index(drop=True)
        for name, frame in found.items()
    }


def _english_names(path) -> dict:
    """The memo's English names, (name, source) pairs; its places (``_remembered_place``) left out."""
    return {key: value for key, value in load_memo(path).known.items() if isinstance(value, tuple)}


def test_a_build_from_the_memo_of_the_corpus_minus_one_article_gives_a_fresh_builds_tables(
    tables, tmp_path, monkeypatch
):
    """The seeds built through the runner with a stage cache: first without their last article (a story
    of its own, 18 new names), then whole from that build's memo, then whole with no cache at all."""
    monkeypatch.setattr(runner, "written", lambda stages: [LINKED_MENTIONS, LINKED_ENTITIES])
    made = []
    making = english._english_name
    monkeypatch.setattr(english, "_english_name", lambda *args: made.append(args) or making(*args))
    cache = DiskCache(tmp_path / "stages")
    last = tables[ARTICLES][Col.ARTICLE_ID].iloc[-1]

    run_stages(_inputs(tables, leave_out=last), cache, stages=_ENTITY_STAGES)
    remembered = _english_names(tmp_path / "stages" / "memo-entities.pickle")
    assert len(remembered) == len(made) > 40  # one English name per entity and reading

    made.clear()
    again, errors = run_stages(_inputs(tables), cache, stages=_ENTITY_STAGES)
    kept = _english_names(tmp_path / "stages" / "memo-entities.pickle")
    # the names the new article brings are made; every other is served from the memo
    assert errors == [] and len(made) == len(kept.keys() - remembered.keys()) < len(kept) / 2
    fresh, _ = run_stages(_inputs(tables), None, stages=_ENTITY_STAGES)
    for name in (LINKED_MENTIONS, LINKED_ENTITIES):
        pd.testing.assert_frame_equal(again[name], fresh[name])


def _person(written: str, normal: str) -> tuple[Mention, str]:
    return Mention("a", 0, 0, len(written), written, "PER", ()), normal


def test_a_remembered_english_name_serves_only_the_same_name_type_place_and_spellings():
    """A memo whose every value is replaced is served back where the key holds, and nowhere else: the
    same person with a Latin spelling in the corpus ("Boris Johnson") is named by it; a city named in
    its own articles' country is another place."""
    key = (KeyKind.NAME, "борис джонсон")
    alone = [_person("Борис Джонсон", "Борис Джонсон")] * 2
    memo = Memo()
    assert name_entity(key, alone, memo=memo).name_en == "Boris Johnson"
    served = Memo(dict.fromkeys(memo.used, ("Boris the Remembered", NameSource.NAMES)))
    assert name_entity(key, alone, memo=served).name_en == "Boris the Remembered"

    spelt = [*alone, _person("Johnson", "Johnson")]
    assert name_entity(key, spelt, memo=served)[2:] == name_entity(key, spelt)[2:]
    assert name_entity(key, spelt).source == NameSource.CORPUS

    town, story = (KeyKind.NAME, "энфилд"), ("CAN", "USA")
    city = [(Mention("a", 0, 0, 6, "Энфилд", "LOC", ()), "Энфилд")]
    in_the_corpus = name_entity(town, city, story, memo=(memo := Memo()))
    served = Memo(dict.fromkeys(memo.used, ("Enfield the Remembered", NameSource.GEONAMES)))
    in_its_articles = name_entity(town, city, story, 1, memo=served)  # Nova Scotia's: on no map
    assert in_its_articles.place != in_the_corpus.place
    assert in_its_articles == name_entity(town, city, story, 1)
