"""Booking refusals as domain errors, so every edge answers them the same way."""

from __future__ import annotations

from collections.abc import Sequence

from peermatch.availability import Interval
from peermatch.booking import BookingError
from peermatch.lifecycles import ErrorKind
from peermatch.services.errors import Conflict, DomainError, InvalidInput


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
    """The core says whether it refused the input or the current state; we only translate."""
    if err.kind is ErrorKind.INPUT:
        return InvalidInput(err.key, **err.params)
    return BookingRefused(err.key, **err.params)
