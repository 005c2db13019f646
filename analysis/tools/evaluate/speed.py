"""Speed of the engine against bare natasha NER, each in a fresh process (``bench ner``)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from analysis.tools.evaluate.factru import text_paths

# ---------------------------------------------------------------- speed


def _bare_natasha(texts: list[str]) -> None:
    """Bare natasha NER (razdel + slovnet NER, no morphology): the speed reference."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)


def _default_engine(texts: list[str]) -> None:
    from analysis.nlp.natasha_engine import NatashaEngine

    engine = NatashaEngine(with_morph=False)  # the same spans as with the tagger (see natasha_engine)
    for text in texts:
        engine.analyze(text)


_RUNNERS = {"natasha": _bare_natasha, "ours": _default_engine}


def _timed_process(runner: str, folder: Path, limit: int | None) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of a fresh Python process that loads its models and tags the documents."""
    command = [sys.executable, "-m", "analysis.tools.evaluate.speed", runner, str(folder), str(limit or 0)]
    root = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, check=True, cwd=root, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_ner(folder: Path, limit: int | None = None, repeats: int = 3) -> dict:
    """Documents/second of bare natasha NER and of our default engine, each as a whole process
    (interpreter and model start-up included), on the same documents in the same call.

    The ratio uses CPU seconds, which other processes competing for the machine barely move;
    runs are interleaved ``repeats`` times and the best of each counts. Wall-clock speeds are
    reported alongside.
    """
    documents = len(text_paths(folder, limit))
    best = {runner: (float("inf"), float("inf")) for runner in _RUNNERS}
    for _ in range(repeats):
        for runner in _RUNNERS:
            wall, cpu = _timed_process(runner, folder, limit)
            best[runner] = (min(best[runner][0], wall), min(best[runner][1], cpu))
    result: dict = {"documents": documents}
    for runner, (wall, cpu) in best.items():
        result[f"{runner}_docs_per_second"] = round(documents / wall, 2)
        result[f"{runner}_docs_per_cpu_second"] = round(documents / cpu, 2)
    result["ratio"] = round(best["natasha"][1] / best["ours"][1], 3)
    return result


if __name__ == "__main__":  # one timed process of bench_ner: runner, folder, limit (0 = all)
    runner, folder, limit = sys.argv[1:4]
    _RUNNERS[runner](
        [path.read_text(encoding="utf-8") for path in text_paths(Path(folder), int(limit) or None)]
    )
