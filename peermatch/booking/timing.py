"""Time rules. Every function takes ``now``; none reads the clock, so tests can stand on
any moment, DST switches included."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from peermatch.booking.policy import BookingPolicy


def require_aware(value: datetime, name: str = "datetime") -> datetime:
    """Naive datetimes silently shift by an hour across DST; refuse them at the door."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value


@dataclass(frozen=True, slots=True)
class TimeSlot:
    """A half-open interval [start, end): a session ending at 11:00 does not touch one
    starting at 11:00."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        require_aware(self.start, "start")
        require_aware(self.end, "end")
        if self.end <= self.start:
            raise ValueError("end must be after start")


def bookable_between(
    now: datetime, *, min_notice_hours: int, horizon_weeks: int
) -> tuple[datetime, datetime]:
    """Where a session may start: ``earliest <= start < horizon_end``. The same bounds as the
    free slots (``peermatch.availability.slots``), so a time someone proposes themselves is
    held to what a picked slot is."""
    require_aware(now, "now")
    earliest = now + timedelta(hours=max(0, min_notice_hours))
    return earliest, now + timedelta(weeks=max(1, horizon_weeks))


def is_late_cancellation(start: datetime, now: datetime, min_notice_hours: int) -> bool:
    """Late means strictly less than the notice before the start; cancelling exactly at the
    notice boundary is still on time."""
    require_aware(start, "start")
    require_aware(now, "now")
    return start - now < timedelta(hours=min_notice_hours)


def hold_expires_at(
    now: datetime, policy: BookingPolicy, *, start: datetime | None = None
) -> datetime:
    """A hold never outlives the session it holds: with a start given, the expiry is capped
    at it so an unapproved session cannot silently pass its own start."""
    require_aware(now, "now")
    expiry = now + timedelta(hours=policy.hold_hours)
    if start is not None and require_aware(start, "start") < expiry:
        return start
    return expiry


def is_hold_expired(expires_at: datetime, now: datetime) -> bool:
    return require_aware(now, "now") >= require_aware(expires_at, "expires_at")


def request_expires_at(
    now: datetime, proposals: Sequence[TimeSlot], policy: BookingPolicy
) -> datetime:
    """A request lapses after the policy's waiting time, or when its last proposed time has
    started, whichever comes first."""
    require_aware(now, "now")
    expiry = now + timedelta(hours=policy.request_expiry_hours)
    if proposals:
        expiry = min(expiry, max(p.start for p in proposals))
    return expiry


def is_request_expired(expires_at: datetime, now: datetime) -> bool:
    return require_aware(now, "now") >= require_aware(expires_at, "expires_at")
