"""What a coordinator must see before approving a match: who asks, how old, who consented,
whether the peer expert's VOG covers each planned session, and what happened before.

These are the facts a safeguarding decision rests on; they are gathered here once so the
approval page and the approval list show the same answers. Own words are not part of them:
they are read through the audited path of ``views.view`` only where the page shows them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch import dutch_calendar
from peermatch.booking.timing import TimeSlot
from peermatch.booking.vog import vog_covers
from peermatch.matching.types import MINOR_AUDIENCES
from peermatch.models import Booking, ContactRequest, Feedback, MatchProposal
from peermatch.models.enums import BookingStatus, ParticipantRole, RequestKind
from peermatch.services.disclosure import vog_valid_until
from peermatch.services.matching.request_inputs import audience_of
from peermatch.services.vog_state import VogStatus, vog_status

PLANNED = (BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED)


@dataclass(frozen=True, slots=True)
class PlannedSession:
    booking: Booking
    covered: bool  # the VOG is valid on the session's date (only asked for minors)


@dataclass(frozen=True, slots=True)
class Consent:
    name: str | None
    relation: str | None
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class History:
    earlier_matches: int  # between this requester and this peer expert
    requester_matches: int  # the requester's other matches, with anyone
    not_again: bool  # either side asked not to be matched again
    feedback_count: int
    feedback_average: float | None  # only from three answers, like every other aggregate


@dataclass(frozen=True, slots=True)
class SafetyFacts:
    is_team: bool
    first_name: str
    audience: str  # age band: youth_12_15, youth_16_17, adult_18_plus, team
    minor: bool
    consent: Consent | None
    consent_needed: bool  # 12-15 without a professional's referral
    referred_by: str | None
    vog_today: VogStatus
    vog_until: dt.date | None
    sessions: tuple[PlannedSession, ...] = ()
    history: History | None = None  # None in the list, where only the summary is shown

    @property
    def attention(self) -> bool:
        """Something the coordinator must resolve before approving."""
        vog_missing = self.minor and self.vog_today in (VogStatus.EXPIRED, VogStatus.NONE_ON_FILE)
        return (
            (self.consent_needed and self.consent is None)
            or vog_missing
            or any(not s.covered for s in self.sessions)
            or (self.history is not None and self.history.not_again)
        )


def summary(proposal: MatchProposal, *, now: dt.datetime) -> SafetyFacts:
    """Without a statement of its own (the approval list loads what it reads up front)."""
    request = proposal.request
    profile = proposal.profile
    audience = audience_of(request, now)
    consent = None
    if request.guardian_consented_at is not None:
        consent = Consent(
            request.guardian_consent_name, request.guardian_consent_relation,
            request.guardian_consented_at,
        )  # fmt: skip
    return SafetyFacts(
        is_team=request.kind is RequestKind.TEAM,
        first_name=request.requester.display_name,
        audience=audience,
        minor=audience in MINOR_AUDIENCES,
        consent=consent,
        consent_needed=audience == "youth_12_15" and request.referred_by_id is None,
        referred_by=request.referred_by.display_name if request.referred_by else None,
        vog_today=vog_status(profile.vog_date, dutch_calendar.dutch_date(now)),
        vog_until=vog_valid_until(profile.vog_date),
    )


def safety_facts(session: Session, proposal: MatchProposal, *, now: dt.datetime) -> SafetyFacts:
    """The summary plus the planned sessions' VOG cover and the pair's history."""
    facts = summary(proposal, now=now)
    profile = proposal.profile
    planned = session.scalars(
        select(Booking)
        .where(Booking.proposal_id == proposal.id, Booking.status.in_(PLANNED))
        .order_by(Booking.starts_at)
    ).all()
    sessions = tuple(
        PlannedSession(
            b,
            not facts.minor
            or vog_covers(profile.vog_date, facts.vog_until, TimeSlot(b.starts_at, b.ends_at)),
        )
        for b in planned
    )
    return replace(facts, sessions=sessions, history=_history(session, proposal))


def _history(session: Session, proposal: MatchProposal) -> History:
    requester_id = proposal.request.requester_id
    earlier = session.execute(
        select(MatchProposal.id, MatchProposal.profile_id)
        .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
        .where(ContactRequest.requester_id == requester_id, MatchProposal.id != proposal.id)
    ).all()
    with_this_peer = [row.id for row in earlier if row.profile_id == proposal.profile_id]
    ratings: list[int] = []
    not_again = False
    if with_this_peer:
        rows = session.execute(
            select(Feedback.rating, Feedback.do_not_match_again, Feedback.author_role)
            .join(Booking, Booking.id == Feedback.booking_id)
            .where(Booking.proposal_id.in_(with_this_peer))
        ).all()
        ratings = [r.rating for r in rows if r.author_role is not ParticipantRole.PEER_EXPERT]
        not_again = any(r.do_not_match_again for r in rows)
    counts = Counter(ratings)
    total = sum(counts.values())
    average = round(sum(k * v for k, v in counts.items()) / total, 1) if total >= 3 else None
    return History(
        earlier_matches=len(with_this_peer),
        requester_matches=len(earlier) - len(with_this_peer),
        not_again=not_again,
        feedback_count=total,
        feedback_average=average,
    )
