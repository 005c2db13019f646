"""``python -m analysis review DATA``: the quality report printed from a built data folder, a clear error
for a folder that is not one, and no analysis extra needed (the dashboard-only install)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.corpora import ROOT
from tests.helpers import cli
from tests.tools.test_cli import HIDDEN


@pytest.fixture
def data_dir():
    """The seeds' committed tables (data/), read only."""
    folder = ROOT / "data"
    if not (folder / "entities.parquet").is_file():
        pytest.skip("data/ holds no built tables")
    return folder


def test_the_seeds_report(data_dir):
    """The counts, then each list's first rows: Tokayev's transliterated name, a place named once with
    its mention and article."""
    done = cli("review", "data", "--rows", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Quality report of data/: 52 entities"
    assert lines[1:5] == [
        "  English name transliterated: 3 (5.8%)",
        "  Typed two ways: 0 (0.0%)",
        "  Stray spellings: 0 (0.0%)",
        "  Places named once: 11 (21.2%)",  # the USSR among them, by its adjective ("советских")
    ]
    assert "  Касым-Жомарт Токаев · Kasym-Zhomart Tokayev (PER, 20 mentions)" in lines
    assert "Typed two ways (0):" in lines and "  none" in lines
    assert any(line.startswith("  Астана · Astana (LOC, 1 mention)  the mention: Астаны") for line in lines)
    assert "  … and 8 more (--rows 11 lists them all)" in lines


def test_a_folder_that_is_not_built_is_named_with_the_fix(tmp_path):
    done = cli("review", str(tmp_path))
    assert done.returncode == 2 and not done.stdout
    assert done.stderr.strip() == (
        f"error: {tmp_path}: not a built data folder (no entities.parquet); build it: "
        f"python -m analysis build --corpus CORPUS --out {tmp_path}"
    )
    missing = cli("review", str(tmp_path / "absent"))
    assert missing.returncode == 2 and "no such folder" in missing.stderr


def test_a_damaged_table_is_named(data_dir, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    (folder / "mentions.parquet").write_bytes(b"not parquet")
    done = cli("review", str(folder))
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {folder / 'mentions.parquet'}: unreadable (")


def test_it_runs_without_the_analysis_extras(data_dir):
    """With every module of every extra hidden (as in ``pip install -r requirements.txt``), the report
    is printed as with them."""
    hidden = [module for _, module in HIDDEN]
    code = (
        f"import sys\nfor m in {hidden!r}: sys.modules[m] = None\n"
        f"from analysis.tools.cli import main\nsys.exit(main(['review', {str(data_dir)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "  English name transliterated: 3 (5.8%)" in done.stdout
