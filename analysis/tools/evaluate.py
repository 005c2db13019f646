"""Entity quality of what ``build`` writes, on public benchmarks, with bare natasha beside.

factRuEval-2016 (``eval ner``), scored as naeval scores it:

naeval (github.com/natasha/naeval) is the public comparison of Russian NER systems; using its
protocol makes our numbers comparable with the published ones (slovnet, DeepPavlov, stanza):

- gold: a Person object is one PER span from its first to its last part; an Org object gives
  an ORG span per ``org_name`` part; Location and LocOrg objects give a LOC span per ``loc_name``
  part; a span nested in an earlier or longer one is dropped, and so is any span whose edges are
  not razdel token edges;
- predictions: PER/LOC/ORG spans, with the same overlap and alignment filters;
- score: per type, precision and recall over razdel tokens tagged inside/outside that type.

What is scored is the ``mentions`` table of a build of the texts (``evaluate_build_ner``: the texts
copied into a corpus folder and built by ``build_tables``, the path ``build`` and ``extract`` take),
and bare natasha NER over the same texts in the same run. BSNLP clusters (``eval bsnlp``) are
scored in ``analysis.tools.bsnlp``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from razdel import tokenize

from analysis.core.schema import ARTICLES, MENTIONS, Col
from analysis.nlp.base import Engine

TYPES = ("PER", "LOC", "ORG")
_OBJECT_PARTS = {"Org": ("ORG", "org_name"), "Location": ("LOC", "loc_name"), "LocOrg": ("LOC", "loc_name")}

Bounds = tuple[int, int, str]  # (start, stop, type)


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    gold: list[Bounds]


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class TypeScore:
    """Token counts for one type: predicted-inside, gold-inside, and both."""

    predicted: int = 0
    gold: int = 0
    correct: int = 0

    def add(self, other: TypeScore) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.correct += other.correct

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


@dataclass
class NerReport:
    engine: str
    version: str
    documents: int
    seconds: float  # time spent in engine.analyze, model loading excluded
    scores: dict[str, TypeScore] = field(default_factory=dict)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        """JSON-ready summary (the manifest's ``quality`` entry)."""
        return {
            "benchmark": "factRuEval-2016",
            "protocol": "naeval token-level F1 over razdel tokens",
            "engine": self.engine,
            "version": self.version,
            "documents": self.documents,
            "docs_per_second": round(self.docs_per_second, 2),
            "types": {
                name: {
                    "precision": round(score.precision, 4),
                    "recall": round(score.recall, 4),
                    "f1": round(score.f1, 4),
                    **asdict(score),
                }
                for name, score in self.scores.items()
            },
        }


# ---------------------------------------------------------------- reading the benchmark


def _parse_spans(path: Path) -> dict[str, tuple[str, int, int]]:
    """``id type start length first_token tokens # comment`` lines -> {id: (type, start, stop)}."""
    spans = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 4:
            span_id, kind, start, size = fields[:4]
            spans[span_id] = (kind, int(start), int(start) + int(size))
    return spans


def _gold_spans(objects_path: Path, spans: dict[str, tuple[str, int, int]]) -> list[Bounds]:
    gold: list[Bounds] = []
    for line in objects_path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 3:
            continue
        kind, parts = fields[1], [spans[i] for i in fields[2:] if i in spans]
        if kind == "Person" and parts:
            gold.append((min(p[1] for p in parts), max(p[2] for p in parts), "PER"))
        elif kind in _OBJECT_PARTS:
            label, part_kind = _OBJECT_PARTS[kind]
            named = [(start, stop, label) for part, start, stop in parts if part == part_kind]
            gold += drop_nested(named)
    return gold


def drop_nested(spans: Iterable[Bounds]) -> list[Bounds]:
    """Drop every span that overlaps an earlier-starting (or equally starting, longer) kept span."""
    kept: list[Bounds] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and kept[-1][1] > span[0]:
            continue
        kept.append(span)
    return kept


def _aligned(spans: Iterable[Bounds], starts: set[int], stops: set[int]) -> list[Bounds]:
    return [span for span in spans if span[0] in starts and span[1] in stops]


def _text_paths(folder: Path, limit: int | None) -> list[Path]:
    paths = sorted(Path(folder).glob("book_*.txt"), key=lambda p: int(p.stem.split("_")[1]))
    return paths[:limit]


def read_factru(folder: Path, limit: int | None = None) -> list[Document]:
    """Documents of a factRuEval folder (``book_N.txt/.spans/.objects``), in numeric order."""
    documents = []
    for path in _text_paths(folder, limit):
        text = path.read_text(encoding="utf-8")
        spans = _parse_spans(path.with_suffix(".spans"))
        gold = drop_nested(_gold_spans(path.with_suffix(".objects"), spans))
        tokens = list(tokenize(text))
        gold = _aligned(gold, {t.start for t in tokens}, {t.stop for t in tokens})
        documents.append(Document(path.stem, text, gold))
    return documents


# ---------------------------------------------------------------- scoring


def _inside(tokens: Sequence, spans: list[Bounds]) -> list[bool]:
    """Which tokens fall inside one of ``spans`` (sorted, non-overlapping, token-aligned)."""
    flags, index = [], 0
    for token in tokens:
        while index < len(spans) and spans[index][1] <= token.start:
            index += 1
        flags.append(index < len(spans) and spans[index][0] <= token.start < spans[index][1])
    return flags


def score_document(text: str, predicted: Iterable[Bounds], gold: list[Bounds]) -> dict[str, TypeScore]:
    """Per-type token counts of one document; predicted spans get the gold filters first."""
    tokens = list(tokenize(text))
    starts, stops = {t.start for t in tokens}, {t.stop for t in tokens}
    predicted = _aligned(drop_nested(s for s in predicted if s[2] in TYPES), starts, stops)
    scores = {}
    for kind in TYPES:
        pred = _inside(tokens, [s for s in predicted if s[2] == kind])
        true = _inside(tokens, [s for s in gold if s[2] == kind])
        scores[kind] = TypeScore(
            predicted=sum(pred), gold=sum(true), correct=sum(p and t for p, t in zip(pred, true, strict=True))
        )
    return scores


def evaluate_spans(
    documents: Sequence[Document], predict: Callable[[str], Iterable[Bounds]]
) -> tuple[dict[str, TypeScore], float]:
    """(per-type scores, seconds spent in ``predict``) over ``documents``."""
    totals = {kind: TypeScore() for kind in TYPES}
    seconds = 0.0
    for document in documents:
        began = time.perf_counter()
        predicted = list(predict(document.text))
        seconds += time.perf_counter() - began
        for kind, score in score_document(document.text, predicted, document.gold).items():
            totals[kind].add(score)
    return totals, seconds


def evaluate_ner(folder: Path, engine: Engine, limit: int | None = None) -> NerReport:
    """Score ``engine`` on the factRuEval documents in ``folder`` (the first ``limit`` of them)."""
    documents = read_factru(folder, limit)

    def predict(text: str) -> list[Bounds]:
        return [(s.start, s.end, s.type) for s in engine.analyze(text).spans]

    scores, seconds = evaluate_spans(documents, predict)
    return NerReport(engine.name, engine.version, len(documents), seconds, scores)


def format_report(report: NerReport) -> str:
    lines = [
        f"factRuEval-2016, naeval token-level protocol: {report.engine} {report.version}, "
        f"{report.documents} documents, {report.docs_per_second:.1f} docs/s",
        f"{'type':<5}{'precision':>11}{'recall':>9}{'F1':>8}{'tokens':>8}",
    ]
    for kind, score in report.scores.items():
        lines.append(f"{kind:<5}{score.precision:>11.3f}{score.recall:>9.3f}{score.f1:>8.3f}{score.gold:>8d}")
    return "\n".join(lines)


# ---------------------------------------------------------------- the product path


@dataclass
class Timing:
    """Wall-clock and CPU seconds (this process and the children it waited for); for a build, the
    CPU seconds of each of its steps too (``build_tables``'s ``seconds``)."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)


@contextmanager
def timed(timing: Timing) -> Iterator[None]:
    """Add the time spent in the ``with`` block to ``timing``."""
    from analysis.build.runner import cpu_seconds  # here: a bench process must not load the analysis

    began_wall, began_cpu = time.perf_counter(), cpu_seconds()
    try:
        yield
    finally:
        timing.seconds += time.perf_counter() - began_wall
        timing.cpu_seconds += cpu_seconds() - began_cpu


def natasha_morph_vocab():
    """natasha's ``MorphVocab`` (pymorphy2 with natasha's UD tags), the normaliser of ``Span.normalize``.

    ``MorphVocab()`` looks its dictionary up through ``pkg_resources``, which recent setuptools no
    longer ships (see ``analysis.nlp.morph``); the same analyser is built here with the dictionary's
    path given, which skips that look-up and nothing else.
    """
    from natasha import MorphVocab
    from natasha.morph.vocab import MorphForm
    from pymorphy2.analyzer import MorphAnalyzer

    try:
        return MorphVocab()
    except ModuleNotFoundError:
        import pymorphy2_dicts_ru

        vocab = MorphVocab.__new__(MorphVocab)
        MorphAnalyzer.__init__(vocab, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)
        return vocab


class BareNatasha:
    """natasha as its README uses it: razdel segmenter, slovnet NER (and, with ``normalise``, the
    slovnet morph tagger and ``span.normalize(morph_vocab)``), over the whole text at once, with one
    BLAS thread like the build's engine (the spans are the same; only the timing is fairer)."""

    name = "natasha"

    def __init__(self, normalise: bool = False) -> None:
        import natasha
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        self.version = getattr(natasha, "__version__", "") or _package_version("natasha")
        self.segmenter, self.ner = Segmenter(), NewsNERTagger(embedding)
        self.morph = NewsMorphTagger(embedding) if normalise else None
        self.vocab = natasha_morph_vocab() if normalise else None

    def doc(self, text: str):
        from natasha import Doc

        from analysis.nlp.blas import single_blas_thread

        doc = Doc(text)
        with single_blas_thread():  # as the build's engine runs: idle BLAS threads spin under load
            doc.segment(self.segmenter)
            doc.tag_ner(self.ner)
            if self.morph is not None:
                doc.tag_morph(self.morph)
        if self.morph is not None:
            for span in doc.spans:
                span.normalize(self.vocab)
        return doc

    def spans(self, text: str) -> list[Bounds]:
        return [(span.start, span.stop, span.type) for span in self.doc(text).spans]


