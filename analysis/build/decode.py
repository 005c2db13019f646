"""An article file's bytes as text: UTF-8 as on disk (a byte-order mark dropped), damaged UTF-8
kept with U+FFFD, another encoding detected and decoded, a saved web page reduced to its article
text. Whatever was converted is said in a notice; bytes that are no text raise ``CorpusError``."""

from __future__ import annotations

import os
import re
from pathlib import Path

from analysis.build.layout import Boilerplate, classify_line, detect_language

HTML_SUFFIXES = (".html", ".htm")
# Encodings a non-UTF-8 article is tried in: the Cyrillic ones Russian-language news came in, Western
# European for English copy, UTF-16/32 (with BOM) from Windows "Unicode" saves. Offered every encoding,
# charset-normalizer reads a short cp1251 text as big5 or a KOI8-R one as shift_jis; mac_cyrillic is left
# out because it takes cp1251 texts of under ~100 characters.
TEXT_ENCODINGS = ["cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "cp1252", "utf_16", "utf_32"]
# A file that is UTF-8 but for at most one bad byte per this many non-ASCII characters is damaged
# UTF-8 (a truncated download, a stray byte), not a file in another encoding.
_DAMAGED_UTF8 = 100
# A saved web page: optional XML declaration and comments ("<!-- saved from url=... -->"), then the document.
_HTML_DOCUMENT = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
# htmldate reads the date from the page's markup only: its extensive search guesses from the text
# (a page saying "5 марта 2024" got 2024-01-01), and StoryLens never invents a publication date.
_HTML_DATE_PARAMS = {"original_date": True, "extensive_search": False}


class CorpusError(ValueError):
    """A corpus file or sources.csv cannot be used; the message names the file and the fix."""


def shown(name: str) -> str:
    """``name`` fit for a one-line message: bytes that are not UTF-8 and control or invisible
    characters (a newline, an ANSI escape, a right-to-left override) escaped."""
    name = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, notice) of an article file's bytes; ``notice`` says what was converted, "" for UTF-8.

    UTF-8 is read as is (a byte-order mark dropped). Damaged UTF-8 keeps its text with the bad bytes
    as U+FFFD. Anything else is decoded in the encoding charset-normalizer detects among
    ``TEXT_ENCODINGS``; bytes no encoding reads as text (images, PDFs) raise CorpusError, as does
    a NUL in otherwise valid UTF-8: text never holds one.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _decode_other(data, name, error)
    if "\x00" in text:
        raise CorpusError(
            f"{name}: not text (NUL bytes, as in binary files); save the article as a UTF-8 .txt file"
        )
    return text, ""


def _decode_other(data: bytes, name: str, error: UnicodeDecodeError) -> tuple[str, str]:
    """``decode`` for bytes that are not valid UTF-8."""
    from charset_normalizer import from_bytes

    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if bad * _DAMAGED_UTF8 <= non_ascii:
        return text, (
            f"{name}: {bad} invalid UTF-8 byte sequence(s), the first at byte {error.start}, read as "
            "U+FFFD; the rest is UTF-8 (a damaged or truncated file?): fix it or re-save it as UTF-8"
        )
    best = from_bytes(data, cp_isolation=TEXT_ENCODINGS).best()
    text = str(best) if best is not None else ""
    if best is None or "\x00" in text:
        raise CorpusError(
            f"{name}: not valid UTF-8 (byte {error.start}) and not text in any other encoding either "
            "(an image, a PDF, a Word file?); save the article as a UTF-8 .txt file"
        )
    if not text.strip():
        raise CorpusError(f"{name}: not valid UTF-8, and decoded as {best.encoding} it is empty")
    return text, f"{name}: decoded as {best.encoding}; re-save as UTF-8 to silence this"


def is_html(path: Path, text: str) -> bool:
    """A web page: an .html/.htm file, or a .txt that is an HTML document (a page saved as text)."""
    return path.suffix.lower() in HTML_SUFFIXES or bool(_HTML_DOCUMENT.match(text[:4096]))


def extract_html(html: str, name: str) -> tuple[str, str, str]:
    """(text, published, notice) of the article in a web page, by trafilatura: menus, scripts,
    comments and footers dropped, the page's title as the first line, its date from the markup."""
    import trafilatura

    try:
        page = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, date_extraction_params=_HTML_DATE_PARAMS
        )
    except Exception as error:  # noqa: BLE001 - a page no parser reads costs only this file
        raise CorpusError(
            f"{name}: trafilatura could not read this HTML page ({type(error).__name__}); "
            "save the article's text as a .txt file"
        ) from None
    text = (page.text or "").strip() if page is not None else ""
    language = detect_language(text)
    lines = [line for line in text.splitlines() if line.strip()]
    if not any(classify_line(line, language) == Boilerplate.PROSE for line in lines):
        # trafilatura falls back to whatever text the page has: a menu is not an article
        raise CorpusError(
            f"{name}: trafilatura found no article text in this HTML page (at most menus and headings); "
            "save the article's text as a .txt file"
        )
    title = (page.title or "").strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    published = page.date or ""
    notice = "extracted article text from HTML with trafilatura" + (
        f" (publication date {published} from the page)" if published else ""
    )
    return f"{text}\n", published, f"{name}: {notice}"
