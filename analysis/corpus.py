"""Read a corpus folder into the ``articles`` table: header, body offsets, boilerplate, outlet, date.

The raw text is kept exactly as on disk; everything else points into it by offsets, so the
dashboard can always show what the analysis saw.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.schema import ARTICLES, TABLES

SOURCES_FILE = "sources.csv"
# Largest article file read (bytes): real news articles are far below it; a 18 MB text is not an article.
MAX_BYTES = 1_000_000
SOURCES_COLUMNS = ("file", "outlet", "url", "language", "published")

_HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) ?")
_PHOTO_CREDIT = re.compile(r"^\s*(Фото|Photo|Источник фото|Иллюстрация)\s*:", re.IGNORECASE)
# Navigation or player widgets scraped with the text: short lines that are not prose.
_WIDGET_PHRASES = re.compile(
    r"^\s*(Відео дня|Видео дня|Читайте также|Читайте нас|Реклама|Подписывайтесь\b.*|Смотрите также)\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;»\"”)]\s*$")
# Self-references: "Также Фокус писал", "Ранее РБК сообщал".
_SELF_REFERENCE = re.compile(
    r"\b(?:Также|Ранее|Как ранее|Как уже)\s+"
    r"(?P<outlet>[A-ZА-ЯЁ][\w.\-]*(?:\s[A-ZА-ЯЁ][\w.\-]*)?)\s+(?:писал|сообщал|рассказывал)[аио]?\b"
)
# Staff photo credit "Фото: Имя Фамилия, Издание": the outlet employs the photographer.
_STAFF_CREDIT = re.compile(
    r"Фото:\s*[A-ZА-ЯЁ][a-zа-яё]+\s+[A-ZА-ЯЁ][a-zа-яё]+,\s*(?P<outlet>[A-ZА-ЯЁ][\w.\-]+)"
)

# Lower-case Cyrillic letters of Russian and Ukrainian; those only Russian, or only Ukrainian, has.
_CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюяёіїєґ"
_RUSSIAN_ONLY = "ыэъё"
_UKRAINIAN_ONLY = "іїєґ"


class CorpusError(ValueError):
    """A corpus file or sources.csv cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Paragraph:
    paragraph_id: int
    start: int
    end: int
    boilerplate: str  # "" for prose


def detect_language(text: str) -> str:
    """ISO 639-1 code from the script and the letters only one Cyrillic language uses.

    Counted with ``str.count`` over the letters: a per-character loop made this the slowest step of
    reading a corpus."""
    letters = "".join(filter(str.isalpha, text)).lower()
    if not letters:
        return "und"
    cyrillic = sum(map(letters.count, _CYRILLIC))
    if cyrillic < len(letters) / 2:
        return "en" if letters.isascii() else "und"
    russian = sum(map(letters.count, _RUSSIAN_ONLY))
    ukrainian = sum(map(letters.count, _UKRAINIAN_ONLY))
    return "uk" if ukrainian > russian else "ru"


def classify_line(line: str, language: str) -> str:
    """Boilerplate kind of one body line: photo_credit, widget, heading, or "" for prose."""
    stripped = line.strip()
    if _PHOTO_CREDIT.match(stripped):
        return "photo_credit"
    words = stripped.split()
    if _WIDGET_PHRASES.match(stripped) or (
        len(words) <= 4 and detect_language(stripped) not in (language, "und")
    ):
        return "widget"
    if len(words) <= 12 and not _SENTENCE_END.search(stripped):
        return "heading"
    return ""


def split_paragraphs(raw: str, body_start: int, language: str) -> list[Paragraph]:
    """Non-empty lines of the body with their offsets and boilerplate kind."""
    paragraphs = []
    for match in re.finditer(r"[^\n]+", raw[body_start:]):
        line = match.group()
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        start = body_start + match.start() + lead
        end = body_start + match.start() + len(line.rstrip())
        paragraphs.append(Paragraph(len(paragraphs), start, end, classify_line(line, language)))
    return paragraphs


def infer_outlet(raw: str) -> tuple[str, str]:
    """(outlet, evidence) from the text's references to itself, or ("", "") when it says nothing."""
    for pattern in (_SELF_REFERENCE, _STAFF_CREDIT):
        match = pattern.search(raw)
        if match:
            return match.group("outlet"), match.group().strip()
    return "", ""


