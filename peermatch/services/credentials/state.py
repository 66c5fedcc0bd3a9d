"""One word for a credential on a day, shared by the lists, the filters and the report."""

from __future__ import annotations

import datetime as dt
import enum

from peermatch.models.enums import CredentialStatus
from peermatch.services.expiry import ExpiryState, expiry_state


class CredentialState(enum.StrEnum):
    TO_CHECK = "to_check"
    VERIFIED = "verified"
    EXPIRES_SOON = "expires_soon"
    EXPIRED = "expired"
    REJECTED = "rejected"


#: The list's filters, in the order the page offers them.
FILTERS = ("to_check", "expiring", "expired", "all")


def credential_state(
    status: CredentialStatus, expires_on: dt.date | None, today: dt.date
) -> CredentialState:
    """Rejected wins (it never counted); then an expired paper is expired whether or not it
    was checked; then "to check"; a checked one expires soon within the reminder window."""
    if status is CredentialStatus.REJECTED:
        return CredentialState.REJECTED
    expiry = expiry_state(expires_on, today) if expires_on is not None else ExpiryState.VALID
    if expiry is ExpiryState.EXPIRED:
        return CredentialState.EXPIRED
    if status is CredentialStatus.TO_CHECK:
        return CredentialState.TO_CHECK
    if expiry is ExpiryState.EXPIRES_SOON:
        return CredentialState.EXPIRES_SOON
    return CredentialState.VERIFIED
