"""Read a corpus folder into the ``articles`` table: each file decoded (``decode``), its header,
body offsets, paragraphs and boilerplate (``layout``), its outlet and date from sources.csv, the
header, the page or the text itself; copies of an article dropped.

The raw text is the file's text as read: UTF-8 exactly as on disk (newlines untranslated); a file
in another encoding decoded, a UTF-8 byte-order mark dropped, a web page reduced to its article
text. Everything else points into it by offsets, so the dashboard can always show what the
analysis saw. A file that cannot be used is skipped with the reason; whatever was done to a file
that was read is a notice. Neither ever costs another file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.build.decode import HTML_SUFFIXES, CorpusError, decode, extract_html, is_html, shown
from analysis.build.layout import detect_language, infer_outlet, split_paragraphs, title
from analysis.core.schema import ARTICLES, TABLES, Col

SOURCES_FILE = "sources.csv"
# Largest article file read (bytes): real news articles are far below it; a 18 MB text is not an article.
MAX_BYTES = 1_000_000
SOURCES_COLUMNS = ("file", "outlet", "url", "language", "published")
ARTICLE_SUFFIXES = (".txt", *HTML_SUFFIXES)  # matched case-insensitively
# Bodies at least this similar (rapidfuzz ``fuzz.ratio``, whitespace normalised) are one article twice.
DUPLICATE_SIMILARITY = 95.0
# Bins of the hashed trigram counts that rule out most pairs before ``fuzz.ratio`` (see drop_duplicates).
_TRIGRAM_BITS = 11

_HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) ?")


class Provenance:
    """Where an article's outlet, publication date or language came from (``articles.*_source``)."""

    SOURCES_CSV = "sources.csv"  # the corpus's sources.csv
    HEADER = "header"  # the file's first line (" date 2025-11-07 ...")
    HTML = "html"  # the web page's markup
    INFERRED = "inferred"  # the text names its outlet ("Ранее РБК сообщал")
    DETECTED = "detected"  # the language, from the letters
    UNKNOWN = "unknown"  # no outlet
    MISSING = "missing"  # no publication date


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def read_sources(folder: Path) -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    """sources.csv rows keyed by file name, and notices about the cells it ignored.

    A bad cell costs only that cell (the file's other cells and the other rows are used); a file
    that is not UTF-8 or has no 'file' column cannot be read at all and raises CorpusError. A
    missing file means no manifest.
    """
    path = folder / SOURCES_FILE
    if not path.exists():
        return {}, []
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as error:
        raise CorpusError(
            f"{path}: not valid UTF-8 (byte {error.start}); re-save it as UTF-8 (Excel: CSV UTF-8)"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "file" not in reader.fieldnames:
        raise CorpusError(
            f"{path}: needs a header row with at least a 'file' column ({', '.join(SOURCES_COLUMNS)})"
        )
    rows: dict[str, dict[str, str]] = {}
    notices = []

    def ignore(message: str) -> None:
        notices.append({"file": SOURCES_FILE, "message": f"{SOURCES_FILE} line {reader.line_num}: {message}"})

    try:
        for row in reader:
            cells = {key: value.strip() for key, value in row.items() if key and isinstance(value, str)}
            name = cells.get("file", "")
            if not name:
                if any(cells.values()):
                    ignore("no file name; the row is ignored")
                continue
            published = cells.get("published", "")
            if published and not _is_date(published):
                ignore(
                    f"published {published!r} for {name} is not a YYYY-MM-DD date; ignored it (fix or empty the cell)"
                )
                cells["published"] = ""
            rows[name] = cells
    except csv.Error as error:
        raise CorpusError(f"{path} line {reader.line_num}: {error}; fix the file") from None
    return rows, notices


@dataclass
class _Text:
    """An article file read: its text, where the body starts, the dates its header or page give."""

    raw: str
    sha256: str
    body_start: int = 0
    header_date: str = ""
    page_date: str = ""
    notices: list[str] = field(default_factory=list)


def _read_text(path: Path) -> _Text:
    """The file's text, a web page reduced to its article, a first line ``" date YYYY-MM-DD"`` read
    as the header; raises CorpusError when the file holds no text."""
    name = shown(path.name)
    data = path.read_bytes()
    raw, notice = decode(data, name)
    text = _Text(raw, hashlib.sha256(data).hexdigest(), notices=[notice] if notice else [])
    if not raw.strip():
        raise CorpusError(f"{name}: the file is empty")
    if is_html(path, raw):
        text.raw, text.page_date, notice = extract_html(raw, name)
        text.notices.append(notice)
    elif header := _HEADER.match(raw):
        text.body_start = header.end()
        if _is_date(header.group(1)):
            text.header_date = header.group(1)
        else:
            text.notices.append(
                f"{name}: header date {header.group(1)!r} is not a real date; ignored it (fix the first line)"
            )
    return text


def load_article(path: Path, source: dict[str, str] | None = None) -> tuple[dict, list[str]]:
    """One row of ``articles`` for ``path`` and the notices about it (what was converted or
    ignored); raises CorpusError, naming the file and the fix, when the file cannot be used."""
    text = _read_text(path)
    raw, body_start, source = text.raw, text.body_start, source or {}
    body_end = len(raw.rstrip())
    body = raw[body_start:body_end]
    language = source.get("language") or detect_language(body)
    paragraphs = split_paragraphs(raw, body_start, language)
    if source.get("outlet"):
        outlet, outlet_source, evidence = source["outlet"], Provenance.SOURCES_CSV, ""
    else:
        outlet, evidence = infer_outlet(raw)
        outlet_source = Provenance.INFERRED if outlet else Provenance.UNKNOWN
    if source.get("published"):
        published, published_source = source["published"], Provenance.SOURCES_CSV
    elif text.header_date or text.page_date:
        published = text.header_date or text.page_date
        published_source = Provenance.HEADER if text.header_date else Provenance.HTML
    else:
        published, published_source = "", Provenance.MISSING
    row = {
        Col.ARTICLE_ID: path.stem,
        Col.FILE: path.name,
        Col.TITLE: title(raw, paragraphs),
        Col.OUTLET: outlet,
        Col.OUTLET_SOURCE: outlet_source,
        Col.OUTLET_EVIDENCE: evidence,
        Col.URL: source.get("url", ""),
        Col.LANGUAGE: language,
        Col.LANGUAGE_SOURCE: Provenance.SOURCES_CSV if source.get("language") else Provenance.DETECTED,
        Col.PUBLISHED: published,
        Col.PUBLISHED_SOURCE: published_source,
        Col.RAW_TEXT: raw,
        Col.BODY_START: body_start,
        Col.BODY_END: body_end,
        Col.N_SENTENCES: 0,  # filled once sentences are split
        Col.N_CHARS: len(body),
        Col.SHA256: text.sha256,
        "_paragraphs": paragraphs,
    }
    return row, text.notices


def read_article(path: Path, source: dict[str, str] | None = None) -> dict:
    """One row of ``articles`` for ``path`` (its notices dropped); raises CorpusError when the file cannot be used."""
    return load_article(path, source)[0]


def article_files(folder: Path) -> list[Path]:
    """The files of ``folder`` the corpus reader reads (``ARTICLE_SUFFIXES`` in any case), by name."""
    return sorted(
        path for path in folder.iterdir() if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file()
    )


def _valid_name(name: str) -> bool:
    """False for a name with bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- copies ------------------------------------------------------------------------------------------


def _normalised_body(row) -> str:
    return " ".join(row.raw_text[row.body_start : row.body_end].split())


def _trigram_counts(text: str) -> np.ndarray:
    """How often the text's character trigrams occur, hashed into ``2**_TRIGRAM_BITS`` bins."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    grams = (codes[:-2] << np.uint64(42)) | (codes[1:-1] << np.uint64(21)) | codes[2:]  # code points < 2**21
    bins = (grams * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - _TRIGRAM_BITS)  # Fibonacci hashing
    return np.bincount(bins.astype(np.intp), minlength=1 << _TRIGRAM_BITS).astype(np.uint32)


def _other_outlets(first: str, second: str) -> bool:
    """Both outlets known and different: the same text from two outlets is syndication, not a copy."""
    return bool(first and second) and first.casefold() != second.casefold()


class _Kept:
    """The bodies kept so far, by length, with their trigram counts: what rules out most pairs
    before ``fuzz.ratio`` (see ``drop_duplicates``)."""

    def __init__(self, bodies: list[str], similarity: float) -> None:
        self.bodies = bodies
        self.lengths = np.array([len(body) for body in bodies])
        self.counts = np.zeros((len(bodies), 1 << _TRIGRAM_BITS), dtype=np.uint32)
        self.share = 1 - similarity / 100  # at most this share of both lengths may differ
        self.min_ratio = (1 - self.share) / (1 + self.share)
        self.by_length: list[tuple[int, int]] = []  # (length, position) of the articles kept, sorted

    def candidates(self, position: int) -> dict[int, str]:
        """The kept bodies that may be ``similarity``% alike the body at ``position``, by position."""
        body = self.bodies[position]
        self.counts[position] = _trigram_counts(body)
        length = len(body)
        low = bisect_left(self.by_length, (int(length * self.min_ratio),))
        high = bisect_right(self.by_length, (int(length / self.min_ratio) + 1,))
        window = np.array([index for _, index in self.by_length[low:high]], dtype=int)
        shared = np.minimum(self.counts[window], self.counts[position]).sum(axis=1)
        longer = np.maximum(self.lengths[window], length)
        needed = longer - 2 - 3 * self.share * (self.lengths[window] + length)
        return {int(index): self.bodies[index] for index in window[shared >= needed]}

    def keep(self, position: int) -> None:
        length = len(self.bodies[position])
        self.by_length.insert(bisect_left(self.by_length, (length, position)), (length, position))


def drop_duplicates(
    articles: pd.DataFrame, similarity: float = DUPLICATE_SIMILARITY
) -> tuple[pd.DataFrame, list[dict[str, str]], list[dict[str, str]]]:
    """(articles without later copies of an earlier one, skipped, notices), in the frame's order.

    A copy has the same body (whitespace normalised) or one at least ``similarity``% alike by
    rapidfuzz's ``fuzz.ratio``, and no outlet that tells it apart: the same text from two known
    outlets is syndication, which an analyst wants to see, so both are kept with a notice. Each
    article is compared with the articles kept before it.

    ``fuzz.ratio`` costs time quadratic in the length, so two bounds that never drop a real copy
    come first: lengths (ratio <= 200 * shorter / (shorter + longer)) and shared trigrams (bodies
    with ``d`` insertions and deletions between them share at least ``longer - 2 - 3 * d`` trigrams,
    Ukkonen's q-gram lemma; hashed counts only over-count). On 1000 articles of ~3000 characters
    this takes 0.7 s instead of 6.
    """
    from rapidfuzz import fuzz, process

    rows = list(articles.itertuples(index=False))
    kept = _Kept([_normalised_body(row) for row in rows], similarity)
    keep, skipped, notices = [], [], []
    for position, row in enumerate(rows):
        candidates = kept.candidates(position)
        body = kept.bodies[position]
        matches = process.extract(body, candidates, scorer=fuzz.ratio, score_cutoff=similarity, limit=None)
        copy = next((m for m in matches if not _other_outlets(rows[m[2]].outlet, row.outlet)), None)
        name = shown(row.file)
        if copy is not None:
            twin, score = shown(rows[copy[2]].file), copy[1]
            what = (
                f"same text as {twin}"
                if score == 100
                else f"near-duplicate ({int(score)}% similar) of {twin}"
            )
            skipped.append(
                {
                    "file": row.file,
                    "reason": f"{name}: {what}; delete one of the two, or give them their different outlets "
                    "in sources.csv if they are separate publications",
                }
            )
            continue
        if matches:
            twin, score, other = shown(rows[matches[0][2]].file), matches[0][1], rows[matches[0][2]].outlet
            notices.append(
                {
                    "file": row.file,
                    "message": f"{name}: {int(score)}% the same text as {twin}, kept as another outlet's "
                    f"publication ({row.outlet}, {other})",
                }
            )
        keep.append(position)
        kept.keep(position)
    return articles.iloc[keep].reset_index(drop=True), skipped, notices


def _checked(path: Path, max_bytes: int, ids: dict[str, str]) -> None:
    """Raise CorpusError when ``path`` is too large or its article id is taken."""
    name = shown(path.name)
    size = path.stat().st_size
    if size > max_bytes:
        raise CorpusError(
            f"{name}: {size:,} bytes is over the {max_bytes:,}-byte limit for one article; "
            "split it, or raise the limit with --max-bytes"
        )
    if path.stem in ids:
        raise CorpusError(
            f"{name}: the article id {path.stem!r} is already taken by {shown(ids[path.stem])}; rename one"
        )


def read_corpus(
    folder: Path, max_bytes: int = MAX_BYTES
) -> tuple[pd.DataFrame, list[dict[str, str]], list[dict[str, str]]]:
    """All article files of ``folder`` (``*.txt``, ``*.html``, ``*.htm``) as the articles table,
    the files skipped and why (``{"file", "reason"}``), and notices (``{"file", "message"}``: what
    was done to a file that was read, e.g. converted from cp1251).

    The frame keeps a private ``_paragraphs`` column for the NLP stage; build drops it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder not found; pass --corpus DIR with the article .txt files")
    sources, notices = read_sources(folder)
    rows, skipped, ids = [], [], {}
    for path in article_files(folder):
        name = shown(path.name)
        if not _valid_name(path.name):
            # the tables and the manifest are UTF-8: such an id could not be written
            skipped.append(
                {"file": name, "reason": f"{name}: the file name is not valid UTF-8; rename the file"}
            )
            continue
        try:
            _checked(path, max_bytes, ids)
            row, messages = load_article(path, sources.get(path.name))
        except CorpusError as error:
            skipped.append({"file": path.name, "reason": str(error)})
            continue
        except OSError as error:
            skipped.append({"file": path.name, "reason": f"{name}: cannot be read ({error.strerror})"})
            continue
        ids[path.stem] = path.name
        rows.append(row)
        notices += [{"file": path.name, "message": message} for message in messages]
    columns = [*TABLES[ARTICLES].columns, "_paragraphs"]
    articles, copies, syndicated = drop_duplicates(pd.DataFrame(rows, columns=columns))
    return articles, skipped + copies, notices + syndicated
