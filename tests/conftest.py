"""Shared fixtures: the seed corpus built once per test session with the offline engine."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def pack():
    """The seeds' story pack (seeds/story.toml)."""
    from analysis.core.story import load_pack

    return load_pack(SEEDS)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[dict[str, pd.DataFrame], dict]:
    """(tables, manifest) of the seeds, built with natasha and no cache."""
    from analysis.build.run import build_tables

    return build_tables(SEEDS, engine="natasha", cache=False)


@pytest.fixture(scope="session")
def tables(built) -> dict[str, pd.DataFrame]:
    return built[0]
