"""The command line without the analysis extras (the dashboard-only install): every command, with any
module of the ``nlp``, ``stanza`` or ``dask`` extra missing, ends in the one line README promises,
naming the install command; ``--help`` needs no extra. Modules are hidden in a subprocess
(``sys.modules[name] = None``: importing it fails as if it were not installed)."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, requires

import pytest

from analysis.core import extras
from tests.corpora import ROOT, SEEDS

OPTIONAL = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Run in a subprocess: hide the modules named in argv[1]; find every command of the parser (argparse's
# own records of its sub-commands). argv[2] "list": print each command's options and the extras its
# parser declares; "help": run each with --help; else run the commands named in argv[2] (";"-separated)
# with placeholder arguments and the options in argv[3:]. Prints, per command, the exit status and what
# it wrote to stderr and stdout.
PROBE = r"""
import argparse, contextlib, io, json, sys
for name in filter(None, sys.argv[1].split(",")):
    sys.modules[name] = None
from analysis.tools import cli

parsers, parse = [], argparse.ArgumentParser.parse_args
def grab(self, args=None, namespace=None):
    parsers.append(self)
    raise SystemExit(0)
argparse.ArgumentParser.parse_args = grab
with contextlib.suppress(SystemExit):
    cli.main([])
argparse.ArgumentParser.parse_args = parse

def leaves(parser, path):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield " ".join(path), parser
        return
    for name, sub in subs[0].choices.items():
        yield from leaves(sub, [*path, name])

def placeholders(parser):
    argv = []
    for action in parser._actions:
        if not action.option_strings and action.nargs in (None, "+"):
            argv.append(action.choices[0] if action.choices else "x")
        elif action.option_strings and action.required:
            argv += [action.option_strings[0], "x"]
    return argv

def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = cli.main(argv)
        except SystemExit as stop:
            code = stop.code
    return [code, err.getvalue(), out.getvalue()[:200]]

mode, results = sys.argv[2], {}
for command, parser in leaves(parsers[0], []):
    if mode == "list":
        declared = parser.get_default("extras")
        results[command] = [sorted(parser._option_string_actions), None if declared is None else list(declared)]
    elif mode == "help":
        results[command] = run([*command.split(), "--help"])
    elif command in mode.split(";"):
        options = [w for o in sys.argv[3:] if o and o.split()[0] in parser._option_string_actions for w in o.split()]
        results[command] = run([*command.split(), *placeholders(parser), *options])
print(json.dumps(results))
"""


def _name(requirement: str) -> str:
    """A requirement's distribution name as its module is named ("number-parser>=0.3" -> number_parser)."""
    return re.match(r"[A-Za-z0-9._-]+", requirement)[0].lower().replace("-", "_")


def _dependencies(distribution: str, seen: set[str]) -> set[str]:
    """``distribution`` and what it requires, transitively (installed ones; extras' requirements aside)."""
    if distribution in seen:
        return seen
    seen.add(distribution)
    try:
        needs = requires(distribution) or []
    except PackageNotFoundError:
        return seen
    for need in needs:
        if "extra ==" not in need:
            _dependencies(_name(need), seen)
    return seen


# Modules the install without extras (`pip install -e .`: pyproject's dependencies and theirs) has:
# numpy comes with pandas, so no install that runs the command line lacks it.
WITHOUT_EXTRAS = set().union(*(_dependencies(_name(r), set()) for r in OPTIONAL["dependencies"]))
HIDDEN = [
    (extra, module)
    for extra in (extras.NLP, extras.STANZA, extras.DASK)
    for module in extras.MODULES[extra]
    if module not in WITHOUT_EXTRAS
]
# How a command is asked for each extra beyond its own: the stanza engine, a Dask scheduler.
ASKED = {extras.NLP: "", extras.STANZA: "--engine stanza", extras.DASK: "--scheduler dask"}
INSTALL = 'pip install -e ".[{}]"'
README_COMMANDS = {"build", "add", "remove", "extract", "models download", "eval ner", "eval bsnlp", "bench"}


