"""Removing free text, row by row, through the models (never raw SQL).

Shared by the erasure of one person and by retention: both end in the same state, a row
that still counts (a request, a match, a session, a rating) but says nothing about anyone.
Writing through model attributes keeps this right when a column's type changes under it
(own words encrypted at rest: a NULL is a NULL whatever the type).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from peermatch.models import (
    Booking,
    BookingParticipant,
    ContactRequest,
    Feedback,
    MatchProposal,
    ProposalMessage,
)

#: What a removed message body becomes (the column is NOT NULL; the row keeps the count).
REMOVED = ""


def _keep_end_time(request: ContactRequest) -> None:
    """Removing text is not a change of the request: ``updated_at`` (its end, for retention)
    keeps its value instead of moving to the wall clock through ``onupdate``."""
    request.updated_at = request.updated_at
    flag_modified(request, "updated_at")


def clear_own_words(request: ContactRequest) -> bool:
    """The youth's own words only (the retention rule after closing); True if anything went."""
    if request.own_words is None:
        return False
    request.own_words = None
    _keep_end_time(request)
    return True


def pseudonymise_request(session: Session, request: ContactRequest, now: dt.datetime) -> bool:
    """Every free text and contact detail on a request and on everything hanging from it
    (matches, their messages, sessions, feedback); ids, statuses, dates and codes stay, so
    the organisation's counts stay right. Idempotent: False when already done."""
    if request.pseudonymised_at is not None:
        return False
    request.own_words = None
    request.guardian_name = None
    request.guardian_email = None
    request.guardian_token_hash = None
    request.guardian_consent_name = None
    request.place_id = None
    request.latitude = None
    request.longitude = None
    request.time_preferences = {}
    request.pseudonymised_at = now
    _keep_end_time(request)
    proposals = list(
        session.scalars(select(MatchProposal).where(MatchProposal.request_id == request.id))
    )
    for proposal in proposals:
        pseudonymise_proposal(session, proposal)
    return True


def pseudonymise_proposal(session: Session, proposal: MatchProposal) -> None:
    proposal.decline_reason = None
    proposal.coordinator_reason = None
    for message in session.scalars(
        select(ProposalMessage).where(ProposalMessage.proposal_id == proposal.id)
    ):
        message.body = REMOVED
    bookings = list(session.scalars(select(Booking).where(Booking.proposal_id == proposal.id)))
    for booking in bookings:
        clear_booking_texts(session, booking)


def clear_booking_texts(session: Session, booking: Booking, authors: Iterable[int] = ()) -> None:
    """A session's free texts: the meeting place or link, a cancellation's reason, and the
    feedback texts (ratings stay: they are counts). ``authors`` limits feedback to theirs."""
    booking.meeting_details = None
    booking.video_room_url = None
    booking.cancel_reason = None
    query = select(Feedback).where(Feedback.booking_id == booking.id)
    wanted = list(authors)
    if wanted:
        query = query.where(Feedback.author_id.in_(wanted))
    for feedback in session.scalars(query):
        feedback.comment = None
        feedback.coordinator_note = None


def bookings_of(session: Session, user_id: int) -> list[Booking]:
    return list(
        session.scalars(
            select(Booking)
            .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
            .where(BookingParticipant.user_id == user_id)
        )
    )


def messages_of(session: Session, user_id: int) -> list[ProposalMessage]:
    """Messages this person wrote or was asked."""
    return list(
        session.scalars(
            select(ProposalMessage).where(
                or_(ProposalMessage.author_id == user_id, ProposalMessage.recipient_id == user_id)
            )
        )
    )


def _pattern(needles: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({n for n in needles if n}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def redact(value: Any, needles: Iterable[str], replacement: str) -> Any:
    """``value`` (text or JSON) with every needle (as a whole word, any case) replaced; the
    same shape comes back."""
    pattern = _pattern(needles)
    return value if pattern is None else _redact(value, pattern, replacement)


def _redact(value: Any, pattern: re.Pattern[str], replacement: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, dict):
        return {k: _redact(v, pattern, replacement) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, pattern, replacement) for v in value]
    return value


def mentions(value: Any, needles: Iterable[str]) -> bool:
    return bool(redact(value, needles, "\0") != value)


def name_needles(email: str, name: str) -> list[str]:
    """What identifies a person in a text: the address, the full name and each part of it
    (emails and pages often use only the first name)."""
    parts = [p for p in name.split() if len(p) >= 2]
    return [email, name.strip(), *parts]
