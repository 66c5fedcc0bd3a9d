"""Read-only views of sessions for each role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, inspect, select, union
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from peermatch.booking import (
    Action,
    Actor,
    BookingError,
    ParticipantResponse,
    SessionFacts,
    SessionState,
    TimeSlot,
    next_state,
    side_of,
)
from peermatch.models import (
    Booking,
    BookingParticipant,
    ContactRequest,
    MatchProposal,
    PeerExpertProfile,
    TeamMembership,
    User,
)
from peermatch.models.enums import BookingStatus, ProfileStatus, ProposalStatus
from peermatch.services import access_log, accounts, audit
from peermatch.services.bookings.context import (
    ACTIVE_STATUSES,
    ASKED_AT,
    MATCH_LOADS,
    Match,
    _booking_match,
    _facts,
    _load_matches,
    _open_match,
    _proposals,
    _session_numbers,
    actor_for,
    coordinates,
    planned_mode,
)
from peermatch.services.bookings.meeting import may_edit_meeting_details
from peermatch.services.bookings.slots import _session_minutes
from peermatch.services.bookings.trajectories import Trajectory, trajectories_of

#: A session's own video room shows on its page from this long before the start: enough to
#: find the link and test sound, not so early that it lies around for days.
ROOM_OPENS_BEFORE = dt.timedelta(minutes=60)


def first_name(display_name: str) -> str:
    return display_name.split()[0] if display_name.strip() else display_name


@dataclass(frozen=True, slots=True)
class Person:
    """Someone else in a session, as a card names them: first name and avatar seed."""

    id: int
    first_name: str


@dataclass(frozen=True, slots=True)
class SessionView:
    """A session as one person may see it, with the actions they may take now."""

    booking: Booking
    actor: Actor
    proposals: tuple[TimeSlot, ...]
    may: frozenset[str]
    meeting_details: str | None
    late_notice: bool
    #: the other people in the session (everyone, for a coordinator)
    others: tuple[Person, ...] = ()
    minutes: int = 0
    #: the session's own video room, only for participants and only from ROOM_OPENS_BEFORE
    room_url: str | None = None
    #: when a participant's room link appears (None: no room, or it shows already)
    room_opens_at: dt.datetime | None = None

    @property
    def with_names(self) -> list[str]:
        return [p.first_name for p in self.others]

    @property
    def upcoming(self) -> bool:
        return (
            self.booking.status in ACTIVE_STATUSES or self.booking.status is BookingStatus.REQUESTED
        )


def _possible(
    facts: SessionFacts,
    booking: Booking,
    match: Match,
    actor: Actor,
    user: User,
    now: dt.datetime,
) -> frozenset[str]:
    """Ask the machine which actions would pass now, so pages never guess a rule."""
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
        probes.append(
            (
                "counter",
                Action.COUNTER_PROPOSE,
                {
                    "proposals": [
                        TimeSlot(
                            now + dt.timedelta(days=400), now + dt.timedelta(days=400, hours=1)
                        )
                    ]
                },
            )
        )
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


def view_session(
    session: Session,
    booking_id: int,
    user: User,
    *,
    now: dt.datetime,
    reveal: audit.Origin | None = None,
) -> SessionView:
    """One session as ``user`` may see it. The meeting details (a video link, an address, a
    phone number) are filled in only with ``reveal`` (the origin of a page or response that
    shows them), and that read goes in the access log; other pages get None."""
    booking, match, actor = _booking_match(session, booking_id, user)
    return _view(session, booking, match, actor, user, now, reveal)


def _meeting_details_read(
    booking: Booking, match: Match, actor: Actor, user: User
) -> tuple[str | None, access_log.Read | None]:
    """The meeting details ``user`` may see, and the access-log line that reading them
    costs (None for the youth or team member whose session it is)."""
    participant = any(p.user_id == user.id for p in booking.participants)
    if not (participant or actor is Actor.COORDINATOR) or booking.meeting_details is None:
        return None, None
    subject_id = match.request.requester_id
    if user.id == subject_id:
        return booking.meeting_details, None
    if actor is Actor.COORDINATOR:
        orgs = accounts.coordinator_organisation_ids(user) & (
            {p.organisation_id for p in match.profiles if p.organisation_id is not None}
            | {match.request.organisation_id}
        )
        organisation_id = min(i for i in orgs if i is not None) if orgs else None
    else:
        mine = [p.organisation_id for p in match.profiles if p.user_id == user.id]
        organisation_id = mine[0] if mine else match.request.organisation_id
    read = access_log.Read(subject_id, organisation_id, "booking", booking.id)
    return booking.meeting_details, read


def _read_meeting_details(
    session: Session,
    booking: Booking,
    match: Match,
    actor: Actor,
    user: User,
    now: dt.datetime,
    origin: audit.Origin,
) -> str | None:
    """THE way meeting details leave the service layer: checked, then access-logged
    (except for the youth or team member whose session it is)."""
    details, read = _meeting_details_read(booking, match, actor, user)
    if read is not None:
        access_log.record(
            session,
            reader=user,
            reader_role=actor.value,
            subject_id=read.subject_id,
            organisation_id=read.organisation_id,
            kind=access_log.MEETING_DETAILS,
            record_type=read.record_type,
            record_id=read.record_id,
            origin=origin,
            now=now,
        )
    return details


def _view(
    session: Session,
    booking: Booking,
    match: Match,
    actor: Actor,
    user: User,
    now: dt.datetime,
    reveal: audit.Origin | None = None,
) -> SessionView:
    details = None
    if reveal is not None:
        details = _read_meeting_details(session, booking, match, actor, user, now, reveal)
    return _assemble(booking, match, actor, user, now, _facts(session, booking, match), details)


def _assemble(
    booking: Booking,
    match: Match,
    actor: Actor,
    user: User,
    now: dt.datetime,
    facts: SessionFacts,
    details: str | None,
) -> SessionView:
    """A session's view from what is loaded already: no queries, so a list can build every
    row from what it loaded for all rows at once."""
    participant = any(p.user_id == user.id for p in booking.participants)
    room_url, opens_at = _room(booking, participant=participant, now=now)
    return SessionView(
        booking=booking,
        actor=actor,
        proposals=_proposals(booking) if booking.status is BookingStatus.REQUESTED else (),
        may=_possible(facts, booking, match, actor, user, now),
        meeting_details=details,
        late_notice=booking.cancelled_late,
        others=tuple(
            Person(p.user_id, first_name(p.user.display_name))
            for p in booking.participants
            if p.user_id != user.id and p.response != ParticipantResponse.DECLINED.value
        ),
        minutes=int((booking.ends_at - booking.starts_at).total_seconds() // 60),
        room_url=room_url,
        room_opens_at=opens_at,
    )


def _room(
    booking: Booking, *, participant: bool, now: dt.datetime
) -> tuple[str | None, dt.datetime | None]:
    """The room link if this participant may use it now, else when it will show."""
    if not participant or not booking.video_room_url:
        return None, None
    if booking.status not in ACTIVE_STATUSES or now >= booking.ends_at:
        return None, None
    opens = booking.starts_at - ROOM_OPENS_BEFORE
    if now < opens:
        return None, opens
    return booking.video_room_url, None


def _load_participants(session: Session, bookings: Sequence[Booking]) -> None:
    """Everyone in these sessions with their names, in one query instead of one per row,
    in the order they joined (by id), as a session's own page lists them. Sessions whose
    people are loaded already keep them."""
    todo = {b.id: b for b in bookings if "participants" in inspect(b).unloaded}
    if not todo:
        return
    found: dict[int, list[BookingParticipant]] = {i: [] for i in todo}
    participants = session.scalars(
        select(BookingParticipant)
        .where(BookingParticipant.booking_id.in_(todo))
        .order_by(BookingParticipant.id)
        .options(joinedload(BookingParticipant.user).lazyload(User.roles))
    )
    for participant in participants:
        found[participant.booking_id].append(participant)
    for booking_id, booking in todo.items():
        set_committed_value(booking, "participants", found[booking_id])


def _sessions_of_person() -> tuple[Select[bool], Select[Booking, bool, dt.datetime]]:
    """Whether the person has any session (their own or their team's), and the sessions.

    Each way of taking part is its own index walk (the person's participations; their teams'
    requests): two ``EXISTS`` for the check, a ``UNION`` for the list. One ``OR`` across the
    join made the database read every booking on every call, so the cost grew with all
    sessions ever held.
    """
    team_ids = select(TeamMembership.team_id).where(TeamMembership.user_id == bindparam("user_id"))
    in_team = ContactRequest.team_id.in_(team_ids)
    booked = (
        select(Booking.id)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
    )
    mine = booked.join(BookingParticipant, BookingParticipant.booking_id == Booking.id).where(
        BookingParticipant.user_id == bindparam("user_id")
    )
    teams = booked.join(TeamMembership, TeamMembership.team_id == ContactRequest.team_id).where(
        TeamMembership.user_id == bindparam("user_id")
    )
    return select(mine.exists() | teams.exists()), (
        select(Booking, in_team, ASKED_AT)
        .join(MatchProposal, MatchProposal.id == Booking.proposal_id)
        .join(ContactRequest, ContactRequest.id == MatchProposal.request_id)
        .where(Booking.id.in_(union(mine, teams)))
        .order_by(Booking.starts_at)
        .options(joinedload(Booking.proposal).options(*MATCH_LOADS))
    )


#: Built once (every "my sessions" page and API call runs them): building the list's
#: statement with its eager loads cost more CPU than running its cached SQL.
_HAS_SESSIONS, _SESSIONS_OF_PERSON = _sessions_of_person()


def sessions_for(
    session: Session, user: User, *, now: dt.datetime, reveal: audit.Origin | None = None
) -> list[SessionView]:
    """ "Mijn gesprekken": sessions the person takes part in, and their team's sessions.

    Each row is what ``view_session`` shows for it, but everything the rows need (matches,
    people, session numbers, asking times) is loaded for all rows at once and the revealed
    meeting details are logged in one insert per role, so five sessions cost the
    statements of one."""
    # Setting up the joined rows costs thousands of calls even for none: a person without
    # sessions (most new youths) answers from one light statement.
    if not session.scalar(_HAS_SESSIONS, {"user_id": user.id}):
        return []
    rows = session.execute(_SESSIONS_OF_PERSON, {"user_id": user.id}).all()
    bookings = [booking for booking, _in_team, _asked in rows]
    _load_participants(session, bookings)
    matches = _load_matches(session, (b.proposal for b in bookings))
    numbers = _session_numbers(session, bookings)
    views = []
    reads: dict[Actor, list[access_log.Read]] = {}
    for booking, booking_in_team, asked_at in rows:
        match = matches[booking.proposal_id]
        actor = actor_for(session, match, user, in_team=bool(booking_in_team))
        details = None
        if reveal is not None:
            details, read = _meeting_details_read(booking, match, actor, user)
            if read is not None:
                reads.setdefault(actor, []).append(read)
        facts = _facts(session, booking, match, known=(numbers[booking.id], asked_at))
        views.append(_assemble(booking, match, actor, user, now, facts, details))
    if reveal is not None:
        for actor, role_reads in reads.items():
            access_log.record_many(
                session, role_reads, reader=user, reader_role=actor.value,
                kind=access_log.MEETING_DETAILS, origin=reveal, now=now,
            )  # fmt: skip
    return views


def organisation_sessions(session: Session, user: User) -> list[Booking]:
    """Every session of the coordinator's organisations (peer expert's or requester's)."""
    org_ids = accounts.coordinator_organisation_ids(user)
    if not org_ids:
        return []
    bookings = list(
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
    _load_participants(session, bookings)  # the list names everyone in each session
    return bookings


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
    """Paused or retired peer experts of the coordinator's organisations with sessions ahead
    (their sessions in one query for all of them, as ``upcoming_sessions_for_coordinator``)."""
    org_ids = accounts.coordinator_organisation_ids(user)
    if not org_ids:
        return []
    profiles = list(
        session.scalars(
            select(PeerExpertProfile)
            .where(
                PeerExpertProfile.organisation_id.in_(org_ids),
                PeerExpertProfile.status.in_([ProfileStatus.PAUSED, ProfileStatus.RETIRED]),
            )
            .options(selectinload(PeerExpertProfile.user).lazyload(User.roles))
        )
    )
    if not profiles:
        return []
    upcoming: dict[int, list[Booking]] = {p.user_id: [] for p in profiles}
    rows = session.execute(
        select(BookingParticipant.user_id, Booking)
        .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
        .where(
            BookingParticipant.user_id.in_(upcoming),
            Booking.status.in_(
                [BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED]
            ),
            Booking.ends_at > now,
        )
        .order_by(Booking.starts_at)
    )
    for user_id, booking in rows:
        if booking not in upcoming[user_id]:
            upcoming[user_id].append(booking)
    return [(p, upcoming[p.user_id]) for p in profiles if upcoming[p.user_id]]


def trajectories_for(session: Session, user: User) -> list[Trajectory]:
    """Approved matches of the coordinator's organisations, with their use of sessions."""
    org_ids = accounts.coordinator_organisation_ids(user)
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
        .options(*MATCH_LOADS)
    )
    return trajectories_of(session, list(proposals))


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
        .options(*MATCH_LOADS)
    )
    return [
        trajectory
        for trajectory in trajectories_of(session, list(proposals))
        if not trajectory.closed and trajectory.used < trajectory.max_sessions
    ]


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


@dataclass(frozen=True, slots=True)
class MatchOutline:
    """Who the requester would meet, how and for how long, before any session exists."""

    names: list[str]
    mode: str | None
    minutes: int


def who_and_how(session: Session, proposal_id: int, user: User) -> MatchOutline:
    """What a new session of this match would be, so the confirm step can say "met Lotte,
    via video" with the same rules the booking itself uses."""
    match, _actor = _open_match(session, proposal_id, user)
    return MatchOutline(
        names=[p.user.display_name for p in match.profiles],
        mode=planned_mode(match),
        minutes=_session_minutes(match, None),
    )
