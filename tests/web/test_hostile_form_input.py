"""Hostile input in web forms (NUL bytes, huge text, far dates, huge numbers, wrong types)
gets a translated form error, never a 500, and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import AvailabilityException
from peermatch.web.bookings.forms import ExtendForm, ReasonForm
from tests.factories import login
from tests.integration.availability.builders import peer_with_windows

NOW = dt.datetime(2026, 5, 1, 8, tzinfo=dt.UTC)


def _client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AvailabilityException)) or 0


@pytest.mark.parametrize(
    ("data", "dutch"),
    [
        ({"off-start_date": "2026-05-04", "off-note": "op\x00vakantie"}, "NUL-tekens"),
        ({"off-start_date": "9999-12-31"}, "tussen de jaren 1900 en 2199"),
        ({"off-start_date": "0001-01-01"}, "tussen de jaren 1900 en 2199"),
        ({"off-start_date": "2026-05-04", "off-note": "x" * 10_001}, "10000"),
        ({"off-start_date": "morgen"}, "off-start_date"),
    ],
)
def test_hostile_values_in_the_holiday_form_give_a_dutch_form_error(
    app: Flask, db_session: Session, data: dict[str, str], dutch: str
) -> None:
    profile = peer_with_windows(db_session)
    client = _client(app)
    login(client, profile.user)
    response = client.post("/availability/exceptions/unavailable", data=data)
    assert response.status_code == 422
    assert dutch in response.get_data(as_text=True)
    assert _count(db_session) == 0


def test_every_form_shares_the_limits(app: Flask) -> None:
    """Forms of other features get the same rules from the shared base form."""
    with app.test_request_context(method="POST", data={"reason": "nee\x00"}):
        form = ReasonForm()
        assert not form.validate()
        assert form.reason.errors == ["Tekst mag geen NUL-tekens bevatten."]
    with app.test_request_context(method="POST", data={"extra": str(2**40)}):
        form = ExtendForm()
        assert not form.validate()
        assert "Gebruik een waarde van hoogstens 2147483647." in form.extra.errors
