"""The stage registry is the one place stages are wired: every table has one maker, every need is
made before it is read, and the declarations agree with what the stages do."""

from __future__ import annotations

import inspect

import pytest

from analysis.core.schema import TABLES
from analysis.stages.registry import ARTIFACTS, INPUTS, STAGES, Scope, Stage, in_order, producers, written


def test_every_table_has_exactly_one_maker():
    made = producers()
    for name in TABLES:
        makers = made.get(name, []) + (["the build"] if name in INPUTS else [])
        assert len(makers) == 1, f"table {name!r} is made by {makers or 'nothing'}"


def test_every_artifact_is_made_once_and_read():
    made = producers()
    read = {need for stage in STAGES for need in stage.needs}
    for name in ARTIFACTS:
        assert len(made.get(name, [])) == 1, name
        assert name in read, f"artifact {name!r} is made but no stage reads it"
    assert set(made) <= set(TABLES) | set(ARTIFACTS), (
        "a stage makes something neither a table nor an artifact"
    )


def test_the_build_writes_every_table_of_the_schema():
    assert sorted(written()) == sorted(TABLES)


def test_stages_run_after_what_they_need():
    seen = set(INPUTS)
    for stage in in_order():
        assert seen.issuperset(stage.needs), stage.name
        seen.update(stage.makes)


def _stage(**changes) -> Stage:
    base = {"name": "x", "scope": Scope.CORPUS, "needs": (), "makes": (), "run": len, "doc": ""}
    return Stage(**{**base, **changes})


def test_a_need_nothing_makes_is_refused_by_name():
    with pytest.raises(ValueError, match="'orphan' needs \\['nothing_makes_this'\\]"):
        in_order([*STAGES, _stage(name="orphan", needs=("nothing_makes_this",))])


def test_two_stages_waiting_on_each_other_are_refused():
    loop = [_stage(name="a", needs=("y",), makes=("x",)), _stage(name="b", needs=("x",), makes=("y",))]
    with pytest.raises(ValueError, match="wait on each other"):
        in_order(loop)


def _positional(function) -> list[str]:
    parameters = inspect.signature(function).parameters.values()
    return [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "story"]


@pytest.mark.parametrize("stage", STAGES, ids=lambda stage: stage.name)
def test_each_declaration_matches_its_function(stage):
    """A stage's function takes its needs in order (an article stage: those not in ``whole``; its
    ``finish``: the rows, then the ``whole`` needs), and ``story`` when it says so; ``whole`` and
    ``finish`` only where they mean something."""
    expected = stage.own_needs() if stage.scope is Scope.ARTICLE else stage.needs
    assert len(_positional(stage.run)) == len(expected), _positional(stage.run)
    assert ("story" in inspect.signature(stage.run).parameters) == stage.story
    assert set(stage.whole) <= set(stage.needs)
    if stage.finish is not None:
        assert len(_positional(stage.finish)) == 1 + len(stage.whole), _positional(stage.finish)
        assert set(stage.makes) <= set(TABLES), "finish makes a table"
    if stage.scope is Scope.CORPUS:
        assert not stage.whole and stage.finish is None
    assert not stage.whole or stage.finish is not None, "only finish reads the whole needs"
    assert not (stage.scope is Scope.ARTICLE and stage.story), (
        "per-article results are cached without the pack"
    )
    assert stage.doc


def test_the_article_step_of_citations_and_quotes_reads_the_article_only():
    """What needs the corpus (canonical names, kinds, groups) is resolved in ``finish``: an article's
    cached result never depends on the others."""
    for name in ("citations", "quotes"):
        stage = next(stage for stage in STAGES if stage.name == name)
        assert stage.own_needs() == ("documents",) and stage.finish is not None, name
