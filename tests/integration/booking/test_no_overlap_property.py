"""Property, through the real service and database: whatever allowed actions random people
take at random times, nobody ends up with two active sessions whose blocks overlap.

A session blocks each participant's time: the peer expert's with their own buffers around
it, the requester's without (buffers are the peer expert's rest, see ``Seat``). That is the
rule of ``peermatch.booking.overlap`` applied per person, and what PostgreSQL's exclusion
constraint on ``booking_participants`` enforces. The check below recomputes the blocks from
the sessions and profiles, independently of what the service stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import combinations

from flask import Flask
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import Booking, MatchProposal, PeerExpertProfile, User
from peermatch.models.enums import BookingStatus, Role
from peermatch.services import bookings
from peermatch.services.errors import DomainError
from tests.factories import make_coordinator, make_organisation, make_user
from tests.integration.booking.builders import NOW, approved_match, at, peer_expert

ACTIVE = (BookingStatus.HELD, BookingStatus.CONFIRMED)
STARTS = [
    at(day, hour, minute) for day in range(3) for hour in (9, 10, 11, 14) for minute in (0, 30)
]
LATER = [dt.timedelta(0), dt.timedelta(hours=3), dt.timedelta(days=1), dt.timedelta(days=2)]


@dataclass
class Cast:
    coordinator: User
    peers: list[PeerExpertProfile]
    youths: list[User]
    matches: dict[tuple[int, int], MatchProposal]  # (youth index, peer index)


def _cast(session: Session, needs_approval: bool) -> Cast:
    org = make_organisation(session, first_session_needs_approval=needs_approval)
    coordinator = make_coordinator(session, org)
    peers = [
        peer_expert(session, org, buffer_before_minutes=15, buffer_after_minutes=15,
                    session_lengths=[60]),
        peer_expert(session, org, buffer_before_minutes=0, buffer_after_minutes=30,
                    session_lengths=[90]),
    ]  # fmt: skip
    youths = [make_user(session, Role.YOUTH) for _ in range(3)]
    matches = {
        (y, p): approved_match(session, profile, youth)
        for y, youth in enumerate(youths)
        for p, profile in enumerate(peers)
    }
    return Cast(coordinator, peers, youths, matches)


def _blocks_by_person(session: Session) -> dict[int, list[tuple[int, dt.datetime, dt.datetime]]]:
    """Every person's active blocks, recomputed from session times and profile buffers."""
    buffers = {
        p.user_id: (dt.timedelta(minutes=p.buffer_before_minutes),
                    dt.timedelta(minutes=p.buffer_after_minutes))
        for p in session.scalars(select(PeerExpertProfile))
    }  # fmt: skip
    blocks: dict[int, list[tuple[int, dt.datetime, dt.datetime]]] = {}
    for booking in session.scalars(select(Booking).where(Booking.status.in_(ACTIVE))):
        peer_ids = {booking.proposal.profile.user_id}
        for part in booking.participants:
            before, after = buffers[part.user_id] if part.user_id in peer_ids else (
                dt.timedelta(0), dt.timedelta(0))  # fmt: skip
            start, end = booking.starts_at - before, booking.ends_at + after
            # What the database guards must be the same block.
            assert part.active and (part.block_start, part.block_end) == (start, end)
            blocks.setdefault(part.user_id, []).append((booking.id, start, end))
    for booking in session.scalars(select(Booking).where(Booking.status.not_in(ACTIVE))):
        assert not any(part.active for part in booking.participants)
    return blocks


def _assert_no_overlaps(session: Session) -> None:
    for person, mine in _blocks_by_person(session).items():
        for (a, a_start, a_end), (b, b_start, b_end) in combinations(mine, 2):
            assert not (a_start < b_end and b_start < a_end), (
                f"person {person}: sessions {a} and {b} overlap"
            )


steps = st.lists(
    st.tuples(
        st.sampled_from(["book", "book", "reschedule", "cancel", "complete"]),
        st.integers(0, 99),  # who (youth / match / actor), reduced modulo the choices
        st.integers(0, 99),  # which session or offered slot
        st.sampled_from(STARTS),
        st.sampled_from(LATER),
    ),
    min_size=1,
    max_size=10,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(needs_approval=st.booleans(), plan=steps)
def test_no_sequence_of_allowed_actions_double_books_anyone(
    ctx: Flask,
    db_session: Session,
    needs_approval: bool,
    plan: list[tuple[str, int, int, dt.datetime, dt.timedelta]],
) -> None:
    example = db_session.begin_nested()  # each example starts from an empty world
    try:
        cast = _cast(db_session, needs_approval)
        now = NOW
        for action, who, which, start, later in plan:
            now += later
            attempt = db_session.begin_nested()  # a refused request commits nothing
            try:
                _act(db_session, cast, action, who, which, start, now)
            except DomainError as err:
                attempt.rollback()
                event(f"{action} refused: {err.key}")
            else:
                attempt.commit()
                event(f"{action} done")
            _assert_no_overlaps(db_session)
    finally:
        example.rollback()
        db_session.expunge_all()  # SQLite reuses the rolled-back ids


def _act(
    session: Session,
    cast: Cast,
    action: str,
    who: int,
    which: int,
    start: dt.datetime,
    now: dt.datetime,
) -> None:
    if action == "book":
        youth_index, peer_index = who % len(cast.youths), which % len(cast.peers)
        proposal = cast.matches[(youth_index, peer_index)]
        youth = cast.youths[youth_index]
        if which % 2:  # half the time a time the service offers, else any time at all
            offered = bookings.slots_for_match(session, proposal.id, youth, now=now)
            start = offered[which % len(offered)].start if offered else start
        bookings.book_slot(session, proposal.id, youth, start=start, now=now)
        return
    existing = list(session.scalars(select(Booking).order_by(Booking.id)))
    if not existing:
        return
    booking = existing[which % len(existing)]
    actors = [p.user for p in booking.participants] + [cast.coordinator, cast.youths[0]]
    actor = actors[who % len(actors)]
    if action == "reschedule":
        bookings.reschedule(session, booking.id, actor, start=start, now=now)
    elif action == "cancel":
        bookings.cancel(session, booking.id, actor, reason="Het lukt niet", now=now)
    else:
        bookings.complete(session, booking.id, actor, now=now)