def _package_version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def build_corpus(corpus: Path, engine: Engine) -> tuple[dict[str, pd.DataFrame], dict, Timing]:
    """(tables, manifest, time) of ``corpus`` built as ``python -m analysis build`` builds it, with
    ``engine`` already loaded and no cache: one ``build_tables`` call over the folder."""
    from analysis.build.run import build_tables

    timing = Timing()
    with timed(timing):
        tables, manifest = build_tables(corpus, engine=engine, cache=False, seconds=timing.steps)
    return tables, manifest, timing


def mentions_path() -> tuple[str, ...]:
    """The steps of a build the ``mentions`` table comes from: reading the corpus, the engine
    (segmentation, NER, morphology, span repair) and entity linking, with the per-article part of it
    (``Timing.steps`` names: the registry's stages that make the mentions table and what they need)."""
    from analysis.build.engine import ANNOTATE
    from analysis.build.run import READ
    from analysis.stages.registry import STAGES, producers

    makers = {stage.name: stage for stage in STAGES}
    path, pending = [], list(producers()[MENTIONS])
    while pending:
        name = pending.pop()
        path.insert(0, name)
        pending += [maker for need in makers[name].needs for maker in producers().get(need, [])]
    return (READ, ANNOTATE, *dict.fromkeys(path))


