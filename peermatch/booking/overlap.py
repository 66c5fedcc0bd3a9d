"""The overlap rule: nobody holds two active (held or confirmed) sessions at once, buffers
included.

The database enforces this too (exclusion constraint / locked check); this pure version is
the services' cheap pre-check and the model the property tests run against.

Each session blocks its own time widened by the buffers (``[start - before, end + after)``),
and two blocks of one person may touch but not overlap. So two sessions need a gap of at
least ``before + after`` between them. This is the same rule as the slot engine
(``peermatch.availability``) and the database's exclusion constraint on
``booking_participants.block_start/block_end``: one rule in three enforcing places.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from peermatch.booking.errors import OverlapError
from peermatch.booking.timing import TimeSlot
from peermatch.booking.transitions import Decision


def blocks_overlap(
    a_start: datetime,
    a_end: datetime,
    b_start: datetime,
    b_end: datetime,
    buffer_before: timedelta = timedelta(0),
    buffer_after: timedelta = timedelta(0),
) -> bool:
    """True when the two sessions may not both be active for one person. Symmetric in a and
    b; intervals are half-open, so back-to-back sessions without buffers are fine."""
    if buffer_before < timedelta(0) or buffer_after < timedelta(0):
        raise ValueError("buffers must not be negative")
    return (
        a_start - buffer_before < b_end + buffer_after
        and b_start - buffer_before < a_end + buffer_after
    )


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    session_id: Hashable
    participants: frozenset[Hashable]
    slot: TimeSlot


@dataclass(frozen=True, slots=True)
class Ledger:
    """Immutable: ``apply`` returns a new ledger, so a refused change leaves nothing behind."""

    entries: tuple[LedgerEntry, ...] = ()
    buffer_before: timedelta = field(default=timedelta(0))
    buffer_after: timedelta = field(default=timedelta(0))

    def conflicts(
        self, session_id: Hashable, participants: Iterable[Hashable], slot: TimeSlot
    ) -> tuple[Hashable, ...]:
        people = frozenset(participants)
        return tuple(
            e.session_id
            for e in self.entries
            if e.session_id != session_id
            and e.participants & people
            and blocks_overlap(
                e.slot.start,
                e.slot.end,
                slot.start,
                slot.end,
                self.buffer_before,
                self.buffer_after,
            )
        )

    def can_activate(
        self, session_id: Hashable, participants: Iterable[Hashable], slot: TimeSlot
    ) -> bool:
        return not self.conflicts(session_id, participants, slot)

    def apply(
        self, session_id: Hashable, participants: Iterable[Hashable], decision: Decision
    ) -> Ledger:
        """Record a decision: active states claim their slot (or raise ``OverlapError``),
        every other state releases it."""
        people = frozenset(participants)
        others = tuple(e for e in self.entries if e.session_id != session_id)
        if not decision.is_active:
            return Ledger(others, self.buffer_before, self.buffer_after)
        if decision.slot is None:
            raise ValueError("an active decision carries its slot")
        clash = self.conflicts(session_id, people, decision.slot)
        if clash:
            raise OverlapError("booking.error.overlap", sessions=[str(c) for c in clash])
        entry = LedgerEntry(session_id, people, decision.slot)
        return Ledger((*others, entry), self.buffer_before, self.buffer_after)

    def active_for(self, person: Hashable) -> tuple[LedgerEntry, ...]:
        return tuple(e for e in self.entries if person in e.participants)
