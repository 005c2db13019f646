"""Dates of what ``build`` writes, on public data (``eval dates``).

- **Spans**: NEREL (``../shared/eval/nerel/dev``, brat standoff) marks every temporal expression as
  ``DATE``; its texts are built as one corpus (``build_tables``, the path ``build`` takes) and the
  spans of the ``dates`` table are scored against the outermost DATE spans by overlap: a predicted
  span is right when it overlaps a gold span, a gold span found when a predicted one overlaps it.
- **Values**: NEREL gives spans, not values; a small gold of normalised values written by hand
  (``tests/data/dates_gold.csv``: file, the sentence's words around the expression, the expected
  interval and precision, and a note on how each was read) is scored for exact resolution on a build
  of the files it names (NEREL texts without a publication date; BSNLP articles with theirs).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.build.decode import CorpusError
from analysis.core.schema import ARTICLES, DATES, Col
from analysis.tools.evaluate.scores import SpanCounts

GOLD_COLUMNS = (
    "corpus", "file", "published", "context", "text", "start_date", "end_date", "granularity", "anchored",
    "note",
)  # fmt: skip
DATE_TYPE = "DATE"
Span = tuple[int, int]


@dataclass(frozen=True)
class SpanDocument:
    """One NEREL text and its outermost DATE spans."""

    name: str  # the file name, e.g. "119336_text.txt"
    text: str
    gold: list[Span]


# ---------------------------------------------------------------- NEREL spans


def _brat_dates(path: Path) -> list[Span]:
    """DATE spans of a brat ``.ann`` file (a discontinuous one from its first to its last piece)."""
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].startswith("T"):
            continue
        kind, _, offsets = fields[1].partition(" ")
        if kind == DATE_TYPE:
            numbers = [int(n) for piece in offsets.split(";") for n in piece.split()]
            spans.append((min(numbers), max(numbers)))
    return spans


def outermost(spans: Iterable[Span]) -> list[Span]:
    """The spans not inside another one (NEREL nests "по 19 мая 2019 года" in "с 16 апреля по ...")."""
    kept: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if kept and span[1] <= kept[-1][1]:
            continue
        kept.append(span)
    return kept


def read_nerel(folder: Path) -> list[SpanDocument]:
    """The texts of a NEREL folder (``ID.txt`` or ``ID_text.txt`` beside ``.ann``), in name order."""
    folder = Path(folder)
    documents = []
    for path in sorted(folder.glob("*.txt")):
        ann = path.with_suffix(".ann")
        if ann.is_file():
            text = path.read_text(encoding="utf-8")
            documents.append(SpanDocument(path.name, text, outermost(_brat_dates(ann))))
    if not documents:
        raise CorpusError(
            f"{folder}: no NEREL .txt/.ann pairs; pass a NEREL folder (../shared/eval/nerel/dev)"
        )
    return documents


@dataclass
class SpanScore(SpanCounts):
    """Overlap counts (predicted spans that overlap a gold one are right, gold spans a predicted one
    overlaps are found), with the expressions missed and extra."""

    missed: list[str] = field(default_factory=list)  # gold expressions nothing overlaps
    extra: list[str] = field(default_factory=list)  # predicted expressions that overlap no gold one


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_spans(text: str, predicted: Sequence[Span], gold: Sequence[Span], score: SpanScore) -> None:
    """Add one document's overlap counts (and the expressions missed or extra) to ``score``."""
    score.predicted += len(predicted)
    score.gold += len(gold)
    for span in predicted:
        if any(_overlaps(span, other) for other in gold):
            score.right += 1
        else:
            score.extra.append(text[span[0] : span[1]])
    for span in gold:
        if any(_overlaps(span, other) for other in predicted):
            score.found += 1
        else:
            score.missed.append(text[span[0] : span[1]])


