"""The corpora the tests build, each built once per test session, and where their data lives.

Registered as a plugin by ``tests/conftest.py``, so every test module can ask for these fixtures:

- ``seeds_dir``, ``pack``: the seeds (``seeds/``) and their story pack;
- ``built`` (tables, manifest), ``tables``: the seeds built with natasha, no cache (``built_timed``:
  with the CPU seconds of each step);
- ``data_dir``: those tables written as ``python -m analysis build`` writes them (never change it:
  copy it first);
- ``built_without_pack`` (tables, manifest), ``no_pack`` (written): the seeds without their story pack;
- ``footers``, ``footers_data``: tests/build/footers, ten articles of one story by four outlets
  written for the tests, a site's legal notice closing seven of them, a cookie prompt opening three and
  a byline closing one outlet's three (built with natasha, no cache; written);
- ``real_corpus(name)``: the factRuEval devset (``factru_devset``), a BSNLP cluster (``asia_bibi``,
  ``ryanair``) or NEREL's dev texts (``nerel_dev``: Wikinews on every topic) brought as a user's
  corpus, built with natasha and no NLP cache, and written.

The shared data (``../shared``) lives outside the project: a fixture that needs it skips, naming the
folder, when it is absent.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"  # beside the project: the seeds' originals and the evaluation data
EVAL = SHARED / "eval"
FACTRU = EVAL / "factru" / "devset"  # factRuEval-2016's devset: book_*.txt with their annotations
BSNLP = EVAL / "bsnlp"  # BSNLP 2019 clusters: TOPIC/raw/ru (articles), TOPIC/annotated/ru (gold)
NEREL = EVAL / "nerel"  # NEREL: Wikinews texts with nested entities, dates and Wikidata links
RYANAIR = BSNLP / "ryanair" / "raw" / "ru"
ASIA_BIBI = BSNLP / "asia_bibi" / "raw" / "ru"

DEVSET_NAME = "factru_devset"
NEREL_NAME = "nerel_dev"
TOPICS = ("asia_bibi", "ryanair")
CORPORA = (DEVSET_NAME, *TOPICS, NEREL_NAME)


# --- the seeds --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def pack():
    """The seeds' story pack (seeds/story.toml)."""
    from analysis.core.story import load_pack

    return load_pack(SEEDS)


@pytest.fixture(scope="session")
def built_timed() -> tuple[dict[str, pd.DataFrame], dict, dict[str, float]]:
    """(tables, manifest, CPU seconds of each step: ``build_tables``'s ``seconds``) of the seeds,
    built with natasha and no cache."""
    from analysis.build.run import build_tables

    seconds: dict[str, float] = {}
    tables, manifest = build_tables(SEEDS, engine="natasha", cache=False, seconds=seconds)
    return tables, manifest, seconds


@pytest.fixture(scope="session")
def built(built_timed) -> tuple[dict[str, pd.DataFrame], dict]:
    """(tables, manifest) of the seeds, built with natasha and no cache."""
    tables, manifest, _ = built_timed
    return tables, manifest


@pytest.fixture(scope="session")
def tables(built) -> dict[str, pd.DataFrame]:
    return built[0]


@pytest.fixture(scope="session")
def data_dir(built, tmp_path_factory) -> Path:
    """The seed tables written as the build writes them."""
    from analysis.build.run import write_tables

    tables, manifest = built
    folder = tmp_path_factory.mktemp("dashboard") / "data"
    write_tables(tables, manifest, folder)
    return folder


@pytest.fixture(scope="session")
def built_without_pack(tmp_path_factory) -> tuple[dict[str, pd.DataFrame], dict]:
    """(tables, manifest) of the seeds built as a corpus without a story pack (their articles and
    sources.csv only), with natasha and no cache."""
    from analysis.build.run import build_tables

    corpus = tmp_path_factory.mktemp("no-pack") / "corpus"
    corpus.mkdir()
    for file in [*SEEDS.glob("*.txt"), SEEDS / "sources.csv"]:
        shutil.copy(file, corpus / file.name)
    return build_tables(corpus, engine="natasha", cache=False)


@pytest.fixture(scope="session")
def no_pack(built_without_pack, tmp_path_factory) -> Path:
    """The seeds without a story pack, their tables written as the build writes them."""
    from analysis.build.run import write_tables

    folder = tmp_path_factory.mktemp("no-pack-data") / "data"
    write_tables(*built_without_pack, folder)
    return folder


# --- a corpus with boilerplate ---------------------------------------------------------------------

FOOTERS = ROOT / "tests" / "build" / "footers"


