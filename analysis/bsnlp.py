"""BSNLP shared-task clusters as StoryLens corpora: what a user with those articles would bring.

A BSNLP raw file holds the document id, language, publication date, URL and title on its first
five lines, then the text (format: ``../shared/eval/bsnlp/README.md``). ``to_corpus`` writes one
``.txt`` per article (title, blank line, text) and a ``sources.csv`` with the outlet taken from
the URL's host, the URL, the language and the publication date.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from analysis.corpus import SOURCES_COLUMNS, SOURCES_FILE, CorpusError

_HEADER_LINES = 5


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


def to_corpus(raw_dir: Path, out_dir: Path) -> list[RawDocument]:
    """Write ``raw_dir``'s articles into ``out_dir`` as a StoryLens corpus; returns what was read."""
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    documents = [read_raw(path) for path in sorted(raw_dir.glob("*.txt"))]
    if not documents:
        raise CorpusError(f"{raw_dir}: no BSNLP raw .txt files found (expected TOPIC/raw/LANG/*.txt)")
    out_dir.mkdir(parents=True, exist_ok=True)
    for document in documents:
        body = f"{document.title}\n\n{document.text}\n" if document.title else f"{document.text}\n"
        (out_dir / document.file).write_text(body, encoding="utf-8")
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
    return documents
