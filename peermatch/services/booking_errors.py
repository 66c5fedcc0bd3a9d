"""Booking refusals as domain errors, so every edge answers them the same way."""

from __future__ import annotations

from collections.abc import Sequence

from peermatch.availability import Interval
from peermatch.booking import BookingError
from peermatch.services.errors import Conflict, DomainError, InvalidInput

# Refusals about what was typed or picked; everything else the core refuses is a conflict
# with the session's current state (409).
_INPUT_KEYS = frozenset(
    {
        "booking.error.no_times",
        "booking.error.too_many_times",
        "booking.error.duplicate_times",
        "booking.error.time_in_past",
        "booking.error.reason_required",
        "booking.error.same_time",
        "booking.error.no_show_side_required",
        "booking.error.response_required",
        "booking.error.time_not_proposed",
    }
)


class BookingRefused(Conflict):
    """The state machine said no to this action now."""


class SlotTaken(Conflict):
    """Someone else got this time first (or it clashes with the person's own session).

    Carries the next free times so the edges can offer them as one-click choices.
    """

    def __init__(self, next_free: Sequence[Interval] = ()) -> None:
        super().__init__("booking.error.slot_taken")
        self.next_free: list[Interval] = list(next_free)


def from_core(err: BookingError) -> DomainError:
    if err.key in _INPUT_KEYS:
        return InvalidInput(err.key, **err.params)
    return BookingRefused(err.key, **err.params)
