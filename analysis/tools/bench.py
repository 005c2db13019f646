"""Benchmarks of issue 10, run by hand and recorded in ``docs/benchmarks.md``.

- ``synthetic_corpus``: a corpus of any size made of real Russian sentences (the seeds, the
  factRuEval devset, the BSNLP clusters), grouped into stories so that articles share sentences as
  multi-outlet coverage does, 50 outlets, dates across one year;
- ``bench_build``: in one run, each in a fresh process, bare natasha NER over the same texts (the
  baseline), a full build with an empty cache, a re-build of the unchanged corpus and a re-build
  after adding one article: wall, CPU, peak memory, per-stage seconds and the ratio to the baseline;
- ``bench_dashboard``: AppTest script-run time of every page (warm, second run) against an empty
  Streamlit page measured in the same process, and that process's memory.

Every measured job runs as ``python -m analysis.bench _job ...`` in a fresh process; its CPU and
peak RSS come from ``os.wait4`` (the process and the children it waited for), and the summed RSS of
its whole process tree is sampled every 0.2 s (``tree_peak_mb``) in case work is spread over worker
processes. ``bench_ner`` (the engine alone) stays in ``analysis.tools.evaluate.speed``.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
FACTRU = SHARED / "eval" / "factru" / "devset"
BSNLP = SHARED / "eval" / "bsnlp"
APP = ROOT / "dashboard" / "app.py"
OUTLETS = 50
SOURCES_HEADER = "file,outlet,url,language,published\n"
_BSNLP_HEADER_LINES = 5  # id, language, date, url, title: the text starts after them


# ---------------------------------------------------------------- the synthetic corpus


def default_sources() -> list[Path]:
    """The real texts the synthetic corpus is made of: seeds, factRuEval devset, BSNLP clusters."""
    files = sorted(SEEDS.glob("*.txt")) + sorted(FACTRU.glob("*.txt"))
    return files + sorted(BSNLP.glob("*/raw/ru/*.txt"))


def _text_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if BSNLP in path.parents:
        text = "\n".join(text.splitlines()[_BSNLP_HEADER_LINES:])
    return re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text)  # the seeds' date header


def prose_sentences(text: str) -> list[str]:
    """The sentences of ``text`` a synthetic article may take: 5 to 80 words, some Cyrillic, spaces folded."""
    from razdel import sentenize

    found = []
    for paragraph in text.split("\n"):
        for sentence in sentenize(paragraph):
            words = sentence.text.split()
            if 5 <= len(words) <= 80 and re.search("[а-яё]", sentence.text, re.I):
                found.append(" ".join(words))
    return found


def synthetic_corpus(
    out_dir: Path,
    n_articles: int,
    seed: int = 0,
    sources: Sequence[Path] | None = None,
    syndicated: float = 0.0,
) -> Path:
    """Write ``n_articles`` article files and ``sources.csv`` into ``out_dir``; the folder.

    Sentences of the real texts (deduplicated, in their order) are cut into about ``n / 20``
    story pools of consecutive sentences; each article takes 8–25 sentences, about 70% from its
    story's pool (shuffled) and the rest from anywhere, in paragraphs of 1–4 sentences. Outlets
    are ``outlet-00.example`` … ``outlet-49.example``, dates spread over 2025. An article whose
    sentences overlap an earlier one of its story by 60% or more is drawn again, so the corpus
    reader finds no (near-)duplicates. With ``syndicated`` (a share, 0.25 for the syndication-heavy
    variant) that share of the articles also reprints, word for word, one to three paragraphs of an
    earlier article of its story and is published on its day or up to a week later, as wire copies
    are. The same arguments always write the same corpus.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pool = _sentence_pool(sources if sources is not None else default_sources())
    rng = random.Random(seed)
    n_stories = max(1, n_articles // 20)
    size = max(12, len(pool) // n_stories)
    starts = [(story * len(pool)) // n_stories for story in range(n_stories)]
    stories = [pool[start : start + size] or pool[:size] for start in starts]
    drawn: dict[int, list[frozenset[str]]] = {}
    written: dict[int, list[tuple[list[str], date]]] = {}  # a story's articles: paragraphs, date
    first = date(2025, 1, 1)
    rows = []
    for number in range(n_articles):
        story = rng.randrange(n_stories)
        chosen = _draw_sentences(rng, stories[story], pool, drawn.setdefault(story, []))
        paragraphs, index = [], 0
        while index < len(chosen):
            step = rng.randint(1, 4)
            paragraphs.append(" ".join(chosen[index : index + step]))
            index += step
        outlet = f"outlet-{rng.randrange(OUTLETS):02d}.example"
        published = first + timedelta(days=rng.randrange(365))
        earlier = written.get(story)
        if syndicated and earlier and rng.random() < syndicated:
            original, day = earlier[rng.randrange(len(earlier))]
            copied = rng.sample(original, min(len(original), rng.randint(1, 3)))
            paragraphs = copied + paragraphs[: max(1, len(paragraphs) - len(copied))]
            published = day + timedelta(days=rng.randrange(8))
        written.setdefault(story, []).append((paragraphs, published))
        name = f"syn_{number:05d}.txt"
        (out_dir / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        rows.append(f"{name},{outlet},https://{outlet}/story-{story}/{number},ru,{published.isoformat()}\n")
    (out_dir / "sources.csv").write_text(SOURCES_HEADER + "".join(rows), encoding="utf-8")
    return out_dir


def _sentence_pool(sources: Sequence[Path]) -> list[str]:
    """The usable sentences of the source texts, each once, in their order."""
    pool = list(dict.fromkeys(s for path in sources for s in prose_sentences(_text_of(path))))
    if len(pool) < 30:
        raise ValueError(f"only {len(pool)} usable sentences in the source texts")
    return pool


def _draw_sentences(
    rng: random.Random, story: list[str], pool: list[str], drawn: list[frozenset[str]]
) -> list[str]:
    """One article's sentences: most from its story, not overlapping an earlier article of it by 60%."""
    for _attempt in range(50):
        count = rng.randint(8, 25)
        own = min(len(story), round(count * rng.uniform(0.6, 0.8)))
        chosen = list(dict.fromkeys(rng.sample(story, own) + rng.sample(pool, count - own)))
        rng.shuffle(chosen)
        words = frozenset(chosen)
        if all(len(words & other) < 0.6 * min(len(words), len(other)) for other in drawn):
            break
    drawn.append(words)
    return chosen


def _new_article(corpus: Path) -> str:
    """A new article for the add-one benchmark: the first half of one article and the second half
    of another (neither a copy of an existing one)."""
    files = sorted(p for p in corpus.iterdir() if p.suffix.lower() == ".txt")
    first, second = (prose_sentences(_text_of(path)) for path in (files[0], files[len(files) // 2]))
    return " ".join(first[: len(first) // 2] + second[len(second) // 2 :]) + "\n"


# ---------------------------------------------------------------- measuring a process


def _tree_rss_mb(pid: int) -> float:
    """Summed RSS (MB) of ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21])  # pages
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack += children.get(current, [])
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def _measure(job: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> dict:
    """Run ``python -m analysis.bench _job JOB...`` in ``cwd``; wall, CPU, peak RSS and its JSON."""
    cwd.mkdir(parents=True, exist_ok=True)
    report = Path(tempfile.mkstemp(suffix=".json", dir=cwd)[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "analysis.tools.bench", "_job", str(report), *job]
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env)
    peak, done = [0.0], threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss_mb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"benchmark job {job[0]} failed with status {process.returncode}")
    result = json.loads(report.read_text(encoding="utf-8") or "{}")
    report.unlink()
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "tree_peak_mb": round(max(peak[0], usage.ru_maxrss / 1024), 1),
        **result,
    }


def code_state() -> str:
    """The commit measured, and the files changed on top of it (others may be editing)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout
        except OSError:
            return ""

    dirty = " ".join(line[3:] for line in git("status", "--porcelain", "--", "analysis").splitlines())
    return git("rev-parse", "--short", "HEAD").strip() + (f" + uncommitted {dirty}" if dirty else "")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# ---------------------------------------------------------------- the build benchmark


def _copy_corpus(source: Path, target: Path) -> Path:
    from analysis.build.corpus import ARTICLE_SUFFIXES, SOURCES_FILE

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in Path(source).iterdir():
        if path.is_file() and (path.suffix.lower() in ARTICLE_SUFFIXES or path.name == SOURCES_FILE):
            shutil.copyfile(path, target / path.name)
    return target


def bench_build(corpus_dir: Path, workdir: Path, engine: str = "natasha") -> dict:
    """Bare natasha NER, full build (empty cache), unchanged re-build and add-one re-build of
    ``corpus_dir`` (copied into ``workdir``), each a fresh process; timings, memory and ratios."""
    workdir = Path(workdir).absolute()
    corpus = _copy_corpus(Path(corpus_dir), workdir / "corpus")
    out, run = workdir / "data", workdir / "run"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(run / ".cache", ignore_errors=True)  # the build's NLP cache lives under its cwd
    n_files = sum(1 for p in corpus.iterdir() if p.suffix.lower() == ".txt")
    result: dict = {
        "corpus": str(corpus_dir),
        "files": n_files,
        "engine": engine,
        "code": code_state(),
        "load_before": load_average(),
    }
    # Bare NER and natasha's own segment+morph+NER+lemma pipeline, each with its default threads and
    # with one BLAS thread, as the build's engine runs: under load, idle BLAS threads spin and slow
    # the default run, which would flatter the ratio; the ratios take the quicker of the two.
    for job in ("natasha", "natasha_pipeline"):
        result[job] = _measure([job, str(corpus)], run)
        result[f"{job}_one_thread"] = _measure([job, str(corpus)], run, {"OPENBLAS_NUM_THREADS": "1"})
    build = ["build", str(corpus), str(out), engine]
    result["full_build"] = _measure(build, run)
    result["unchanged_rebuild"] = _measure(build, run)
    name = "zz_added_article.txt"
    (corpus / name).write_text(_new_article(corpus), encoding="utf-8")
    sources = corpus / "sources.csv"
    if sources.exists():
        with sources.open("a", encoding="utf-8") as csv:
            csv.write(f"{name},outlet-new.example,https://outlet-new.example/1,ru,2025-12-31\n")
    result["add_one"] = _measure(build, run)
    result["load_after"] = load_average()
    result["articles"] = result["full_build"].get("articles")
    natasha, full = result["natasha"], result["full_build"]
    result["ratio_wall"] = round(full["wall_s"] / natasha["wall_s"], 2)
    result["ratio_cpu"] = round(full["cpu_s"] / natasha["cpu_s"], 2)
    one_thread = result["natasha_one_thread"]
    result["ratio_wall_one_thread"] = round(full["wall_s"] / one_thread["wall_s"], 2)
    result["ratio_cpu_one_thread"] = round(full["cpu_s"] / one_thread["cpu_s"], 2)
    for job in ("natasha", "natasha_pipeline"):
        stronger = min(result[job], result[f"{job}_one_thread"], key=lambda run: run["wall_s"])
        result[f"ratio_to_{job}"] = {
            "wall": round(full["wall_s"] / stronger["wall_s"], 2),
            "cpu": round(full["cpu_s"] / stronger["cpu_s"], 2),
        }
    result["peak_rss_mb"] = max(
        result[key]["tree_peak_mb"] for key in ("full_build", "unchanged_rebuild", "add_one")
    )
    return result


def _job_natasha(corpus: str) -> dict:
    """Bare natasha NER (razdel + slovnet NER, no morphology) over the raw text of every file."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(corpus).glob("*.txt"))]
    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
    return {"texts": len(texts)}


def _job_natasha_pipeline(corpus: str) -> dict:
    """natasha's own pipeline as its README runs it: segmentation, morphology, NER and every token's
    lemma (what the build's engine step also gives), over the raw text of every file. natasha's
    ``MorphVocab`` wraps pymorphy2, which no longer imports (``pkg_resources``); the lemma step calls
    pymorphy3, its successor, the same dictionary lookup."""
    import pymorphy3
    from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(corpus).glob("*.txt"))]
    embedding, lemmas = NewsEmbedding(), pymorphy3.MorphAnalyzer()
    segmenter, morph, ner = Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding)
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.tag_ner(ner)
        for token in doc.tokens:
            token.lemma = lemmas.parse(token.text)[0].normal_form
    return {"texts": len(texts)}


def _job_build(corpus: str, out: str, engine: str) -> dict:
    """``run_build`` with the seconds of each stage (reading, NLP, each corpus stage, writing)."""
    from analysis.build import run as build
    from analysis.build import runner as pipeline

    seconds: dict[str, float] = {}

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                key = name(args) if callable(name) else name
                seconds[key] = seconds.get(key, 0.0) + time.perf_counter() - began

        return wrapper

    for attribute, label in (
        ("read_corpora", "read corpus"),
        ("annotate_corpus", "annotate (NLP)"),
        ("validate", "validate"),
        ("write_tables", "write tables"),
        ("corpus_hash", "corpus hash"),
    ):
        if hasattr(build, attribute):
            setattr(build, attribute, timed(label, getattr(build, attribute)))
    pipeline.Runner.run = timed(lambda args: f"stage {args[1].name}", pipeline.Runner.run)
    began = time.perf_counter()
    outcome = build.run_build(Path(corpus), Path(out), engine)
    total = time.perf_counter() - began
    manifest = outcome.manifest if hasattr(outcome, "manifest") else outcome  # BuildResult or a dict
    seconds["other"] = total - sum(seconds.values())
    return {
        "rebuilt": bool(getattr(outcome, "rebuilt", True)),
        "articles": manifest["tables"]["articles"],
        "errors": len(manifest["errors"]),
        "skipped": len(manifest["skipped"]),
        "build_s": round(total, 3),
        "stages": {key: round(value, 3) for key, value in sorted(seconds.items(), key=lambda kv: -kv[1])},
    }


# ---------------------------------------------------------------- the dashboard benchmark


def dashboard_pages() -> list[str]:
    """The page files of dashboard/app.py's PAGES (``views/NAME.py``), in their order."""
    return re.findall(r'st\.Page\(\s*"(views/\w+\.py)"', APP.read_text(encoding="utf-8"))


def bench_dashboard(data_dir: Path, repeats: int = 2) -> dict:
    """Script-run seconds of every page (the last of ``repeats`` runs, warm cache) and of an empty
    Streamlit page, in one fresh process whose peak memory is the dashboard's."""
    workdir = Path(tempfile.mkdtemp(prefix="storylens-bench-"))
    try:
        result = _measure(["dashboard", str(Path(data_dir).absolute()), str(repeats)], workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["load"] = load_average()
    empty = result["empty_page_s"]
    result["slowest_page_s"] = max(result["pages"].values())
    result["ratio_to_empty"] = {page: round(s / empty, 1) for page, s in result["pages"].items()}
    result["max_ratio_to_empty"] = max(result["ratio_to_empty"].values())
    return result


def _job_dashboard(data_dir: str, repeats: str) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["DASHBOARD_DATA_DIR"] = data_dir
    empty_page = Path(tempfile.mkdtemp()) / "empty.py"
    empty_page.write_text("import streamlit as st\n\nst.write('')\n", encoding="utf-8")

    def timed_runs(at, step) -> float:
        seconds = 0.0
        for _ in range(int(repeats)):
            began = time.perf_counter()
            step(at)
            seconds = time.perf_counter() - began
            if at.exception:
                raise RuntimeError(f"{[e.value for e in at.exception]}")
        return seconds

    empty = AppTest.from_file(str(empty_page), default_timeout=300)
    empty_s = timed_runs(empty, lambda at: at.run())
    at = AppTest.from_file(str(APP), default_timeout=300)
    first_load = time.perf_counter()
    at.run()
    first_load = time.perf_counter() - first_load
    pages = {}
    for page in dashboard_pages():
        pages[page] = round(timed_runs(at, lambda at, page=page: at.switch_page(page).run()), 3)
    empty_s = min(empty_s, timed_runs(empty, lambda at: at.run()))  # once more after the pages
    status = Path("/proc/self/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    return {
        "empty_page_s": round(empty_s, 4),
        "first_load_s": round(first_load, 3),
        "pages": pages,
        "rss_after_pages_mb": round(rss, 1),
    }


_JOBS = {
    "natasha": _job_natasha,
    "natasha_pipeline": _job_natasha_pipeline,
    "build": _job_build,
    "dashboard": _job_dashboard,
}

if __name__ == "__main__":  # one measured job: _job REPORT NAME ARGS...
    if sys.argv[1:2] != ["_job"]:
        sys.exit("usage: python -m analysis bench ...")
    report, job, *arguments = sys.argv[2:]
    Path(report).write_text(json.dumps(_JOBS[job](*arguments)), encoding="utf-8")
