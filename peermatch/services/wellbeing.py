"""Peer experts' wellbeing: a break until a date, and low check-ins that reach a coordinator.

The source texts ask for support from the team and a safe environment. A break pauses all
new matching (a paused profile is never ranked) and ends by itself on the chosen date; the
coordinators hear about it, and the peer expert sees which sessions are still planned so
they can keep or move them. After a held session a peer expert's own answer to "how was it
for you?" (their feedback on the session) is read by coordinators only; a low answer stays
on the coordinator's dashboard until someone has looked at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peermatch import dutch_calendar
from peermatch.lifecycles.profiles import Actor, ProfileAction, ProfileStatus
from peermatch.models import Booking, Feedback, MatchProposal, PeerExpertProfile, User
from peermatch.models.enums import ParticipantRole
from peermatch.services import audit, notifications
from peermatch.services.accounts import coordinator_organisation_ids, coordinators_of
from peermatch.services.bookings import upcoming_sessions_for_coordinator
from peermatch.services.errors import Forbidden, InvalidInput, NotFound
from peermatch.services.outbox import queue_email
from peermatch.services.profiles.status import _transition

#: The longest break one can plan ahead; longer than that is stopping, not a break.
MAX_BREAK_DAYS = 366
#: Check-in answers at or below this (of 5) flag the coordinator's dashboard.
LOW_CHECK_IN = 2
VERIFICATION_PATH = "/verification/profiles/{id}"
WELLBEING_PATH = "/wellbeing"


def validate_until(until: dt.date, *, now: dt.datetime) -> None:
    """A break ends after today and within ``MAX_BREAK_DAYS``."""
    today = dutch_calendar.dutch_date(now)
    if until <= today:
        raise InvalidInput("wellbeing.error.until_past")
    if until > today + dt.timedelta(days=MAX_BREAK_DAYS):
        raise InvalidInput("wellbeing.error.until_far", days=MAX_BREAK_DAYS)


def take_break(
    session: Session,
    profile: PeerExpertProfile,
    *,
    until: dt.date,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> list[Booking]:
    """Pause matching until ``until`` (inclusive); returns the sessions still planned.

    Taking a break while on one moves the end date. Planned sessions are kept: it is the
    peer expert's choice to keep, move or cancel them, and the page says so.
    """
    if profile.user_id != actor.id:
        raise Forbidden("profile.error.not_yours")
    validate_until(until, now=now)
    if profile.status is ProfileStatus.ACTIVE:
        _transition(
            session, profile, ProfileAction.PAUSE, Actor.PEER_EXPERT,
            actor=actor, now=now, origin=origin, until=until.isoformat(),
        )  # fmt: skip
    elif profile.status is not ProfileStatus.PAUSED:
        raise InvalidInput("wellbeing.error.not_active")
    profile.paused_until = until
    session.flush()
    audit.record(
        session, "profile.break", actor_id=actor.id, origin=origin,
        subject_type="profile", subject_id=profile.id, details={"until": until.isoformat()},
    )  # fmt: skip
    _tell_coordinators(session, profile, until, now)
    return upcoming_sessions_for_coordinator(session, profile, now=now)


def _tell_coordinators(
    session: Session, profile: PeerExpertProfile, until: dt.date, now: dt.datetime
) -> None:
    if profile.organisation_id is None:
        return
    link = VERIFICATION_PATH.format(id=profile.id)
    for coordinator in coordinators_of(session, [profile.organisation_id]):
        notifications.notify(
            session, coordinator.id, "wellbeing.notice.break", now=now, link=link,
            params={"name": profile.user.display_name, "until": until.isoformat()},
        )  # fmt: skip
        queue_email(
            session, user=coordinator, kind="peer_break", now=now, link=link,
            params={"peer_name": profile.user.display_name, "until": until.isoformat()},
        )  # fmt: skip


def end_break(
    session: Session,
    profile: PeerExpertProfile,
    *,
    actor: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> None:
    """Back before the date: the same as resuming a paused profile."""
    if profile.user_id != actor.id:
        raise Forbidden("profile.error.not_yours")
    _transition(
        session, profile, ProfileAction.RESUME, Actor.PEER_EXPERT,
        actor=actor, now=now, origin=origin,
    )  # fmt: skip
    profile.paused_until = None
    session.flush()


def end_breaks_due(session: Session, *, now: dt.datetime) -> int:
    """The scheduled step: breaks whose last day has passed end by themselves."""
    today = dutch_calendar.dutch_date(now)
    due = session.scalars(
        select(PeerExpertProfile)
        .where(
            PeerExpertProfile.status == ProfileStatus.PAUSED,
            PeerExpertProfile.paused_until.is_not(None),
            PeerExpertProfile.paused_until < today,
        )
        .options(selectinload(PeerExpertProfile.user))
        .order_by(PeerExpertProfile.id)
    ).all()
    for profile in due:
        _transition(
            session, profile, ProfileAction.RESUME, Actor.PEER_EXPERT,
            actor=profile.user, now=now, origin=audit.CLI, reason="break_ended",
        )  # fmt: skip
        profile.paused_until = None
        notifications.notify(
            session, profile.user_id, "wellbeing.notice.break_ended", now=now, link="/profile"
        )
    session.flush()
    return len(due)


@dataclass(frozen=True, slots=True)
class LowCheckIn:
    feedback_id: int
    peer_name: str
    profile_id: int
    rating: int
    note: str | None
    session_start: dt.datetime
    answered_at: dt.datetime


def low_check_ins(session: Session, coordinator: User) -> list[LowCheckIn]:
    """Low answers from this coordinator's peer experts that nobody has looked at yet.

    One statement; the peer expert's note is shown here only, to coordinators."""
    org_ids = coordinator_organisation_ids(coordinator)
    if not org_ids:
        return []
    rows = session.execute(
        select(
            Feedback.id,
            Feedback.rating,
            Feedback.comment,
            Feedback.created_at,
            Booking.starts_at,
            PeerExpertProfile.id.label("profile_id"),
            User.display_name,
        )
        .join(Booking, Booking.id == Feedback.booking_id)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .join(PeerExpertProfile, PeerExpertProfile.id == MatchProposal.profile_id)
        .join(User, User.id == Feedback.author_id)
        .where(
            Feedback.author_role == ParticipantRole.PEER_EXPERT,
            Feedback.author_id == PeerExpertProfile.user_id,
            Feedback.rating <= LOW_CHECK_IN,
            Feedback.acknowledged_at.is_(None),
            PeerExpertProfile.organisation_id.in_(sorted(org_ids)),
        )
        .order_by(Feedback.created_at, Feedback.id)
    ).all()
    return [
        LowCheckIn(
            r.id, r.display_name, r.profile_id, r.rating, r.comment, r.starts_at, r.created_at
        )
        for r in rows
    ]


def acknowledge(
    session: Session, coordinator: User, feedback_id: int, *, now: dt.datetime, origin: audit.Origin
) -> None:
    """A coordinator has looked at (and will follow up) a low check-in: the flag clears."""
    flagged = {c.feedback_id for c in low_check_ins(session, coordinator)}
    feedback = session.get(Feedback, feedback_id) if feedback_id in flagged else None
    if feedback is None:
        raise NotFound("wellbeing.error.not_found")
    feedback.acknowledged_at = now
    feedback.acknowledged_by_id = coordinator.id
    session.flush()
    audit.record(
        session, "wellbeing.check_in_seen", actor_id=coordinator.id, origin=origin,
        subject_type="feedback", subject_id=feedback.id, details={},
    )  # fmt: skip
