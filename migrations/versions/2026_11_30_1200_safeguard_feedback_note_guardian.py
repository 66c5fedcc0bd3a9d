"""Safeguarding: a peer expert's note to the coordinator with "don't match again", and the
guardian's stated name and relation recorded with their consent.

Revision ID: safeguard_note_guardian
Revises: booking_no_overlap
Create Date: 2026-11-30 12:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "safeguard_note_guardian"
down_revision: str | None = "booking_no_overlap"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("coordinator_note", sa.Text(), nullable=True))
    with op.batch_alter_table("contact_requests") as batch:
        batch.add_column(sa.Column("guardian_consent_name", sa.String(120), nullable=True))
        batch.add_column(sa.Column("guardian_consent_relation", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_requests") as batch:
        batch.drop_column("guardian_consent_relation")
        batch.drop_column("guardian_consent_name")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("coordinator_note")
