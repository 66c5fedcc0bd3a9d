"""Indexes for finding a person's team sessions without reading every request.

"My sessions" (web and API) looks up the person's teams, then their teams' requests. Both
columns were unindexed (``team_memberships`` is keyed by team first), so PostgreSQL read
all of ``contact_requests`` for every team member's call.

Revision ID: team_lookup_indexes
Revises: peer_credentials
Create Date: 2026-12-01 00:50:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "team_lookup_indexes"
down_revision: str | None = "peer_credentials"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_contact_requests_team_id", "contact_requests", ["team_id"])
    op.create_index("ix_team_memberships_user_id", "team_memberships", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_team_memberships_user_id", table_name="team_memberships")
    op.drop_index("ix_contact_requests_team_id", table_name="contact_requests")
