"""A trajectory of sessions within one match: extend or close it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.booking import SessionState, sessions_used
from peermatch.models import Booking, MatchProposal, User
from peermatch.models.enums import BookingStatus
from peermatch.services import audit
from peermatch.services.bookings.context import Match, _load_match, _load_matches, coordinates
from peermatch.services.errors import InvalidInput, NotFound
from peermatch.services.notifications import notify


def _coordinated_match(session: Session, proposal_id: int, user: User) -> Match:
    proposal = session.get(MatchProposal, proposal_id)
    if proposal is None:
        raise NotFound("booking.error.match_not_found")
    match = _load_match(session, proposal)
    if not coordinates(user, match):
        raise NotFound("booking.error.match_not_found")
    return match


def extend_trajectory(
    session: Session, proposal_id: int, user: User, *, extra: int, now: dt.datetime
) -> MatchProposal:
    """A coordinator allows ``extra`` more sessions in this match."""
    if not 1 <= extra <= 10:
        raise InvalidInput("booking.error.extend_range", max=10)
    match = _coordinated_match(session, proposal_id, user)
    proposal = match.proposal
    proposal.max_sessions = match.policy.trajectory_max_sessions + extra
    proposal.closed_at = None
    session.flush()
    audit.record(
        session,
        "trajectory.extend",
        actor_id=user.id,
        subject_type="match_proposal",
        subject_id=proposal.id,
        details={"max_sessions": proposal.max_sessions},
    )
    return proposal


def close_trajectory(
    session: Session, proposal_id: int, user: User, *, now: dt.datetime
) -> MatchProposal:
    """A coordinator closes the trajectory: no new sessions; booked ones stay as they are."""
    match = _coordinated_match(session, proposal_id, user)
    match.proposal.closed_at = now
    session.flush()
    audit.record(
        session,
        "trajectory.close",
        actor_id=user.id,
        subject_type="match_proposal",
        subject_id=match.proposal.id,
    )
    notify(
        session, match.request.requester_id, "booking.trajectory_closed", now=now, link="/sessions"
    )
    for profile in match.profiles:
        notify(session, profile.user_id, "booking.trajectory_closed", now=now, link="/sessions")
    return match.proposal


@dataclass(frozen=True, slots=True)
class Trajectory:
    proposal: MatchProposal
    used: int
    max_sessions: int

    @property
    def closed(self) -> bool:
        return self.proposal.closed_at is not None


def trajectories_of(session: Session, proposals: Sequence[MatchProposal]) -> list[Trajectory]:
    """``trajectory_of`` each proposal (loaded with ``MATCH_LOADS``), from one query for the
    states of all their sessions, so a list of matches costs the same for few or many."""
    matches = _load_matches(session, proposals)
    states: dict[int, list[BookingStatus]] = {p.id: [] for p in proposals}
    if states:
        rows = session.execute(
            select(Booking.proposal_id, Booking.status).where(Booking.proposal_id.in_(states))
        )
        for proposal_id, status in rows:
            states[proposal_id].append(status)
    return [
        Trajectory(
            p,
            sessions_used(SessionState(s.value) for s in states[p.id]),
            matches[p.id].policy.trajectory_max_sessions,
        )
        for p in proposals
    ]


def trajectory_of(session: Session, proposal: MatchProposal) -> Trajectory:
    match = _load_match(session, proposal)
    states = session.scalars(select(Booking.status).where(Booking.proposal_id == proposal.id))
    return Trajectory(
        proposal,
        sessions_used(SessionState(s.value) for s in states),
        match.policy.trajectory_max_sessions,
    )