def score_dates_table(documents: Sequence[SpanDocument], tables: dict[str, pd.DataFrame]) -> SpanScore:
    """The spans of the ``dates`` table of a build of ``documents`` against their DATE spans."""
    articles, dates = tables[ARTICLES], tables[DATES]
    by_file = dict(zip(articles[Col.FILE], articles[Col.ARTICLE_ID], strict=True))
    raw = dict(zip(articles[Col.ARTICLE_ID], articles[Col.RAW_TEXT], strict=True))
    grouped = {key: rows for key, rows in dates.groupby(Col.ARTICLE_ID)}
    score = SpanScore()
    for document in documents:
        article = by_file.get(document.name)
        if article is not None and raw[article] != document.text:
            raise RuntimeError(f"{document.name}: the built raw_text differs from the file's text")
        rows = grouped.get(article, dates.iloc[:0])
        predicted = list(zip(rows[Col.START], rows[Col.END], strict=True))
        score_spans(document.text, predicted, document.gold, score)
    return score


def build_texts(documents: Sequence[SpanDocument], folder: Path, engine) -> dict[str, pd.DataFrame]:
    """The tables of the texts of ``documents`` copied byte for byte into a corpus and built."""
    from analysis.build.run import build_tables

    with tempfile.TemporaryDirectory(prefix="storylens-dates-") as scratch:
        corpus = Path(scratch) / Path(folder).name
        corpus.mkdir()
        for document in documents:
            (corpus / document.name).write_bytes((Path(folder) / document.name).read_bytes())
        tables, _ = build_tables(corpus, engine=engine)
    return tables


# ---------------------------------------------------------------- the gold of normalised values


@dataclass(frozen=True)
class GoldDate:
    """One expression of the hand-written gold: where it is (corpus folder under the eval root, file,
    words of its sentence around it) and what it means (its interval and precision; no start date:
    it must stay unresolved). ``anchored``: the text (or the publication date) fixes its year."""

    corpus: str
    file: str
    published: str
    context: str
    text: str
    start_date: str
    end_date: str
    granularity: str
    anchored: bool
    note: str


def read_gold(path: Path) -> list[GoldDate]:
    """The gold CSV (``GOLD_COLUMNS``); a bad row is an error naming its line."""
    rows = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != GOLD_COLUMNS:
            raise CorpusError(f"{path}: the header must be {','.join(GOLD_COLUMNS)}")
        for row in reader:
            if row["text"] not in row["context"]:
                raise CorpusError(f"{path} line {reader.line_num}: the text is not inside its context")
            rows.append(GoldDate(**{**row, "anchored": row["anchored"].strip().lower() == "yes"}))
    return rows


@dataclass
class Resolution:
    """How the gold's expressions were resolved: exactly (same interval and precision, or unresolved
    as expected), in another year than the gold where the text anchors it, or not found at all."""

    total: int = 0
    exact: int = 0
    wrong_year: int = 0
    missing: int = 0
    wrong: list[str] = field(default_factory=list)  # "file: text -> got (expected)"

    @property
    def accuracy(self) -> float:
        return self.exact / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {
            "exact": round(self.accuracy, 4),
            "expressions": self.total,
            "exact_count": self.exact,
            "wrong_year": self.wrong_year,
            "missing": self.missing,
        }


def _found(gold: GoldDate, raw: str, dates: pd.DataFrame) -> pd.Series | None:
    """The ``dates`` row of the article that covers most of the gold expression (None: none does)."""
    at = raw.find(gold.context)
    if at < 0:
        return None
    start = at + gold.context.index(gold.text)
    end = start + len(gold.text)
    shared = (dates[Col.END].clip(upper=end) - dates[Col.START].clip(lower=start)).clip(lower=0)
    return dates.loc[shared.idxmax()] if len(dates) and shared.max() > 0 else None


def _year(day: str) -> str:
    return day[:4]


def score_gold(gold: Sequence[GoldDate], tables: dict[str, dict[str, pd.DataFrame]]) -> Resolution:
    """Score the ``dates`` tables of builds (``tables``: corpus -> its tables) against the gold."""
    score = Resolution()
    for item in gold:
        built = tables[item.corpus]
        articles, dates = built[ARTICLES], built[DATES]
        article = articles[articles[Col.FILE] == item.file]
        score.total += 1
        row = None
        if len(article):
            own = dates[dates[Col.ARTICLE_ID] == article[Col.ARTICLE_ID].iloc[0]]
            row = _found(item, article[Col.RAW_TEXT].iloc[0], own)
        if row is None:
            score.missing += 1
            score.wrong.append(f"{item.file}: {item.text} -> not found")
            continue
        got = (row[Col.START_DATE], row[Col.END_DATE], row[Col.GRANULARITY] if row[Col.START_DATE] else "")
        expected = (item.start_date, item.end_date, item.granularity if item.start_date else "")
        if got == expected:
            score.exact += 1
            continue
        score.wrong.append(f"{item.file}: {item.text} -> {'/'.join(got)} (expected {'/'.join(expected)})")
        if item.anchored and item.start_date and _year(got[0]) != _year(item.start_date):
            score.wrong_year += 1
    return score


