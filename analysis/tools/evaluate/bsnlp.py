"""BSNLP shared-task clusters as StoryLens corpora: what a user with those articles would bring.

A BSNLP raw file holds the document id, language, publication date, URL and title on its first
five lines, then the text (format: ``../shared/eval/bsnlp/README.md``). ``to_corpus`` writes one
``.txt`` per article (title, blank line, text) and a ``sources.csv`` with the outlet taken from
the URL's host, the URL, the language and the publication date.

Some crawls kept the headline as the text's first line too, or took the lead as the title (cut with
"..."); the title is then written once, as the opening the text already has.

The adjective of a place ("пакистанские власти", ``mention_form`` `adjective`) is not scored: BSNLP
annotates names, and its annotations of these clusters hold no lower-case adjective (a demonym noun,
"пакистанец", is a PER; "Пакистанский суд" is a name), so the build's adjective rows are left out.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from analysis.build.corpus import SOURCES_COLUMNS, SOURCES_FILE
from analysis.build.decode import CorpusError
from analysis.tools.evaluate.english_names import NameScore, score_names
from analysis.tools.evaluate.scores import TypeScore, f1_score

_HEADER_LINES = 5
# A title cut short by the crawler: an ellipsis, possibly after half an HTML entity ("муж &n...").
_TRUNCATION = re.compile(r"\s*(?:&[#\w]*)?\s*(?:\.{3}|…)$")
_SPACE = re.compile(r"[^\S\n]+")  # spaces and tabs, not line ends


@dataclass(frozen=True)
class RawDocument:
    """One BSNLP raw file, split into its header fields and text."""

    file: str  # file name without folder, e.g. "ryan-ru_file_1.txt"
    document_id: str
    language: str
    published: str
    url: str
    title: str
    text: str


def outlet_from_url(url: str) -> str:
    """The URL's host without a leading ``www.``: ``https://www.interfax.ru/x`` -> ``interfax.ru``."""
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.")


def read_raw(path: Path) -> RawDocument:
    """Parse one raw file; raises CorpusError naming the file when the header is incomplete."""
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    if len(lines) < _HEADER_LINES:
        raise CorpusError(f"{path}: a BSNLP raw file needs id, language, date, URL and title lines")
    document_id, language, published, url, title = (line.strip() for line in lines[:_HEADER_LINES])
    text = "\n".join(lines[_HEADER_LINES:]).strip()
    return RawDocument(path.name, document_id, language, published, url, title, text)


def title_in_text(title: str, text: str) -> bool:
    """Whether ``text`` already opens with ``title``: the same words followed by the end of a sentence
    or line, or, for a title cut with an ellipsis, the words before the cut (runs of spaces count as one)."""
    title, text = _SPACE.sub(" ", title).strip(), _SPACE.sub(" ", text).strip()
    if not title:
        return False
    cut = _TRUNCATION.sub("", title)
    if cut != title:
        return len(cut) >= 20 and text.startswith(cut)
    rest = text[len(title) :] if text.startswith(title) else None
    return rest is not None and (rest == "" or rest[0] in ".!?…\n")


def article_text(document: RawDocument) -> str:
    """The article as its outlet published it: title, blank line, text (the title once)."""
    if not document.title or title_in_text(document.title, document.text):
        return f"{document.text or document.title}\n"
    return f"{document.title}\n\n{document.text}\n" if document.text else f"{document.title}\n"


def to_corpus(raw_dir: Path, out_dir: Path) -> list[RawDocument]:
    """Write ``raw_dir``'s articles into ``out_dir`` as a StoryLens corpus; returns what was read."""
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    documents = [read_raw(path) for path in sorted(raw_dir.glob("*.txt"))]
    if not documents:
        raise CorpusError(f"{raw_dir}: no BSNLP raw .txt files found (expected TOPIC/raw/LANG/*.txt)")
    write_corpus(documents, out_dir)
    return documents


