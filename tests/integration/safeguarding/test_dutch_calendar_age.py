"""Age is decided on the Dutch calendar date, the same in registration, requests and matching.

At 23:30 UTC on 31 December 2026 it is already 1 January 2027 in Amsterdam, so everyone is
a year older there than on the UTC date. Every age rule must take Amsterdam's side.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.dutch_calendar import age_at, dutch_date
from peermatch.models import ContactRequest
from peermatch.models.enums import RequestKind, RequestStatus, Role
from peermatch.services import accounts, matching, requests
from peermatch.services.audit import SYSTEM
from tests.factories import make_user

NEW_YEAR_IN_AMSTERDAM = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
STILL_2026_THERE = dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)


def test_the_dutch_date_is_a_day_ahead_of_utc_just_before_midnight_utc() -> None:
    assert dutch_date(NEW_YEAR_IN_AMSTERDAM) == dt.date(2027, 1, 1)
    assert dutch_date(STILL_2026_THERE) == dt.date(2026, 12, 31)
    assert age_at(2010, NEW_YEAR_IN_AMSTERDAM) == 16
    assert age_at(2010, STILL_2026_THERE) == 15


def test_requests_and_matching_agree_on_the_age_around_midnight(db_session: Session) -> None:
    youth = make_user(db_session, Role.YOUTH, birth_year=2010)
    request = ContactRequest(
        kind=RequestKind.YOUTH, status=RequestStatus.DRAFT, requester_id=youth.id
    )
    db_session.add(request)
    db_session.flush()
    # 16 in Amsterdam: no guardian's consent needed any more, and matching agrees.
    assert requests.age_route(youth, NEW_YEAR_IN_AMSTERDAM) is requests.AgeRoute.INDEPENDENT
    assert matching.requester_age(request, NEW_YEAR_IN_AMSTERDAM) == 16
    # An hour earlier it is still 2026 in Amsterdam: 15, consent needed, everywhere.
    assert requests.age_route(youth, STILL_2026_THERE) is requests.AgeRoute.NEEDS_CONSENT
    assert matching.requester_age(request, STILL_2026_THERE) == 15


def test_registration_uses_the_dutch_date(db_session: Session) -> None:
    """Born in 2015: 12 at the latest in 2027, so welcome from 1 January 2027 in Amsterdam,
    even while the UTC date is still 31 December."""
    data = accounts.Registration(
        email="new-year@example.org",
        password="a long enough passphrase 42",
        display_name="Noor",
        birth_year=2015,
        role=Role.YOUTH,
        privacy_version="2026-01",
    )
    user = accounts.register(db_session, data, now=NEW_YEAR_IN_AMSTERDAM, origin=SYSTEM)
    assert user.birth_year == 2015
