"""Papers that stop counting on a day (a VOG, a first-aid certificate): their state in one
word, which scheduled reminder is due, and which coordinators hear about it.

Shared by the VOG follow-up (``vog_followup``) and credentials (``credentials``), so both
remind at the same moments and use the same words for "expires soon" and "expired".
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from sqlalchemy.orm import Session

from peermatch.models import User
from peermatch.services.accounts import coordinators_of

#: Days before the last valid day on which the peer expert and coordinators are reminded.
REMINDER_DAYS: tuple[int, ...] = (60, 30, 7)


class ExpiryState(enum.StrEnum):
    VALID = "valid"
    EXPIRES_SOON = "expires_soon"
    EXPIRED = "expired"


def expiry_state(
    last_valid_day: dt.date, today: dt.date, *, within_days: int = REMINDER_DAYS[0]
) -> ExpiryState:
    """Valid through ``last_valid_day`` (inclusive); "soon" once ``within_days`` or fewer
    remain, the window in which the first reminder goes out."""
    if last_valid_day < today:
        return ExpiryState.EXPIRED
    if last_valid_day <= today + dt.timedelta(days=within_days):
        return ExpiryState.EXPIRES_SOON
    return ExpiryState.VALID


def reminder_threshold(valid_until: dt.date, today: dt.date) -> int | None:
    """The reminder due on ``today``: the smallest threshold (days left) not yet passed, 0 once
    expired, None while more than the first threshold remains. Missed runs catch up with the
    current threshold only, so a runner that was down never sends a stale "60 days" notice."""
    days_left = (valid_until - today).days
    if days_left < 0:
        return 0
    due = [t for t in REMINDER_DAYS if days_left <= t]
    return min(due) if due else None


def coordinators_by_org(session: Session, org_ids: Iterable[int]) -> dict[int, list[User]]:
    """The coordinators to tell, per organisation (one statement per organisation involved)."""
    return {org_id: coordinators_of(session, [org_id]) for org_id in sorted(set(org_ids))}
