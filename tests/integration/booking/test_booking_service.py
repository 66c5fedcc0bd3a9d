"""Booking rules as a coordinator would state them, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import Booking, Notification, OutboxMessage
from peermatch.models.enums import BookingStatus, ProfileStatus, RequestKind, Role
from peermatch.services import bookings
from peermatch.services.audit import SYSTEM
from peermatch.services.booking_errors import BookingRefused, SlotTaken
from peermatch.services.errors import Forbidden, InvalidInput, NotFound
from tests.factories import make_coordinator, make_organisation, make_team, make_user
from tests.integration.booking.builders import (
    NOW,
    approve,
    approved_match,
    at,
    peer_expert,
    world,
)
from tests.outbox import render_queued


def _kinds(session: Session, user_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id)
        )
    )


def test_a_youth_books_a_free_slot_and_it_is_confirmed_with_history(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    slots = bookings.slots_for_match(db_session, w.proposal.id, w.youth, now=NOW)
    assert slots and all(s.start >= NOW + dt.timedelta(hours=24) for s in slots)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=slots[0].start, now=NOW)
    assert booking.status is BookingStatus.CONFIRMED
    assert booking.meeting_details == "https://meet.example.org/room-42"
    assert [e.action for e in booking.events] == ["book_slot"]
    assert {p.user_id: p.active for p in booking.participants} == {
        w.youth.id: True,
        w.peer.id: True,
    }
    peer_part = next(p for p in booking.participants if p.user_id == w.peer.id)
    assert peer_part.block_start == booking.starts_at - dt.timedelta(minutes=15)
    assert peer_part.block_end == booking.ends_at + dt.timedelta(minutes=15)
    assert "booking.confirmed" in _kinds(db_session, w.peer.id)
    render_queued(ctx, db_session)
    mails = db_session.scalars(select(OutboxMessage)).all()
    assert mails and all("meet.example.org" not in m.body_text for m in mails)


def test_a_booked_time_is_no_longer_offered_and_the_loser_gets_the_next_free_times(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    other = approved_match(db_session, w.profile)
    bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 10), now=NOW)
    offered = bookings.slots_for_match(db_session, other.id, other.request.requester, now=NOW)
    assert all(not (s.start < at(0, 11, 15) and at(0, 9, 45) < s.end) for s in offered)
    with pytest.raises(SlotTaken) as taken:
        bookings.book_slot(
            db_session, other.id, other.request.requester, start=at(0, 10, 30), now=NOW
        )
    assert taken.value.status == 409
    assert taken.value.next_free and taken.value.next_free[0] == offered[0]


def test_a_time_outside_the_peer_experts_availability_is_refused(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    with pytest.raises(InvalidInput):
        bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(0, 3), now=NOW)


def test_the_first_session_is_held_until_a_coordinator_approves_and_blocks_others(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session, first_session_needs_approval=True, hold_hours=48)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(2, 10), now=NOW)
    assert booking.status is BookingStatus.HELD
    assert booking.held_until == NOW + dt.timedelta(hours=48)
    other = approved_match(db_session, w.profile)
    with pytest.raises(SlotTaken):
        bookings.book_slot(db_session, other.id, other.request.requester, start=at(2, 10), now=NOW)
    assert "booking.needs_approval" in _kinds(db_session, w.coordinator.id)
    with pytest.raises(Forbidden):
        bookings.approve_hold(db_session, booking.id, w.youth, now=NOW)
    bookings.approve_hold(db_session, booking.id, w.coordinator, now=NOW)
    assert booking.status is BookingStatus.CONFIRMED
    # A follow-up in the approved trajectory needs no new approval.
    follow_up = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(4, 10), now=NOW)
    assert follow_up.status is BookingStatus.CONFIRMED


def test_a_rejected_hold_releases_the_time(ctx: Flask, db_session: Session) -> None:
    w = world(db_session, first_session_needs_approval=True)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(2, 10), now=NOW)
    bookings.reject_hold(db_session, booking.id, w.coordinator, now=NOW)
    assert booking.status is BookingStatus.CANCELLED
    assert not any(p.active for p in booking.participants)
    other = approved_match(db_session, w.profile)
    again = bookings.book_slot(
        db_session, other.id, other.request.requester, start=at(2, 10), now=NOW
    )
    assert again.status is BookingStatus.HELD


def test_an_expired_hold_is_released_and_both_sides_are_told(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session, first_session_needs_approval=True, hold_hours=24)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(3, 10), now=NOW)
    assert bookings.expire_holds(db_session, NOW + dt.timedelta(hours=23)) == 0
    assert bookings.expire_holds(db_session, NOW + dt.timedelta(hours=24)) == 1
    assert booking.status is BookingStatus.CANCELLED
    assert booking.events[-1].action == "expire_hold"
    assert "booking.expired" in _kinds(db_session, w.youth.id)
    assert "booking.expired" in _kinds(db_session, w.peer.id)


def test_a_youth_proposes_own_times_and_the_peer_expert_accepts_one(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.propose_times(
        db_session, w.proposal.id, w.youth, starts=[at(1, 19), at(2, 19), at(3, 19)], now=NOW
    )
    assert booking.status is BookingStatus.REQUESTED
    assert not any(p.active for p in booking.participants)
    with pytest.raises(BookingRefused):  # not the youth's turn
        bookings.accept_time(db_session, booking.id, w.youth, start=at(2, 19), now=NOW)
    bookings.accept_time(db_session, booking.id, w.peer, start=at(2, 19), now=NOW)
    assert booking.status is BookingStatus.CONFIRMED
    assert booking.starts_at == at(2, 19)


def test_more_than_three_proposed_times_are_refused(ctx: Flask, db_session: Session) -> None:
    w = world(db_session)
    with pytest.raises(InvalidInput):
        bookings.propose_times(
            db_session, w.proposal.id, w.youth, starts=[at(d, 19) for d in range(4)], now=NOW
        )


def test_a_peer_expert_counter_proposes_one_of_their_free_slots(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.propose_times(
        db_session, w.proposal.id, w.youth, starts=[at(1, 20)], now=NOW
    )
    with pytest.raises(InvalidInput):  # not one of the peer expert's free slots
        bookings.counter_propose(db_session, booking.id, w.peer, start=at(1, 21), now=NOW)
    bookings.counter_propose(db_session, booking.id, w.peer, start=at(1, 10), now=NOW)
    assert booking.proposed_times == [at(1, 10).isoformat()]
    bookings.accept_time(db_session, booking.id, w.youth, start=at(1, 10), now=NOW)
    assert booking.status is BookingStatus.CONFIRMED
    assert [e.action for e in booking.events] == ["propose_times", "counter_propose", "accept_time"]


def test_rescheduling_keeps_identity_and_history_and_bumps_the_sequence(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(2, 10), now=NOW)
    ident, uid, seq = booking.id, booking.ical_uid, booking.sequence
    bookings.reschedule(db_session, booking.id, w.peer, start=at(3, 13), now=NOW)
    assert (booking.id, booking.ical_uid) == (ident, uid)
    assert booking.sequence == seq + 1
    assert booking.starts_at == at(3, 13)
    assert [e.action for e in booking.events] == ["book_slot", "reschedule"]
    assert "booking.rescheduled" in _kinds(db_session, w.youth.id)


def test_a_reschedule_needs_approval_again_when_the_organisation_says_so(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session, reschedule_needs_approval=True)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(2, 10), now=NOW)
    bookings.reschedule(db_session, booking.id, w.coordinator, start=at(3, 13), now=NOW)
    assert booking.status is BookingStatus.HELD


def test_cancelling_within_the_notice_is_allowed_but_recorded_as_late(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session, late_cancellation_hours=24)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(2, 10), now=NOW)
    with pytest.raises(InvalidInput):
        bookings.cancel(db_session, booking.id, w.youth, reason="  ", now=NOW)
    bookings.cancel(db_session, booking.id, w.youth, reason="Ziek", now=at(2, 0))
    assert booking.status is BookingStatus.CANCELLED
    assert booking.cancelled_late is True
    assert booking.cancel_reason == "Ziek"
    assert not any(p.active for p in booking.participants)


def test_an_early_cancellation_is_not_late(ctx: Flask, db_session: Session) -> None:
    w = world(db_session, late_cancellation_hours=24)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(2, 10), now=NOW)
    bookings.cancel(db_session, booking.id, w.peer, reason="Verhinderd", now=NOW)
    assert booking.cancelled_late is False


def test_a_session_is_completed_only_after_it_ended_and_the_last_invites_an_evaluation(
    ctx: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    profile = peer_expert(db_session, org)
    proposal = approved_match(db_session, profile, max_sessions=1)
    youth = proposal.request.requester
    booking = bookings.book_slot(db_session, proposal.id, youth, start=at(1, 10), now=NOW)
    with pytest.raises(BookingRefused):
        bookings.complete(db_session, booking.id, youth, now=at(1, 10, 30))
    bookings.complete(db_session, booking.id, youth, now=at(1, 11))
    assert booking.status is BookingStatus.COMPLETED
    assert "booking.closing_evaluation" in _kinds(db_session, profile.user_id)
    with pytest.raises(BookingRefused) as full:
        bookings.book_slot(db_session, proposal.id, youth, start=at(3, 10), now=NOW)
    assert full.value.key == "booking.error.trajectory_full"


def test_a_coordinator_extends_and_closes_a_trajectory(ctx: Flask, db_session: Session) -> None:
    w = world(db_session, trajectory_max_sessions=1)
    bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    with pytest.raises(BookingRefused):
        bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(3, 10), now=NOW)
    bookings.extend_trajectory(db_session, w.proposal.id, w.coordinator, extra=2, now=NOW)
    assert w.proposal.max_sessions == 3
    bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(3, 10), now=NOW)
    bookings.close_trajectory(db_session, w.proposal.id, w.coordinator, now=NOW)
    with pytest.raises(BookingRefused) as closed:
        bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(5, 10), now=NOW)
    assert closed.value.key == "booking.error.trajectory_closed"


def test_no_show_is_marked_for_the_other_side_after_the_start(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    with pytest.raises(BookingRefused):
        bookings.mark_no_show(db_session, booking.id, w.peer, side="peer_expert", now=at(1, 10, 5))
    bookings.mark_no_show(db_session, booking.id, w.peer, side="youth", now=at(1, 10, 20))
    assert booking.status is BookingStatus.NO_SHOW
    assert booking.no_show_side == "youth"


def test_strangers_and_coordinators_of_other_organisations_see_nothing(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    stranger = make_user(db_session, Role.YOUTH)
    elsewhere = make_coordinator(db_session)
    for user in (stranger, elsewhere):
        with pytest.raises(NotFound):
            bookings.view_session(db_session, booking.id, user, now=NOW)
        with pytest.raises(NotFound):
            bookings.slots_for_match(db_session, w.proposal.id, user, now=NOW)
    with pytest.raises(Forbidden):
        bookings.book_slot(db_session, w.proposal.id, w.peer, start=at(1, 12), now=NOW)


def test_meeting_details_are_shown_to_participants_and_coordinators_only(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    for user in (w.youth, w.peer, w.coordinator):
        view = bookings.view_session(db_session, booking.id, user, now=NOW, reveal=SYSTEM)
        assert view.meeting_details == "https://meet.example.org/room-42"
        # Without ``reveal`` (a page that doesn't show them) they are not handed out.
        assert bookings.view_session(db_session, booking.id, user, now=NOW).meeting_details is None


def test_the_youths_own_windows_limit_the_offered_slots(ctx: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    profile = peer_expert(db_session, org)
    # Wednesday afternoon (12-17 Amsterdam) only.
    proposal = approved_match(
        db_session, profile, time_preferences={"weekly": [{"weekday": 2, "part": "afternoon"}]}
    )
    slots = bookings.slots_for_match(db_session, proposal.id, proposal.request.requester, now=NOW)
    assert slots
    for slot in slots:
        local = slot.start.astimezone(dt.timezone(dt.timedelta(hours=1)))
        assert local.weekday() == 2 and 12 <= local.hour < 17


def test_a_paused_peer_experts_upcoming_sessions_are_listed_for_the_coordinator(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    assert bookings.peer_experts_to_resolve(db_session, w.coordinator, now=NOW) == []
    w.profile.status = ProfileStatus.PAUSED
    db_session.flush()
    assert bookings.upcoming_sessions_for_coordinator(db_session, w.profile, now=NOW) == [booking]
    assert bookings.peer_experts_to_resolve(db_session, w.coordinator, now=NOW) == [
        (w.profile, [booking])
    ]


def test_each_peer_expert_of_a_team_session_confirms_for_themselves(
    ctx: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    first, second = peer_expert(db_session, org), peer_expert(db_session, org)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=1985)
    team = make_team(db_session, org, member)
    proposal = approved_match(
        db_session, first, member, kind=RequestKind.TEAM, team_id=team.id, peer_experts_wanted=2
    )
    approve(db_session, proposal.request, second)
    booking = bookings.book_slot(db_session, proposal.id, member, start=at(1, 10), now=NOW)
    assert booking.status is BookingStatus.REQUESTED
    assert len(booking.participants) == 3
    bookings.accept_time(db_session, booking.id, first.user, start=at(1, 10), now=NOW)
    assert booking.status is BookingStatus.REQUESTED
    bookings.accept_time(db_session, booking.id, second.user, start=at(1, 10), now=NOW)
    assert booking.status is BookingStatus.CONFIRMED
    assert all(p.active for p in booking.participants)


def test_a_declining_team_peer_expert_is_not_booked(ctx: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    first, second = peer_expert(db_session, org), peer_expert(db_session, org)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=1985)
    team = make_team(db_session, org, member)
    proposal = approved_match(
        db_session, first, member, kind=RequestKind.TEAM, team_id=team.id, peer_experts_wanted=2
    )
    approve(db_session, proposal.request, second)
    booking = bookings.book_slot(db_session, proposal.id, member, start=at(1, 10), now=NOW)
    bookings.decline_team_session(db_session, booking.id, second.user, now=NOW)
    bookings.accept_time(db_session, booking.id, first.user, start=at(1, 10), now=NOW)
    assert booking.status is BookingStatus.CONFIRMED
    active = {p.user_id for p in booking.participants if p.active}
    assert active == {member.id, first.user_id}


def test_sessions_for_lists_a_team_members_team_sessions(ctx: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    profile = peer_expert(db_session, org)
    asker = make_user(db_session, Role.TEAM_MEMBER, birth_year=1985)
    colleague = make_user(db_session, Role.TEAM_MEMBER, birth_year=1980)
    team = make_team(db_session, org, asker, colleague)
    proposal = approved_match(db_session, profile, asker, kind=RequestKind.TEAM, team_id=team.id)
    booking = bookings.book_slot(db_session, proposal.id, asker, start=at(1, 10), now=NOW)
    views = bookings.sessions_for(db_session, colleague, now=NOW)
    assert [v.booking for v in views] == [booking]
    assert "cancel" in views[0].may


def test_the_actions_offered_follow_the_state_machine(ctx: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    before = bookings.view_session(db_session, booking.id, w.youth, now=NOW).may
    assert {"cancel", "reschedule"} <= before and "complete" not in before
    after = bookings.view_session(db_session, booking.id, w.youth, now=at(1, 12)).may
    assert {"complete", "no_show"} <= after and "cancel" not in after


def test_a_booking_row_survives_in_the_database(ctx: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    db_session.expire_all()
    again = db_session.get(Booking, booking.id)
    assert again is not None and again.status is BookingStatus.CONFIRMED


def test_a_team_accepting_one_peer_experts_new_time_still_waits_for_the_other(
    ctx: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    first, second = peer_expert(db_session, org), peer_expert(db_session, org)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=1985)
    team = make_team(db_session, org, member)
    proposal = approved_match(
        db_session, first, member, kind=RequestKind.TEAM, team_id=team.id, peer_experts_wanted=2
    )
    approve(db_session, proposal.request, second)
    booking = bookings.book_slot(db_session, proposal.id, member, start=at(1, 10), now=NOW)
    bookings.counter_propose(db_session, booking.id, first.user, start=at(2, 10), now=NOW)
    answers = {p.user_id: p.response for p in booking.participants}
    assert answers[first.user_id] == "accepted" and answers[second.user_id] == "pending"
    bookings.accept_time(db_session, booking.id, member, start=at(2, 10), now=NOW)
    assert booking.status is BookingStatus.REQUESTED
    assert not any(p.active for p in booking.participants)
    second_view = bookings.view_session(db_session, booking.id, second.user, now=NOW)
    assert "accept" in second_view.may and [p.start for p in second_view.proposals] == [at(2, 10)]
    bookings.accept_time(db_session, booking.id, second.user, start=at(2, 10), now=NOW)
    assert booking.status is BookingStatus.CONFIRMED
    assert booking.starts_at == at(2, 10)
    assert all(p.active for p in booking.participants)
