"""Who takes part in a match and in which role: the facts every booking use case starts from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnExpressionArgument, Select, func, select
from sqlalchemy.orm import Session, joinedload

from peermatch.booking import (
    Action,
    Actor,
    BookingError,
    BookingPolicy,
    Decision,
    SessionFacts,
    SessionState,
    Side,
    TimeSlot,
    can_book_another,
    next_state,
    request_expires_at,
    sessions_used,
)
from peermatch.models import (
    Booking,
    BookingEvent,
    ContactRequest,
    MatchProposal,
    Organisation,
    PeerExpertProfile,
    TeamMembership,
    User,
)
from peermatch.models.enums import BookingStatus, ParticipantRole, ProposalStatus, RequestKind
from peermatch.services import accounts
from peermatch.services.booking_errors import BookingRefused, from_core
from peermatch.services.errors import NotFound

ACTIVE_STATUSES = frozenset({BookingStatus.HELD, BookingStatus.CONFIRMED})
PICK_WEEKS = 3  # how far ahead the pick page looks
NEXT_FREE_SHOWN = 3
_PROPOSING_ACTIONS = ("propose_times", "counter_propose")


# --------------------------------------------------------------------------- context


@dataclass(frozen=True, slots=True)
class Seat:
    """One person's place in a session and the time their buffers add around it."""

    user: User
    role: ParticipantRole
    before: dt.timedelta = dt.timedelta(0)
    after: dt.timedelta = dt.timedelta(0)


@dataclass(slots=True)
class Match:
    """An approved match and everything booking needs to know about it."""

    proposal: MatchProposal
    request: ContactRequest
    profiles: list[PeerExpertProfile]  # several for a team session with more peer experts
    organisation: Organisation | None
    policy: BookingPolicy
    seats: list[Seat] = field(default_factory=list)

    @property
    def peer_user_ids(self) -> set[int]:
        return {p.user_id for p in self.profiles}

    @property
    def is_team_session(self) -> bool:
        return len(self.profiles) > 1


def planned_mode(match: Match) -> str | None:
    """How a new session of this match meets: the requester's first wish, else the peer
    expert's; the confirm step shows the same answer the booking will store."""
    return next(iter(match.request.modes or match.proposal.profile.modes), None)


def policy_for(proposal: MatchProposal, organisation: Organisation | None) -> BookingPolicy:
    """The organisation's settings as the pure core's policy; a coordinator's trajectory
    length on the match overrides the organisation default."""
    max_sessions = proposal.max_sessions
    if organisation is None:
        return BookingPolicy(
            first_session_needs_approval=False,
            trajectory_max_sessions=max_sessions or 5,
        )
    return BookingPolicy(
        first_session_needs_approval=organisation.first_session_needs_approval,
        reschedule_needs_approval=organisation.reschedule_needs_approval,
        hold_hours=organisation.hold_hours,
        min_notice_hours=organisation.late_cancellation_hours,
        trajectory_max_sessions=max_sessions or organisation.trajectory_max_sessions,
        request_expiry_hours=organisation.proposal_response_hours,
    )


def _shares_a_team_session(request: ContactRequest) -> bool:
    """A team request that asked for more peer experts: its match holds every approved one."""
    return request.kind is RequestKind.TEAM and request.peer_experts_wanted > 1


def _co_profiles_query(request_ids: Collection[int]) -> Select[int, PeerExpertProfile]:
    return (
        select(MatchProposal.request_id, PeerExpertProfile)
        .join(MatchProposal, MatchProposal.profile_id == PeerExpertProfile.id)
        .where(
            MatchProposal.request_id.in_(request_ids),
            MatchProposal.status == ProposalStatus.APPROVED,
        )
        .order_by(MatchProposal.id)
    )


def _load_match(session: Session, proposal: MatchProposal) -> Match:
    request = proposal.request
    profiles = [proposal.profile]
    if _shares_a_team_session(request):
        profiles = [profile for _id, profile in session.execute(_co_profiles_query([request.id]))]
    return _match(proposal, profiles)


