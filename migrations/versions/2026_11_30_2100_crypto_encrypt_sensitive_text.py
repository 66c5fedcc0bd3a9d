"""Encryption at rest for sensitive texts, and the access log (NEN 7513).

Encrypts, in place, the existing plaintext of: a youth's own words, meeting details (of
sessions and a peer expert's default), a peer expert's per-domain texts (coordinators-only
and the other disclosure-limited ones), and feedback texts. The columns stay TEXT; only
their contents change. Downgrade decrypts them again. Needs the encryption keys (the app's
configuration; see ``peermatch.security.encrypted``).

Revision ID: crypto_encrypt_sensitive_text
Revises: twofa_privacy_choices (re-chained after merging main; was accounts_email_verified)
Create Date: 2026-11-30 21:00:00+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from peermatch.security import encrypted, reencrypt

revision: str = "crypto_encrypt_sensitive_text"
down_revision: str | None = "twofa_privacy_choices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Frozen here (not read from the models), so this revision always means the same columns.
COLUMNS = (
    reencrypt.ColumnRef("bookings", "meeting_details"),
    reencrypt.ColumnRef("contact_requests", "own_words"),
    reencrypt.ColumnRef("feedback", "comment"),
    reencrypt.ColumnRef("feedback", "coordinator_note"),
    reencrypt.ColumnRef("peer_expert_profiles", "meeting_details"),
    reencrypt.ColumnRef("profile_domains", "share_text"),
)


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=True),
        sa.Column("reader_role", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("data_kind", sa.String(length=32), nullable=False),
        sa.Column("record_type", sa.String(length=48), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=120), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("ip_address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_access_log_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reader_id"],
            ["users.id"],
            name=op.f("fk_access_log_reader_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["users.id"],
            name=op.f("fk_access_log_subject_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index(op.f("ix_access_log_at"), "access_log", ["at"], unique=False)
    op.create_index(op.f("ix_access_log_reader_id"), "access_log", ["reader_id"], unique=False)
    op.create_index("ix_access_log_subject_at", "access_log", ["subject_id", "at"], unique=False)
    op.create_index(
        "ix_access_log_organisation_at", "access_log", ["organisation_id", "at"], unique=False
    )
    encrypted.ensure_configured()
    conn = op.get_bind()
    for ref in COLUMNS:
        reencrypt.rewrite(conn, ref, reencrypt.encrypt_plaintext)


def downgrade() -> None:
    encrypted.ensure_configured()
    conn = op.get_bind()
    for ref in COLUMNS:
        reencrypt.rewrite(conn, ref, reencrypt.decrypt_token)
    op.drop_index("ix_access_log_organisation_at", table_name="access_log")
    op.drop_index("ix_access_log_subject_at", table_name="access_log")
    op.drop_index(op.f("ix_access_log_reader_id"), table_name="access_log")
    op.drop_index(op.f("ix_access_log_at"), table_name="access_log")
    op.drop_table("access_log")
