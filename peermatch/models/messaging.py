"""Outgoing email (transactional outbox) and in-app notifications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from peermatch.db import Base, utcnow
from peermatch.models.enums import OutboxStatus
from peermatch.models.types import str_enum


class OutboxMessage(Base):
    """An email written in the same transaction as the change that causes it."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(48))
    # Makes a message idempotent (e.g. one reminder per session and person).
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    to_email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(8), default="nl")
    # What the service queued: the sender renders subject, bodies and calendar part from
    # these at send time, in the recipient's language (services need no templates).
    params: Mapped[dict[str, Any] | None]
    link: Mapped[str | None] = mapped_column(String(300))
    # Subject and bodies stay empty until ``rendered_at``; once rendered they are kept, so a
    # retry sends exactly the same email.
    rendered_at: Mapped[dt.datetime | None]
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    ics: Mapped[str | None] = mapped_column(Text)
    ics_method: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """An in-app notice: translation key plus parameters, rendered in the reader's language."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    link: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]
