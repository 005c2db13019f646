"""A build never loses data: one failing article is recorded and the rest built; a killed build
leaves the previous tables complete; two builds never write the same folder at once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.build.run import build_tables, run_build
from analysis.build.write import lock_for
from analysis.core.schema import MANIFEST, MANIFEST_KEYS, TABLES, validate
from tests.corpora import FACTRU, ROOT, SEEDS
from tests.helpers import cli, wrap_stage

FIRST, SECOND, THIRD = "000_2889c3e23c9954a7", "001_f2c8b14476094b1d", "004_9612a995b4a4a15c"


def _corpus(folder: Path, *ids: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article_id in ids:
        shutil.copy(SEEDS / f"{article_id}.txt", folder)
    return folder


def _loadable(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of ``out`` read and checked against the schema, as the dashboard would."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["tables"]) == set(TABLES)
    return {name: validate(name, pd.read_parquet(out / TABLES[name].file)) for name in TABLES}


@pytest.fixture
def dates_fail_on_second(monkeypatch):
    """The dates stage raises on one article (its text mentions "Ташкент"), as a new bug would."""

    def flaky(run, articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
        if articles["article_id"].eq(SECOND).any():
            raise KeyError("прошедшее")
        return run(articles, sentences)

    wrap_stage(monkeypatch, "dates", flaky)


def test_a_stage_failing_on_one_article_costs_only_that_article_its_rows(tmp_path, dates_fail_on_second):
    corpus = _corpus(tmp_path / "corpus", FIRST, SECOND, THIRD)
    tables, manifest = build_tables(corpus, engine="natasha", cache=False)
    assert manifest["errors"] == [
        {"file": f"{SECOND}.txt", "stage": "dates", "type": "KeyError", "message": "'прошедшее'"}
    ]
    assert sorted(tables["articles"]["article_id"]) == [FIRST, SECOND, THIRD]
    assert set(tables["dates"]["article_id"]) == {FIRST, THIRD}
    # the other stages still read the failing article
    assert SECOND in set(tables["mentions"]["article_id"])
    assert SECOND in set(tables["citations"]["article_id"])


def test_engine_failure_drops_the_article_and_keeps_the_rest(tmp_path):
    from analysis.nlp import get_engine

    engine = get_engine("natasha")

    class Fragile:
        name, version = engine.name, engine.version

        def analyze(self, text: str):
            if "Мирзиеев" in text:
                raise RuntimeError("engine crashed")
            return engine.analyze(text)

    corpus = _corpus(tmp_path / "corpus", FIRST, THIRD)
    tables, manifest = build_tables(corpus, engine=Fragile(), cache=False)
    assert [(e["file"], e["stage"], e["type"]) for e in manifest["errors"]] == [
        (f"{THIRD}.txt", "annotate", "RuntimeError")
    ]
    assert list(tables["articles"]["article_id"]) == [FIRST]
    assert set(tables["sentences"]["article_id"]) == {FIRST}


def test_manifest_keys_are_documented(tmp_path):
    manifest, _ = run_build(
        _corpus(tmp_path / "corpus", FIRST), tmp_path / "data", engine="natasha", cache=False
    )
    assert set(manifest) == set(MANIFEST_KEYS)
    written = json.loads((tmp_path / "data" / MANIFEST).read_text(encoding="utf-8"))
    assert set(written) == set(MANIFEST_KEYS)


def test_cli_prints_errors_at_the_end_and_strict_fails(tmp_path):
    corpus = _corpus(tmp_path / "corpus", FIRST)
    (corpus / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "data"
    args = (
        "build",
        "--engine",
        "natasha",
        "--no-cache",
        "--quiet",
        "--corpus",
        str(corpus),
        "--out",
        str(out),
    )
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert "skipped empty.txt: empty.txt: the file is empty" in result.stderr
    assert "articles 1," in result.stdout
    strict = cli(*args, "--strict")
    assert strict.returncode == 1
    assert "error (--strict): 1 file(s) skipped, 0 article error(s)" in strict.stderr


def test_nothing_built_exits_1_and_keeps_previous_data(tmp_path):
    out = tmp_path / "data"
    run_build(_corpus(tmp_path / "good", FIRST), out, engine="natasha", cache=False)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "only.txt").write_bytes(b"")
    result = cli("build", "--engine", "natasha", "--quiet", "--corpus", str(bad), "--out", str(out))
    assert result.returncode == 1
    assert "no article could be built" in result.stderr


def test_size_limit_names_the_limit(tmp_path):
    corpus = _corpus(tmp_path / "corpus", FIRST)
    (corpus / "huge.txt").write_text("Слово. " * 200_000, encoding="utf-8")
    tables, manifest = build_tables(corpus, engine="natasha", cache=False)
    assert list(tables["articles"]["article_id"]) == [FIRST]
    (entry,) = manifest["skipped"]
    assert entry["file"] == "huge.txt"
    assert "over the 1,000,000-byte limit" in entry["reason"] and "--max-bytes" in entry["reason"]


def test_second_build_of_the_same_folder_refuses_with_a_clear_message(tmp_path):
    out = tmp_path / "data"
    corpus = _corpus(tmp_path / "corpus", FIRST)
    with lock_for(out):
        result = cli("build", "--engine", "natasha", "--quiet", "--corpus", str(corpus), "--out", str(out))
    assert result.returncode == 2
    assert "another build is writing" in result.stderr and str(out) in result.stderr
    assert not out.exists()


def test_a_killed_builds_lock_never_stays_stuck(tmp_path):
    out = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from analysis.build.write import lock_for; import time; lock_for({str(out)!r}).acquire(); time.sleep(60)"],
        cwd=ROOT,
    )  # fmt: skip
    time.sleep(3)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    manifest, _ = run_build(_corpus(tmp_path / "corpus", FIRST), out, engine="natasha", cache=False)
    assert manifest["tables"]["articles"] == 1


def test_a_build_killed_at_any_moment_leaves_the_previous_data_complete(tmp_path):
    """Kill rebuilds at spread-out moments (reading, analysing, writing, swapping): every time, the
    output folder holds one complete, loadable set of tables, and the added-articles folder survives."""
    out = tmp_path / "data"
    corpus = _corpus(tmp_path / "corpus", FIRST, SECOND)
    run_build(corpus, out, engine="natasha", cache=False)
    (out / "quality.json").write_text("{}", encoding="utf-8")
    before = _loadable(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.5, 2.0, 3.5, 5.0, 6.5, 8.0):
        build = subprocess.Popen(
            [sys.executable, "-m", "analysis", "build", "--engine", "natasha", "--no-cache", "--quiet",
             "--corpus", str(corpus), "--out", str(out)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        build.send_signal(signal.SIGKILL)
        build.wait()
        after = _loadable(out)
        assert sorted(after["articles"]["article_id"]) == sorted(before["articles"]["article_id"])
        assert (out / "quality.json").exists()
    manifest, _ = run_build(corpus, out, engine="natasha", cache=False)
    assert manifest["tables"]["articles"] == 2
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".data-")], "stale staging removed"


@pytest.mark.parametrize(
    ("blocked", "extra"), [("filelock", "nlp"), ("rapidfuzz", "nlp"), ("stanza", "stanza")]
)
def test_a_missing_extra_is_named_in_one_line(tmp_path, blocked, extra):
    """In the dashboard-only install, `build` says which install command provides what it needs."""
    engine = "stanza" if blocked == "stanza" else "natasha"
    code = (
        f"import sys; sys.modules[{blocked!r}] = None; from analysis.tools.cli import main; "
        f"sys.exit(main(['build', '--engine', {engine!r}, '--quiet', '--corpus', {str(SEEDS)!r}, "
        f"'--out', {str(tmp_path / 'data')!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: the Python package {blocked!r} is not installed; this command needs the analysis extras: "
        f'pip install -e ".[{extra}]"'
    ]


def test_an_unchanged_corpus_is_not_rebuilt_and_a_changed_one_is(tmp_path):
    corpus, out = _corpus(tmp_path / "corpus", FIRST), tmp_path / "data"
    first = run_build(corpus, out, engine="natasha")
    assert first.rebuilt
    stamps = {path.name: path.stat().st_mtime_ns for path in out.iterdir()}
    again = run_build(corpus, out, engine="natasha")
    assert not again.rebuilt and again.manifest == first.manifest
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir()} == stamps
    result = cli("build", "--engine", "natasha", "--quiet", "--corpus", str(corpus), "--out", str(out))
    assert result.returncode == 0 and "is up to date" in result.stdout
    shutil.copy(SEEDS / f"{SECOND}.txt", corpus)
    changed = run_build(corpus, out, engine="natasha")
    assert changed.rebuilt and changed.manifest["tables"]["articles"] == 2
    assert run_build(corpus, out, engine="natasha", cache=False).rebuilt, "--no-cache always rebuilds"


@pytest.mark.skipif(not FACTRU.is_dir(), reason=f"{FACTRU} is not beside the project")
def test_engine_processes_and_a_dask_cluster_give_the_same_tables_as_one_engine(tmp_path, monkeypatch):
    from analysis.build import engine
    from analysis.build.runner import PARALLEL_MIN_ARTICLES

    monkeypatch.setattr(engine, "ENGINE_POOL_MIN_ARTICLES", PARALLEL_MIN_ARTICLES)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(FACTRU.glob("*.txt"))[:PARALLEL_MIN_ARTICLES]:
        shutil.copy(path, corpus)
    serial, _ = build_tables(corpus, engine="natasha", cache=False, workers=1)
    for scheduler in ("local", "dask"):  # engine processes here, then a Dask LocalCluster of 2 workers
        parallel, manifest = build_tables(
            corpus, engine="natasha", cache=False, workers=2, scheduler=scheduler
        )
        assert manifest["errors"] == []
        for name in serial:
            pd.testing.assert_frame_equal(serial[name], parallel[name], obj=f"{scheduler}: {name}")


@pytest.mark.skipif(not FACTRU.is_dir(), reason=f"{FACTRU} is not beside the project")
def test_a_broken_pool_of_engine_processes_costs_nothing(tmp_path):
    """Engine processes re-import the caller's main module; a script read from stdin cannot be, so
    every worker dies. The build then analyses in its own process: every article is still built."""
    from analysis.build.runner import PARALLEL_MIN_ARTICLES

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(FACTRU.glob("*.txt"))[:PARALLEL_MIN_ARTICLES]:
        shutil.copy(path, corpus)
    script = (
        "from analysis.build import engine\n"
        "from analysis.build.run import build_tables\n"
        f"engine.ENGINE_POOL_MIN_ARTICLES = {PARALLEL_MIN_ARTICLES}\n"
        f"tables, manifest = build_tables({str(corpus)!r}, engine='natasha', cache=False, workers=2)\n"
        "print(len(tables['articles']), len(manifest['errors']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-"], input=script, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.stdout.split() == [str(PARALLEL_MIN_ARTICLES), "0"], result.stderr[-2000:]


def test_an_unreachable_dask_scheduler_is_named_in_one_clear_error(tmp_path, monkeypatch):
    from analysis.build import engine
    from analysis.nlp import EngineUnavailable

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", 2)
    corpus = _corpus(tmp_path / "corpus", FIRST)
    with pytest.raises(EngineUnavailable, match=r"Dask scheduler at 127\.0\.0\.1:9 could not be reached"):
        build_tables(corpus, engine="natasha", cache=False, workers=2, scheduler="dask://127.0.0.1:9")