def _write_bsnlp(raw_dir: Path, files: set[str], corpus: Path) -> None:
    """The BSNLP articles ``files`` of ``raw_dir`` as a corpus, as ``bsnlp.to_corpus`` writes them."""
    from analysis.tools.evaluate.bsnlp import read_raw, write_corpus

    write_corpus([read_raw(raw_dir / file) for file in sorted(files)], corpus)


def build_gold_corpora(gold: Sequence[GoldDate], root: Path, engine) -> dict[str, dict[str, pd.DataFrame]]:
    """Build the files the gold names, one corpus per gold corpus folder under ``root`` (the eval
    data: a NEREL folder's texts as they are, a BSNLP cluster's articles with their dates)."""
    from analysis.build.run import build_tables

    built = {}
    for name in sorted({item.corpus for item in gold}):
        files = {item.file for item in gold if item.corpus == name}
        folder = Path(root) / name
        with tempfile.TemporaryDirectory(prefix="storylens-dates-") as scratch:
            corpus = Path(scratch) / folder.name
            corpus.mkdir()
            if (folder / "raw" / "ru").is_dir():
                _write_bsnlp(folder / "raw" / "ru", files, corpus)
            else:
                for file in files:
                    (corpus / file).write_bytes((folder / file).read_bytes())
            built[name], _ = build_tables(corpus, engine=engine)
    return built


# ---------------------------------------------------------------- the evaluation


@dataclass
class DatesReport:
    """``eval dates``: the span scores on a NEREL folder and, with a gold, the resolution scores."""

    folder: str
    documents: int
    spans: SpanScore
    resolution: Resolution | None = None

    def to_dict(self) -> dict:
        entry = {
            "benchmark": "NEREL",
            "folder": self.folder,
            "protocol": "overlap precision/recall of the dates table's spans against outermost DATE spans",
            "documents": self.documents,
            "spans": self.spans.to_dict(),
        }
        if self.resolution is not None:
            entry["resolution"] = {
                "gold": "hand-normalised dates of NEREL dev texts and BSNLP dev articles",
                **self.resolution.to_dict(),
            }
        return entry


def evaluate_dates(folder: Path, engine, gold: Path | None = None, root: Path | None = None) -> DatesReport:
    """Build the NEREL texts of ``folder`` and score their dates' spans; with ``gold``, build the
    files it names (under ``root``, default the folder's grandparent: ``../shared/eval``) and score
    their resolution."""
    documents = read_nerel(folder)
    spans = score_dates_table(documents, build_texts(documents, folder, engine))
    report = DatesReport(str(folder), len(documents), spans)
    if gold is not None:
        items = read_gold(gold)
        root = Path(root) if root else Path(folder).resolve().parent.parent
        report.resolution = score_gold(items, build_gold_corpora(items, root, engine))
    return report


def format_report(report: DatesReport, details: bool = False) -> str:
    """The scores in a few lines; ``details``: the expressions missed, extra and resolved wrongly."""
    spans = report.spans
    lines = [
        f"NEREL {report.folder}, {report.documents} texts: DATE spans of the dates table (overlap)",
        f"precision {spans.precision:.3f}  recall {spans.recall:.3f}  F1 {spans.f1:.3f}  "
        f"({spans.predicted} predicted, {spans.gold} gold)",
    ]
    if details:
        lines += [f"  missed: {text}" for text in spans.missed] + [f"  extra: {text}" for text in spans.extra]
    resolution = report.resolution
    if resolution is not None:
        lines.append(
            f"gold of normalised values: {resolution.exact}/{resolution.total} exact "
            f"({resolution.accuracy:.1%}), {resolution.wrong_year} in the wrong year where the text anchors "
            f"it, {resolution.missing} not found"
        )
        lines += [f"  {wrong}" for wrong in resolution.wrong] if details else []
    return "\n".join(lines)
