"""Booking sessions: every transition of a session in one function each.

Legality (who may do what, from which state, when) is decided by the pure state machine in
``peermatch.booking``; this module loads the facts, asks the machine, and persists the
decision with a ``BookingEvent`` for the history. Overlaps are refused twice: a cheap check
here, and the database itself (an exclusion constraint on PostgreSQL; on SQLite the write
starts with ``lock_for_write`` so the check and the insert are atomic). A lost race becomes
``SlotTaken`` with the next free times, never an error page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from peermatch.availability import Interval
from peermatch.booking import (
    ACTIVE_STATES,
    Action,
    Actor,
    BookingError,
    BookingPolicy,
    Decision,
    Invitation,
    ParticipantResponse,
    SessionFacts,
    SessionState,
    Side,
    TeamOutcome,
    TimeSlot,
    can_book_another,
    next_state,
    request_expires_at,
    respond,
    sessions_used,
    side_of,
    team_outcome,
)
from peermatch.booking.timing import bookable_between
from peermatch.db import lock_for_write
from peermatch.models import (
    Booking,
    BookingEvent,
    BookingParticipant,
    ContactRequest,
    MatchProposal,
    Organisation,
    PeerExpertProfile,
    TeamMembership,
    User,
)
from peermatch.models.enums import (
    BookingStatus,
    ParticipantRole,
    ProfileStatus,
    ProposalStatus,
    RequestKind,
    Role,
)
from peermatch.notifications.session_emails import Change, queue_session_email
from peermatch.services import audit
from peermatch.services.availability import free_slots_for_many, requester_windows_for
from peermatch.services.booking_errors import BookingRefused, SlotTaken, from_core
from peermatch.services.errors import Forbidden, InvalidInput, NotFound
from peermatch.services.notifications import notify

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


def _load_match(session: Session, proposal: MatchProposal) -> Match:
    request = proposal.request
    profiles = [proposal.profile]
    if request.kind is RequestKind.TEAM and request.peer_experts_wanted > 1:
        profiles = list(
            session.scalars(
                select(PeerExpertProfile)
                .join(MatchProposal, MatchProposal.profile_id == PeerExpertProfile.id)
                .where(
                    MatchProposal.request_id == request.id,
                    MatchProposal.status == ProposalStatus.APPROVED,
                )
                .order_by(MatchProposal.id)
            )
        )
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
    if not user.has_role(Role.COORDINATOR):
        return False
    mine = {m.organisation_id for m in user.memberships if m.role.value == "coordinator"}
    orgs = {p.organisation_id for p in match.profiles} | {match.request.organisation_id}
    return bool(mine & orgs)


def actor_for(session: Session, match: Match, user: User) -> Actor:
    """How ``user`` stands in this match; strangers get ``NotFound`` so nothing leaks."""
    if user.id in match.peer_user_ids:
        return Actor.PEER_EXPERT
    if user.id == match.request.requester_id:
        return Actor.YOUTH if match.request.kind is RequestKind.YOUTH else Actor.TEAM_MEMBER
    if _is_team_member(session, match.request, user):
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


def _facts(session: Session, booking: Booking, match: Match) -> SessionFacts:
    state = SessionState(booking.status.value)
    proposals = _proposals(booking) if state is SessionState.REQUESTED else ()
    awaiting: Side | None = None
    expires: dt.datetime | None = None
    if state is SessionState.REQUESTED:
        proposer_is_peer = booking.proposed_by_id in match.peer_user_ids
        awaiting = Side.YOUTH if proposer_is_peer else Side.PEER_EXPERT
        asked_at = session.scalar(
            select(func.max(BookingEvent.at)).where(
                BookingEvent.booking_id == booking.id, BookingEvent.action.in_(_PROPOSING_ACTIONS)
            )
        )
        if asked_at is not None and proposals:
            expires = request_expires_at(asked_at, proposals, match.policy)
    return SessionFacts(
        session_number=_session_number(session, booking),
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


# --------------------------------------------------------------------------- slots


def _session_minutes(match: Match, wanted: int | None) -> int:
    lengths = match.proposal.profile.session_lengths or [60]
    if wanted is None:
        return lengths[0]
    if wanted not in lengths:
        raise InvalidInput("booking.error.length_not_offered")
    return wanted


def _free_for_match(
    session: Session, match: Match, *, now: dt.datetime, minutes: int, weeks: int | None = None
) -> list[Interval]:
    """Free slots every peer expert of the match has in common (the availability service's
    one rule), inside the requester's own windows, without the requester's own sessions."""
    until = now + dt.timedelta(weeks=weeks or max(p.horizon_weeks for p in match.profiles))
    requester = match.request.requester
    windows = requester_windows_for(
        match.request, time_zone=requester.time_zone, now=now, until=until
    )
    per_profile = free_slots_for_many(
        session,
        [p.id for p in match.profiles],
        now=now,
        requester_windows=windows,
        session_minutes=minutes,
        weeks=weeks,
    )
    ordered = per_profile.get(match.profiles[0].id, [])
    common = set(ordered)
    for profile in match.profiles[1:]:
        common &= set(per_profile.get(profile.id, []))
    busy = _active_blocks(session, requester.id)
    return [
        s
        for s in ordered
        if s in common and s.start < until and not any(b < s.end and s.start < e for b, e in busy)
    ]


def _active_blocks(session: Session, user_id: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """What the person's active sessions block (for a requester: the session times, since
    buffers are the peer expert's), the same rows the database's overlap guard reads."""
    rows = session.execute(
        select(BookingParticipant.block_start, BookingParticipant.block_end).where(
            BookingParticipant.user_id == user_id, BookingParticipant.active.is_(True)
        )
    )
    return [(start, end) for start, end in rows]


def slots_for_match(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    now: dt.datetime,
    session_minutes: int | None = None,
    weeks: int = PICK_WEEKS,
) -> list[Interval]:
    """What the requester may pick: free slots of the peer expert(s) inside their windows."""
    match, _actor = _open_match(session, proposal_id, user)
    return _free_for_match(
        session, match, now=now, minutes=_session_minutes(match, session_minutes), weeks=weeks
    )


def slots_for_booking(
    session: Session, booking_id: int, user: User, *, now: dt.datetime
) -> list[Interval]:
    """Free times for a counter-proposal or a reschedule of this session."""
    booking, match, _actor = _booking_match(session, booking_id, user)
    minutes = int(_duration(booking).total_seconds() // 60)
    own = {(booking.starts_at, booking.ends_at)} if booking.status in ACTIVE_STATUSES else set()
    slots = _free_for_match(session, match, now=now, minutes=minutes, weeks=PICK_WEEKS)
    if own:
        # The session's own time does not block its own reschedule; it is simply not offered.
        slots = [s for s in slots if (s.start, s.end) not in own]
    return slots


def _next_free(session: Session, match: Match, *, now: dt.datetime, minutes: int) -> list[Interval]:
    return _free_for_match(session, match, now=now, minutes=minutes)[:NEXT_FREE_SHOWN]


# --------------------------------------------------------------------------- persistence


def _blocks(seat: Seat, start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return start - seat.before, end + seat.after


def _seat_of(match: Match, user_id: int) -> Seat:
    return next(s for s in match.seats if s.user.id == user_id)


def _clashes(
    session: Session, booking_id: int | None, claims: Sequence[tuple[int, dt.datetime, dt.datetime]]
) -> bool:
    for user_id, start, end in claims:
        query = select(BookingParticipant.id).where(
            BookingParticipant.user_id == user_id,
            BookingParticipant.active.is_(True),
            BookingParticipant.block_start < end,
            BookingParticipant.block_end > start,
        )
        if booking_id is not None:
            query = query.where(BookingParticipant.booking_id != booking_id)
        if session.scalar(query.limit(1)) is not None:
            return True
    return False


def _event(
    booking: Booking,
    *,
    action: str,
    previous: BookingStatus | None,
    actor: User | None,
    now: dt.datetime,
    details: dict[str, object] | None = None,
) -> None:
    booking.events.append(
        BookingEvent(
            actor_id=actor.id if actor else None,
            action=action,
            from_status=previous.value if previous else None,
            to_status=booking.status.value,
            details=details or {},
            at=now,
        )
    )


def _apply(booking: Booking, decision: Decision, match: Match) -> None:
    """Write the machine's decision onto the row (in memory; the caller flushes)."""
    booking.status = BookingStatus(decision.new_state.value)
    booking.sequence = decision.sequence
    if decision.slot is not None:
        booking.starts_at, booking.ends_at = decision.slot.start, decision.slot.end
    if decision.new_state is SessionState.REQUESTED:
        booking.proposed_times = [
            p.start.astimezone(dt.UTC).isoformat() for p in decision.proposals
        ]
        first = decision.proposals[0]
        booking.starts_at, booking.ends_at = first.start, first.end
    booking.held_until = (
        decision.hold_expires_at if decision.new_state is SessionState.HELD else None
    )
    if decision.new_state is SessionState.CANCELLED:
        booking.cancelled_late = decision.late
        booking.cancel_reason = decision.reason
    if decision.no_show_side is not None:
        booking.no_show_side = decision.no_show_side.value
    active = decision.new_state in ACTIVE_STATES
    for part in booking.participants:
        seat = _seat_of(match, part.user_id)
        part.block_start, part.block_end = _blocks(seat, booking.starts_at, booking.ends_at)
        part.active = active and part.response != ParticipantResponse.DECLINED.value


