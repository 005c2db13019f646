"""Fixtures of the dashboard tests: the data folder a page reads, the app on the seed tables, a hostile
corpus built for real, and the real server with a browser (the seed tables: ``data_dir``, from
tests/corpora.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.dashboard.pages import (
    ENGLISH,
    ENGLISH_TEXT,
    HOSTILE,
    HOSTILE_TEXT,
    IMAGE,
    LINK,
    OUTLET,
    SCRIPT,
    SECOND_TEXT,
)
from tests.helpers import launch


@pytest.fixture
def use_data(monkeypatch) -> Callable[[Path | str], None]:
    """``use_data(folder)``: the app reads its tables from ``folder`` (``DASHBOARD_DATA_DIR``)."""

    def use(folder: Path | str) -> None:
        monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))

    return use


@pytest.fixture
def app(data_dir, use_data):
    """Run the app on ``page`` (a file under dashboard/views) with the seed tables."""
    use_data(data_dir)

    return launch


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Path:
    """A tiny corpus built for real: a hostile article and outlet, an English article, an empty file;
    then hostile names given to its entities and speakers, as a corpus could name them."""
    from analysis.build.run import build_tables, write_tables
    from analysis.core.schema import ENTITIES, QUOTES

    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / f"{HOSTILE}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (corpus / f"{ENGLISH}.txt").write_text(ENGLISH_TEXT, encoding="utf-8")
    (corpus / "002_second.txt").write_text(SECOND_TEXT, encoding="utf-8")
    (corpus / "003_empty.txt").write_text("", encoding="utf-8")
    sources = pd.DataFrame(
        [
            (f"{HOSTILE}.txt", OUTLET, "javascript:alert(6)", ""),
            (f"{ENGLISH}.txt", "Reuters", "https://example.org/a", "en"),
            ("002_second.txt", f"{SCRIPT} [x](javascript:alert(7))", "", ""),
        ],
        columns=["file", "outlet", "url", "language"],
    )
    sources.to_csv(corpus / "sources.csv", index=False)
    tables, manifest = build_tables(corpus, engine="natasha", cache=False)
    entities = tables[ENTITIES]
    tables[ENTITIES] = entities.assign(
        name=f"{IMAGE} " + entities["name"], name_en=entities["name_en"] + f" {SCRIPT} **{LINK}**"
    )
    quotes = tables[QUOTES]
    tables[QUOTES] = quotes.assign(speaker=f"{SCRIPT} {IMAGE}")
    write_tables(tables, manifest, root / "data")
    return root / "data"


@pytest.fixture(scope="module")
def server(data_dir) -> Iterator[str]:
    """The URL of ``streamlit run dashboard/app.py`` on the seed tables."""
    from tests.dashboard.browser import serve

    with serve(data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from tests.dashboard.browser import CHROMIUM

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def correctable_seeds(tmp_path_factory) -> tuple[Path, Path]:
    """(corpus, data): a copy of the seeds and its tables, built as `python -m analysis build` builds
    them (the project's caches), for tests that correct them; copied again for each test."""
    import shutil

    from analysis.build.run import run_build
    from tests.corpora import SEEDS

    root = tmp_path_factory.mktemp("correctable")
    shutil.copytree(SEEDS, root / "seeds")
    run_build(root / "seeds", root / "data", "natasha")
    return root / "seeds", root / "data"


@pytest.fixture
def correcting(correctable_seeds, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """(corpus, data) of a fresh copy of ``correctable_seeds`` the dashboard reads and corrects
    (``DASHBOARD_DATA_DIR``, ``STORYLENS_CORPUS_DIR``), correcting on."""
    import shutil

    corpus, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(correctable_seeds[0], corpus)
    shutil.copytree(correctable_seeds[1], data)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    monkeypatch.setenv("STORYLENS_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("STORYLENS_CORRECTIONS", "on")
    monkeypatch.setenv("STORYLENS_USER", "anna")
    return corpus, data
