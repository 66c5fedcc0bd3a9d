"""A credential's state in one word, the shared expiry rules, and the report's counts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from peermatch.models.enums import CredentialStatus
from peermatch.reports import PeerFact, build_report
from peermatch.services.credentials.state import credential_state
from peermatch.services.expiry import ExpiryState, expiry_state, reminder_threshold
from peermatch.services.vog_state import VogStatus, vog_status

TODAY = dt.date(2026, 11, 30)
SOON = TODAY + dt.timedelta(days=30)
LATER = TODAY + dt.timedelta(days=200)
PAST = TODAY - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "expires_on", "state"),
    [
        (CredentialStatus.TO_CHECK, None, "to_check"),
        (CredentialStatus.TO_CHECK, SOON, "to_check"),
        (CredentialStatus.TO_CHECK, PAST, "expired"),
        (CredentialStatus.VERIFIED, None, "verified"),
        (CredentialStatus.VERIFIED, LATER, "verified"),
        (CredentialStatus.VERIFIED, SOON, "expires_soon"),
        (CredentialStatus.VERIFIED, TODAY, "expires_soon"),  # the last valid day still counts
        (CredentialStatus.VERIFIED, PAST, "expired"),
        (CredentialStatus.REJECTED, PAST, "rejected"),
        (CredentialStatus.REJECTED, None, "rejected"),
    ],
)
def test_one_word_per_credential(
    status: CredentialStatus, expires_on: dt.date | None, state: str
) -> None:
    assert credential_state(status, expires_on, TODAY) == state


def test_credentials_and_the_vog_share_the_expiry_rule() -> None:
    vog_issued = dt.date(2023, 12, 30)  # counts through 29 December 2026: 29 days left
    assert vog_status(vog_issued, TODAY) is VogStatus.EXPIRES_SOON
    assert expiry_state(dt.date(2026, 12, 29), TODAY) is ExpiryState.EXPIRES_SOON
    assert expiry_state(PAST, TODAY) is ExpiryState.EXPIRED
    assert expiry_state(LATER, TODAY) is ExpiryState.VALID
    assert [
        reminder_threshold(TODAY + dt.timedelta(days=d), TODAY) for d in (61, 60, 31, 7, -1)
    ] == [
        None,
        60,
        60,
        7,
        0,
    ]


def test_the_report_counts_peer_experts_per_certificate_state_and_hides_small_groups() -> None:
    peers = [
        PeerFact(i, "x", 3, "valid", "completed", certificates=frozenset({"verified"}))
        for i in range(1, 4)
    ] + [
        PeerFact(4, "y", 3, "valid", "completed", certificates=frozenset({"expired", "verified"})),
        PeerFact(5, "z", 3, "valid", "none"),
    ]
    report = build_report(
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 11, 30),
        zone=ZoneInfo("Europe/Amsterdam"),
        requests=[],
        proposals=[],
        bookings=[],
        peers=peers,
        feedback=[],
        domain_names={},
    )
    rows = {(r[0], r[1]): r[2] for r in report.figure("credentials").rows}
    assert rows[("certificate", "verified")] == 4
    assert rows[("certificate", "expired")] is None  # one person: not shown
    assert rows[("certificate", "to_check")] == 0
    assert rows[("vog", "valid")] == 5  # the VOG rows are unchanged
