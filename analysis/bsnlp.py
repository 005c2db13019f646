"""BSNLP shared-task clusters as StoryLens corpora: what a user with those articles would bring.

A BSNLP raw file holds the document id, language, publication date, URL and title on its first
five lines, then the text (format: ``../shared/eval/bsnlp/README.md``). ``to_corpus`` writes one
``.txt`` per article (title, blank line, text) and a ``sources.csv`` with the outlet taken from
the URL's host, the URL, the language and the publication date.

Some crawls kept the headline as the text's first line too, or took the lead as the title (cut with
"..."); the title is then written once, as the opening the text already has.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from analysis.corpus import SOURCES_COLUMNS, SOURCES_FILE, CorpusError

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
    return documents
