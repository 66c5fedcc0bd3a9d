"""A VOG's state in one word, and giving back minors' audiences once it is valid again.

Kept apart from the follow-up actions so profile verification can use it without a cycle.
"""

from __future__ import annotations

import datetime as dt
import enum

from peermatch.models import PeerExpertProfile
from peermatch.services.disclosure import vog_valid_until
from peermatch.services.expiry import REMINDER_DAYS, expiry_state

__all__ = ["REMINDER_DAYS", "VogStatus", "restore_audiences", "restore_if_renewed", "vog_status"]


class VogStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRES_SOON = "expires_soon"
    EXPIRED = "expired"
    NONE_ON_FILE = "none_on_file"


def vog_status(
    vog_date: dt.date | None, today: dt.date, *, within_days: int = REMINDER_DAYS[0]
) -> VogStatus:
    """One word for the VOG on ``today``: "no VOG known" is not the same as "expired"."""
    until = vog_valid_until(vog_date)
    if until is None:
        return VogStatus.NONE_ON_FILE
    return VogStatus(expiry_state(until, today, within_days=within_days).value)


def restore_audiences(profile: PeerExpertProfile) -> bool:
    """Put the set-aside minors' audiences back on the profile; False when there were none."""
    if not profile.suspended_audiences:
        return False
    profile.audiences = sorted(set(profile.audiences) | set(profile.suspended_audiences))
    profile.suspended_audiences = []
    profile.minors_suspended_at = None
    return True


def restore_if_renewed(profile: PeerExpertProfile, today: dt.date) -> bool:
    """Give back set-aside audiences once the profile's VOG is valid again (on verification)."""
    if vog_status(profile.vog_date, today, within_days=0) is VogStatus.VALID:
        return restore_audiences(profile)
    return False
