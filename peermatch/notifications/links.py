"""Paths into the app that emails and calendars link to (made absolute when rendered)."""

from __future__ import annotations

from peermatch.models import Booking


def booking_path(booking: Booking) -> str:
    """The session page (``bookings.detail``)."""
    return f"/sessions/{booking.id}"
