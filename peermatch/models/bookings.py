"""Sessions (bookings), their participants, history and feedback."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peermatch.db import Base, utcnow
from peermatch.models.enums import BookingStatus, ParticipantRole
from peermatch.models.matches import MatchProposal
from peermatch.models.types import str_enum
from peermatch.models.users import User


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@peermatch"


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("match_proposals.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[BookingStatus] = mapped_column(str_enum(BookingStatus), index=True)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    mode: Mapped[str | None] = mapped_column(String(16))
    meeting_details: Mapped[str | None] = mapped_column(Text)
    # A room of the organisation's video service made for this session only (never emailed).
    video_room_url: Mapped[str | None] = mapped_column(String(300))
    proposed_times: Mapped[list[str]] = mapped_column(default=list)  # ISO UTC, youth's own times
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    held_until: Mapped[dt.datetime | None]
    sequence: Mapped[int] = mapped_column(default=0)
    ical_uid: Mapped[str] = mapped_column(String(80), unique=True, default=new_ical_uid)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_late: Mapped[bool] = mapped_column(default=False)
    no_show_side: Mapped[str | None] = mapped_column(String(16))
    reminder_sent_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    proposal: Mapped[MatchProposal] = relationship()
    participants: Mapped[list[BookingParticipant]] = relationship(
        back_populates="booking", cascade="all, delete-orphan"
    )
    events: Mapped[list[BookingEvent]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", order_by="BookingEvent.id"
    )


class BookingParticipant(Base):
    """One person in a session, with the time they are blocked (session plus their buffers).

    ``block_start``/``block_end``/``active`` are kept here so the database itself can refuse
    overlapping active sessions per person (an exclusion constraint on PostgreSQL).
    """

    __tablename__ = "booking_participants"
    __table_args__ = (UniqueConstraint("booking_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(str_enum(ParticipantRole))
    response: Mapped[str] = mapped_column(String(16), default="pending")
    block_start: Mapped[dt.datetime]
    block_end: Mapped[dt.datetime]
    active: Mapped[bool] = mapped_column(default=True)

    booking: Mapped[Booking] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()


class BookingEvent(Base):
    """History of a session: every transition, reschedule and cancellation."""

    __tablename__ = "booking_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    booking: Mapped[Booking] = relationship(back_populates="events")


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("booking_id", "author_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_role: Mapped[ParticipantRole] = mapped_column(str_enum(ParticipantRole))
    rating: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    do_not_match_again: Mapped[bool] = mapped_column(default=False)
    # A peer expert's word to the coordinator with "don't match again"; never shown to the youth.
    coordinator_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: A peer expert's low check-in, seen by a coordinator (the dashboard flag clears).
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
