"""Where the dashboard's corpus, tables and added articles are: the folders a page that changes them
(Add articles, the correction controls) hands the analysis, as the command line's defaults have them."""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.data.load import ROOT, data_dir

ADDED_ENV = "STORYLENS_ADDED_DIR"
CORPUS_ENV = "STORYLENS_CORPUS_DIR"
ADDED_DIR = "added"  # analysis.build.run.ADDED_DIR (a page cannot import analysis.build)


def folders() -> tuple[Path, Path, Path]:
    """(main corpus, output folder, added folder) from the environment, as the command line has them."""
    out = data_dir()
    added = Path(os.environ.get(ADDED_ENV) or out / ADDED_DIR)
    corpus = Path(os.environ.get(CORPUS_ENV) or ROOT / "seeds")
    return corpus, out, added
