"""Smoke test of the benchmarks (docs/benchmarks.md): a tiny synthetic corpus through ``bench_build``
and ``bench_dashboard`` end to end. The numbers are only checked to exist: timings are recorded by
hand, never asserted in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import bench
from analysis.corpus import read_corpus

SEED_TEXTS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
MEASURED = ("wall_s", "cpu_s", "peak_rss_mb", "tree_peak_mb")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return bench.synthetic_corpus(tmp_path_factory.mktemp("bench") / "corpus", 6, sources=SEED_TEXTS)


def test_synthetic_corpus_is_deterministic_and_has_no_copies(corpus, tmp_path):
    again = bench.synthetic_corpus(tmp_path / "again", 6, sources=SEED_TEXTS)
    files = sorted(p.name for p in corpus.glob("*.txt"))
    assert len(files) == 6
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files)
    articles, skipped, _ = read_corpus(corpus)
    assert not skipped
    assert len(articles) == 6
    assert articles["outlet"].str.fullmatch(r"outlet-\d\d\.example").all()
    assert articles["published"].astype(str).str.startswith("2025-").all()
    for path in corpus.glob("*.txt"):
        sentences = bench._sentences(path.read_text(encoding="utf-8"))
        assert 8 <= len(sentences) <= 25


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> tuple[dict, Path]:
    workdir = tmp_path_factory.mktemp("bench-build")
    return bench.bench_build(corpus, workdir), workdir


def test_bench_build_reports_every_run(built):
    result, _ = built
    for run in ("natasha", "natasha_one_thread", "full_build", "unchanged_rebuild", "add_one"):
        assert all(result[run][key] > 0 for key in MEASURED), run
    assert result["full_build"]["articles"] == 6
    assert result["add_one"]["articles"] == 7
    assert result["full_build"]["stages"]["annotate (NLP)"] > 0
    assert result["ratio_wall"] > 0 and result["ratio_cpu"] > 0 and result["peak_rss_mb"] > 0
    assert result["ratio_wall_one_thread"] > 0 and result["ratio_cpu_one_thread"] > 0


def test_bench_dashboard_runs_every_page(built):
    _, workdir = built
    result = bench.bench_dashboard(workdir / "data")
    assert set(result["pages"]) == set(bench.dashboard_pages()) and len(result["pages"]) >= 8
    assert all(seconds > 0 for seconds in result["pages"].values())
    assert result["empty_page_s"] > 0 and result["max_ratio_to_empty"] > 0
    assert result["peak_rss_mb"] > 0 and result["rss_after_pages_mb"] > 0