@pytest.fixture(scope="session")
def footers() -> tuple[dict[str, pd.DataFrame], dict]:
    """(tables, manifest) of tests/build/footers, built with natasha and no cache."""
    from analysis.build.run import build_tables

    return build_tables(FOOTERS, engine="natasha", cache=False)


@pytest.fixture(scope="session")
def footers_data(footers, tmp_path_factory) -> Path:
    """tests/build/footers's tables written as the build writes them."""
    from analysis.build.run import write_tables

    folder = tmp_path_factory.mktemp("footers") / "data"
    write_tables(*footers, folder)
    return folder


# --- the real corpora -------------------------------------------------------------------------------


@dataclass
class Built:
    name: str
    corpus: Path  # the folder as a user brings it
    files: list[str]  # its article files
    tables: dict[str, pd.DataFrame]
    manifest: dict
    data: Path  # the tables written as `python -m analysis build` writes them
    seconds: float  # the build (build_tables), wall clock


def bsnlp_topic(name: str) -> Path:
    """``BSNLP/name``, the cluster's folder (raw and annotated articles); skips when it is absent."""
    topic = BSNLP / name
    if not (raw := topic / "raw" / "ru").is_dir():
        pytest.skip(f"{raw} not present (../shared/eval is read by the real-corpus tests only)")
    return topic


def bsnlp_corpus(paths: list[Path], folder: Path) -> Path:
    """A few BSNLP raw files (``paths``) as a user's corpus in ``folder/corpus`` (``to_corpus``);
    skips, naming the file, when one is absent."""
    from analysis.tools.evaluate.bsnlp import to_corpus

    raw = folder / "raw"
    raw.mkdir(parents=True)
    for path in paths:
        if not path.exists():
            pytest.skip(f"{path} not present (../shared/eval is read by these tests only)")
        shutil.copy(path, raw / path.name)
    to_corpus(raw, folder / "corpus")
    return folder / "corpus"


def nerel_dev_entities(names: Sequence[str], folder: Path) -> pd.DataFrame:
    """A few NEREL dev texts (file stems ``names``) built as one corpus in ``folder``: its entities table
    indexed by Russian name; skips when a text is absent."""
    from analysis.nlp import get_engine
    from analysis.tools.evaluate.product import build_corpus

    sources = [NEREL / "dev" / f"{name}.txt" for name in names]
    if not all(source.exists() for source in sources):
        pytest.skip("NEREL dev texts are not here")
    for source in sources:
        shutil.copyfile(source, folder / source.name)
    return build_corpus(folder, get_engine("natasha"))[0]["entities"].set_index("name", drop=False)


def _make_corpus(name: str, folder: Path) -> Path:
    """The devset's or NEREL dev's texts copied as they are (no sources.csv: outlet and date unknown), or a BSNLP
    cluster turned into a corpus by ``to_corpus`` (sources.csv with outlet, URL, language and date)."""
    from analysis.tools.evaluate.bsnlp import to_corpus

    if name in (DEVSET_NAME, NEREL_NAME):
        texts = FACTRU if name == DEVSET_NAME else NEREL / "dev"
        if not texts.is_dir():
            pytest.skip(f"{texts} not present (../shared/eval is read by the real-corpus tests only)")
        folder.mkdir(parents=True)
        for path in sorted(texts.glob("*.txt")):
            shutil.copyfile(path, folder / path.name)
    else:
        to_corpus(bsnlp_topic(name) / "raw" / "ru", folder)
    return folder


@pytest.fixture(scope="session")
def real_corpus(tmp_path_factory) -> Callable[[str], Built]:
    """``real_corpus(name)``: one of ``CORPORA`` built once per session (one natasha engine for all,
    no NLP cache) and written."""
    done: dict[str, Built] = {}
    engines = {}  # loaded once, at the first build

    def get(name: str) -> Built:
        if name not in done:
            from analysis.build.run import build_tables
            from analysis.build.write import write_tables
            from analysis.nlp import get_engine

            root = tmp_path_factory.mktemp(name)
            corpus = _make_corpus(name, root / "corpus")
            if not engines:
                engines["natasha"] = get_engine("natasha")
            began = time.perf_counter()
            tables, manifest = build_tables(corpus, engine=engines["natasha"], cache=False)
            seconds = time.perf_counter() - began
            write_tables(tables, manifest, root / "data")
            files = sorted(p.name for p in corpus.glob("*.txt"))
            done[name] = Built(name, corpus, files, tables, manifest, root / "data", seconds)
        return done[name]

    return get
