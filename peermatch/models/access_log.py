"""Access log (NEN 7513): who read someone's sensitive data, when, from where and why.

Separate from ``audit_events`` on purpose: audit events record *actions* (mostly staff
changes) with free-form details; this table records *reads of one person's data*, with that
person (``subject_id``) and the responsible organisation as indexed columns, so the person
themselves, their coordinator and an admin can each be shown exactly their slice cheaply,
and so it has its own retention period (``ACCESS_LOG_RETENTION_DAYS``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.organisations import Organisation
from peermatch.models.users import User


class AccessLogEntry(Base):
    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_subject_at", "subject_id", "at"),
        Index("ix_access_log_organisation_at", "organisation_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    reader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: the capacity in which they read: coordinator, peer_expert, admin, ...
    reader_role: Mapped[str] = mapped_column(String(32))
    #: whose data was read
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the organisation under whose responsibility the read happened (coordinators see these)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    #: own_words, verification, meeting_details, profile_text
    data_kind: Mapped[str] = mapped_column(String(32))
    record_type: Mapped[str] = mapped_column(String(48))
    record_id: Mapped[int]
    #: why: the page or API endpoint that displayed the data
    purpose: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(16), default="web")
    ip_address: Mapped[str | None] = mapped_column(String(64))

    reader: Mapped[User | None] = relationship(foreign_keys=[reader_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])
    organisation: Mapped[Organisation | None] = relationship()