def probe(folder, hidden: list[str], mode: str, *options: str) -> dict[str, list]:
    """``PROBE`` with the modules ``hidden``, run from ``folder`` (an empty one: nothing a command does
    by default touches the project's seeds/ or data/)."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(hidden), mode, *options],
        cwd=folder,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(folder)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def commands(tmp_path_factory) -> dict[str, list]:
    """Every command of the command line: its options and the extras its parser declares (None: the
    default, ``nlp``)."""
    found = probe(tmp_path_factory.mktemp("commands"), [], "list")
    assert set(found) >= README_COMMANDS
    return found


def test_every_requirement_of_an_extra_is_listed_with_its_modules():
    """``extras.MODULES`` holds every requirement of every extra in pyproject.toml, and each extra that
    includes another (``storylens[nlp]``) says so in ``extras.INCLUDES``."""
    optional = OPTIONAL["optional-dependencies"]
    for extra in (extras.NLP, extras.STANZA, extras.DASK):
        own = [r for r in optional[extra] if not r.startswith("storylens")]
        included = [re.search(r"\[(\w+)\]", r)[1] for r in optional[extra] if r.startswith("storylens")]
        assert {_name(r) for r in own} <= set(extras.MODULES[extra]), extra
        assert included == list(extras.INCLUDES.get(extra, ())), extra
    assert "dask[distributed]" in " ".join(optional[extras.DASK])  # the module `distributed` comes so
    with contextlib.suppress(PackageNotFoundError):  # the stanza extra installed
        assert any(_name(r) == "torch" for r in requires("stanza")), "stanza requires torch"


def _needing(extra: str, commands: dict[str, list]) -> list[str]:
    """The commands that need ``extra``: with nlp, every one not declaring it needs none; with stanza or
    dask, those that take the option asking for it and those declaring it."""
    if extra == extras.NLP:
        return [c for c, (_, declared) in commands.items() if declared != []]
    option = ASKED[extra].split()[0]
    return [
        c for c, (options, declared) in commands.items() if option in options or extra in (declared or [])
    ]


@pytest.mark.parametrize(("extra", "module"), HIDDEN, ids=[m for _, m in HIDDEN])
def test_every_command_names_the_install_command_for_any_missing_module(tmp_path, commands, extra, module):
    """With one module of an extra missing, every command that needs the extra stops with exit status 2
    and the one line naming the package and the install command (the stanza extra's for `models
    download` and `--engine stanza`, which include nlp); no traceback, nothing done."""
    needing = _needing(extra, commands)
    results = probe(tmp_path, [module], ";".join(needing), ASKED[extra])
    assert set(results) == set(needing) and needing
    for command, (code, stderr, _) in results.items():
        declared = commands[command][1] or []
        install = extras.STANZA if extras.STANZA in declared else extra
        expected = (
            f"error: the Python package {module!r} is not installed; this command needs the analysis "
            f"extras: {INSTALL.format(install)}"
        )
        assert (code, stderr.strip().splitlines()) == (2, [expected]), command
    assert not list(tmp_path.iterdir()), "nothing written"


def test_help_works_without_any_extra(tmp_path):
    """``python -m analysis --help`` and every command's ``--help``, with every module of every extra
    missing, print the usage and exit 0."""
    hidden = [module for _, module in HIDDEN]
    results = probe(tmp_path, hidden, "help")
    assert set(results) >= README_COMMANDS
    for command, (code, stderr, stdout) in results.items():
        assert (code, stderr) == (0, ""), command
        assert stdout.startswith("usage: python -m analysis"), command
    top = subprocess.run(
        [sys.executable, "-c", f"import sys\nfor m in {hidden!r}: sys.modules[m] = None\n"
         "sys.argv = ['analysis', '--help']\nimport runpy\nrunpy.run_module('analysis', run_name='__main__')"],
        cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert top.returncode == 0 and top.stdout.startswith("usage: python -m analysis"), top.stderr[-2000:]


# Run in a subprocess: ``build`` of the seeds into argv[1] (their tables, already built with natasha), then
# ``auto`` resolved with no stanza models; prints the exit status, what the command printed and which of
# the heavy modules (the stages, the NLP packages, torch) were imported.
UNCHANGED = r"""
import contextlib, io, json, sys
from analysis.nlp import resolve_engine_name
from analysis.tools import cli
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    code = cli.main(["build", "--corpus", sys.argv[2], "--out", sys.argv[1], "--engine", "natasha", "--quiet"])
engine = resolve_engine_name("auto")
heavy = ["analysis.stages.registry", "natasha", "slovnet", "yargy", "datasketch", "scipy", "torch", "stanza"]
print(json.dumps([code, printed.getvalue().splitlines()[0], engine, [m for m in heavy if m in sys.modules]]))
"""


def test_an_unchanged_build_imports_no_stage_and_no_nlp_package(tmp_path, data_dir):
    """An unchanged re-build answers "up to date" after importing pandas and the hashing only: the
    stages' registry, the NLP packages and torch (with scipy, 2 s of imports) are left for a real build,
    and ``auto`` finds no stanza models without importing stanza."""
    out = tmp_path / "data"
    shutil.copytree(data_dir, out)
    result = subprocess.run(
        [sys.executable, "-c", UNCHANGED, str(out), str(SEEDS)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    up_to_date = (
        f"{out}/ is up to date: its corpus, the code and the engine are unchanged (--no-cache rebuilds)"
    )
    assert json.loads(result.stdout.splitlines()[-1]) == [0, up_to_date, "natasha", []]
