"""Files the project writes beside the analyst's corpus (sources.csv, corrections.toml), replaced in one
step so a reader (a build, the dashboard) never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line ends as given): a temporary file in its folder,
    then a rename; on any failure the temporary file goes and ``path`` is as it was."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