#: What building a Match reads from a proposal, joined into a list's own query so that
#: every row's match costs no statement of its own. The people in it are shown by name
#: only: their roles (a load of its own per path) are left for whoever asks, and no one does.
MATCH_LOADS = (
    joinedload(MatchProposal.request).options(
        joinedload(ContactRequest.requester).lazyload(User.roles),
        joinedload(ContactRequest.organisation),
    ),
    joinedload(MatchProposal.profile).options(
        joinedload(PeerExpertProfile.user).lazyload(User.roles),
        joinedload(PeerExpertProfile.organisation),
    ),
)


def _load_matches(session: Session, proposals: Iterable[MatchProposal]) -> dict[int, Match]:
    """The matches of many proposals (loaded with ``MATCH_LOADS``), by proposal id, equal to
    ``_load_match`` of each: the peer experts of every shared team session come in one query
    instead of one per row, so a list costs the same statements for few or many."""
    by_id = {p.id: p for p in proposals}
    shared = {p.request_id for p in by_id.values() if _shares_a_team_session(p.request)}
    co_profiles: dict[int, list[PeerExpertProfile]] = {i: [] for i in shared}
    if shared:
        rows = session.execute(
            _co_profiles_query(shared).options(
                joinedload(PeerExpertProfile.user).lazyload(User.roles),
                joinedload(PeerExpertProfile.organisation),
            )
        )
        for request_id, profile in rows:
            co_profiles[request_id].append(profile)
    return {
        i: _match(p, co_profiles[p.request_id] if p.request_id in shared else [p.profile])
        for i, p in by_id.items()
    }


def _match(proposal: MatchProposal, profiles: list[PeerExpertProfile]) -> Match:
    request = proposal.request
    organisation = proposal.profile.organisation or request.organisation
    match = Match(proposal, request, profiles, organisation, policy_for(proposal, organisation))
    role = (
        ParticipantRole.YOUTH if request.kind is RequestKind.YOUTH else ParticipantRole.TEAM_MEMBER
    )
    match.seats.append(Seat(request.requester, role))
    for profile in profiles:
        match.seats.append(
            Seat(
                profile.user,
                ParticipantRole.PEER_EXPERT,
                dt.timedelta(minutes=profile.buffer_before_minutes),
                dt.timedelta(minutes=profile.buffer_after_minutes),
            )
        )
    return match


def _is_team_member(session: Session, request: ContactRequest, user: User) -> bool:
    if request.team_id is None:
        return False
    return session.get(TeamMembership, {"team_id": request.team_id, "user_id": user.id}) is not None


def coordinates(user: User, match: Match) -> bool:
    orgs = {p.organisation_id for p in match.profiles} | {match.request.organisation_id}
    return accounts.coordinates_any(user, orgs)


def actor_for(session: Session, match: Match, user: User, *, in_team: bool | None = None) -> Actor:
    """How ``user`` stands in this match; strangers get ``NotFound`` so nothing leaks.
    ``in_team`` is whether they belong to the request's team, when a list already knows it
    for every row (else it is looked up)."""
    if user.id in match.peer_user_ids:
        return Actor.PEER_EXPERT
    if user.id == match.request.requester_id:
        return Actor.YOUTH if match.request.kind is RequestKind.YOUTH else Actor.TEAM_MEMBER
    if in_team is None:
        in_team = _is_team_member(session, match.request, user)
    if in_team:
        return Actor.TEAM_MEMBER
    if coordinates(user, match):
        return Actor.COORDINATOR
    raise NotFound("booking.error.not_found")


def _open_match(session: Session, proposal_id: int, user: User) -> tuple[Match, Actor]:
    proposal = session.get(MatchProposal, proposal_id)
    if proposal is None:
        raise NotFound("booking.error.match_not_found")
    match = _load_match(session, proposal)
    try:
        actor = actor_for(session, match, user)
    except NotFound:
        raise NotFound("booking.error.match_not_found") from None
    if proposal.status is not ProposalStatus.APPROVED:
        raise BookingRefused("booking.error.match_not_open")
    return match, actor


def _booking_match(session: Session, booking_id: int, user: User) -> tuple[Booking, Match, Actor]:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound("booking.error.not_found")
    match = _load_match(session, booking.proposal)
    return booking, match, actor_for(session, match, user)


# --------------------------------------------------------------------------- facts


