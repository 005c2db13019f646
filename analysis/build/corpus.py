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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.build.decode import HTML_SUFFIXES, CorpusError, decode, extract_html, is_html, shown
from analysis.build.layout import detect_language, infer_outlet, split_paragraphs, title
from analysis.core.schema import ARTICLES, TABLES, Col

if TYPE_CHECKING:  # reading_cache imports this module
    from analysis.build.reading_cache import ReadingCache

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


def _read_text(path: Path, data: bytes | None = None) -> _Text:
    """The file's text (``data``: its bytes, when already read), a web page reduced to its article, a
    first line ``" date YYYY-MM-DD"`` read as the header; raises CorpusError when the file holds no text."""
    name = shown(path.name)
    data = path.read_bytes() if data is None else data
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


def load_article(
    path: Path, source: dict[str, str] | None = None, data: bytes | None = None
) -> tuple[dict, list[str]]:
    """One row of ``articles`` for ``path`` (``data``: its bytes, when already read) and the notices
    about it (what was converted or ignored); raises CorpusError, naming the file and the fix, when
    the file cannot be used."""
    text = _read_text(path, data)
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


class _Bodies:
    """The articles' bodies, whitespace normalised, each made when first asked for; their
    ``body_key`` and length from a private ``_body`` column when the reading cache gave one."""

    def __init__(self, articles: pd.DataFrame) -> None:
        self.raws = articles[Col.RAW_TEXT].tolist()
        self.spans = list(
            zip(articles[Col.BODY_START].tolist(), articles[Col.BODY_END].tolist(), strict=True)
        )
        self.made: dict[int, str] = {}
        if "_body" in articles and len(articles):
            self.keys, self.lengths = (list(column) for column in zip(*articles["_body"], strict=True))
        else:
            self.keys, self.lengths = [], []
            for position in range(len(self.raws)):
                self.keys.append(body_key(self[position]))
                self.lengths.append(len(self[position]))

    def __getitem__(self, position: int) -> str:
        if position not in self.made:
            start, end = self.spans[position]
            self.made[position] = normalised(self.raws[position][start:end])
        return self.made[position]


def normalised(body: str) -> str:
    """An article's body as ``drop_duplicates`` compares it: whitespace normalised."""
    return " ".join(body.split())


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
    """The bodies compared so far, by length, with their trigram counts: what rules out most pairs
    before ``fuzz.ratio`` (see ``drop_duplicates``). ``body(i)`` gives the ``i``-th body."""

    def __init__(self, lengths: list[int], body: Callable[[int], str], similarity: float) -> None:
        self.body = body
        self.lengths = np.array(lengths, dtype=int)
        self.counts = np.zeros((len(lengths), 1 << _TRIGRAM_BITS), dtype=np.uint32)
        self.counted = np.zeros(len(lengths), dtype=bool)  # counts are made when first needed
        self.share = 1 - similarity / 100  # at most this share of both lengths may differ
        self.min_ratio = (1 - self.share) / (1 + self.share)
        self.by_length: list[tuple[int, int]] = []  # (length, position) of the bodies kept, sorted

    def _count(self, positions: np.ndarray) -> None:
        for index in positions[~self.counted[positions]]:
            self.counts[index] = _trigram_counts(self.body(index))
        self.counted[positions] = True

    def candidates(self, position: int) -> dict[int, str]:
        """The kept bodies that may be ``similarity``% alike the body at ``position``, by position."""
        length = int(self.lengths[position])
        low = bisect_left(self.by_length, (int(length * self.min_ratio),))
        high = bisect_right(self.by_length, (int(length / self.min_ratio) + 1,))
        window = np.array([index for _, index in self.by_length[low:high]], dtype=int)
        self._count(np.append(window, position))
        shared = np.minimum(self.counts[window], self.counts[position]).sum(axis=1)
        longer = np.maximum(self.lengths[window], length)
        needed = longer - 2 - 3 * self.share * (self.lengths[window] + length)
        return {int(index): self.body(int(index)) for index in window[shared >= needed]}

    def keep(self, position: int) -> None:
        entry = (int(self.lengths[position]), position)
        self.by_length.insert(bisect_left(self.by_length, entry), entry)


# Sets of compared bodies a Matches keeps: the corpus, and the folders read on their own before it.
_CLIQUES = 4


@dataclass
class Matches:
    """Which bodies (by ``body_key``) are ``similarity``% alike by ``fuzz.ratio``: ``alike`` pairs, found
    by comparing every two bodies of each set in ``compared``. A re-read compares only new bodies."""

    similarity: float
    alike: dict[str, set[str]] = field(default_factory=dict)
    compared: list[frozenset[str]] = field(default_factory=list)

    def pruned(self) -> Matches:
        """These matches without the bodies of no set in ``compared``: what is worth keeping."""
        inside = frozenset().union(*self.compared)
        alike = {key: others & inside for key, others in self.alike.items() if key in inside}
        return Matches(
            self.similarity, {key: others for key, others in alike.items() if others}, self.compared
        )


