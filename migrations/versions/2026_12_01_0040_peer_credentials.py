"""Peer experts' credentials (training, first aid, other), each checked by a coordinator.

``credentials``: name, when obtained, the last day it counts (optional), and the check:
to check / verified (when, by whom, a short note: no copy of a document is stored) /
rejected (with the reason for the peer expert).

Revision ID: peer_credentials
Revises: daily_session_cap
Create Date: 2026-12-01 00:40:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "peer_credentials"
down_revision: str | None = "daily_session_cap"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("obtained_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("seen_note", sa.String(length=300), nullable=True),
        sa.Column("rejection_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["peer_expert_profiles.id"],
            name=op.f("fk_credentials_profile_id_peer_expert_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["users.id"],
            name=op.f("fk_credentials_verified_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
    )
    op.create_index(op.f("ix_credentials_profile_id"), "credentials", ["profile_id"])
    op.create_index(op.f("ix_credentials_expires_on"), "credentials", ["expires_on"])
    op.create_index(op.f("ix_credentials_status"), "credentials", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_credentials_status"), table_name="credentials")
    op.drop_index(op.f("ix_credentials_expires_on"), table_name="credentials")
    op.drop_index(op.f("ix_credentials_profile_id"), table_name="credentials")
    op.drop_table("credentials")