@dataclass
class NerComparison:
    """The build's ``mentions`` table and bare natasha NER, scored on the same documents."""

    ours: NerReport
    natasha: NerReport
    ours_cpu_seconds: float
    natasha_cpu_seconds: float
    mentions_cpu_seconds: float  # the build's steps the mentions table comes from (``mentions_path``)

    @property
    def speed_ratio(self) -> float:
        """Our build's speed as a share of bare natasha NER's (CPU seconds, models loaded)."""
        return self.natasha_cpu_seconds / self.ours_cpu_seconds if self.ours_cpu_seconds else 0.0

    @property
    def mentions_speed_ratio(self) -> float:
        """The speed of the build's steps that make the mentions table, as a share of bare natasha
        NER's: what ``extract``-like use (entities only) costs; the whole build also runs every
        other stage (``speed_ratio``)."""
        return self.natasha_cpu_seconds / self.mentions_cpu_seconds if self.mentions_cpu_seconds else 0.0

    def to_dict(self) -> dict:
        entry = {
            **self.ours.to_dict(),
            "scored": "the mentions table of a build of the texts (build_tables, as `build` writes it)",
            "engine": self.ours.engine,
            "version": self.ours.version,
            "cpu_seconds": round(self.ours_cpu_seconds, 2),
            "speed_ratio": round(self.speed_ratio, 3),
            "mentions_path": {
                "steps": "reading the corpus, the engine (segmentation, NER, morphology, span repair) and "
                "entity linking: the part of the build the mentions table comes from",
                "cpu_seconds": round(self.mentions_cpu_seconds, 2),
                "speed_ratio": round(self.mentions_speed_ratio, 3),
            },
        }
        baseline = self.natasha.to_dict()
        entry["baseline"] = {
            "system": "bare natasha NER",
            "version": self.natasha.version,
            "docs_per_second": baseline["docs_per_second"],
            "cpu_seconds": round(self.natasha_cpu_seconds, 2),
            "types": baseline["types"],
        }
        return entry


def copy_texts(documents: Sequence[Document], folder: Path, corpus: Path) -> Path:
    """The factRuEval texts of ``documents`` copied byte for byte into a new corpus folder."""
    corpus.mkdir(parents=True)
    for document in documents:
        shutil.copyfile(Path(folder) / f"{document.name}.txt", corpus / f"{document.name}.txt")
    return corpus


