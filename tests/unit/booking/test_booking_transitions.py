"""Scenario tests for the booking rules, named as a coordinator would state them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from peermatch.booking import (
    REASON_HOLD_EXPIRED,
    REASON_HOLD_REJECTED,
    REASON_REQUEST_EXPIRED,
    Action,
    Actor,
    BookingPolicy,
    BookingTransitionError,
    Decision,
    SessionFacts,
    SessionState,
    Side,
    TimeSlot,
    next_state,
)

S = SessionState
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
APPROVAL = BookingPolicy(first_session_needs_approval=True, reschedule_needs_approval=False)
OPEN = BookingPolicy(first_session_needs_approval=False, reschedule_needs_approval=False)
STRICT = BookingPolicy(first_session_needs_approval=True, reschedule_needs_approval=True)


def slot(days: float, hours: float = 1) -> TimeSlot:
    start = NOW + timedelta(days=days)
    return TimeSlot(start, start + timedelta(hours=hours))


def refused(key: str, *args: object, **kwargs: object) -> BookingTransitionError:
    with pytest.raises(BookingTransitionError) as err:
        next_state(*args, **kwargs)  # type: ignore[arg-type]
    assert err.value.key == f"booking.error.{key}"
    return err.value


def propose(
    actor: Actor = Actor.YOUTH,
    proposals: tuple[TimeSlot, ...] = (slot(3), slot(4), slot(5)),
    policy: BookingPolicy = APPROVAL,
    session_number: int = 1,
) -> tuple[Decision, SessionFacts]:
    facts = SessionFacts(session_number=session_number)
    d = next_state(
        None, Action.PROPOSE_TIMES, actor, policy, now=NOW, facts=facts, proposals=proposals
    )
    return d, facts.after(d)


def confirmed(policy: BookingPolicy = OPEN, session_number: int = 2) -> SessionFacts:
    _, facts = propose(policy=policy, session_number=session_number)
    d2 = next_state(
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.PEER_EXPERT,
        policy,
        now=NOW,
        facts=facts,
        slot=slot(3),
    )
    assert d2.new_state is S.CONFIRMED
    return facts.after(d2)


# --- proposing and counter-proposing ---------------------------------------------------


def test_youth_proposes_up_to_three_times_and_waits_for_the_peer_expert() -> None:
    d, facts = propose()
    assert d.new_state is S.REQUESTED
    assert facts.proposals == (slot(3), slot(4), slot(5))
    assert facts.awaiting is Side.PEER_EXPERT


def test_a_fourth_proposed_time_is_refused() -> None:
    err = refused(
        "too_many_times",
        None,
        Action.PROPOSE_TIMES,
        Actor.YOUTH,
        APPROVAL,
        now=NOW,
        proposals=(slot(2), slot(3), slot(4), slot(5)),
    )
    assert err.params == {"max": 3}


@pytest.mark.parametrize(
    ("proposals", "key"),
    [
        ((), "no_times"),
        ((slot(3), slot(3)), "duplicate_times"),
        ((slot(3), TimeSlot(NOW, NOW + timedelta(hours=1))), "time_in_past"),
    ],
)
def test_bad_proposals_are_refused(proposals: tuple[TimeSlot, ...], key: str) -> None:
    refused(key, None, Action.PROPOSE_TIMES, Actor.YOUTH, APPROVAL, now=NOW, proposals=proposals)


def test_a_team_member_may_open_a_request_for_the_team() -> None:
    d, _ = propose(actor=Actor.TEAM_MEMBER)
    assert d.awaiting is Side.PEER_EXPERT


def test_the_youth_opens_the_first_meeting_but_either_side_proposes_follow_ups() -> None:
    refused(
        "requester_proposes_first",
        None,
        Action.PROPOSE_TIMES,
        Actor.PEER_EXPERT,
        APPROVAL,
        now=NOW,
        proposals=(slot(3),),
    )
    d, _ = propose(actor=Actor.PEER_EXPERT, session_number=2)
    assert d.awaiting is Side.YOUTH


def test_no_session_beyond_the_trajectory_limit() -> None:
    policy = BookingPolicy(trajectory_max_sessions=5)
    propose(policy=policy, session_number=5)
    err = refused(
        "trajectory_full",
        None,
        Action.PROPOSE_TIMES,
        Actor.YOUTH,
        policy,
        now=NOW,
        facts=SessionFacts(session_number=6),
        proposals=(slot(3),),
    )
    assert err.params == {"max": 5}


def test_peer_expert_counter_proposes_and_the_youth_accepts_the_counter() -> None:
    _, facts = propose()
    counter = next_state(
        S.REQUESTED,
        Action.COUNTER_PROPOSE,
        Actor.PEER_EXPERT,
        APPROVAL,
        now=NOW,
        facts=facts,
        proposals=(slot(6),),
    )
    facts = facts.after(counter)
    assert counter.new_state is S.REQUESTED
    assert facts.awaiting is Side.YOUTH
    assert facts.proposals == (slot(6),)
    # The original times are no longer on the table.
    refused(
        "time_not_proposed",
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.YOUTH,
        APPROVAL,
        now=NOW,
        facts=facts,
        slot=slot(3),
    )
    accepted = next_state(
        S.REQUESTED, Action.ACCEPT_TIME, Actor.YOUTH, APPROVAL, now=NOW, facts=facts, slot=slot(6)
    )
    assert accepted.slot == slot(6)


def test_nobody_answers_their_own_proposal() -> None:
    _, facts = propose()
    for action, kwargs in [
        (Action.COUNTER_PROPOSE, {"proposals": (slot(6),)}),
        (Action.ACCEPT_TIME, {"slot": slot(3)}),
    ]:
        err = refused(
            "not_your_turn",
            S.REQUESTED,
            action,
            Actor.TEAM_MEMBER,
            APPROVAL,
            now=NOW,
            facts=facts,
            **kwargs,
        )
        assert err.params == {"actor": "team_member", "awaiting": "peer_expert"}


def test_a_proposed_time_that_has_started_cannot_be_accepted() -> None:
    _, facts = propose()
    refused(
        "time_in_past",
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.PEER_EXPERT,
        APPROVAL,
        now=slot(3).start,
        facts=SessionFacts(proposals=facts.proposals, awaiting=facts.awaiting),
        slot=slot(3),
    )


# --- stale requests ---------------------------------------------------------------------


def test_a_request_lapses_after_the_waiting_time_or_its_last_proposed_start() -> None:
    d, _ = propose(proposals=(slot(10), slot(12)))
    assert d.request_expires_at == NOW + timedelta(hours=72)
    d, _ = propose(proposals=(slot(1), slot(2)))
    assert d.request_expires_at == slot(2).start


def test_a_stale_request_can_no_longer_be_accepted_and_expires() -> None:
    _, facts = propose(proposals=(slot(10),))
    expiry = NOW + timedelta(hours=72)
    refused(
        "request_not_expired",
        S.REQUESTED,
        Action.EXPIRE_REQUEST,
        Actor.SYSTEM,
        APPROVAL,
        now=expiry - timedelta(seconds=1),
        facts=facts,
    )
    refused(
        "request_expired",
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.PEER_EXPERT,
        APPROVAL,
        now=expiry,
        facts=facts,
        slot=slot(10),
    )
    d = next_state(
        S.REQUESTED, Action.EXPIRE_REQUEST, Actor.SYSTEM, APPROVAL, now=expiry, facts=facts
    )
    assert (d.new_state, d.reason, d.cancelled_by) == (
        S.CANCELLED,
        REASON_REQUEST_EXPIRED,
        Actor.SYSTEM,
    )
    assert not d.late


# --- approval and holds -----------------------------------------------------------------


def test_accepting_the_first_session_holds_it_when_approval_is_required() -> None:
    _, facts = propose(policy=APPROVAL)
    d = next_state(
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.PEER_EXPERT,
        APPROVAL,
        now=NOW,
        facts=facts,
        slot=slot(4),
    )
    assert (d.action, d.new_state, d.slot) == (Action.HOLD, S.HELD, slot(4))
    assert d.hold_expires_at == NOW + timedelta(hours=48)
    assert d.is_active
    assert d.proposals == ()


def test_accepting_confirms_directly_when_no_approval_is_required() -> None:
    _, facts = propose(policy=OPEN)
    d = next_state(
        S.REQUESTED, Action.ACCEPT_TIME, Actor.PEER_EXPERT, OPEN, now=NOW, facts=facts, slot=slot(4)
    )
    assert (d.action, d.new_state, d.hold_expires_at) == (Action.CONFIRM, S.CONFIRMED, None)


def test_follow_up_sessions_need_no_new_approval() -> None:
    _, facts = propose(policy=APPROVAL, session_number=2)
    d = next_state(
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.PEER_EXPERT,
        APPROVAL,
        now=NOW,
        facts=facts,
        slot=slot(4),
    )
    assert d.new_state is S.CONFIRMED


def test_confirm_cannot_skip_a_required_approval_and_hold_is_only_for_approval() -> None:
    _, facts = propose(policy=APPROVAL)
    refused(
        "approval_required",
        S.REQUESTED,
        Action.CONFIRM,
        Actor.PEER_EXPERT,
        APPROVAL,
        now=NOW,
        facts=facts,
        slot=slot(3),
    )
    _, facts = propose(policy=OPEN)
    refused(
        "approval_not_required",
        S.REQUESTED,
        Action.HOLD,
        Actor.PEER_EXPERT,
        OPEN,
        now=NOW,
        facts=facts,
        slot=slot(3),
    )


def _held(policy: BookingPolicy = APPROVAL, days: float = 3) -> SessionFacts:
    _, facts = propose(policy=policy, proposals=(slot(days),))
    d = next_state(
        S.REQUESTED,
        Action.ACCEPT_TIME,
        Actor.PEER_EXPERT,
        policy,
        now=NOW,
        facts=facts,
        slot=slot(days),
    )
    return facts.after(d)


def test_coordinator_approves_a_hold_before_it_expires() -> None:
    facts = _held()
    d = next_state(
        S.HELD,
        Action.APPROVE_HOLD,
        Actor.COORDINATOR,
        APPROVAL,
        now=NOW + timedelta(hours=47, minutes=59),
        facts=facts,
    )
    assert (d.new_state, d.slot, d.hold_expires_at, d.sequence) == (S.CONFIRMED, slot(3), None, 0)


def test_an_expired_hold_cannot_be_approved_and_is_released_as_hold_expired() -> None:
    facts = _held()
    expiry = NOW + timedelta(hours=48)
    refused(
        "hold_expired",
        S.HELD,
        Action.APPROVE_HOLD,
        Actor.COORDINATOR,
        APPROVAL,
        now=expiry,
        facts=facts,
    )
    refused(
        "hold_not_expired",
        S.HELD,
        Action.EXPIRE_HOLD,
        Actor.SYSTEM,
        APPROVAL,
        now=expiry - timedelta(seconds=1),
        facts=facts,
    )
    d = next_state(S.HELD, Action.EXPIRE_HOLD, Actor.SYSTEM, APPROVAL, now=expiry, facts=facts)
    assert (d.new_state, d.reason, d.cancelled_by) == (
        S.CANCELLED,
        REASON_HOLD_EXPIRED,
        Actor.SYSTEM,
    )
    assert d.releases_slot
    assert d.sequence == 1


def test_a_hold_never_outlives_the_session_it_holds() -> None:
    facts = _held(days=1)  # session starts in 24 h, hold would last 48 h
    assert facts.hold_expires_at == slot(1).start
    d = next_state(
        S.HELD, Action.EXPIRE_HOLD, Actor.SYSTEM, APPROVAL, now=slot(1).start, facts=facts
    )
    assert d.new_state is S.CANCELLED


def test_coordinator_rejects_a_hold() -> None:
    facts = _held()
    d = next_state(S.HELD, Action.REJECT_HOLD, Actor.COORDINATOR, APPROVAL, now=NOW, facts=facts)
    assert (d.new_state, d.reason, d.cancelled_by) == (
        S.CANCELLED,
        REASON_HOLD_REJECTED,
        Actor.COORDINATOR,
    )
    assert d.releases_slot
    d = next_state(
        S.HELD,
        Action.REJECT_HOLD,
        Actor.COORDINATOR,
        APPROVAL,
        now=NOW,
        facts=facts,
        reason="geen VOG",
    )
    assert d.reason == "geen VOG"


# --- reschedule -------------------------------------------------------------------------


def test_reschedule_without_approval_policy_stays_confirmed_and_bumps_the_sequence() -> None:
    facts = confirmed(OPEN)
    d = next_state(
        S.CONFIRMED, Action.RESCHEDULE, Actor.YOUTH, OPEN, now=NOW, facts=facts, slot=slot(6)
    )
    assert (d.new_state, d.slot, d.sequence, d.hold_expires_at) == (S.CONFIRMED, slot(6), 1, None)
    assert not d.late


@pytest.mark.parametrize(
    "actor", [Actor.YOUTH, Actor.TEAM_MEMBER, Actor.PEER_EXPERT, Actor.COORDINATOR]
)
def test_reschedule_under_approval_policy_goes_back_to_held_whoever_asks(actor: Actor) -> None:
    facts = confirmed(STRICT, session_number=3)
    d = next_state(
        S.CONFIRMED, Action.RESCHEDULE, actor, STRICT, now=NOW, facts=facts, slot=slot(6)
    )
    assert (d.new_state, d.slot, d.sequence) == (S.HELD, slot(6), 1)
    assert d.hold_expires_at == NOW + timedelta(hours=48)
    # ... and only a coordinator's approval confirms it, keeping the new sequence.
    held = facts.after(d)
    approved = next_state(
        S.HELD, Action.APPROVE_HOLD, Actor.COORDINATOR, STRICT, now=NOW, facts=held
    )
    assert (approved.new_state, approved.slot, approved.sequence) == (S.CONFIRMED, slot(6), 1)


def test_a_held_reschedule_cannot_be_confirmed_by_a_participant() -> None:
    facts = confirmed(STRICT, session_number=2)
    held = facts.after(
        next_state(
            S.CONFIRMED, Action.RESCHEDULE, Actor.YOUTH, STRICT, now=NOW, facts=facts, slot=slot(6)
        )
    )
    for action in (Action.CONFIRM, Action.ACCEPT_TIME, Action.RESCHEDULE):
        refused(
            "illegal_transition",
            S.HELD,
            action,
            Actor.PEER_EXPERT,
            STRICT,
            now=NOW,
            facts=held,
            slot=slot(7),
        )


def test_reschedule_keeps_counting_the_sequence() -> None:
    facts = confirmed(OPEN)
    for expected, days in [(1, 6), (2, 7), (3, 8)]:
        d = next_state(
            S.CONFIRMED,
            Action.RESCHEDULE,
            Actor.PEER_EXPERT,
            OPEN,
            now=NOW,
            facts=facts,
            slot=slot(days),
        )
        assert d.sequence == expected
        facts = facts.after(d)


def test_reschedule_guards() -> None:
    facts = confirmed(OPEN)
    refused(
        "same_time",
        S.CONFIRMED,
        Action.RESCHEDULE,
        Actor.YOUTH,
        OPEN,
        now=NOW,
        facts=facts,
        slot=slot(3),
    )
    refused("no_times", S.CONFIRMED, Action.RESCHEDULE, Actor.YOUTH, OPEN, now=NOW, facts=facts)
    refused(
        "time_in_past",
        S.CONFIRMED,
        Action.RESCHEDULE,
        Actor.YOUTH,
        OPEN,
        now=NOW,
        facts=facts,
        slot=TimeSlot(NOW - timedelta(hours=1), NOW),
    )
    refused(
        "session_started",
        S.CONFIRMED,
        Action.RESCHEDULE,
        Actor.YOUTH,
        OPEN,
        now=slot(3).start,
        facts=facts,
        slot=slot(6),
    )


def test_a_reschedule_inside_the_notice_window_is_flagged_late() -> None:
    facts = confirmed(OPEN)
    d = next_state(
        S.CONFIRMED,
        Action.RESCHEDULE,
        Actor.PEER_EXPERT,
        OPEN,
        now=slot(3).start - timedelta(hours=2),
        facts=facts,
        slot=slot(6),
    )
    assert d.late


# --- cancellation -----------------------------------------------------------------------


def test_cancellation_needs_a_reason_and_records_who_and_why() -> None:
    facts = confirmed(OPEN)
    refused(
        "reason_required",
        S.CONFIRMED,
        Action.CANCEL,
        Actor.YOUTH,
        OPEN,
        now=NOW,
        facts=facts,
        reason="  ",
    )
    d = next_state(
        S.CONFIRMED, Action.CANCEL, Actor.YOUTH, OPEN, now=NOW, facts=facts, reason="examen"
    )
    assert (d.new_state, d.cancelled_by, d.reason, d.late, d.sequence) == (
        S.CANCELLED,
        Actor.YOUTH,
        "examen",
        False,
        1,
    )
    assert d.releases_slot


@pytest.mark.parametrize(
    ("before_start", "late"),
    [
        (timedelta(hours=24), False),
        (timedelta(hours=24) - timedelta(seconds=1), True),
        (timedelta(hours=25), False),
        (timedelta(minutes=1), True),
    ],
)
def test_late_cancellation_boundary(before_start: timedelta, late: bool) -> None:
    facts = confirmed(OPEN)
    d = next_state(
        S.CONFIRMED,
        Action.CANCEL,
        Actor.PEER_EXPERT,
        OPEN,
        now=slot(3).start - before_start,
        facts=facts,
        reason="ziek",
    )
    assert d.late is late


def test_cancelling_a_request_is_never_late_and_does_not_bump_the_sequence() -> None:
    _, facts = propose(proposals=(TimeSlot(NOW + timedelta(hours=2), NOW + timedelta(hours=3)),))
    d = next_state(
        S.REQUESTED, Action.CANCEL, Actor.YOUTH, APPROVAL, now=NOW, facts=facts, reason="x"
    )
    assert (d.late, d.sequence, d.slot, d.releases_slot) == (False, 0, None, False)


def test_a_started_session_cannot_be_cancelled() -> None:
    facts = confirmed(OPEN)
    refused(
        "session_started",
        S.CONFIRMED,
        Action.CANCEL,
        Actor.COORDINATOR,
        OPEN,
        now=slot(3).start,
        facts=facts,
        reason="x",
    )


def test_late_cancellation_counts_real_hours_across_the_dst_switch() -> None:
    ams = ZoneInfo("Europe/Amsterdam")
    start = datetime(2026, 10, 25, 10, 0, tzinfo=ams)  # clocks went back that night
    now = datetime(2026, 10, 24, 10, 0, tzinfo=ams)  # same wall time, 25 real hours earlier
    facts = SessionFacts(slot=TimeSlot(start, start + timedelta(hours=1)))
    d = next_state(S.CONFIRMED, Action.CANCEL, Actor.YOUTH, OPEN, now=now, facts=facts, reason="x")
    assert not d.late
    d = next_state(
        S.CONFIRMED,
        Action.CANCEL,
        Actor.YOUTH,
        OPEN,
        now=now + timedelta(hours=1, seconds=1),
        facts=facts,
        reason="x",
    )
    assert d.late


# --- completion and no-show -------------------------------------------------------------


def test_a_session_completes_only_after_its_end() -> None:
    facts = confirmed(OPEN)
    refused(
        "session_not_ended",
        S.CONFIRMED,
        Action.COMPLETE,
        Actor.PEER_EXPERT,
        OPEN,
        now=slot(3).end - timedelta(seconds=1),
        facts=facts,
    )
    d = next_state(S.CONFIRMED, Action.COMPLETE, Actor.SYSTEM, OPEN, now=slot(3).end, facts=facts)
    assert d.new_state is S.COMPLETED
    assert d.releases_slot


def test_the_last_session_of_the_trajectory_invites_a_closing_evaluation() -> None:
    policy = BookingPolicy(first_session_needs_approval=False, trajectory_max_sessions=5)
    for number, expected in [(4, False), (5, True)]:
        facts = confirmed(policy, session_number=number)
        d = next_state(
            S.CONFIRMED, Action.COMPLETE, Actor.PEER_EXPERT, policy, now=slot(3).end, facts=facts
        )
        assert d.closing_evaluation is expected


def test_no_show_only_after_the_start_and_only_for_the_other_side() -> None:
    facts = confirmed(OPEN)
    start = slot(3).start
    refused(
        "session_not_started",
        S.CONFIRMED,
        Action.MARK_NO_SHOW,
        Actor.PEER_EXPERT,
        OPEN,
        now=start - timedelta(seconds=1),
        facts=facts,
        no_show_side=Side.YOUTH,
    )
    refused(
        "no_show_side_required",
        S.CONFIRMED,
        Action.MARK_NO_SHOW,
        Actor.PEER_EXPERT,
        OPEN,
        now=start,
        facts=facts,
    )
    refused(
        "no_show_own_side",
        S.CONFIRMED,
        Action.MARK_NO_SHOW,
        Actor.TEAM_MEMBER,
        OPEN,
        now=start,
        facts=facts,
        no_show_side=Side.YOUTH,
    )
    d = next_state(
        S.CONFIRMED,
        Action.MARK_NO_SHOW,
        Actor.YOUTH,
        OPEN,
        now=start,
        facts=facts,
        no_show_side=Side.PEER_EXPERT,
    )
    assert (d.new_state, d.no_show_side) == (S.NO_SHOW, Side.PEER_EXPERT)
    for side in Side:
        d = next_state(
            S.CONFIRMED,
            Action.MARK_NO_SHOW,
            Actor.COORDINATOR,
            OPEN,
            now=start,
            facts=facts,
            no_show_side=side,
        )
        assert d.no_show_side is side


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_state(
            None,
            Action.PROPOSE_TIMES,
            Actor.YOUTH,
            OPEN,
            now=datetime(2026, 6, 1),
            proposals=(slot(3),),
        )
