"""Autogenerate hooks shared by migrations/env.py and the drift test."""

from __future__ import annotations


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Skip objects that hand-written, backend-specific migrations own and models do not."""
    return not (type_ == "table" and name == "alembic_version")