def read_sources(folder: Path) -> dict[str, dict[str, str]]:
    """sources.csv rows keyed by file name; a missing file means no manifest."""
    path = folder / SOURCES_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "file" not in reader.fieldnames:
            raise CorpusError(
                f"{path}: needs a header row with at least a 'file' column ({', '.join(SOURCES_COLUMNS)})"
            )
        rows = {}
        for row in reader:
            published = (row.get("published") or "").strip()
            if published:
                try:
                    date.fromisoformat(published)
                except ValueError:
                    raise CorpusError(
                        f"{path}: published {published!r} for {row['file']} is not a YYYY-MM-DD date; fix or empty the cell"
                    ) from None
            rows[row["file"].strip()] = {k: (v or "").strip() for k, v in row.items() if k}
        return rows


def _title(raw: str, paragraphs: list[Paragraph], limit: int = 160) -> str:
    from razdel import sentenize

    for paragraph in paragraphs:
        if not paragraph.boilerplate:
            first = next(iter(sentenize(raw[paragraph.start : paragraph.end]))).text.strip()
            return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
    return ""


def read_article(path: Path, source: dict[str, str] | None = None) -> dict:
    """One row of ``articles`` for ``path``; raises CorpusError when the file cannot be used."""
    data = path.read_bytes()
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorpusError(
            f"{path.name}: not valid UTF-8 (byte {error.start}); re-save it as UTF-8 and rebuild"
        ) from None
    if not raw.strip():
        raise CorpusError(f"{path.name}: the file is empty")
    source = source or {}
    header = _HEADER.match(raw)
    body_start = header.end() if header else 0
    header_date = ""
    if header:
        try:
            header_date = date.fromisoformat(header.group(1)).isoformat()
        except ValueError:
            raise CorpusError(
                f"{path.name}: header date {header.group(1)!r} is not a real date; fix the first line"
            ) from None
    body_end = len(raw.rstrip())
    body = raw[body_start:body_end]
    language = source.get("language") or detect_language(body)
    paragraphs = split_paragraphs(raw, body_start, language)
    if source.get("outlet"):
        outlet, outlet_source, evidence = source["outlet"], "sources.csv", ""
    else:
        outlet, evidence = infer_outlet(raw)
        outlet_source = "inferred" if outlet else "unknown"
    if source.get("published"):
        published, published_source = source["published"], "sources.csv"
    elif header_date:
        published, published_source = header_date, "header"
    else:
        published, published_source = "", "missing"
    return {
        "article_id": path.stem,
        "file": path.name,
        "title": _title(raw, paragraphs),
        "outlet": outlet,
        "outlet_source": outlet_source,
        "outlet_evidence": evidence,
        "url": source.get("url", ""),
        "language": language,
        "language_source": "sources.csv" if source.get("language") else "detected",
        "published": published,
        "published_source": published_source,
        "raw_text": raw,
        "body_start": body_start,
        "body_end": body_end,
        "n_sentences": 0,  # filled once sentences are split
        "n_chars": len(body),
        "sha256": hashlib.sha256(data).hexdigest(),
        "_paragraphs": paragraphs,
    }


def read_corpus(
    folder: Path, max_bytes: int = MAX_BYTES
) -> tuple[pd.DataFrame, list[dict[str, str]], list[dict[str, str]]]:
    """All ``*.txt`` of ``folder`` as the articles table, the files skipped and why, and notices
    (``{"file", "message"}``: what was done to a file that was read, e.g. converted from cp1251).

    The frame keeps a private ``_paragraphs`` column for the NLP stage; build drops it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder not found; pass --corpus DIR with the article .txt files")
    sources = read_sources(folder)
    rows, skipped = [], []
    for path in sorted(folder.glob("*.txt")):
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise CorpusError(
                    f"{path.name}: {size:,} bytes is over the {max_bytes:,}-byte limit for one article; "
                    "split it, or raise the limit with --max-bytes"
                )
            rows.append(read_article(path, sources.get(path.name)))
        except (CorpusError, OSError) as error:
            skipped.append({"file": path.name, "reason": str(error)})
    columns = [*TABLES[ARTICLES].columns, "_paragraphs"]
    return pd.DataFrame(rows, columns=columns), skipped, []
