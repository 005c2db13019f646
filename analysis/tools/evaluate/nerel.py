"""NEREL (Russian Wikinews with nested entities and Wikidata links) built as a corpus and scored
(``eval nerel``), bare natasha beside.

A NEREL folder holds pairs ``ID.txt`` (or ``ID_text.txt``) and ``ID.ann`` in brat standoff format
(``../shared/eval/nerel/README.md``): ``T`` lines are entities (nested spans allowed; ``START END;START
END`` a discontinuous one, which no flat mention can match and is left out), ``N`` lines link an entity
to its Wikidata item. PERSON is scored as PER, ORGANIZATION as ORG, and COUNTRY, CITY, STATE_OR_PROVINCE,
LOCATION and DISTRICT as LOC; every other type is not scored.

What is scored is the ``mentions`` table of a build of the texts (copied byte for byte into a corpus
folder and built by ``build_tables``, as ``build`` builds a user's corpus):

- recognition, per type and over the three: a predicted span is right when a gold span of its type has
  the same offsets, nested in another gold span or not (precision); recall is over the outermost gold
  spans (those inside no longer gold span of the three types), found when a predicted span of the same
  type has their offsets;
- cross-document linking: B-cubed over the right predicted spans whose gold span has a Wikidata item,
  gold clusters by the item, ours by ``entity_id`` (bare natasha's by type and folded normal form).
  Precision is reported apart: it falls when two entities are merged into one.

The adjective of a place (``mention_form`` `adjective`: "российских", "московского") is scored like a
name: NEREL's guideline marks a country's or a city's adjective as COUNTRY or CITY where it stands for the
place ("российские власти"), and as NATIONALITY (not scored) where it says a person's nationality, which
the build does not mark ("российский боксёр").
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.build.decode import CorpusError
from analysis.tools.evaluate.scores import TYPES, SpanCounts, f1_score

# NEREL's types scored, as StoryLens's types.
GOLD_TYPES = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "COUNTRY": "LOC",
    "CITY": "LOC",
    "STATE_OR_PROVINCE": "LOC",
    "STATE_OR_PROV": "LOC",
    "LOCATION": "LOC",
    "DISTRICT": "LOC",
}
_NO_ITEM = ("", "NULL")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    kind: str  # PER, LOC, ORG
    item: str  # the Wikidata item ("Q30"), "" when none is given


@dataclass(frozen=True)
class NerelDocument:
    name: str  # the text file's stem, which a build makes its article id
    path: Path
    text: str
    gold: tuple[GoldSpan, ...]


def read_ann(path: Path) -> list[GoldSpan]:
    """The scored, continuous entities of one ``.ann`` file, each with its Wikidata item."""
    spans: dict[str, tuple[int, int, str]] = {}
    items: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if line.startswith("T"):
            kind, _, offsets = fields[1].partition(" ")
            if kind in GOLD_TYPES and ";" not in offsets:
                start, end = offsets.split()
                spans[fields[0]] = (int(start), int(end), GOLD_TYPES[kind])
        elif line.startswith("N"):
            parts = fields[1].split()
            if len(parts) >= 3 and parts[0] == "Reference":
                item = parts[2].removeprefix("Wikidata:")
                items.setdefault(parts[1], "" if item in _NO_ITEM else item)
    return [GoldSpan(start, end, kind, items.get(tid, "")) for tid, (start, end, kind) in spans.items()]


def read_nerel(folder: Path, limit: int | None = None) -> list[NerelDocument]:
    """The documents of a NEREL folder (each ``.txt`` with its ``.ann``), by file name."""
    folder = Path(folder)
    paths = sorted(p for p in folder.glob("*.txt") if p.with_suffix(".ann").is_file())
    if not paths:
        raise CorpusError(
            f"{folder}: no NEREL documents (pairs of .txt and .ann files); e.g. ../shared/eval/nerel/dev"
        )
    return [
        NerelDocument(p.stem, p, p.read_text(encoding="utf-8"), tuple(read_ann(p.with_suffix(".ann"))))
        for p in paths[:limit]
    ]


def outermost(gold: Iterable[GoldSpan]) -> list[GoldSpan]:
    """The gold spans inside no longer gold span (spans with the same offsets are all kept)."""
    spans = sorted(set(gold), key=lambda s: (s.start, -s.end))
    return [
        s
        for s in spans
        if not any(o.start <= s.start and s.end <= o.end and o.end - o.start > s.end - s.start for o in spans)
    ]


# ---------------------------------------------------------------- scoring


Predicted = tuple[int, int, str, str]  # (start, end, type, entity)


@dataclass
class NerelScore:
    """Recognition per type, and B-cubed linking over the right spans with a Wikidata item."""

    types: dict[str, SpanCounts]
    linked: list[tuple[str, str]] = field(default_factory=list)  # (gold item, predicted entity)
    documents: int = 0

    @property
    def overall(self) -> SpanCounts:
        total = SpanCounts()
        for counts in self.types.values():
            total.add(counts)
        return total

    @property
    def bcubed(self) -> tuple[float, float, float]:
        """(precision, recall, F1) of the linking."""
        from analysis.tools.evaluate.bsnlp import bcubed

        precision, recall = bcubed(self.linked)
        return precision, recall, f1_score(precision, recall)

    def to_dict(self) -> dict:
        precision, recall, f1 = self.bcubed
        return {
            "documents": self.documents,
            "recognition": self.overall.to_dict(),
            "types": {kind: counts.to_dict() for kind, counts in self.types.items()},
            "linking_bcubed": {
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "mentions": len(self.linked),
            },
        }


def score_document(gold: Sequence[GoldSpan], predicted: Iterable[Predicted], into: NerelScore) -> None:
    """Add one document's counts and linked spans to ``into`` (its spans of types outside PER, LOC
    and ORG are not scored; a span predicted twice counts once)."""
    by_bounds: dict[tuple[int, int, str], list[GoldSpan]] = {}
    for span in gold:
        by_bounds.setdefault((span.start, span.end, span.kind), []).append(span)
    seen: set[tuple[int, int, str]] = set()
    for start, end, kind, entity in predicted:
        if kind not in into.types or (start, end, kind) in seen:
            continue
        seen.add((start, end, kind))
        into.types[kind].predicted += 1
        matches = by_bounds.get((start, end, kind))
        if matches:
            into.types[kind].right += 1
            item = next((m.item for m in matches if m.item), "")
            if item:
                into.linked.append((item, entity))
    for span in outermost(gold):
        into.types[span.kind].gold += 1
        into.types[span.kind].found += (span.start, span.end, span.kind) in seen
    into.documents += 1


def new_score() -> NerelScore:
    return NerelScore({kind: SpanCounts() for kind in TYPES})


# ---------------------------------------------------------------- a build and bare natasha


@dataclass
class NerelComparison:
    """A NEREL folder built as a corpus and scored, with bare natasha on the same texts."""

    folder: str
    ours: NerelScore
    natasha: NerelScore
    engine: str
    version: str
    natasha_version: str
    seconds: float
    natasha_seconds: float
    errors: list[dict]  # the build's article errors (the manifest's), each an article lost
    skipped: list[str]  # files the corpus reader skipped (not scored: counted as found nothing)

    def to_dict(self) -> dict:
        return {
            "benchmark": "NEREL",
            "folder": self.folder,
            "protocol": "PER, ORG, LOC (COUNTRY, CITY, STATE_OR_PROVINCE, LOCATION, DISTRICT): a predicted span "
            "is right when a gold span of its type has its offsets, nested or not; recall over the outermost "
            "gold spans; B-cubed linking over right spans with a Wikidata item",
            "scored": "the mentions table of a build of the texts (build_tables, as `build` writes it)",
            "engine": self.engine,
            "version": self.version,
            "seconds": round(self.seconds, 2),
            "article_errors": len(self.errors),
            "errors": self.errors,
            "skipped": self.skipped,
            **self.ours.to_dict(),
            "baseline": {
                "system": "bare natasha NER (linking by type and folded normal form)",
                "version": self.natasha_version,
                "seconds": round(self.natasha_seconds, 2),
                **self.natasha.to_dict(),
            },
        }


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text.replace("ё", "е").replace("Ё", "е").lower()).strip()


def score_tables(documents: Sequence[NerelDocument], tables: dict) -> NerelScore:
    """Score the ``mentions`` table of a build of ``documents``' texts (an article a build lost
    counts as one that found nothing)."""
    from analysis.core.schema import ARTICLES, MENTIONS, Col

    articles, mentions = tables[ARTICLES], tables[MENTIONS]
    raw = dict(zip(articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT], strict=True))
    by_article = {article: rows for article, rows in mentions.groupby(Col.ARTICLE_ID)}
    score = new_score()
    for document in documents:
        if raw.get(document.name, document.text) != document.text:
            raise RuntimeError(f"{document.path}: the built raw_text differs from the file's text")
        rows = by_article.get(document.name, mentions.iloc[:0])
        predicted = zip(rows[Col.START], rows[Col.END], rows[Col.TYPE], rows[Col.ENTITY_ID], strict=True)
        score_document(document.gold, predicted, score)
    return score


def score_natasha(documents: Sequence[NerelDocument]) -> tuple[NerelScore, str, float]:
    """(score, version, seconds) of bare natasha on ``documents``: NER, and linking by type and folded
    normal form (``span.normalize``)."""
    from analysis.tools.evaluate.product import BareNatasha, Timing, timed

    natasha, spent, score = BareNatasha(normalise=True), Timing(), new_score()
    for document in documents:
        with timed(spent):
            doc = natasha.doc(document.text)
        predicted = [(s.start, s.stop, s.type, f"{s.type}:{_fold(s.normal or s.text)}") for s in doc.spans]
        score_document(document.gold, predicted, score)
    return score, natasha.version, spent.seconds


def evaluate_nerel(folder: Path, engine, limit: int | None = None) -> NerelComparison:
    """Build the texts of a NEREL folder (the first ``limit``) as one corpus and score its ``mentions``
    table; bare natasha on the same texts."""
    from analysis.tools.evaluate.product import build_corpus

    documents = read_nerel(folder, limit)
    with tempfile.TemporaryDirectory(prefix="storylens-nerel-") as scratch:
        corpus = Path(scratch) / Path(folder).name
        corpus.mkdir()
        for document in documents:
            shutil.copyfile(document.path, corpus / document.path.name)
        tables, manifest, built = build_corpus(corpus, engine)
    ours = score_tables(documents, tables)
    natasha, natasha_version, natasha_seconds = score_natasha(documents)
    return NerelComparison(
        folder=Path(folder).name,
        ours=ours,
        natasha=natasha,
        engine=manifest["engine"],
        version=manifest["engine_version"],
        natasha_version=natasha_version,
        seconds=built.seconds,
        natasha_seconds=natasha_seconds,
        errors=manifest["errors"],
        skipped=[entry["file"] for entry in manifest["skipped"]],
    )


def format_comparison(comparison: NerelComparison) -> str:
    ours, natasha = comparison.ours, comparison.natasha
    lines = [
        f"NEREL {comparison.folder}: {ours.documents} documents; the mentions table of a build "
        f"({comparison.engine} {comparison.version}, {comparison.seconds:.1f} s; {len(comparison.errors)} "
        f"article errors, {len(comparison.skipped)} files skipped) beside bare natasha "
        f"{comparison.natasha_version} ({comparison.natasha_seconds:.1f} s)",
        f"{'':<18}{'mentions table (build)':^27}{'bare natasha':^27}",
        f"{'':<18}" + f"{'precision':>11}{'recall':>8}{'F1':>8}" * 2 + f"{'gold':>7}",
    ]
    rows = [(kind, ours.types[kind], natasha.types[kind]) for kind in TYPES]
    rows.append(("PER+LOC+ORG", ours.overall, natasha.overall))
    for label, a, b in rows:
        lines.append(
            f"{label:<18}{a.precision:>11.3f}{a.recall:>8.3f}{a.f1:>8.3f}"
            f"{b.precision:>11.3f}{b.recall:>8.3f}{b.f1:>8.3f}{a.gold:>7d}"
        )
    (p, r, f), (bp, br, bf) = ours.bcubed, natasha.bcubed
    lines.append(f"{'linking B-cubed':<18}{p:>11.3f}{r:>8.3f}{f:>8.3f}{bp:>11.3f}{br:>8.3f}{bf:>8.3f}")
    lines += [f"error in {e['file']} ({e['stage']}): {e['type']}: {e['message']}" for e in comparison.errors]
    return "\n".join(lines)
