"""The database itself refuses overlapping active sessions per person (PostgreSQL).

An exclusion constraint over each participant's blocked time (session plus their buffers):
two active rows of one user may not have overlapping half-open ranges. It needs the
``btree_gist`` extension for the equality on ``user_id`` inside a GiST index.

SQLite has no exclusion constraints; there the booking service takes the write lock first
(``BEGIN IMMEDIATE`` via ``peermatch.db.lock_for_write``) and checks before it inserts, so
this revision is a no-op on SQLite.

Downgrade drops the constraint but keeps ``btree_gist``: other objects may use the
extension, it is harmless, and dropping extensions needs more privileges than migrations
usually have.

Revision ID: booking_no_overlap
Revises: 0002_default_taxonomy
Create Date: 2026-11-23 13:10:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "booking_no_overlap"
down_revision: str | None = "0002_default_taxonomy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "booking_participants_no_overlap"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(
        f"ALTER TABLE booking_participants ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (user_id WITH =, tstzrange(block_start, block_end, '[)') WITH &&) "
        "WHERE (active)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE booking_participants DROP CONSTRAINT IF EXISTS {CONSTRAINT}")
