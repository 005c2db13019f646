"""The schema is the contract: every column has one constant, and the written tables match it."""

from __future__ import annotations

from analysis.schema import TABLES, Col


def test_every_column_has_exactly_one_constant():
    columns = {column for table in TABLES.values() for column in table.columns}
    constants = {name: value for name, value in vars(Col).items() if name.isupper()}
    assert set(constants.values()) == columns
    assert all(name == value.upper() for name, value in constants.items())


def test_every_column_is_documented():
    for table in TABLES.values():
        for column, description in table.columns.items():
            assert description.strip().endswith((".", ")")), f"{table.name}.{column}"
