"""Paths into the app that emails and calendars link to (made absolute when rendered).

Services queue emails with these paths; the sender makes them absolute."""

from __future__ import annotations

from peermatch.models import Booking


def session_path(booking_id: int) -> str:
    """The session page (``bookings.detail``)."""
    return f"/sessions/{booking_id}"


def booking_path(booking: Booking) -> str:
    return session_path(booking.id)
