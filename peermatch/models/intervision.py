"""Group intervision: a coordinator's meeting for several peer experts of one organisation.

Not a booking between a youth and a peer expert: nobody's availability is blocked and no
match stands behind it, so it has its own tables. It borrows the session engine's habits:
a stable iCalendar UID with a SEQUENCE that grows with every change, an optional video room
under the organisation's video service, and times stored in UTC.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.bookings import new_ical_uid
from peermatch.models.organisations import Organisation
from peermatch.models.users import User


class Intervision(Base):
    __tablename__ = "intervisions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity BETWEEN 2 AND 100", name="capacity_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    #: the coordinator's theme for the group (never about one person)
    topic: Mapped[str | None] = mapped_column(String(1000))
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime]
    mode: Mapped[str] = mapped_column(String(16))  # video, phone, in_person
    #: the address (in person), a phone number or a video link when the organisation has
    #: no video service of its own
    place: Mapped[str | None] = mapped_column(String(200))
    #: a room under the organisation's video service, made for this meeting (never emailed)
    video_room_url: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int | None]
    sequence: Mapped[int] = mapped_column(default=0)
    ical_uid: Mapped[str] = mapped_column(String(80), unique=True, default=new_ical_uid)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[dt.datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship()
    participants: Mapped[list[IntervisionParticipant]] = relationship(
        back_populates="intervision",
        cascade="all, delete-orphan",
        order_by="IntervisionParticipant.id",
    )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class IntervisionParticipant(Base):
    """One invited peer expert: their answer, and whether they came (the coordinator says)."""

    __tablename__ = "intervision_participants"
    __table_args__ = (
        UniqueConstraint("intervision_id", "user_id"),
        CheckConstraint("response IN ('pending', 'accepted', 'declined')", name="response_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    intervision_id: Mapped[int] = mapped_column(
        ForeignKey("intervisions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_at: Mapped[dt.datetime]
    response: Mapped[str] = mapped_column(String(16), default="pending")
    responded_at: Mapped[dt.datetime | None]
    #: None: not recorded yet; True/False: the coordinator's record after the start
    attended: Mapped[bool | None]
    attendance_recorded_at: Mapped[dt.datetime | None]
    attendance_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    intervision: Mapped[Intervision] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
