"""The fixtures every test may use: the corpora built once per session (tests/corpora.py)."""

from __future__ import annotations

from pathlib import Path

pytest_plugins = ["tests.corpora"]

BUILD_TESTS = Path(__file__).resolve().parent / "build"  # the tests of analysis/build


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    """pytest passes over every folder named "build" (its default ``norecursedirs``); tests/build is
    collected all the same, unless ``--ignore`` names it."""
    if collection_path.resolve() != BUILD_TESTS:
        return None
    return BUILD_TESTS in {Path(path).resolve() for path in config.getoption("ignore") or ()}
