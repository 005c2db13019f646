"""An article's text laid out: its language, its lines as paragraphs with their boilerplate kind
(photo credits, widgets, headings), its title, and the outlet it names itself by."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.core.codes import Boilerplate
from analysis.core.lexicon import rows

_PHOTO_CREDIT = re.compile(r"^\s*(Фото|Photo|Источник фото|Иллюстрация)\s*:", re.IGNORECASE)
# Navigation or player widgets scraped with the text: short lines that are not prose.
_WIDGET_LINE = {"whole": "", "begins": r"\b.*"}  # the phrase alone, or the phrase and what follows
_WIDGET_PHRASES = re.compile(
    r"^\s*("
    + "|".join(re.escape(phrase) + _WIDGET_LINE[how] for phrase, how in rows("corpus_widget_lines"))
    + r")\s*$",
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
UNDETERMINED = "und"  # ISO 639 for a language not told


@dataclass(frozen=True)
class Paragraph:
    paragraph_id: int
    start: int
    end: int
    boilerplate: str  # Boilerplate.PROSE for prose
    reason: str = ""  # why it is boilerplate, when the kind alone does not say (Boilerplate.REPEATED)


def detect_language(text: str) -> str:
    """ISO 639-1 code from the script and the letters only one Cyrillic language uses.

    Counted with ``str.count`` over the letters: a per-character loop made this the slowest step of
    reading a corpus."""
    letters = "".join(filter(str.isalpha, text)).lower()
    if not letters:
        return UNDETERMINED
    cyrillic = sum(map(letters.count, _CYRILLIC))
    if cyrillic < len(letters) / 2:
        return "en" if letters.isascii() else UNDETERMINED
    russian = sum(map(letters.count, _RUSSIAN_ONLY))
    ukrainian = sum(map(letters.count, _UKRAINIAN_ONLY))
    return "uk" if ukrainian > russian else "ru"


def classify_line(line: str, language: str) -> str:
    """Boilerplate kind of one body line: photo_credit, widget, heading, or "" for prose."""
    stripped = line.strip()
    if _PHOTO_CREDIT.match(stripped):
        return Boilerplate.PHOTO_CREDIT
    words = stripped.split()
    if _WIDGET_PHRASES.match(stripped) or (
        len(words) <= 4 and detect_language(stripped) not in (language, UNDETERMINED)
    ):
        return Boilerplate.WIDGET
    if len(words) <= 12 and not _SENTENCE_END.search(stripped):
        return Boilerplate.HEADING
    return Boilerplate.PROSE


def split_paragraphs(raw: str, body_start: int, language: str) -> list[Paragraph]:
    """Non-empty lines of the body with their offsets and boilerplate kind; a line ends at \\n, \\r\\n
    or \\r, and no line end is ever part of a paragraph."""
    paragraphs = []
    for match in re.finditer(r"[^\r\n]+", raw[body_start:]):
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


def title(raw: str, paragraphs: list[Paragraph], limit: int = 160) -> str:
    """The headline when the body opens with one (a short line with no sentence end, as saved
    articles and pages start), else the first sentence of prose."""
    from razdel import sentenize

    if paragraphs and paragraphs[0].boilerplate == Boilerplate.HEADING:
        paragraphs = paragraphs[:1]
    for paragraph in paragraphs:
        if paragraph.boilerplate in (Boilerplate.PROSE, Boilerplate.HEADING):
            first = next(iter(sentenize(raw[paragraph.start : paragraph.end]))).text.strip()
            return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
    return ""