def write_corpus(documents: list[RawDocument], out_dir: Path) -> None:
    """``documents`` as a StoryLens corpus in ``out_dir``: each article's text (``article_text``) and a
    sources.csv with its outlet (the URL's host), URL, language and publication date."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for document in documents:
        (out_dir / document.file).write_text(article_text(document), encoding="utf-8")
    with (out_dir / SOURCES_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(SOURCES_COLUMNS))
        writer.writeheader()
        for document in documents:
            writer.writerow(
                {
                    "file": document.file,
                    "outlet": outlet_from_url(document.url),
                    "url": document.url,
                    "language": document.language,
                    "published": document.published,
                }
            )


# ---------------------------------------------------------------- scoring a build against the gold

SCORED_TYPES = ("PER", "LOC", "ORG")  # BSNLP's EVT and PRO, and our MISC, are not scored
_FOLD = str.maketrans({"ё": "е", "Ё": "е"})
_SPACES = re.compile(r"\s+")


def fold(form: str) -> str:
    """A surface form or base form as it is compared: case and ё folded, runs of spaces as one."""
    return _SPACES.sub(" ", form.translate(_FOLD).lower()).strip()


@dataclass(frozen=True)
class GoldForm:
    """One line of an annotated ``.out`` file."""

    form: str
    base: str
    kind: str  # PER, LOC, ORG, EVT, PRO
    entity: str  # cross-document entity id


@dataclass(frozen=True)
class FoundForm:
    """One distinct (surface form, type) a system found in a document, with its normal form and the
    entity it was linked to (the most frequent over the form's mentions)."""

    form: str
    kind: str
    normal: str
    entity: str


def read_gold(path: Path) -> tuple[str, list[GoldForm]]:
    """(document id, forms) of one annotated file: first line the id, then tab-separated
    ``surface form, base form, type, entity id`` lines."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    if not lines:
        raise CorpusError(f"{path}: an annotated BSNLP file starts with the document id")
    forms = []
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) >= 4 and fields[0].strip():
            forms.append(GoldForm(*(field.strip() for field in fields[:4])))
    return lines[0].strip(), forms


def read_annotated(folder: Path) -> dict[str, list[GoldForm]]:
    """Document id -> gold forms, for every ``.out`` file of ``folder``."""
    gold = {}
    for path in sorted(Path(folder).glob("*.out")):
        document_id, forms = read_gold(path)
        gold[document_id] = forms
    return gold


def found_forms(rows: Iterable[tuple[str, str, str, str]]) -> list[FoundForm]:
    """Distinct (folded form, type) of one document's ``(text, type, normal, entity)`` mentions, each
    with its most frequent normal form and entity (first seen on a tie); types outside PER/LOC/ORG
    are dropped."""
    normals: dict[tuple[str, str], Counter] = defaultdict(Counter)
    entities: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for text, kind, normal, entity in rows:
        if kind in SCORED_TYPES:
            key = (fold(text), kind)
            normals[key][normal] += 1
            entities[key][entity] += 1
    return [
        FoundForm(
            form, kind, normals[form, kind].most_common(1)[0][0], entities[form, kind].most_common(1)[0][0]
        )
        for form, kind in normals
    ]


@dataclass
class BsnlpScore:
    """Recognition per type and over all three, normal-form accuracy and B-cubed linking."""

    types: dict[str, TypeScore]  # distinct forms found (predicted), in the gold, and both
    normal_correct: int
    normal_total: int
    bcubed_precision: float
    bcubed_recall: float
    documents: int
    # (gold entity, predicted entity) of every recognised form, and the gold entities of the scored types
    linked: list[tuple[str, str]] = field(default_factory=list, repr=False)
    gold_entities: int = 0

    @property
    def overall(self) -> TypeScore:
        total = TypeScore()
        for counts in self.types.values():
            total.add(counts)
        return total

    @property
    def normal_accuracy(self) -> float:
        return self.normal_correct / self.normal_total if self.normal_total else 0.0

    @property
    def bcubed_f1(self) -> float:
        return f1_score(self.bcubed_precision, self.bcubed_recall)

    def to_dict(self) -> dict:
        def counts(c: TypeScore) -> dict:
            return {
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
                **asdict(c),
            }

        return {
            "documents": self.documents,
            "recognition": counts(self.overall),
            "types": {kind: counts(c) for kind, c in self.types.items()},
            "normal_form_accuracy": round(self.normal_accuracy, 4),
            "normal_forms": {"correct": self.normal_correct, "scored": self.normal_total},
            "linking_bcubed": {
                "precision": round(self.bcubed_precision, 4),
                "recall": round(self.bcubed_recall, 4),
                "f1": round(self.bcubed_f1, 4),
            },
        }


def bcubed(items: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """B-cubed (precision, recall) of ``(gold cluster, predicted cluster)`` items: per item, the share
    of its predicted cluster in its gold cluster, and of its gold cluster in its predicted cluster."""
    if not items:
        return 0.0, 0.0
    both, gold, predicted = Counter(items), Counter(g for g, _ in items), Counter(p for _, p in items)
    precision = sum(n * n / predicted[p] for (_, p), n in both.items()) / len(items)
    recall = sum(n * n / gold[g] for (g, _), n in both.items()) / len(items)
    return precision, recall


def score(gold: dict[str, list[GoldForm]], found: dict[str, list[FoundForm]]) -> BsnlpScore:
    """Score ``found`` against ``gold`` over the documents of ``found`` (document id -> forms).

    Per document, over distinct surface forms (``fold``ed) of PER, LOC and ORG: a found form is correct
    when the gold has the same form with the same type. A found form whose surface the gold types
    EVT or PRO (and not as found) is left out, neither right nor wrong. Normal forms: over correct
    forms, the found normal equals (folded) one of the gold base forms of that form. Linking: B-cubed
    over the correct forms of all documents, gold clusters by entity id, ours by the found entity.
    """
    types = {kind: TypeScore() for kind in SCORED_TYPES}
    normal_correct = normal_total = 0
    linked: list[tuple[str, str]] = []
    entities: set[str] = set()
    for document, forms in found.items():
        expected: dict[tuple[str, str], tuple[set[str], str]] = {}
        unscored = set()
        for item in gold.get(document, []):
            if item.kind in SCORED_TYPES:
                bases, entity = expected.setdefault((fold(item.form), item.kind), (set(), item.entity))
                bases.add(fold(item.base))
                entities.add(item.entity)
            else:
                unscored.add(fold(item.form))
        for _, kind in expected:
            types[kind].gold += 1
        for item in forms:
            key = (fold(item.form), item.kind)
            if key not in expected and key[0] in unscored:
                continue
            types[item.kind].predicted += 1
            if key in expected:
                bases, entity = expected[key]
                types[item.kind].correct += 1
                normal_total += 1
                normal_correct += fold(item.normal) in bases
                linked.append((entity, item.entity))
    precision, recall = bcubed(linked)
    return BsnlpScore(
        types, normal_correct, normal_total, precision, recall, len(found), linked, len(entities)
    )


@dataclass
class BsnlpComparison:
    """One cluster built as a corpus and scored, with bare natasha on the same documents."""

    topic: str
    ours: BsnlpScore
    natasha: BsnlpScore
    engine: str
    version: str
    natasha_version: str
    seconds: float  # the build, wall clock
    natasha_seconds: float  # NER, morph tagger and normalize
    articles: int  # raw files of the cluster
    skipped: list[str]  # files the corpus reader skipped (copies of a kept article): not scored
    names: NameScore = field(default_factory=NameScore)  # English names of the entities table
    natasha_names: NameScore = field(default_factory=NameScore)  # bare natasha's normal form, transliterated

    def to_dict(self) -> dict:
        return {
            "benchmark": "BSNLP",
            "topic": self.topic,
            "protocol": "per document, distinct surface forms of PER/LOC/ORG (case and ё folded); "
            "normal form against the gold base form; B-cubed linking over recognised forms",
            "scored": "the mentions table of a build of the cluster (to_corpus, build_tables)",
            "engine": self.engine,
            "version": self.version,
            "articles": self.articles,
            "skipped_copies": self.skipped,
            "seconds": round(self.seconds, 2),
            **self.ours.to_dict(),
            "english_names": self.names.to_dict(),
            "baseline": {
                "system": "bare natasha (NER, span.normalize, linking by equal normal form)",
                "version": self.natasha_version,
                "seconds": round(self.natasha_seconds, 2),
                **self.natasha.to_dict(),
                "english_names": self.natasha_names.to_dict(),
            },
        }


def natasha_forms(doc) -> list[FoundForm]:
    """Bare natasha's distinct forms of one processed ``Doc``, linked by their folded normal form."""
    rows = [
        (span.text, span.type, span.normal or span.text, fold(span.normal or span.text)) for span in doc.spans
    ]
    return found_forms(rows)


def evaluate_bsnlp(topic_dir: Path, engine, language: str = "ru") -> BsnlpComparison:
    """Build ``TOPIC/raw/LANG`` as a corpus (``to_corpus``, one ``build_tables`` call) and score its
    tables (``score_tables``)."""
    import tempfile

    from analysis.tools.evaluate.product import build_corpus

    topic_dir = Path(topic_dir)
    _annotated(topic_dir, language)  # no annotations: say so before the build
    with tempfile.TemporaryDirectory(prefix="storylens-bsnlp-") as scratch:
        corpus = Path(scratch) / topic_dir.name
        to_corpus(topic_dir / "raw" / language, corpus)
        tables, manifest, built = build_corpus(corpus, engine)
    return score_tables(topic_dir, tables, manifest, language=language, seconds=built.seconds)


def _annotated(topic_dir: Path, language: str = "ru") -> Path:
    """``TOPIC/annotated/LANG``; raises CorpusError when the topic has none."""
    annotated = Path(topic_dir) / "annotated" / language
    if not annotated.is_dir():
        raise CorpusError(f"{annotated}: no BSNLP annotations (expected TOPIC/annotated/{language}/*.out)")
    return annotated


def scored_mentions(mentions):
    """The rows of a ``mentions`` table BSNLP scores: names, not a place's adjective (it annotates none)."""
    from analysis.core.codes import MentionForm
    from analysis.core.schema import Col

    return mentions[mentions[Col.MENTION_FORM] != MentionForm.ADJECTIVE]


def score_tables(
    topic_dir: Path, tables: dict, manifest: dict, *, language: str = "ru", seconds: float = 0.0
) -> BsnlpComparison:
    """Score the ``mentions`` table of a build of ``TOPIC/raw/LANG`` (the corpus ``to_corpus`` writes,
    built in ``seconds``) against ``TOPIC/annotated/LANG``; bare natasha on the same article texts."""
    from analysis.core.schema import ARTICLES, ENTITIES, MENTIONS, Col
    from analysis.tools.evaluate.product import BareNatasha, Timing, timed

    topic_dir = Path(topic_dir)
    gold = read_annotated(_annotated(topic_dir, language))
    documents = [read_raw(path) for path in sorted((topic_dir / "raw" / language).glob("*.txt"))]
    ids = dict(zip(tables[ARTICLES][Col.ARTICLE_ID], tables[ARTICLES][Col.FILE], strict=True))
    document_of = {d.file: d.document_id for d in documents}
    kept = {ids[article]: article for article in ids}  # file -> article id
    mentions = tables[MENTIONS]
    mentions = scored_mentions(mentions)
    ours: dict[str, list[FoundForm]] = {document_of[file]: [] for file in kept}
    for article, rows in mentions.groupby(Col.ARTICLE_ID):
        ours[document_of[ids[article]]] = found_forms(
            zip(rows[Col.TEXT], rows[Col.TYPE], rows[Col.NORMAL], rows[Col.ENTITY_ID], strict=True)
        )
    texts = {d.file: article_text(d) for d in documents}  # each file as to_corpus writes it
    natasha, spent, theirs = BareNatasha(normalise=True), Timing(), {}
    for file in kept:
        with timed(spent):
            doc = natasha.doc(texts[file])
        theirs[document_of[file]] = natasha_forms(doc)
    ours_score, natasha_score = score(gold, ours), score(gold, theirs)
    entities = tables[ENTITIES]
    return BsnlpComparison(
        topic=topic_dir.name,
        ours=ours_score,
        natasha=natasha_score,
        engine=manifest["engine"],
        version=manifest["engine_version"],
        natasha_version=natasha.version,
        seconds=seconds,
        natasha_seconds=spent.seconds,
        articles=len(documents),
        skipped=sorted(set(document_of) - set(kept)),
        names=score_names(
            ours_score.linked,
            dict(zip(entities[Col.ENTITY_ID], entities[Col.NAME_EN], strict=True)),
            dict(zip(entities[Col.ENTITY_ID], entities[Col.ISO3], strict=True)),
            ours_score.gold_entities,
        ),
        natasha_names=score_names(natasha_score.linked, _transliterated, {}, natasha_score.gold_entities),
    )


def _transliterated(normal: str) -> str:
    """Bare natasha's English name: its folded normal form, transliterated (Wikipedia's scheme)."""
    import iuliia

    return iuliia.WIKIPEDIA.translate(normal)


def format_comparison(comparison: BsnlpComparison) -> str:
    ours, natasha = comparison.ours, comparison.natasha
    lines = [
        f"BSNLP {comparison.topic}: {ours.documents} of {comparison.articles} documents scored "
        f"({len(comparison.skipped)} skipped by the corpus reader as copies); the mentions table of a build "
        f"({comparison.engine} {comparison.version}, {comparison.seconds:.1f} s) beside bare natasha "
        f"{comparison.natasha_version} ({comparison.natasha_seconds:.1f} s)",
        f"{'':<22}{'mentions table (build)':^27}{'bare natasha':^27}",
        f"{'':<22}" + f"{'precision':>11}{'recall':>8}{'F1':>8}" * 2 + f"{'gold':>7}",
    ]
    rows = [*((f"recognition {kind}", ours.types[kind], natasha.types[kind]) for kind in SCORED_TYPES)]
    rows.append(("recognition, all", ours.overall, natasha.overall))
    for label, a, b in rows:
        lines.append(
            f"{label:<22}{a.precision:>11.3f}{a.recall:>8.3f}{a.f1:>8.3f}"
            f"{b.precision:>11.3f}{b.recall:>8.3f}{b.f1:>8.3f}{a.gold:>7d}"
        )
    lines.append(
        f"{'linking B-cubed':<22}{ours.bcubed_precision:>11.3f}{ours.bcubed_recall:>8.3f}{ours.bcubed_f1:>8.3f}"
        f"{natasha.bcubed_precision:>11.3f}{natasha.bcubed_recall:>8.3f}{natasha.bcubed_f1:>8.3f}"
    )
    lines.append(
        f"{'normal-form accuracy':<22}{ours.normal_accuracy:>27.3f}{natasha.normal_accuracy:>27.3f}"
        f"   (over {ours.normal_total} / {natasha.normal_total} recognised forms)"
    )
    names, theirs = comparison.names, comparison.natasha_names
    lines.append(
        f"{'English names':<22}{names.accuracy:>27.3f}{theirs.accuracy:>27.3f}"
        f"   (over {names.scored} / {theirs.scored} of {names.gold_entities} gold entities; bare natasha: "
        "its normal form transliterated)"
    )
    return "\n".join(lines)
