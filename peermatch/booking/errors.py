"""Refusals carry a translation key, parameters and their kind (input or conflict), so every
edge can word them in Dutch or English and answer with the right status; the message is
never built here."""

from __future__ import annotations

from peermatch.lifecycles.errors import Refusal


class BookingError(Refusal):
    """Any refusal of the booking core."""


class BookingTransitionError(BookingError):
    """The action is not allowed now, for this actor, from this state."""


class OverlapError(BookingError):
    """A person would hold two active sessions at once (buffers included)."""
