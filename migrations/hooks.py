"""Autogenerate hooks shared by migrations/env.py and the drift test."""

from __future__ import annotations

#: Backend-specific objects that hand-written migrations own and models do not describe.
MIGRATION_OWNED = frozenset(
    {
        # PostgreSQL exclusion constraint (revision booking_no_overlap) and its GiST index.
        "booking_participants_no_overlap",
    }
)


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Skip objects that hand-written, backend-specific migrations own and models do not."""
    if type_ == "table" and name == "alembic_version":
        return False
    return not (name in MIGRATION_OWNED and reflected and compare_to is None)
