"""Group intervision for peer experts: meetings a coordinator schedules, and who is invited.

Revision ID: intervision
Revises: privacy_erasure
Create Date: 2026-12-01 00:10:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "intervision"
down_revision: str | None = "privacy_erasure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "intervisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("topic", sa.String(length=1000), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("video_room_url", sa.String(length=300), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("ical_uid", sa.String(length=80), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity BETWEEN 2 AND 100",
            name=op.f("ck_intervisions_capacity_range"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_intervisions_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"],
            ["users.id"],
            name=op.f("fk_intervisions_cancelled_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_intervisions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_intervisions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervisions")),
        sa.UniqueConstraint("ical_uid", name=op.f("uq_intervisions_ical_uid")),
    )
    op.create_index(op.f("ix_intervisions_organisation_id"), "intervisions", ["organisation_id"])
    op.create_index(op.f("ix_intervisions_starts_at"), "intervisions", ["starts_at"])
    op.create_table(
        "intervision_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intervision_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.String(length=16), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("attendance_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attendance_recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "response IN ('pending', 'accepted', 'declined')",
            name=op.f("ck_intervision_participants_response_known"),
        ),
        sa.ForeignKeyConstraint(
            ["attendance_recorded_by_id"],
            ["users.id"],
            name=op.f("fk_intervision_participants_attendance_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["intervision_id"],
            ["intervisions.id"],
            name=op.f("fk_intervision_participants_intervision_id_intervisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_intervision_participants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervision_participants")),
        sa.UniqueConstraint(
            "intervision_id",
            "user_id",
            name=op.f("uq_intervision_participants_intervision_id_user_id"),
        ),
    )
    op.create_index(
        op.f("ix_intervision_participants_intervision_id"),
        "intervision_participants",
        ["intervision_id"],
    )
    op.create_index(
        op.f("ix_intervision_participants_user_id"), "intervision_participants", ["user_id"]
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_intervision_participants_user_id"), table_name="intervision_participants"
    )
    op.drop_index(
        op.f("ix_intervision_participants_intervision_id"), table_name="intervision_participants"
    )
    op.drop_table("intervision_participants")
    op.drop_index(op.f("ix_intervisions_starts_at"), table_name="intervisions")
    op.drop_index(op.f("ix_intervisions_organisation_id"), table_name="intervisions")
    op.drop_table("intervisions")