def body_key(body: str) -> str:
    """What ``Matches`` knows a normalised body by."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _compare(bodies: _Bodies, matches: Matches) -> None:
    """Fill ``matches`` for every pair of distinct ``bodies`` it has not compared yet, and record
    them as compared. ``fuzz.ratio`` runs only on pairs the bounds of ``_Kept`` leave."""
    from rapidfuzz import fuzz, process

    first: dict[str, int] = {}  # each distinct body's first position
    for position, key in enumerate(bodies.keys):
        first.setdefault(key, position)
    keys = frozenset(first)
    done = max(matches.compared, key=lambda known: len(known & keys), default=frozenset()) & keys
    new = sorted(keys - done)
    order = [first[key] for key in sorted(done)] + [first[key] for key in new]
    kept = _Kept([bodies.lengths[at] for at in order], lambda index: bodies[order[index]], matches.similarity)
    for position in range(len(done)):
        kept.keep(position)
    for position in range(len(done), len(order) if new else 0):
        candidates = kept.candidates(position)
        found = process.extract(
            kept.body(position), candidates, scorer=fuzz.ratio, score_cutoff=matches.similarity, limit=None
        )
        key = bodies.keys[order[position]]
        for _, _, other in found:
            matches.alike.setdefault(key, set()).add(bodies.keys[order[other]])
            matches.alike.setdefault(bodies.keys[order[other]], set()).add(key)
        kept.keep(position)
    matches.compared = [keys, *(known for known in matches.compared if not known <= keys)][:_CLIQUES]


def drop_duplicates(
    articles: pd.DataFrame, similarity: float = DUPLICATE_SIMILARITY, matches: Matches | None = None
) -> tuple[pd.DataFrame, list[dict[str, str]], list[dict[str, str]]]:
    """(articles without later copies of an earlier one, skipped, notices), in the frame's order.

    A copy has the same body (whitespace normalised) or one at least ``similarity``% alike by
    rapidfuzz's ``fuzz.ratio``, and no outlet that tells it apart: the same text from two known
    outlets is syndication, which an analyst wants to see, so both are kept with a notice. Each
    article is compared with the articles kept before it.

    Which bodies are that alike is found once per pair of distinct bodies (``_compare``) and kept in
    ``matches`` (given: from an earlier read, so only new bodies are compared). ``fuzz.ratio`` costs
    time quadratic in the length, so two bounds that never drop a real copy come first: lengths
    (ratio <= 200 * shorter / (shorter + longer)) and shared trigrams (bodies with ``d`` insertions
    and deletions between them share at least ``longer - 2 - 3 * d`` trigrams, Ukkonen's q-gram
    lemma; hashed counts only over-count). On 1000 articles of ~3000 characters this takes 0.7 s
    instead of 6.
    """
    from rapidfuzz import fuzz, process

    files, outlets = articles[Col.FILE].tolist(), articles[Col.OUTLET].tolist()
    bodies = _Bodies(articles)
    if matches is None or matches.similarity != similarity:
        matches = Matches(similarity)
    _compare(bodies, matches)
    kept_by_key: dict[str, list[int]] = {}
    keep, skipped, notices = [], [], []
    for position, key in enumerate(bodies.keys):
        near = [kept for other in (key, *matches.alike.get(key, ())) for kept in kept_by_key.get(other, ())]
        near.sort(key=lambda kept: (bodies.lengths[kept], kept))
        found = []
        if near:
            candidates = {kept: bodies[kept] for kept in near}
            found = process.extract(
                bodies[position], candidates, scorer=fuzz.ratio, score_cutoff=similarity, limit=None
            )
        copy = next((m for m in found if not _other_outlets(outlets[m[2]], outlets[position])), None)
        if copy is not None:
            reason = _copy_reason(files[position], files[copy[2]], copy[1])
            skipped.append({"file": files[position], "reason": reason})
            continue
        if found:
            twin, score, other = shown(files[found[0][2]]), found[0][1], outlets[found[0][2]]
            notices.append(
                {
                    "file": files[position],
                    "message": f"{shown(files[position])}: {int(score)}% the same text as {twin}, kept as "
                    f"another outlet's publication ({outlets[position]}, {other})",
                }
            )
        keep.append(position)
        kept_by_key.setdefault(key, []).append(position)
    return articles.iloc[keep].reset_index(drop=True), skipped, notices


def _copy_reason(file: str, twin_file: str, score: float) -> str:
    """Why ``file`` is skipped: a copy of ``twin_file`` (``score``% alike)."""
    twin = shown(twin_file)
    what = f"same text as {twin}" if score == 100 else f"near-duplicate ({int(score)}% similar) of {twin}"
    return (
        f"{shown(file)}: {what}; delete one of the two, or give them their different outlets "
        "in sources.csv if they are separate publications"
    )


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
    folder: Path, max_bytes: int = MAX_BYTES, cache: ReadingCache | None = None
) -> tuple[pd.DataFrame, list[dict[str, str]], list[dict[str, str]]]:
    """All article files of ``folder`` (``*.txt``, ``*.html``, ``*.htm``) as the articles table,
    the files skipped and why (``{"file", "reason"}``), and notices (``{"file", "message"}``: what
    was done to a file that was read, e.g. converted from cp1251).

    The frame keeps a private ``_paragraphs`` column for the NLP stage; build drops it. With a
    ``cache`` (``reading_cache.ReadingCache``), each file read before is taken from it, with its
    sentence units for the boilerplate pass and its body's ``body_key`` and length in private
    ``_units`` and ``_body`` columns (``run.read_corpora`` drops them), and only new bodies are
    compared for copies.
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
            if cache is None:
                row, messages = load_article(path, sources.get(path.name))
            else:
                row, messages = cache.article(path, path.read_bytes(), sources.get(path.name))
        except CorpusError as error:
            skipped.append({"file": path.name, "reason": str(error)})
            continue
        except OSError as error:
            skipped.append({"file": path.name, "reason": f"{name}: cannot be read ({error.strerror})"})
            continue
        ids[path.stem] = path.name
        rows.append(row)
        notices += [{"file": path.name, "message": message} for message in messages]
    columns = [*TABLES[ARTICLES].columns, "_paragraphs", *(["_units", "_body"] if cache is not None else [])]
    matches = cache.matches(DUPLICATE_SIMILARITY) if cache is not None else None
    articles, copies, syndicated = drop_duplicates(pd.DataFrame(rows, columns=columns), matches=matches)
    return articles, skipped + copies, notices + syndicated
