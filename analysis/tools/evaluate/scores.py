"""Scores shared by the evaluations: per-type precision, recall and F1, and saving them
(``data/quality.json``, read by About) with when and how they were measured."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

TYPES = ("PER", "LOC", "ORG")

Bounds = tuple[int, int, str]  # (start, stop, type)


def f1_score(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class SpanCounts:
    """Span counts: predicted spans and the right ones; gold spans and the found ones (what is right
    or found is each evaluation's rule: exact offsets for NEREL's entities, overlap for its dates)."""

    predicted: int = 0
    right: int = 0
    gold: int = 0
    found: int = 0

    def add(self, other: SpanCounts) -> None:
        self.predicted += other.predicted
        self.right += other.right
        self.gold += other.gold
        self.found += other.found

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.predicted,
            "right": self.right,
            "gold": self.gold,
            "found": self.found,
        }


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
