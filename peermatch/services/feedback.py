"""Short feedback after a session, and what matching may learn from it.

A youth's feedback is for coordinators; the peer expert only ever sees an anonymous
aggregate, and only from ``MIN_FOR_AGGREGATE`` feedbacks on, so no single answer can be
traced back to a youth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from peermatch.models import (
    Booking,
    Feedback,
    MatchProposal,
    PeerExpertProfile,
    User,
)
from peermatch.models.enums import BookingStatus, ParticipantRole
from peermatch.services import accounts
from peermatch.services.bookings import booking_context
from peermatch.services.errors import Conflict, InvalidInput, NotFound
from peermatch.services.safeguarding import coordinator_note, may_ask_not_to_meet_again

MIN_FOR_AGGREGATE = 3
COMMENT_MAX = 500


def give_feedback(
    session: Session,
    booking_id: int,
    user: User,
    *,
    rating: int,
    comment: str | None,
    do_not_match_again: bool = False,
    note: str | None = None,
    now: dt.datetime,
) -> Feedback:
    """Once per person per held session. Both sides may ask not to be matched again (see
    ``safeguarding.may_ask_not_to_meet_again``); a peer expert may add a note that only
    coordinators read."""
    booking, _match, _actor = booking_context(session, booking_id, user)
    part = next((p for p in booking.participants if p.user_id == user.id), None)
    if part is None or booking.status is not BookingStatus.COMPLETED:
        raise Conflict("booking.error.feedback_not_possible")
    if not 1 <= rating <= 5:
        raise InvalidInput("booking.error.rating_range")
    exists = session.scalar(
        select(Feedback.id).where(Feedback.booking_id == booking.id, Feedback.author_id == user.id)
    )
    if exists is not None:
        raise Conflict("booking.error.feedback_given")
    feedback = Feedback(
        booking_id=booking.id,
        author_id=user.id,
        author_role=part.role,
        rating=rating,
        comment=(comment or "").strip()[:COMMENT_MAX] or None,
        do_not_match_again=do_not_match_again and may_ask_not_to_meet_again(part.role),
        coordinator_note=coordinator_note(part.role, do_not_match_again, note),
        created_at=now,
    )
    session.add(feedback)
    session.flush()
    return feedback


def may_give_feedback(session: Session, booking: Booking, user: User) -> bool:
    if booking.status is not BookingStatus.COMPLETED:
        return False
    if not any(p.user_id == user.id for p in booking.participants):
        return False
    return (
        session.scalar(
            select(Feedback.id).where(
                Feedback.booking_id == booking.id, Feedback.author_id == user.id
            )
        )
        is None
    )


@dataclass(frozen=True, slots=True)
class Aggregate:
    count: int
    average: float


def _youth_feedback_on(profile_id: int):  # type: ignore[no-untyped-def]
    return (
        select(Feedback)
        .join(Booking, Booking.id == Feedback.booking_id)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .where(
            MatchProposal.profile_id == profile_id,
            Feedback.author_role != ParticipantRole.PEER_EXPERT,
        )
    )


def aggregate_for_peer_expert(session: Session, profile: PeerExpertProfile) -> Aggregate | None:
    """What a peer expert sees: count and average, never single answers, and nothing at
    all below the threshold."""
    rows = list(session.scalars(_youth_feedback_on(profile.id)))
    if len(rows) < MIN_FOR_AGGREGATE:
        return None
    return Aggregate(len(rows), round(sum(f.rating for f in rows) / len(rows), 1))


def feedback_for_coordinator(
    session: Session, coordinator: User, profile_id: int
) -> list[Feedback]:
    """Single answers about a peer expert, for coordinators of their organisation only."""
    profile = session.get(PeerExpertProfile, profile_id)
    mine = accounts.coordinator_organisation_ids(coordinator)
    if profile is None or profile.organisation_id not in mine:
        raise NotFound("booking.error.not_found")
    return list(session.scalars(_youth_feedback_on(profile.id).order_by(Feedback.id)))


def continuity_ratings(
    session: Session, youth_id: int, profile_ids: Iterable[int] | Select[int] | None
) -> dict[int, float]:
    """THE continuity rating: the best rating (1-5) this youth gave each peer expert after a
    session together; one statement for any number of peer experts (ids, a query selecting
    ids, or None for all of them), so matching can ask for every candidate at once. Peer
    experts never rated are left out.

    The best, not the average: one disappointing session should not undo a good match the
    youth may want to continue, and continuity can only ever raise a score.
    """
    query = (
        select(MatchProposal.profile_id, func.max(Feedback.rating))
        .join(Booking, Booking.id == Feedback.booking_id)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .where(Feedback.author_id == youth_id)
        .group_by(MatchProposal.profile_id)
    )
    if isinstance(profile_ids, Select):
        query = query.where(MatchProposal.profile_id.in_(profile_ids))
    elif profile_ids is not None:
        query = query.where(MatchProposal.profile_id.in_(list(profile_ids)))
    return {
        profile_id: float(rating)
        for profile_id, rating in session.execute(query)
        if rating is not None
    }


def continuity_rating(session: Session, youth_id: int, profile_id: int) -> float | None:
    """The continuity rating of one pair (see ``continuity_ratings``), None when never rated."""
    return continuity_ratings(session, youth_id, [profile_id]).get(profile_id)


def blocked_pairs(session: Session, youth_ids: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """(youth user id, peer expert profile id) pairs a youth asked never to be matched again:
    the matching service's hard filter."""
    query = (
        select(Feedback.author_id, MatchProposal.profile_id)
        .join(Booking, Booking.id == Feedback.booking_id)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .where(
            Feedback.do_not_match_again.is_(True),
            Feedback.author_role != ParticipantRole.PEER_EXPERT,  # theirs: blocking_requester
        )
    )
    if youth_ids is not None:
        query = query.where(Feedback.author_id.in_(list(youth_ids)))
    return {(youth, profile) for youth, profile in session.execute(query)}


def own_feedback(session: Session, booking_id: int, user: User) -> Feedback:
    """What this person sent about one session, for their thank-you page; anybody else's
    (or none yet) is a 404, so the page never shows someone else's words."""
    found = session.scalar(
        select(Feedback).where(Feedback.booking_id == booking_id, Feedback.author_id == user.id)
    )
    if found is None:
        raise NotFound("booking.error.not_found")
    return found


@dataclass(frozen=True, slots=True)
class MatchFeedback:
    """The answers about one match's sessions (both sides), for coordinators."""

    proposal_id: int
    answers: list[Feedback]

    @property
    def average(self) -> float:
        return round(sum(f.rating for f in self.answers) / len(self.answers), 1)


def feedback_by_match(session: Session, coordinator: User, profile_id: int) -> list[MatchFeedback]:
    """Every answer about a peer expert's matches, grouped per match (newest match first),
    for the coordinators of their organisation only; one statement however many matches."""
    profile = session.get(PeerExpertProfile, profile_id)
    mine = accounts.coordinator_organisation_ids(coordinator)
    if profile is None or profile.organisation_id not in mine:
        raise NotFound("match.error.not_found")
    rows = session.execute(
        select(MatchProposal.id, Feedback)
        .join(Booking, Booking.id == Feedback.booking_id)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .where(MatchProposal.profile_id == profile_id)
        .order_by(MatchProposal.id.desc(), Feedback.created_at, Feedback.id)
    ).all()
    grouped: dict[int, list[Feedback]] = {}
    for proposal_id, answer in rows:
        grouped.setdefault(proposal_id, []).append(answer)
    return [MatchFeedback(pid, answers) for pid, answers in grouped.items()]
