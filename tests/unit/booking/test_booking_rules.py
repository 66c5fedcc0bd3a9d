"""Timing, trajectory, policy and team rules outside the state machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from peermatch.booking import (
    BookingPolicy,
    BookingTransitionError,
    Invitation,
    ParticipantResponse,
    SessionState,
    TeamOutcome,
    TimeSlot,
    attending_peer_experts,
    can_book_another,
    hold_expires_at,
    invite,
    is_hold_expired,
    is_last_session,
    is_late_cancellation,
    needs_approval,
    respond,
    sessions_used,
    team_outcome,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
R = ParticipantResponse


def test_default_policy_matches_the_organisation_defaults() -> None:
    p = BookingPolicy()
    assert (p.hold_hours, p.min_notice_hours, p.trajectory_max_sessions, p.max_proposed_times) == (
        48,
        24,
        5,
        3,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hold_hours": 0},
        {"trajectory_max_sessions": 0},
        {"request_expiry_hours": 0},
        {"min_notice_hours": -1},
        {"max_proposed_times": 0},
    ],
)
def test_nonsense_policies_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must"):
        BookingPolicy(**kwargs)


def test_is_late_cancellation_boundary() -> None:
    start = NOW + timedelta(hours=24)
    assert not is_late_cancellation(start, NOW, 24)
    assert is_late_cancellation(start, NOW + timedelta(microseconds=1), 24)
    assert not is_late_cancellation(start, NOW, 0)
    assert is_late_cancellation(start, start, 1)


def test_hold_expiry_follows_the_policy_hours() -> None:
    assert hold_expires_at(NOW, BookingPolicy(hold_hours=48)) == NOW + timedelta(hours=48)
    assert hold_expires_at(NOW, BookingPolicy(hold_hours=12)) == NOW + timedelta(hours=12)
    start = NOW + timedelta(hours=5)
    assert hold_expires_at(NOW, BookingPolicy(), start=start) == start
    expiry = NOW + timedelta(hours=48)
    assert not is_hold_expired(expiry, expiry - timedelta(seconds=1))
    assert is_hold_expired(expiry, expiry)


def test_time_slots_are_aware_and_forward() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        TimeSlot(datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 11))
    with pytest.raises(ValueError, match="after start"):
        TimeSlot(NOW, NOW)


def test_trajectory_limits() -> None:
    assert can_book_another(0, 5)
    assert can_book_another(4, 5)
    assert not can_book_another(5, 5)
    assert not is_last_session(4, 5)
    assert is_last_session(5, 5)
    assert is_last_session(1, 1)
    with pytest.raises(ValueError, match="start at 1"):
        is_last_session(0, 5)


def test_cancelled_sessions_do_not_use_up_the_trajectory() -> None:
    S = SessionState
    states = [S.COMPLETED, S.CANCELLED, S.NO_SHOW, S.CONFIRMED, S.CANCELLED]
    assert sessions_used(states) == 3


@pytest.mark.parametrize(
    ("first", "resched", "number", "is_resched", "expected"),
    [
        (True, False, 1, False, True),
        (True, False, 2, False, False),
        (False, False, 1, False, False),
        (True, False, 1, True, False),
        (False, True, 3, True, True),
    ],
)
def test_only_the_first_session_or_a_policy_reschedule_needs_approval(
    first: bool, resched: bool, number: int, is_resched: bool, expected: bool
) -> None:
    policy = BookingPolicy(first_session_needs_approval=first, reschedule_needs_approval=resched)
    assert needs_approval(policy, session_number=number, is_reschedule=is_resched) is expected


# --- team sessions ----------------------------------------------------------------------


def test_team_session_is_ready_when_every_invited_peer_expert_accepted() -> None:
    inv = invite(["p1", "p2"])
    assert team_outcome(inv) is TeamOutcome.WAITING
    inv = respond(inv, "p1", R.ACCEPTED)
    assert team_outcome(inv) is TeamOutcome.WAITING
    inv = respond(inv, "p2", R.ACCEPTED)
    assert team_outcome(inv) is TeamOutcome.READY
    assert attending_peer_experts(inv) == ("p1", "p2")


def test_a_decline_removes_that_peer_expert_instead_of_blocking_the_team() -> None:
    inv = respond(respond(invite(["p1", "p2", "p3"]), "p2", R.DECLINED), "p1", R.ACCEPTED)
    assert team_outcome(inv) is TeamOutcome.WAITING
    inv = respond(inv, "p3", R.ACCEPTED)
    assert team_outcome(inv) is TeamOutcome.READY
    assert attending_peer_experts(inv) == ("p1", "p3")


def test_when_everyone_declines_nobody_is_left_to_meet() -> None:
    inv = respond(respond(invite(["p1", "p2"]), "p1", R.DECLINED), "p2", R.DECLINED)
    assert team_outcome(inv) is TeamOutcome.NOBODY_LEFT
    assert attending_peer_experts(inv) == ()


@pytest.mark.parametrize(
    ("invitations", "who", "response", "key"),
    [
        ((Invitation("p1"),), "p9", R.ACCEPTED, "not_invited"),
        ((Invitation("p1", R.ACCEPTED),), "p1", R.DECLINED, "already_responded"),
        ((Invitation("p1"),), "p1", R.PENDING, "response_required"),
    ],
)
def test_team_response_refusals(
    invitations: tuple[Invitation, ...], who: str, response: ParticipantResponse, key: str
) -> None:
    with pytest.raises(BookingTransitionError) as err:
        respond(invitations, who, response)
    assert err.value.key == f"booking.error.{key}"


@pytest.mark.parametrize(
    ("ids", "key"), [([], "no_peer_experts"), (["p1", "p1"], "duplicate_peer_experts")]
)
def test_invite_refusals(ids: list[str], key: str) -> None:
    with pytest.raises(BookingTransitionError) as err:
        invite(ids)
    assert err.value.key == f"booking.error.{key}"
