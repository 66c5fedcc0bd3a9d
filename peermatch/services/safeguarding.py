"""Safeguarding rules around sessions with minors, in one place.

A youth under 18 may only meet a peer expert whose VOG (certificate of conduct) is valid on
the session's date. Matching checks this for the first session; this module holds the same
line for every path that creates or moves a session (pick, propose, counter-propose,
accept, reschedule, team answers, approval of a held session) and for the slot lists, and
shows coordinators which upcoming sessions a lapsed or withdrawn VOG puts at risk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch import dutch_calendar
from peermatch.availability import Interval
from peermatch.booking import TimeSlot
from peermatch.booking.vog import all_covered, is_minor, vog_covers
from peermatch.models import (
    Booking,
    ContactRequest,
    Feedback,
    MatchProposal,
    PeerExpertProfile,
    User,
)
from peermatch.models.enums import BookingStatus, ParticipantRole, RequestKind
from peermatch.services.accounts import coordinator_organisation_ids
from peermatch.services.booking_errors import BookingRefused
from peermatch.services.disclosure import vog_valid_until
from peermatch.services.errors import DomainError, InvalidInput

if TYPE_CHECKING:
    from peermatch.services.bookings.context import Match

UPCOMING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED)


def involves_minor(request: ContactRequest, now: dt.datetime) -> bool:
    """A youth request whose requester is under 18 on the Dutch calendar (or of unknown age)."""
    if request.kind is not RequestKind.YOUTH:
        return False
    birth_year = request.requester.birth_year
    return is_minor(None if birth_year is None else dutch_calendar.age_at(birth_year, now))


def _vogs(profiles: Iterable[PeerExpertProfile]) -> list[tuple[dt.date | None, dt.date | None]]:
    return [(p.vog_date, vog_valid_until(p.vog_date)) for p in profiles]


def needs_check(match: Match, now: dt.datetime) -> bool:
    return involves_minor(match.request, now)


def covered_slots(match: Match, slots: Sequence[Interval], *, now: dt.datetime) -> list[Interval]:
    """Drop the times on which a peer expert of this match has no valid VOG, so the slot
    lists never offer a time that booking would refuse."""
    if not needs_check(match, now):
        return list(slots)
    vogs = _vogs(match.profiles)
    return [s for s in slots if all_covered(vogs, [TimeSlot(s.start, s.end)])]


def refuse_uncovered(match: Match, slots: Iterable[TimeSlot], *, now: dt.datetime) -> None:
    """Raise a clear refusal when any of these times is not covered by every VOG."""
    if needs_check(match, now) and not all_covered(_vogs(match.profiles), slots):
        raise BookingRefused("booking.error.vog_not_valid")


@dataclass(frozen=True, slots=True)
class SessionAtRisk:
    """An upcoming session with a minor that the peer expert's VOG does not cover."""

    booking: Booking
    profile: PeerExpertProfile
    valid_until: dt.date | None  # None: no VOG on file (withdrawn)


