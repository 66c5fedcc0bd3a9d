"""Telling people about a booking change: notifications, emails and calendar updates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.booking import Decision, ParticipantResponse, SessionState
from peermatch.models import Booking, User
from peermatch.models.enums import BookingStatus
from peermatch.services import accounts
from peermatch.services.bookings.context import Match
from peermatch.services.notifications import notify
from peermatch.services.outbox import queue_email
from peermatch.services.session_emails import (
    Change,
    queue_session_email,
    queue_times_proposed_email,
)


def _tell(
    session: Session,
    booking: Booking,
    match: Match,
    change: str,
    *,
    now: dt.datetime,
    skip: User | None = None,
    email: bool = True,
) -> None:
    """An in-app notice for every change; a neutral email (no content) when someone must act."""
    link = f"/sessions/{booking.id}"
    for part in booking.participants:
        if skip is not None and part.user_id == skip.id:
            continue
        notify(
            session,
            part.user_id,
            f"booking.{change}",
            now=now,
            link=link,
            params={"booking_id": booking.id},
        )
        if email:
            _email(session, part.user, change, link=link, booking=booking, now=now)


def _email(
    session: Session, user: User, change: str, *, link: str, booking: Booking, now: dt.datetime
) -> None:
    """An email that says what happened ("new times for your session with Lotte"), for the
    changes someone must act on; anything else stays a calm "have a look" email."""
    if change == "times_proposed":
        queue_times_proposed_email(session, booking=booking, recipient=user, now=now)
        return
    queue_email(
        session,
        user=user,
        kind="attention",
        now=now,
        link=link,
        dedupe_key=f"booking:{booking.id}:{booking.sequence}:{change}:{user.id}",
    )


def _in_calendars(booking: Booking) -> bool:
    """Whether attendees already hold a calendar entry: the session was confirmed before
    (a confirmation email with its invitation went out then)."""
    confirmed = BookingStatus.CONFIRMED.value
    return any(e.to_status == confirmed for e in booking.events[:-1])


def _tell_calendar_change(
    session: Session,
    booking: Booking,
    match: Match,
    change: Change,
    *,
    now: dt.datetime,
) -> None:
    """An in-app notice and a session email with its iCalendar update for every attending
    participant, each in their own language and time zone (never the meeting details)."""
    link = f"/sessions/{booking.id}"
    for part in booking.participants:
        if part.response == ParticipantResponse.DECLINED.value:
            continue
        notify(
            session,
            part.user_id,
            f"booking.{change}",
            now=now,
            link=link,
            params={"booking_id": booking.id},
        )
        queue_session_email(session, booking=booking, recipient=part.user, change=change, now=now)


def _tell_coordinators(
    session: Session, booking: Booking, match: Match, change: str, *, now: dt.datetime
) -> None:
    org_ids = {p.organisation_id for p in match.profiles if p.organisation_id is not None}
    if not org_ids:
        return
    for user_id in sorted({u.id for u in accounts.coordinators_of(session, org_ids)}):
        notify(
            session,
            user_id,
            f"booking.{change}",
            now=now,
            link="/coordinator/sessions",
            params={"booking_id": booking.id},
        )


def _after_change(
    session: Session,
    booking: Booking,
    match: Match,
    decision: Decision,
    *,
    actor_user: User | None,
    now: dt.datetime,
    rescheduled: bool = False,
) -> None:
    state = decision.new_state
    if state is SessionState.HELD:
        _tell(session, booking, match, "held", now=now, skip=actor_user, email=False)
        _tell_coordinators(session, booking, match, "needs_approval", now=now)
    elif state is SessionState.CONFIRMED:
        # A held reschedule that is approved later still moves the existing calendar entry.
        moved = rescheduled or _in_calendars(booking)
        change: Change = "rescheduled" if moved else "confirmed"
        _tell_calendar_change(session, booking, match, change, now=now)
    elif state is SessionState.CANCELLED and _in_calendars(booking):
        _tell_calendar_change(session, booking, match, "cancelled", now=now)
    elif state is SessionState.CANCELLED:
        _tell(session, booking, match, "cancelled", now=now, email=False)
    elif state is SessionState.REQUESTED:
        _tell(session, booking, match, "times_proposed", now=now, skip=actor_user)
    elif state is SessionState.COMPLETED:
        _tell(session, booking, match, "completed", now=now, skip=actor_user, email=False)
        if decision.closing_evaluation:
            _tell(session, booking, match, "closing_evaluation", now=now, email=False)
    elif state is SessionState.NO_SHOW:
        _tell(session, booking, match, "no_show", now=now, skip=actor_user, email=False)
