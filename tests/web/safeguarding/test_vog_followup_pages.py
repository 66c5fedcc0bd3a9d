"""The coordinator's VOG list says "no VOG known" apart from "expired", and each action
(remind, original seen, minors on hold) has a confirm step, words after it, and is a 404 to
coordinators of other organisations."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.models.enums import Role
from tests.factories import login, make_coordinator, make_organisation, make_peer_expert, make_user

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
EXPIRED = dt.date(2023, 11, 1)  # last valid day 1 November 2026


def _reminders(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "vog_reminder")
        )
        or 0
    )


def _coordinator_client(app: Flask, session: Session, locale: str = "en") -> tuple:  # type: ignore[type-arg]
    org = make_organisation(session)
    coordinator = make_coordinator(session, org, locale=locale)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)
    return org, client


def test_the_list_tells_no_vog_known_from_expired_and_minors_still_open(
    app: Flask, db_session: Session
) -> None:
    org, client = _coordinator_client(app, db_session)
    none = make_peer_expert(db_session, org, vog_date=None, audiences=["youth_12_15"])
    expired = make_peer_expert(db_session, org, vog_date=EXPIRED, audiences=["youth_16_17"])
    page = client.get("/verification/vog").get_data(as_text=True)
    row_none = page.split(none.user.display_name, 1)[1].split("</tr>", 1)[0]
    row_expired = page.split(expired.user.display_name, 1)[1].split("</tr>", 1)[0]
    assert "No VOG known" in row_none and "Expired" not in row_none
    assert "Expired" in row_expired and "No VOG known" not in row_expired
    assert "Still open to under 18" in row_expired
    assert f"/verification/vog/{expired.id}" in row_expired


def test_remind_asks_first_then_sends_and_says_so(app: Flask, db_session: Session) -> None:
    org, client = _coordinator_client(app, db_session)
    profile = make_peer_expert(db_session, org, vog_date=EXPIRED)
    ask = client.post(f"/verification/vog/{profile.id}/remind")
    assert ask.status_code == 200
    assert "Send a reminder?" in ask.get_data(as_text=True)
    assert _reminders(db_session) == 0
    done = client.post(
        f"/verification/vog/{profile.id}/remind", data={"confirm": "yes"}, follow_redirects=True
    )
    assert f"We sent {profile.user.display_name} a reminder" in done.get_data(as_text=True)
    assert _reminders(db_session) == 1


def test_original_seen_checks_the_date_confirms_and_saves(app: Flask, db_session: Session) -> None:
    org, client = _coordinator_client(app, db_session)
    profile = make_peer_expert(db_session, org, vog_date=EXPIRED)
    empty = client.post(f"/verification/vog/{profile.id}/seen", data={"issued_on": ""})
    assert empty.status_code == 422
    assert "Fill in the date of issue on the VOG." in empty.get_data(as_text=True)
    too_old = client.post(
        f"/verification/vog/{profile.id}/seen", data={"issued_on": "2020-01-01", "confirm": "yes"}
    )
    assert too_old.status_code == 422
    assert "more than three years old" in too_old.get_data(as_text=True)
    check = client.post(f"/verification/vog/{profile.id}/seen", data={"issued_on": "2026-11-02"})
    text = check.get_data(as_text=True)
    assert "Check before saving" in text and "2 November 2029" in text
    assert profile.vog_date == EXPIRED
    done = client.post(
        f"/verification/vog/{profile.id}/seen",
        data={"issued_on": "2026-11-02", "confirm": "yes"},
        follow_redirects=True,
    )
    assert "you saw the original VOG" in done.get_data(as_text=True)
    db_session.refresh(profile)
    assert profile.vog_date == dt.date(2026, 11, 2) and profile.vog_seen_at is not None


def test_minors_on_hold_after_a_confirm_step(app: Flask, db_session: Session) -> None:
    org, client = _coordinator_client(app, db_session, locale="nl")
    profile = make_peer_expert(
        db_session, org, vog_date=EXPIRED, audiences=["youth_16_17", "adult_18_plus"]
    )
    ask = client.post(f"/verification/vog/{profile.id}/suspend-minors")
    assert "op pauze zetten?" in ask.get_data(as_text=True)
    assert profile.audiences == ["youth_16_17", "adult_18_plus"]
    client.post(f"/verification/vog/{profile.id}/suspend-minors", data={"confirm": "yes"})
    db_session.refresh(profile)
    assert profile.audiences == ["adult_18_plus"]
    page = client.get("/verification/vog").get_data(as_text=True)
    assert "Onder 18 op pauze" in page


def test_strangers_get_nothing(app: Flask, db_session: Session) -> None:
    profile = make_peer_expert(db_session, vog_date=EXPIRED)
    _, client = _coordinator_client(app, db_session)
    assert client.get(f"/verification/vog/{profile.id}").status_code == 404
    assert (
        client.post(f"/verification/vog/{profile.id}/remind", data={"confirm": "yes"}).status_code
        == 404
    )
    youth_client = app.test_client()
    login(youth_client, make_user(db_session, Role.YOUTH))
    assert youth_client.get(f"/verification/vog/{profile.id}").status_code in (403, 404)
    assert _reminders(db_session) == 0