def _claim(
    session: Session,
    booking: Booking,
    decision: Decision,
    match: Match,
    *,
    now: dt.datetime,
    is_new: bool = False,
) -> None:
    """Persist a decision; when it makes the session active, the database has the last word.

    Everything earlier is flushed first, so the savepoint holds only this change: a refused
    insert rolls back to it and the transaction stays usable for offering other times.
    """
    minutes = int(_duration(booking).total_seconds() // 60) if not is_new else 0
    if decision.slot is not None:
        minutes = int((decision.slot.end - decision.slot.start).total_seconds() // 60)
    if decision.new_state in ACTIVE_STATES and decision.slot is not None:
        claims = [
            (
                p.user_id,
                *_blocks(_seat_of(match, p.user_id), decision.slot.start, decision.slot.end),
            )
            for p in booking.participants
            if p.response != ParticipantResponse.DECLINED.value
        ]
        if _clashes(session, None if is_new else booking.id, claims):
            raise SlotTaken(_next_free(session, match, now=now, minutes=minutes))
    if not is_new:
        session.flush()
    try:
        with session.begin_nested():
            if is_new:
                session.add(booking)
            _apply(booking, decision, match)
            session.flush()
    except IntegrityError:
        if is_new:
            session.expunge(booking) if booking in session else None
        raise SlotTaken(_next_free(session, match, now=now, minutes=minutes)) from None


def _new_booking(match: Match, actor_user: User, start: dt.datetime, end: dt.datetime) -> Booking:
    profile = match.proposal.profile
    booking = Booking(
        proposal_id=match.proposal.id,
        status=BookingStatus.REQUESTED,
        starts_at=start,
        ends_at=end,
        mode=next(iter(match.request.modes or profile.modes), None),
        meeting_details=profile.meeting_details,
        proposed_times=[],
        proposed_by_id=actor_user.id,
        sequence=0,
    )
    for seat in match.seats:
        block_start, block_end = _blocks(seat, start, end)
        pending = seat.role is ParticipantRole.PEER_EXPERT and match.is_team_session
        booking.participants.append(
            BookingParticipant(
                user_id=seat.user.id,
                role=seat.role,
                response=ParticipantResponse.PENDING.value if pending else "accepted",
                block_start=block_start,
                block_end=block_end,
                active=False,
            )
        )
    return booking


# --------------------------------------------------------------------------- telling people


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
        notify(session, part.user_id, f"booking.{change}", now=now, link=link,
               params={"booking_id": booking.id})  # fmt: skip
        if email:
            _email(session, part.user, change, link=link, booking=booking, now=now)


def _email(
    session: Session, user: User, change: str, *, link: str, booking: Booking, now: dt.datetime
) -> None:
    from peermatch.notifications.emails import send_email

    send_email(
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
        notify(session, part.user_id, f"booking.{change}", now=now, link=link,
               params={"booking_id": booking.id})  # fmt: skip
        queue_session_email(session, booking=booking, recipient=part.user, change=change, now=now)


def _tell_coordinators(
    session: Session, booking: Booking, match: Match, change: str, *, now: dt.datetime
) -> None:
    org_ids = {p.organisation_id for p in match.profiles if p.organisation_id is not None}
    if not org_ids:
        return
    from peermatch.models import OrganisationMembership

    coordinator_ids = session.scalars(
        select(OrganisationMembership.user_id).where(
            OrganisationMembership.organisation_id.in_(org_ids),
            OrganisationMembership.role == "coordinator",
        )
    )
    for user_id in set(coordinator_ids):
        notify(session, user_id, f"booking.{change}", now=now, link="/coordinator/sessions",
               params={"booking_id": booking.id})  # fmt: skip


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


# --------------------------------------------------------------------------- transitions


def _as_slot(start: dt.datetime, minutes: int) -> TimeSlot:
    if start.tzinfo is None:
        raise InvalidInput("booking.error.time_invalid")
    start = start.astimezone(dt.UTC)
    return TimeSlot(start, start + dt.timedelta(minutes=minutes))


def _within_notice_and_horizon(match: Match, slots: Sequence[TimeSlot], now: dt.datetime) -> None:
    """Proposed times obey every peer expert's notice and horizon, like picked slots do."""
    notice = max(p.min_notice_hours for p in match.profiles)
    weeks = min(p.horizon_weeks for p in match.profiles)
    earliest, horizon_end = bookable_between(now, min_notice_hours=notice, horizon_weeks=weeks)
    for slot in slots:
        if slot.start < earliest:
            raise InvalidInput("booking.error.too_soon", hours=notice)
        if slot.start >= horizon_end:
            raise InvalidInput("booking.error.too_far", weeks=max(1, weeks))


def book_slot(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    start: dt.datetime,
    now: dt.datetime,
    session_minutes: int | None = None,
    origin: audit.Origin = audit.SYSTEM,
) -> Booking:
    """The requester picks one of the peer expert's free slots.

    A free slot is the peer expert's standing offer, so picking it is accepting a proposed
    time: the machine resolves it to ``held`` (approval needed) or ``confirmed``. A team
    session with several peer experts instead asks each of them to confirm the time.
    """
    lock_for_write(session)
    match, actor = _open_match(session, proposal_id, user)
    if side_of(actor) is not Side.YOUTH:
        raise Forbidden("booking.error.requester_only")
    minutes = _session_minutes(match, session_minutes)
    slot = _as_slot(start, minutes)
    number = _next_session_number(session, match)
    offered = _free_for_match(session, match, now=now, minutes=minutes)
    if Interval(slot.start, slot.end) not in offered:
        blocked = _clashes(
            session,
            None,
            [(s.user.id, *_blocks(s, slot.start, slot.end)) for s in match.seats],
        )
        if blocked:
            raise SlotTaken(offered[:NEXT_FREE_SHOWN])
        raise InvalidInput("booking.error.not_a_free_slot")
    booking = _new_booking(match, user, slot.start, slot.end)
    if match.is_team_session:
        decision = _decide(None, Action.PROPOSE_TIMES, actor, match, now=now,
                           facts=SessionFacts(session_number=number), proposals=[slot])  # fmt: skip
        action = "propose_times"
    else:
        facts = SessionFacts(session_number=number, proposals=(slot,), awaiting=Side.YOUTH)
        decision = _decide(SessionState.REQUESTED, Action.ACCEPT_TIME, actor, match, now=now,
                           facts=facts, slot=slot)  # fmt: skip
        action = "book_slot"
    _claim(session, booking, decision, match, now=now, is_new=True)
    _event(booking, action=action, previous=None, actor=user, now=now,
           details={"start": slot.start.isoformat()})  # fmt: skip
    session.flush()
    audit.record(session, "booking.book_slot", actor_id=user.id, origin=origin,
                 subject_type="booking", subject_id=booking.id)  # fmt: skip
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def propose_times(
    session: Session,
    proposal_id: int,
    user: User,
    *,
    starts: Sequence[dt.datetime],
    now: dt.datetime,
    session_minutes: int | None = None,
) -> Booking:
    """The requester proposes up to three times of their own for the peer expert to accept."""
    lock_for_write(session)
    match, actor = _open_match(session, proposal_id, user)
    minutes = _session_minutes(match, session_minutes)
    slots = [_as_slot(s, minutes) for s in starts]
    number = _next_session_number(session, match)
    decision = _decide(None, Action.PROPOSE_TIMES, actor, match, now=now,
                       facts=SessionFacts(session_number=number), proposals=slots)  # fmt: skip
    _within_notice_and_horizon(match, decision.proposals, now)
    booking = _new_booking(match, user, decision.proposals[0].start, decision.proposals[0].end)
    _claim(session, booking, decision, match, now=now, is_new=True)
    _event(booking, action="propose_times", previous=None, actor=user, now=now,
           details={"times": list(booking.proposed_times)})  # fmt: skip
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def counter_propose(
    session: Session, booking_id: int, user: User, *, start: dt.datetime, now: dt.datetime
) -> Booking:
    """The side whose turn it is proposes another time; a peer expert offers one of their
    own free slots."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    slot = _as_slot(start, int(_duration(booking).total_seconds() // 60))
    if actor is Actor.PEER_EXPERT:
        free = slots_for_booking(session, booking_id, user, now=now)
        if Interval(slot.start, slot.end) not in free:
            raise InvalidInput("booking.error.not_a_free_slot")
    previous = booking.status
    decision = _decide(SessionState(previous.value), Action.COUNTER_PROPOSE, actor, match,
                       now=now, facts=_facts(session, booking, match), proposals=[slot])  # fmt: skip
    _within_notice_and_horizon(match, [slot], now)
    booking.proposed_by_id = user.id
    _claim(session, booking, decision, match, now=now)
    if match.is_team_session:
        # A new time needs every remaining peer expert's own yes again (the proposer's is
        # given by proposing it), as ``peermatch.booking.team`` requires.
        for part in booking.participants:
            if part.role is ParticipantRole.PEER_EXPERT and part.response != "declined":
                accepted = part.user_id == user.id
                part.response = (
                    ParticipantResponse.ACCEPTED if accepted else ParticipantResponse.PENDING
                ).value
    _event(booking, action="counter_propose", previous=previous, actor=user, now=now,
           details={"times": list(booking.proposed_times)})  # fmt: skip
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def accept_time(
    session: Session, booking_id: int, user: User, *, start: dt.datetime, now: dt.datetime
) -> Booking:
    """The side whose turn it is accepts one of the proposed times. In a team session each
    peer expert confirms for themselves; the time is taken once all remaining have."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    slot = _as_slot(start, int(_duration(booking).total_seconds() // 60))
    previous = booking.status
    facts = _facts(session, booking, match)
    if match.is_team_session and actor is Actor.PEER_EXPERT:
        return _team_answer(session, booking, match, user, slot, facts, accept=True, now=now)
    decision = _decide(SessionState(previous.value), Action.ACCEPT_TIME, actor, match, now=now,
                       facts=facts, slot=slot)  # fmt: skip
    if match.is_team_session and not _all_peers_accepted(booking):
        # The team said yes to a peer expert's time; the other peer experts still answer
        # for themselves before anything is booked.
        booking.proposed_times = [slot.start.isoformat()]
        booking.proposed_by_id = user.id
        _event(booking, action="accept_time", previous=previous, actor=user, now=now,
               details={"start": slot.start.isoformat(), "waiting_for_peer_experts": True})  # fmt: skip
        session.flush()
        _tell(session, booking, match, "team_answer", now=now, skip=user, email=False)
        return booking
    _claim(session, booking, decision, match, now=now)
    _event(booking, action="accept_time", previous=previous, actor=user, now=now,
           details={"start": slot.start.isoformat()})  # fmt: skip
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def _all_peers_accepted(booking: Booking) -> bool:
    peers = [p for p in booking.participants if p.role is ParticipantRole.PEER_EXPERT]
    invitations = tuple(Invitation(p.user_id, ParticipantResponse(p.response)) for p in peers)
    return team_outcome(invitations) is TeamOutcome.READY


def decline_team_session(
    session: Session, booking_id: int, user: User, *, now: dt.datetime
) -> Booking:
    """A peer expert invited to a team session says they cannot join."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    if not match.is_team_session or actor is not Actor.PEER_EXPERT:
        raise BookingRefused("booking.error.not_invited")
    facts = _facts(session, booking, match)
    slot = facts.proposals[0] if facts.proposals else TimeSlot(booking.starts_at, booking.ends_at)
    return _team_answer(session, booking, match, user, slot, facts, accept=False, now=now)


def _team_answer(
    session: Session,
    booking: Booking,
    match: Match,
    user: User,
    slot: TimeSlot,
    facts: SessionFacts,
    *,
    accept: bool,
    now: dt.datetime,
) -> Booking:
    if booking.status is not BookingStatus.REQUESTED:
        raise BookingRefused("booking.error.illegal_transition", state=booking.status.value,
                             action="accept_time")  # fmt: skip
    peers = [p for p in booking.participants if p.role is ParticipantRole.PEER_EXPERT]
    invitations = tuple(Invitation(p.user_id, ParticipantResponse(p.response)) for p in peers)
    answer = ParticipantResponse.ACCEPTED if accept else ParticipantResponse.DECLINED
    if accept and slot not in facts.proposals:
        raise InvalidInput("booking.error.time_not_proposed")
    try:
        invitations = respond(invitations, user.id, answer)
    except BookingError as err:
        raise from_core(err) from err
    for part in peers:
        part.response = next(
            i.response.value for i in invitations if i.peer_expert_id == part.user_id
        )
    if accept and len(facts.proposals) > 1:
        # The first acceptance fixes the time the others answer to.
        booking.proposed_times = [slot.start.isoformat()]
        facts = replace(facts, proposals=(slot,))
    outcome = team_outcome(invitations)
    previous = booking.status
    _event(booking, action="accept_time" if accept else "decline", previous=previous,
           actor=user, now=now)  # fmt: skip
    if outcome is TeamOutcome.WAITING:
        session.flush()
        _tell(session, booking, match, "team_answer", now=now, skip=user, email=False)
        return booking
    if outcome is TeamOutcome.NOBODY_LEFT:
        decision = _decide(SessionState.REQUESTED, Action.CANCEL, Actor.PEER_EXPERT, match,
                           now=now, facts=facts, reason="nobody_left")  # fmt: skip
    else:
        chosen = facts.proposals[0]
        decision = _decide(SessionState.REQUESTED, Action.ACCEPT_TIME, Actor.PEER_EXPERT, match,
                           now=now, facts=facts, slot=chosen)  # fmt: skip
    _claim(session, booking, decision, match, now=now)
    _event(booking, action=decision.action.value, previous=previous, actor=None, now=now)
    session.flush()
    _after_change(session, booking, match, decision, actor_user=None, now=now)
    return booking


def _coordinator_step(
    session: Session, booking_id: int, user: User, action: Action, *, now: dt.datetime,
    reason: str | None = None,
) -> Booking:  # fmt: skip
    lock_for_write(session)
    booking, match, _actor = _booking_match(session, booking_id, user)
    if not coordinates(user, match):
        raise Forbidden("booking.error.coordinator_only")
    previous = booking.status
    decision = _decide(SessionState(previous.value), action, Actor.COORDINATOR, match, now=now,
                       facts=_facts(session, booking, match), reason=reason)  # fmt: skip
    _claim(session, booking, decision, match, now=now)
    booking.cancelled_by_id = user.id if decision.new_state is SessionState.CANCELLED else None
    _event(booking, action=action.value, previous=previous, actor=user, now=now)
    session.flush()
    audit.record(session, f"booking.{action.value}", actor_id=user.id,
                 subject_type="booking", subject_id=booking.id)  # fmt: skip
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def approve_hold(session: Session, booking_id: int, user: User, *, now: dt.datetime) -> Booking:
    """A coordinator approves a held first session (or a held reschedule)."""
    return _coordinator_step(session, booking_id, user, Action.APPROVE_HOLD, now=now)


def reject_hold(
    session: Session, booking_id: int, user: User, *, now: dt.datetime, reason: str | None = None
) -> Booking:
    """A coordinator rejects a held session; the time is released at once."""
    return _coordinator_step(session, booking_id, user, Action.REJECT_HOLD, now=now, reason=reason)


def expire_holds(session: Session, now: dt.datetime) -> int:
    """Release holds nobody approved in time, and lapse requests nobody answered; both
    sides are told. Returns how many sessions were released."""
    lock_for_write(session)
    released = 0
    held = list(
        session.scalars(
            select(Booking).where(Booking.status == BookingStatus.HELD, Booking.held_until <= now)
        )
    )
    requested = list(
        session.scalars(select(Booking).where(Booking.status == BookingStatus.REQUESTED))
    )
    for booking, action in [(b, Action.EXPIRE_HOLD) for b in held] + [
        (b, Action.EXPIRE_REQUEST) for b in requested
    ]:
        match = _load_match(session, booking.proposal)
        facts = _facts(session, booking, match)
        if action is Action.EXPIRE_REQUEST and (
            facts.request_expires_at is None or facts.request_expires_at > now
        ):
            continue
        previous = booking.status
        decision = _decide(SessionState(previous.value), action, Actor.SYSTEM, match, now=now,
                           facts=facts)  # fmt: skip
        _claim(session, booking, decision, match, now=now)
        _event(booking, action=action.value, previous=previous, actor=None, now=now)
        session.flush()
        _tell(session, booking, match, "expired", now=now, email=True)
        released += 1
    return released


def reschedule(
    session: Session, booking_id: int, user: User, *, start: dt.datetime, now: dt.datetime
) -> Booking:
    """Move a confirmed session; it keeps its id, calendar uid and history. Under the
    organisation's policy it goes back to ``held`` for approval, whoever asks."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    slot = _as_slot(start, int(_duration(booking).total_seconds() // 60))
    free = slots_for_booking(session, booking_id, user, now=now)
    if Interval(slot.start, slot.end) not in free and slot != TimeSlot(
        booking.starts_at, booking.ends_at
    ):
        blocked = _clashes(
            session,
            booking.id,
            [(s.user.id, *_blocks(s, slot.start, slot.end)) for s in match.seats],
        )
        if blocked:
            raise SlotTaken(free[:NEXT_FREE_SHOWN])
        raise InvalidInput("booking.error.not_a_free_slot")
    previous = booking.status
    old_start = booking.starts_at
    decision = _decide(SessionState(previous.value), Action.RESCHEDULE, actor, match, now=now,
                       facts=_facts(session, booking, match), slot=slot)  # fmt: skip
    _claim(session, booking, decision, match, now=now)
    _event(booking, action="reschedule", previous=previous, actor=user, now=now,
           details={"from": old_start.isoformat(), "to": slot.start.isoformat(),
                    "late": decision.late})  # fmt: skip
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now, rescheduled=True)
    return booking


def cancel(
    session: Session, booking_id: int, user: User, *, reason: str, now: dt.datetime
) -> Booking:
    """Anyone involved may cancel with a reason; within the notice it is recorded as late."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    previous = booking.status
    decision = _decide(SessionState(previous.value), Action.CANCEL, actor, match, now=now,
                       facts=_facts(session, booking, match), reason=reason)  # fmt: skip
    _claim(session, booking, decision, match, now=now)
    booking.cancelled_by_id = user.id
    _event(booking, action="cancel", previous=previous, actor=user, now=now,
           details={"late": decision.late})  # fmt: skip
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def complete(session: Session, booking_id: int, user: User, *, now: dt.datetime) -> Booking:
    """Mark a confirmed session as held; the last one of the trajectory invites both sides
    to a closing evaluation."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    previous = booking.status
    decision = _decide(SessionState(previous.value), Action.COMPLETE, actor, match, now=now,
                       facts=_facts(session, booking, match))  # fmt: skip
    _claim(session, booking, decision, match, now=now)
    _event(booking, action="complete", previous=previous, actor=user, now=now,
           details={"closing_evaluation": decision.closing_evaluation})  # fmt: skip
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


def mark_no_show(
    session: Session, booking_id: int, user: User, *, side: str, now: dt.datetime
) -> Booking:
    """Record that the other side did not come (never one's own side)."""
    lock_for_write(session)
    booking, match, actor = _booking_match(session, booking_id, user)
    try:
        absent = Side(side)
    except ValueError:
        raise InvalidInput("booking.error.no_show_side_required") from None
    previous = booking.status
    decision = _decide(SessionState(previous.value), Action.MARK_NO_SHOW, actor, match, now=now,
                       facts=_facts(session, booking, match), no_show_side=absent)  # fmt: skip
    _claim(session, booking, decision, match, now=now)
    _event(booking, action="mark_no_show", previous=previous, actor=user, now=now,
           details={"side": absent.value})  # fmt: skip
    session.flush()
    _after_change(session, booking, match, decision, actor_user=user, now=now)
    return booking


# --------------------------------------------------------------------------- meeting details

MEETING_DETAILS_MAX = 1000
_OPEN_STATUSES = frozenset({BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED})


def may_edit_meeting_details(booking: Booking, actor: Actor) -> bool:
    """The peer expert arranges how to meet (a coordinator may help); only while the
    session is still ahead."""
    return actor in (Actor.PEER_EXPERT, Actor.COORDINATOR) and booking.status in _OPEN_STATUSES


def update_meeting_details(
    session: Session,
    booking_id: int,
    user: User,
    *,
    details: str | None,
    now: dt.datetime,
    origin: audit.Origin = audit.SYSTEM,
) -> Booking:
    """Set how this session meets (a video link, an address). Participants are told in the
    app that it changed; the text itself is shown only on the session page, never emailed."""
    booking, match, actor = _booking_match(session, booking_id, user)
    if actor not in (Actor.PEER_EXPERT, Actor.COORDINATOR):
        raise Forbidden("booking.error.meeting_details_peer_only")
    if booking.status not in _OPEN_STATUSES:
        raise BookingRefused("booking.error.meeting_details_closed")
    text = (details or "").strip() or None
    if text is not None and len(text) > MEETING_DETAILS_MAX:
        raise InvalidInput("booking.error.meeting_details_too_long", max=MEETING_DETAILS_MAX)
    if text == booking.meeting_details:
        return booking
    booking.meeting_details = text
    _event(booking, action="meeting_details", previous=booking.status, actor=user, now=now)
    session.flush()
    audit.record(session, "booking.meeting_details", actor_id=user.id, origin=origin,
                 subject_type="booking", subject_id=booking.id)  # fmt: skip
    _tell(session, booking, match, "meeting_details_changed", now=now, skip=user, email=False)
    return booking


# --------------------------------------------------------------------------- trajectories


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
    audit.record(session, "trajectory.extend", actor_id=user.id, subject_type="match_proposal",
                 subject_id=proposal.id, details={"max_sessions": proposal.max_sessions})  # fmt: skip
    return proposal


def close_trajectory(
    session: Session, proposal_id: int, user: User, *, now: dt.datetime
) -> MatchProposal:
    """A coordinator closes the trajectory: no new sessions; booked ones stay as they are."""
    match = _coordinated_match(session, proposal_id, user)
    match.proposal.closed_at = now
    session.flush()
    audit.record(session, "trajectory.close", actor_id=user.id, subject_type="match_proposal",
                 subject_id=match.proposal.id)  # fmt: skip
    notify(session, match.request.requester_id, "booking.trajectory_closed", now=now,
           link="/sessions")  # fmt: skip
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


def trajectory_of(session: Session, proposal: MatchProposal) -> Trajectory:
    match = _load_match(session, proposal)
    states = session.scalars(select(Booking.status).where(Booking.proposal_id == proposal.id))
    return Trajectory(
        proposal,
        sessions_used(SessionState(s.value) for s in states),
        match.policy.trajectory_max_sessions,
    )


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class SessionView:
    """A session as one person may see it, with the actions they may take now."""

    booking: Booking
    actor: Actor
    proposals: tuple[TimeSlot, ...]
    may: frozenset[str]
    meeting_details: str | None
    late_notice: bool

    @property
    def upcoming(self) -> bool:
        return (
            self.booking.status in ACTIVE_STATUSES or self.booking.status is BookingStatus.REQUESTED
        )


def _possible(
    session: Session, booking: Booking, match: Match, actor: Actor, user: User, now: dt.datetime
) -> frozenset[str]:
    """Ask the machine which actions would pass now, so pages never guess a rule."""
    facts = _facts(session, booking, match)
    state = SessionState(booking.status.value)
    may: set[str] = set()
    probes: list[tuple[str, Action, dict[str, object]]] = [
        ("cancel", Action.CANCEL, {"reason": "probe"}),
        ("complete", Action.COMPLETE, {}),
        ("approve", Action.APPROVE_HOLD, {}),
        ("reject", Action.REJECT_HOLD, {}),
    ]
    if facts.proposals:
        probes.append(("accept", Action.ACCEPT_TIME, {"slot": facts.proposals[0]}))
        probes.append(("counter", Action.COUNTER_PROPOSE, {"proposals": [
            TimeSlot(now + dt.timedelta(days=400), now + dt.timedelta(days=400, hours=1))]}))  # fmt: skip
    if facts.slot is not None:
        later = TimeSlot(
            facts.slot.start + dt.timedelta(days=1), facts.slot.end + dt.timedelta(days=1)
        )
        probes.append(("reschedule", Action.RESCHEDULE, {"slot": later}))
        side = side_of(actor)
        if side is not None:
            probes.append(("no_show", Action.MARK_NO_SHOW, {"no_show_side": side.other}))
    for name, action, kwargs in probes:
        if action in (Action.APPROVE_HOLD, Action.REJECT_HOLD) and not coordinates(user, match):
            continue
        acting = Actor.COORDINATOR if name in ("approve", "reject") else actor
        try:
            next_state(state, action, acting, match.policy, now=now, facts=facts, **kwargs)  # type: ignore[arg-type]
        except BookingError:
            continue
        may.add(name)
    if match.is_team_session and actor is Actor.PEER_EXPERT and "accept" in may:
        mine = next((p for p in booking.participants if p.user_id == user.id), None)
        if mine is None or mine.response != ParticipantResponse.PENDING.value:
            may.discard("accept")
        else:
            may.add("decline")
    if may_edit_meeting_details(booking, actor):
        may.add("edit_meeting_details")
    return frozenset(may)


def view_session(session: Session, booking_id: int, user: User, *, now: dt.datetime) -> SessionView:
    booking, match, actor = _booking_match(session, booking_id, user)
    return _view(session, booking, match, actor, user, now)


def _view(
    session: Session, booking: Booking, match: Match, actor: Actor, user: User, now: dt.datetime
) -> SessionView:
    participant = any(p.user_id == user.id for p in booking.participants)
    shows_details = participant or actor is Actor.COORDINATOR
    return SessionView(
        booking=booking,
        actor=actor,
        proposals=_proposals(booking) if booking.status is BookingStatus.REQUESTED else (),
        may=_possible(session, booking, match, actor, user, now),
        meeting_details=booking.meeting_details if shows_details else None,
        late_notice=booking.cancelled_late,
    )


def sessions_for(session: Session, user: User, *, now: dt.datetime) -> list[SessionView]:
    """ "Mijn gesprekken": sessions the person takes part in, and their team's sessions."""
    team_ids = select(TeamMembership.team_id).where(TeamMembership.user_id == user.id)
    mine = select(BookingParticipant.booking_id).where(BookingParticipant.user_id == user.id)
    bookings = session.scalars(
        select(Booking)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
        .where(Booking.id.in_(mine) | ContactRequest.team_id.in_(team_ids))
        .order_by(Booking.starts_at)
    ).unique()
    views = []
    for booking in bookings:
        match = _load_match(session, booking.proposal)
        views.append(_view(session, booking, match, actor_for(session, match, user), user, now))
    return views


def _coordinator_org_ids(user: User) -> set[int]:
    return {m.organisation_id for m in user.memberships if m.role.value == "coordinator"}


def organisation_sessions(session: Session, user: User) -> list[Booking]:
    """Every session of the coordinator's organisations (peer expert's or requester's)."""
    org_ids = _coordinator_org_ids(user)
    if not org_ids:
        return []
    return list(
        session.scalars(
            select(Booking)
            .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
            .join(PeerExpertProfile, PeerExpertProfile.id == MatchProposal.profile_id)
            .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
            .where(
                PeerExpertProfile.organisation_id.in_(org_ids)
                | ContactRequest.organisation_id.in_(org_ids)
            )
            .order_by(Booking.starts_at)
        ).unique()
    )


def held_for_approval(session: Session, user: User) -> list[Booking]:
    return [b for b in organisation_sessions(session, user) if b.status is BookingStatus.HELD]


def upcoming_sessions_for_coordinator(
    session: Session, profile: PeerExpertProfile, *, now: dt.datetime | None = None
) -> list[Booking]:
    """A paused or retired peer expert's sessions that still need resolving."""
    query = (
        select(Booking)
        .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
        .where(
            BookingParticipant.user_id == profile.user_id,
            Booking.status.in_(
                [BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED]
            ),
        )
        .order_by(Booking.starts_at)
    )
    if now is not None:
        query = query.where(Booking.ends_at > now)
    return list(session.scalars(query).unique())


def peer_experts_to_resolve(
    session: Session, user: User, *, now: dt.datetime
) -> list[tuple[PeerExpertProfile, list[Booking]]]:
    """Paused or retired peer experts of the coordinator's organisations with sessions ahead."""
    org_ids = _coordinator_org_ids(user)
    if not org_ids:
        return []
    profiles = session.scalars(
        select(PeerExpertProfile).where(
            PeerExpertProfile.organisation_id.in_(org_ids),
            PeerExpertProfile.status.in_([ProfileStatus.PAUSED, ProfileStatus.RETIRED]),
        )
    )
    result = []
    for profile in profiles:
        upcoming = upcoming_sessions_for_coordinator(session, profile, now=now)
        if upcoming:
            result.append((profile, upcoming))
    return result


def trajectories_for(session: Session, user: User) -> list[Trajectory]:
    """Approved matches of the coordinator's organisations, with their use of sessions."""
    org_ids = _coordinator_org_ids(user)
    if not org_ids:
        return []
    proposals = session.scalars(
        select(MatchProposal)
        .join(PeerExpertProfile, PeerExpertProfile.id == MatchProposal.profile_id)
        .where(
            MatchProposal.status == ProposalStatus.APPROVED,
            PeerExpertProfile.organisation_id.in_(org_ids),
        )
        .order_by(MatchProposal.id)
    )
    return [trajectory_of(session, p) for p in proposals]


def bookable_matches(session: Session, user: User) -> list[Trajectory]:
    """The requester's approved matches that can take another session."""
    team_ids = select(TeamMembership.team_id).where(TeamMembership.user_id == user.id)
    proposals = session.scalars(
        select(MatchProposal)
        .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
        .where(
            MatchProposal.status == ProposalStatus.APPROVED,
            (ContactRequest.requester_id == user.id) | ContactRequest.team_id.in_(team_ids),
        )
        .order_by(MatchProposal.id)
    )
    result = []
    for proposal in proposals:
        trajectory = trajectory_of(session, proposal)
        if not trajectory.closed and trajectory.used < trajectory.max_sessions:
            result.append(trajectory)
    return result


def next_session(session: Session, user: User, *, now: dt.datetime) -> Booking | None:
    return session.scalars(
        select(Booking)
        .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
        .where(
            BookingParticipant.user_id == user.id,
            Booking.status.in_(list(ACTIVE_STATUSES)),
            Booking.ends_at > now,
        )
        .order_by(Booking.starts_at)
        .limit(1)
    ).first()


def booking_context(session: Session, booking_id: int, user: User) -> tuple[Booking, Match, Actor]:
    """A session with its match and how ``user`` stands in it (``NotFound`` for strangers)."""
    return _booking_match(session, booking_id, user)
