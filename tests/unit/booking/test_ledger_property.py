"""Property of the pure ledger: it refuses exactly the claims whose blocks (session time
widened by the buffers) overlap another active session of a shared person, a refusal leaves
it unchanged, and so no sequence of claims and releases double-books anyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import combinations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from peermatch.booking import (
    Action,
    Decision,
    Ledger,
    LedgerEntry,
    OverlapError,
    SessionState,
    TimeSlot,
)

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PEOPLE = ("youth-1", "youth-2", "youth-3", "peer-1", "peer-2")
SLOTS = [
    TimeSlot(T0 + timedelta(minutes=start), T0 + timedelta(minutes=start + length))
    for start in range(0, 360, 15)
    for length in (45, 60, 90)
]
STATES = [SessionState.CONFIRMED, SessionState.HELD, SessionState.CANCELLED,
          SessionState.COMPLETED]  # fmt: skip


def _block(entry: LedgerEntry, before: timedelta, after: timedelta) -> tuple[datetime, datetime]:
    return entry.slot.start - before, entry.slot.end + after


def _oracle_clash(ledger: Ledger, session_id: int, people: frozenset[str], slot: TimeSlot) -> bool:
    """Stated independently: two blocks of one person overlap when each starts before the
    other ends."""
    start, end = slot.start - ledger.buffer_before, slot.end + ledger.buffer_after
    for entry in ledger.entries:
        if entry.session_id == session_id or not entry.participants & people:
            continue
        other_start, other_end = _block(entry, ledger.buffer_before, ledger.buffer_after)
        if start < other_end and other_start < end:
            return True
    return False


@settings(deadline=None, max_examples=100)
@given(
    before=st.sampled_from([0, 10, 15]),
    after=st.sampled_from([0, 15, 30]),
    steps=st.lists(
        st.tuples(
            st.integers(0, 5),  # session id
            st.frozensets(st.sampled_from(PEOPLE), min_size=1, max_size=3),
            st.sampled_from(SLOTS),
            st.sampled_from(STATES),
        ),
        min_size=1,
        max_size=40,
    ),
)
def test_the_ledger_refuses_exactly_the_overlapping_claims(
    before: int, after: int, steps: list[tuple[int, frozenset[str], TimeSlot, SessionState]]
) -> None:
    ledger = Ledger(buffer_before=timedelta(minutes=before), buffer_after=timedelta(minutes=after))
    for session_id, people, slot, state in steps:
        decision = Decision(Action.RESCHEDULE, SessionState.CONFIRMED, state, 0, slot=slot)
        expected_refusal = decision.is_active and _oracle_clash(ledger, session_id, people, slot)
        try:
            updated = ledger.apply(session_id, people, decision)
        except OverlapError:
            assert expected_refusal
            event("refused")
            continue
        assert not expected_refusal
        ledger = updated
        event("claimed" if decision.is_active else "released")
        assert (session_id in {e.session_id for e in ledger.entries}) is decision.is_active
        for person in PEOPLE:
            mine = ledger.active_for(person)
            for a, b in combinations(mine, 2):
                a_start, a_end = _block(a, ledger.buffer_before, ledger.buffer_after)
                b_start, b_end = _block(b, ledger.buffer_before, ledger.buffer_after)
                assert a_end <= b_start or b_end <= a_start, f"{person}: {a} / {b}"
