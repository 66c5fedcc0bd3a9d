"""Job runs: when each periodic job was last claimed and last succeeded.

Every copy of ``flask jobs run`` claims a due job by updating its row under a PostgreSQL
advisory lock, so several runners on several hosts never run the same job twice.

Revision ID: perf_job_runs
Revises: outbox_render_at_send
Create Date: 2026-11-30 18:40:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "perf_job_runs"
down_revision: str | None = "outbox_render_at_send"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("succeeded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_result", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_runs")),
    )


def downgrade() -> None:
    op.drop_table("job_runs")