def sessions_at_risk(
    session: Session, coordinator: User, *, now: dt.datetime
) -> list[SessionAtRisk]:
    """Upcoming sessions with minors in the coordinator's organisations whose peer expert's
    VOG has lapsed or been withdrawn by the session's date, soonest first."""
    orgs = coordinator_organisation_ids(coordinator)
    if not orgs:
        return []
    rows = session.execute(
        select(Booking, PeerExpertProfile)
        .join(MatchProposal, Booking.proposal_id == MatchProposal.id)
        .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
        .join(ContactRequest, MatchProposal.request_id == ContactRequest.id)
        .where(
            Booking.status.in_(UPCOMING_STATUSES),
            Booking.ends_at > now,
            ContactRequest.kind == RequestKind.YOUTH,
            PeerExpertProfile.organisation_id.in_(orgs),
        )
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    at_risk: list[SessionAtRisk] = []
    for booking, profile in rows:
        if not involves_minor(booking.proposal.request, now):
            continue
        until = vog_valid_until(profile.vog_date)
        if not vog_covers(profile.vog_date, until, TimeSlot(booking.starts_at, booking.ends_at)):
            at_risk.append(SessionAtRisk(booking, profile, until))
    return at_risk


# --------------------------------------------------------------------------- don't match again

NOTE_MAX = 500


def may_ask_not_to_meet_again(role: ParticipantRole) -> bool:
    """A youth and a peer expert may each ask never to be matched with the other again: a
    peer expert must be able to keep their own boundaries, too."""
    return role in (ParticipantRole.YOUTH, ParticipantRole.PEER_EXPERT)


def coordinator_note(
    role: ParticipantRole, do_not_match_again: bool, note: str | None
) -> str | None:
    """The peer expert's optional word to the coordinator with their request; nothing else
    is kept, and a youth's feedback has its own comment field."""
    text = (note or "").strip()
    if not text or not do_not_match_again or role is not ParticipantRole.PEER_EXPERT:
        return None
    if len(text) > NOTE_MAX:
        raise InvalidInput("booking.error.note_too_long", max=NOTE_MAX)
    return text


@dataclass(frozen=True, slots=True)
class NotAgain:
    """A peer expert asked not to be matched with this youth again."""

    feedback: Feedback
    profile: PeerExpertProfile
    youth: User


def peer_expert_blocks(session: Session, coordinator: User) -> list[NotAgain]:
    """For the coordinators of the peer expert's organisation: who asked not to meet whom
    again, with their note, newest first."""
    orgs = coordinator_organisation_ids(coordinator)
    if not orgs:
        return []
    rows = session.execute(
        select(Feedback, PeerExpertProfile, User)
        .join(Booking, Booking.id == Feedback.booking_id)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .join(PeerExpertProfile, PeerExpertProfile.id == MatchProposal.profile_id)
        .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
        .join(User, User.id == ContactRequest.requester_id)
        .where(
            Feedback.do_not_match_again.is_(True),
            Feedback.author_id == PeerExpertProfile.user_id,
            PeerExpertProfile.organisation_id.in_(orgs),
        )
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
    ).all()
    return [NotAgain(f, p, u) for f, p, u in rows]


# --------------------------------------------------------------------------- guardian consent

#: Distinct guardian addresses one account may have PeerMatch write to per 24 hours: enough
#: for a typo and a second parent, too few to turn consent emails into a mailing tool.
GUARDIAN_ADDRESSES_PER_DAY = 3
GUARDIAN_RELATIONS = ("parent", "guardian", "other")


class TooManyGuardianEmails(DomainError):
    status = 429


def check_guardian_email_allowance(
    session: Session, youth: User, address: str, *, now: dt.datetime
) -> None:
    """Refuse a new guardian address once the account reached today's allowance; withdrawing
    and re-creating requests does not reset it, because it counts every submitted request."""
    since = now - dt.timedelta(days=1)
    used = set(
        session.scalars(
            select(ContactRequest.guardian_email).where(
                ContactRequest.requester_id == youth.id,
                ContactRequest.guardian_email.is_not(None),
                ContactRequest.submitted_at >= since,
            )
        )
    )
    if address not in used and len(used) >= GUARDIAN_ADDRESSES_PER_DAY:
        raise TooManyGuardianEmails(
            "request.error.guardian_email_limit", max=GUARDIAN_ADDRESSES_PER_DAY
        )


def guardian_statement(name: str | None, relation: str | None) -> tuple[str, str]:
    """The guardian states who they are before consenting; both parts are required."""
    stated = (name or "").strip()
    if not stated or len(stated) > 120 or "\x00" in stated:
        raise InvalidInput("request.error.guardian_statement_name")
    if relation not in GUARDIAN_RELATIONS:
        raise InvalidInput("request.error.guardian_statement_relation")
    return stated, relation
