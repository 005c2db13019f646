"""Latin-script helpers the knowledge modules share."""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTER = re.compile(r"[^a-z]+")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters of ``text``, accents dropped, everything else left out ("Sindh" -> "sindh")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NOT_LETTER.sub("", plain)
