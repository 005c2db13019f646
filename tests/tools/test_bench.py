"""Smoke test of the benchmarks (docs/benchmarks.md): a tiny synthetic corpus through ``bench_build``
and ``bench_dashboard`` end to end. The numbers are only checked to exist: timings are recorded by
hand, never asserted in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.build.corpus import read_corpus
from analysis.tools import bench
from tests.corpora import SEEDS

SEED_TEXTS = sorted(SEEDS.glob("*.txt"))
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
        sentences = bench.prose_sentences(path.read_text(encoding="utf-8"))
        assert 8 <= len(sentences) <= 25


def test_syndicated_variant_reprints_paragraphs_of_earlier_articles_of_the_story(tmp_path):
    corpus = bench.synthetic_corpus(tmp_path / "wire", 40, sources=SEED_TEXTS, syndicated=0.5)
    articles, skipped, _ = read_corpus(corpus)
    assert not skipped and len(articles) == 40
    first_seen: dict[str, tuple[str, str]] = {}  # paragraph -> (story url, date) of its first article
    reprints = 0
    for row in articles.sort_values("article_id").itertuples():
        story = row.url.split("/")[-2]  # https://OUTLET/story-N/NUMBER
        paragraphs = [p for p in row.raw_text.split("\n\n") if p.strip()]
        copied = [  # paragraphs of two sentences or more: one sentence may recur by chance
            first_seen[p]
            for p in paragraphs
            if p in first_seen and first_seen[p][0] == story and len(bench.prose_sentences(p)) >= 2
        ]
        if copied and all(str(row.published) >= day for _, day in copied):
            reprints += 1
        for p in paragraphs:
            first_seen.setdefault(p, (story, str(row.published)))
    plain = bench.synthetic_corpus(tmp_path / "plain", 40, sources=SEED_TEXTS)
    assert reprints >= 10  # about half of the 39 articles that have an earlier one of their story
    assert [p.read_bytes() for p in sorted(plain.glob("*.txt"))][0] == sorted(corpus.glob("*.txt"))[
        0
    ].read_bytes()


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> tuple[dict, Path]:
    workdir = tmp_path_factory.mktemp("bench-build")
    return bench.bench_build(corpus, workdir), workdir


def test_bench_build_reports_every_run(built):
    result, _ = built
    runs = ("natasha", "natasha_pipeline", "full_build", "unchanged_rebuild", "add_one")
    for run in (*runs, "natasha_one_thread", "natasha_pipeline_one_thread"):
        assert all(result[run][key] > 0 for key in MEASURED), run
    assert result["full_build"]["articles"] == 6
    assert result["add_one"]["articles"] == 7
    assert result["full_build"]["stages"]["annotate (NLP)"] > 0
    assert result["ratio_wall"] > 0 and result["ratio_cpu"] > 0 and result["peak_rss_mb"] > 0
    assert result["ratio_wall_one_thread"] > 0 and result["ratio_cpu_one_thread"] > 0
    # the stronger natasha run of each kind is the one the ratio divides by
    for job in ("natasha", "natasha_pipeline"):
        quicker = min(result[job]["wall_s"], result[f"{job}_one_thread"]["wall_s"])
        assert result[f"ratio_to_{job}"]["wall"] == round(result["full_build"]["wall_s"] / quicker, 2)


def test_bench_dashboard_runs_every_page(built):
    _, workdir = built
    result = bench.bench_dashboard(workdir / "data")
    assert set(result["pages"]) == set(bench.dashboard_pages()) and len(result["pages"]) >= 8
    assert all(seconds > 0 for seconds in result["pages"].values())
    assert result["empty_page_s"] > 0 and result["max_ratio_to_empty"] > 0
    assert result["peak_rss_mb"] > 0 and result["rss_after_pages_mb"] > 0


def test_a_build_gives_the_cpu_seconds_of_each_step(built_timed):
    """``build_tables(seconds=...)`` times reading, the engine and every stage (the seeds' build of the
    session): what ``eval ner`` adds up for the mentions table's steps (reading, engine, entity linking)."""
    from analysis.stages.registry import STAGES
    from analysis.tools.evaluate.product import mentions_path

    _, _, seconds = built_timed

    assert set(seconds) == {"read", "annotate", *(stage.name for stage in STAGES)}
    # the analyst's corrections (merge, split, retype...) rewrite the mentions after linking
    assert mentions_path() == ("read", "annotate", "entity_parts", "entities", "entity_corrections")
    assert all(value >= 0 for value in seconds.values())


def test_eval_ner_reports_the_mentions_steps_beside_the_whole_build():
    """The whole build's ratio to bare natasha stays what it says; the mentions table's steps are a
    second, labelled ratio (printed and saved), never a replacement."""
    from analysis.tools.evaluate.factru import NerComparison, format_comparison
    from analysis.tools.evaluate.scores import TYPES, NerReport, TypeScore

    scores = {kind: TypeScore() for kind in TYPES}
    ours, natasha = (
        NerReport("natasha", "1.6.0", 10, 4.0, scores),
        NerReport("natasha", "1.6.0", 10, 0.5, scores),
    )
    comparison = NerComparison(
        ours, natasha, ours_cpu_seconds=8.0, natasha_cpu_seconds=1.0, mentions_cpu_seconds=2.5
    )
    assert comparison.speed_ratio == 0.125 and comparison.mentions_speed_ratio == 0.4
    saved = comparison.to_dict()
    assert saved["speed_ratio"] == 0.125 and saved["cpu_seconds"] == 8.0
    assert saved["mentions_path"]["speed_ratio"] == 0.4 and saved["mentions_path"]["cpu_seconds"] == 2.5
    assert saved["mentions_path"]["steps"].startswith("reading the corpus, the engine")
    assert format_comparison(comparison).splitlines()[-2:] == [
        "speed: build 2.5 docs/s (8.0 CPU s), bare natasha NER 20.0 docs/s (1.0 CPU s); ratio 0.12 (CPU, models "
        "loaded before timing)",
        "of that build, the mentions table's steps (reading, engine, entity linking): 2.5 CPU s; ratio 0.40 to "
        "bare natasha NER",
    ]
