"""Trajectory rules: a match meets a limited number of times (organisation setting)."""

from __future__ import annotations

from collections.abc import Iterable

from peermatch.booking.policy import BookingPolicy
from peermatch.booking.states import SessionState


def counts_towards_trajectory(state: SessionState) -> bool:
    """A cancelled session gave nobody a meeting, so it does not use up the trajectory; a
    no-show did take the slot and counts."""
    return state is not SessionState.CANCELLED


def sessions_used(states: Iterable[SessionState]) -> int:
    return sum(1 for s in states if counts_towards_trajectory(s))


def can_book_another(sessions_used: int, max_sessions: int) -> bool:
    if sessions_used < 0 or max_sessions < 1:
        raise ValueError("sessions_used must be >= 0 and max_sessions >= 1")
    return sessions_used < max_sessions


def is_last_session(session_number: int, max_sessions: int) -> bool:
    """The last session of a trajectory invites both sides to a closing evaluation."""
    if session_number < 1 or max_sessions < 1:
        raise ValueError("session_number and max_sessions start at 1")
    return session_number >= max_sessions


def needs_approval(policy: BookingPolicy, *, session_number: int, is_reschedule: bool) -> bool:
    """Only the first session may need the organisation's approval; follow-ups inside an
    approved trajectory do not. A reschedule follows its own policy flag."""
    if is_reschedule:
        return policy.reschedule_needs_approval
    return session_number == 1 and policy.first_session_needs_approval