def evaluate_build_ner(folder: Path, engine: Engine, limit: int | None = None) -> NerComparison:
    """Build the factRuEval texts in ``folder`` (the first ``limit``) as one corpus and score its
    ``mentions`` table; score bare natasha NER on the same texts."""
    documents = read_factru(folder, limit)
    with tempfile.TemporaryDirectory(prefix="storylens-eval-") as scratch:
        corpus = copy_texts(documents, folder, Path(scratch) / "factru")
        tables, manifest, built = build_corpus(corpus, engine)
    articles, mentions = tables[ARTICLES], tables[MENTIONS]
    raw = dict(zip(articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT], strict=True))
    by_article = {article: rows for article, rows in mentions.groupby(Col.ARTICLE_ID)}
    totals = {kind: TypeScore() for kind in TYPES}
    for document in documents:
        if raw.get(document.name, document.text) != document.text:
            raise RuntimeError(f"{document.name}: the built raw_text differs from the file's text")
        rows = by_article.get(document.name, mentions.iloc[:0])
        predicted = list(zip(rows[Col.START], rows[Col.END], rows[Col.TYPE], strict=True))
        for kind, score in score_document(document.text, predicted, document.gold).items():
            totals[kind].add(score)
    ours = NerReport(engine.name, engine.version, len(documents), built.seconds, totals)

    natasha, spent = BareNatasha(), Timing()
    with timed(spent):
        bare, _ = evaluate_spans(documents, natasha.spans)
    baseline = NerReport("natasha", natasha.version, len(documents), spent.seconds, bare)
    mentions = sum(built.steps.get(step, 0.0) for step in mentions_path())
    return NerComparison(ours, baseline, built.cpu_seconds, spent.cpu_seconds, mentions)


def format_comparison(comparison: NerComparison) -> str:
    ours, natasha = comparison.ours, comparison.natasha
    lines = [
        f"factRuEval-2016, naeval token-level protocol, {ours.documents} documents: the mentions table of "
        f"a build ({ours.engine} {ours.version}) beside bare natasha NER {natasha.version}",
        f"{'':<5}{'mentions table (build)':^27}{'bare natasha':^27}",
        f"{'type':<5}" + f"{'precision':>11}{'recall':>8}{'F1':>8}" * 2 + f"{'tokens':>8}",
    ]
    for kind in TYPES:
        a, b = ours.scores[kind], natasha.scores[kind]
        lines.append(
            f"{kind:<5}{a.precision:>11.3f}{a.recall:>8.3f}{a.f1:>8.3f}"
            f"{b.precision:>11.3f}{b.recall:>8.3f}{b.f1:>8.3f}{a.gold:>8d}"
        )
    lines.append(
        f"speed: build {ours.docs_per_second:.1f} docs/s ({comparison.ours_cpu_seconds:.1f} CPU s), bare natasha "
        f"NER {natasha.docs_per_second:.1f} docs/s ({comparison.natasha_cpu_seconds:.1f} CPU s); "
        f"ratio {comparison.speed_ratio:.2f} (CPU, models loaded before timing)"
    )
    lines.append(
        f"of that build, the mentions table's steps (reading, engine, entity linking): "
        f"{comparison.mentions_cpu_seconds:.1f} CPU s; ratio {comparison.mentions_speed_ratio:.2f} to bare natasha NER"
    )
    return "\n".join(lines)


# ---------------------------------------------------------------- saving


def save_quality(path: Path, key: Sequence[str], entry: dict) -> dict:
    """Put ``entry`` at ``key`` (e.g. ``("factru",)`` or ``("bsnlp", "ryanair")``) in the JSON file
    ``path`` (``data/quality.json``), keeping what other runs saved there; returns the whole file.

    A file in the older one-benchmark shape (the factRuEval entry at the top) is kept as ``factru``.
    """
    path = Path(path)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if not isinstance(saved, dict) or "benchmark" in saved:
        saved = {"factru": saved} if isinstance(saved, dict) and saved else {}
    node = saved
    for part in key[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[key[-1]] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return saved


def stamp(command: str) -> dict:
    """When and how a measurement was made, for the saved entry."""
    return {"measured": datetime.now(UTC).replace(microsecond=0).isoformat(), "command": command}


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
    command = [sys.executable, "-m", "analysis.tools.evaluate", runner, str(folder), str(limit or 0)]
    root = Path(__file__).resolve().parents[2]
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
    documents = len(_text_paths(folder, limit))
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
        [path.read_text(encoding="utf-8") for path in _text_paths(Path(folder), int(limit) or None)]
    )
