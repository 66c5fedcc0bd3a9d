"""The overlap rule and the pure ledger the services pre-check with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peermatch.booking import (
    Action,
    Decision,
    Ledger,
    OverlapError,
    SessionState,
    TimeSlot,
    blocks_overlap,
)

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
M = timedelta(minutes=1)
H = timedelta(hours=1)
ZERO = timedelta(0)


def at(minutes: int, length: int = 60) -> TimeSlot:
    return TimeSlot(T0 + minutes * M, T0 + (minutes + length) * M)


def active(s: TimeSlot, state: SessionState = SessionState.CONFIRMED) -> Decision:
    return Decision(Action.CONFIRM, SessionState.REQUESTED, state, 0, slot=s)


@pytest.mark.parametrize(
    ("a", "b", "before", "after", "blocked"),
    [
        (at(0), at(60), ZERO, ZERO, False),  # back to back
        (at(0), at(59), ZERO, ZERO, True),
        (at(0), at(15, 30), ZERO, ZERO, True),  # contained
        (at(0), at(70), ZERO, 15 * M, True),  # 10 min gap, 15 min after-buffer
        (at(0), at(75), ZERO, 15 * M, False),
        (at(0), at(75), 15 * M, ZERO, False),
        (at(0), at(74), 15 * M, ZERO, True),
        # Each session keeps its own buffers: the gap must cover their sum.
        (at(0), at(85), 10 * M, 15 * M, False),
        (at(0), at(84), 10 * M, 15 * M, True),
        (at(0), at(75), 10 * M, 15 * M, True),
        (at(0), at(200), H, H, False),
    ],
)
def test_blocks_overlap(
    a: TimeSlot, b: TimeSlot, before: timedelta, after: timedelta, blocked: bool
) -> None:
    assert blocks_overlap(a.start, a.end, b.start, b.end, before, after) is blocked
    assert blocks_overlap(b.start, b.end, a.start, a.end, before, after) is blocked


def test_negative_buffers_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        blocks_overlap(T0, T0 + H, T0 + 2 * H, T0 + 3 * H, -M, ZERO)


@settings(deadline=None, max_examples=500)
@given(
    st.integers(0, 600),
    st.integers(1, 180),
    st.integers(0, 600),
    st.integers(1, 180),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_blocks_overlap_is_a_gap_smaller_than_both_buffers_together(
    a0: int, alen: int, b0: int, blen: int, before: int, after: int
) -> None:
    a, b = at(a0, alen), at(b0, blen)
    gap = max(a.start, b.start) - min(a.end, b.end)  # negative when they intersect
    expected = gap < (before + after) * M
    assert blocks_overlap(a.start, a.end, b.start, b.end, before * M, after * M) is expected
    assert blocks_overlap(b.start, b.end, a.start, a.end, before * M, after * M) is expected


def test_a_person_cannot_hold_two_overlapping_sessions() -> None:
    ledger = Ledger(buffer_after=15 * M).apply("s1", {"youth1", "pe1"}, active(at(0)))
    assert ledger.conflicts("s2", {"pe1", "youth2"}, at(70)) == ("s1",)
    with pytest.raises(OverlapError) as err:
        ledger.apply("s2", {"pe1", "youth2"}, active(at(70), SessionState.HELD))
    assert err.value.key == "booking.error.overlap"
    assert err.value.params == {"sessions": ["s1"]}
    # Somebody else may meet at that time.
    assert ledger.can_activate("s2", {"pe2", "youth2"}, at(30))


def test_a_session_does_not_conflict_with_itself_when_rescheduled() -> None:
    ledger = Ledger().apply("s1", {"y", "p"}, active(at(0)))
    moved = ledger.apply("s1", {"y", "p"}, active(at(30)))
    assert [e.slot for e in moved.active_for("y")] == [at(30)]


def test_leaving_the_active_states_releases_the_slot() -> None:
    ledger = Ledger().apply("s1", {"y", "p"}, active(at(0)))
    cancelled = Decision(
        Action.CANCEL, SessionState.CONFIRMED, SessionState.CANCELLED, 1, slot=at(0)
    )
    released = ledger.apply("s1", {"y", "p"}, cancelled)
    assert released.active_for("p") == ()
    assert released.can_activate("s2", {"p"}, at(0))


def test_a_refused_claim_changes_nothing() -> None:
    ledger = Ledger().apply("s1", {"y"}, active(at(0)))
    with pytest.raises(OverlapError):
        ledger.apply("s2", {"y"}, active(at(30)))
    assert [e.session_id for e in ledger.entries] == ["s1"]
