"""Every text, varchar and JSON column has an erasure decision (docs/PRIVACY.md): a new
column that could hold personal data fails here until someone decides what erasure does."""

from __future__ import annotations

from sqlalchemy import JSON, String

import peermatch.models  # noqa: F401  (the full metadata)
from peermatch.db import Base
from peermatch.services.privacy.columns import DECISIONS


def _text_columns() -> set[str]:
    found: set[str] = set()
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = getattr(column.type, "impl", column.type)
            if isinstance(column.type, String | JSON) or isinstance(kind, String | JSON):
                found.add(f"{table.name}.{column.name}")
    return found


def test_every_text_column_has_an_erasure_decision() -> None:
    missing = _text_columns() - DECISIONS.keys()
    assert not missing, f"decide in services/privacy/columns.py: {sorted(missing)}"


def test_the_table_names_no_column_that_does_not_exist() -> None:
    assert not DECISIONS.keys() - _text_columns()


def test_the_documentation_lists_every_decision() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "PRIVACY.md").read_text()
    assert all(f"`{name}`" in doc for name in DECISIONS)