def _duration(booking: Booking) -> dt.timedelta:
    return booking.ends_at - booking.starts_at


def _proposals(booking: Booking) -> tuple[TimeSlot, ...]:
    length = _duration(booking)
    starts = (dt.datetime.fromisoformat(s) for s in booking.proposed_times)
    return tuple(TimeSlot(s, s + length) for s in starts)


def _session_number(session: Session, booking: Booking) -> int:
    earlier = session.scalars(
        select(Booking.status).where(
            Booking.proposal_id == booking.proposal_id, Booking.id < booking.id
        )
    )
    return sessions_used(SessionState(s.value) for s in earlier) + 1


def _session_numbers(session: Session, bookings: Collection[Booking]) -> dict[int, int]:
    """``_session_number`` of many bookings, by booking id, from one query over their matches."""
    if not bookings:
        return {}
    rows = session.execute(
        select(Booking.proposal_id, Booking.id, Booking.status).where(
            Booking.proposal_id.in_({b.proposal_id for b in bookings})
        )
    )
    by_match: dict[int, list[tuple[int, BookingStatus]]] = {}
    for proposal_id, booking_id, status in rows:
        by_match.setdefault(proposal_id, []).append((booking_id, status))
    return {
        b.id: sessions_used(
            SessionState(s.value) for i, s in by_match.get(b.proposal_id, []) if i < b.id
        )
        + 1
        for b in bookings
    }


def _asked_at(booking_id: int | ColumnExpressionArgument[int]) -> Select[dt.datetime]:
    """When the times now waiting for an answer were proposed (the last proposing event)."""
    return select(func.max(BookingEvent.at)).where(
        BookingEvent.booking_id == booking_id, BookingEvent.action.in_(_PROPOSING_ACTIONS)
    )


#: The asking time of each listed booking, as a column of the list's own query (no query
#: per row); only a requested booking's is used.
ASKED_AT = _asked_at(Booking.id).scalar_subquery()


def _facts(
    session: Session,
    booking: Booking,
    match: Match,
    *,
    known: tuple[int, dt.datetime | None] | None = None,
) -> SessionFacts:
    """The facts the state machine checks; ``known`` is (session number, asking time) when
    a list loaded them for all its rows at once (see ``_session_numbers`` and ``ASKED_AT``)."""
    state = SessionState(booking.status.value)
    proposals = _proposals(booking) if state is SessionState.REQUESTED else ()
    awaiting: Side | None = None
    expires: dt.datetime | None = None
    if state is SessionState.REQUESTED:
        proposer_is_peer = booking.proposed_by_id in match.peer_user_ids
        awaiting = Side.YOUTH if proposer_is_peer else Side.PEER_EXPERT
        asked_at = known[1] if known is not None else session.scalar(_asked_at(booking.id))
        if asked_at is not None and proposals:
            expires = request_expires_at(asked_at, proposals, match.policy)
    return SessionFacts(
        session_number=known[0] if known is not None else _session_number(session, booking),
        sequence=booking.sequence,
        proposals=proposals,
        awaiting=awaiting,
        slot=None
        if state is SessionState.REQUESTED
        else TimeSlot(booking.starts_at, booking.ends_at),
        hold_expires_at=booking.held_until,
        request_expires_at=expires,
    )


def _decide(
    current: SessionState | None,
    action: Action,
    actor: Actor,
    match: Match,
    *,
    now: dt.datetime,
    facts: SessionFacts | None = None,
    **kwargs: object,
) -> Decision:
    try:
        return next_state(current, action, actor, match.policy, now=now, facts=facts, **kwargs)  # type: ignore[arg-type]
    except BookingError as err:
        raise from_core(err) from err


def _next_session_number(session: Session, match: Match) -> int:
    if match.proposal.closed_at is not None:
        raise BookingRefused("booking.error.trajectory_closed")
    states = session.scalars(select(Booking.status).where(Booking.proposal_id == match.proposal.id))
    used = sessions_used(SessionState(s.value) for s in states)
    if not can_book_another(used, match.policy.trajectory_max_sessions):
        raise BookingRefused(
            "booking.error.trajectory_full", max=match.policy.trajectory_max_sessions
        )
    return used + 1
