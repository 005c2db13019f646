"""factRuEval-2016 read and scored as naeval scores it (see the package docstring), and the
build's ``mentions`` table scored against it with bare natasha beside (``eval ner``).

The adjective of a place ("американском", ``mention_form`` `adjective`) is not scored: factRuEval's
guideline marks it as a span of its own kind, `geo_adj`, which is no part of a Location object's name
(``loc_name``), so its gold has no LOC there; the build's adjective rows are left out before scoring."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from razdel import tokenize

from analysis.core.codes import MentionForm
from analysis.core.schema import ARTICLES, MENTIONS, Col
from analysis.nlp.base import Engine
from analysis.tools.evaluate.product import BareNatasha, Timing, build_corpus, mentions_path, timed
from analysis.tools.evaluate.scores import TYPES, Bounds, NerReport, TypeScore

_OBJECT_PARTS = {"Org": ("ORG", "org_name"), "Location": ("LOC", "loc_name"), "LocOrg": ("LOC", "loc_name")}


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    gold: list[Bounds]


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


def text_paths(folder: Path, limit: int | None) -> list[Path]:
    paths = sorted(Path(folder).glob("book_*.txt"), key=lambda p: int(p.stem.split("_")[1]))
    return paths[:limit]


def read_factru(folder: Path, limit: int | None = None) -> list[Document]:
    """Documents of a factRuEval folder (``book_N.txt/.spans/.objects``), in numeric order."""
    documents = []
    for path in text_paths(folder, limit):
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


def scored_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The rows of a ``mentions`` table factRuEval scores: names, not a place's adjective (its `geo_adj`)."""
    return mentions[mentions[Col.MENTION_FORM] != MentionForm.ADJECTIVE]


def evaluate_build_ner(folder: Path, engine: Engine, limit: int | None = None) -> NerComparison:
    """Build the factRuEval texts in ``folder`` (the first ``limit``) as one corpus and score its
    ``mentions`` table; score bare natasha NER on the same texts."""
    documents = read_factru(folder, limit)
    with tempfile.TemporaryDirectory(prefix="storylens-eval-") as scratch:
        corpus = copy_texts(documents, folder, Path(scratch) / "factru")
        tables, manifest, built = build_corpus(corpus, engine)
    articles, mentions = tables[ARTICLES], tables[MENTIONS]
    mentions = scored_mentions(mentions)
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
