"""Private calendar feeds: a secret link that works until revoked, with only your sessions."""

from __future__ import annotations

import datetime as dt

import icalendar
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret
from peermatch.models import User
from peermatch.models.enums import BookingStatus
from peermatch.services import calendar_feed
from peermatch.services.audit import SYSTEM
from tests.integration.notifications.builders import make_booking, make_pair

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def feed_uids(client: FlaskClient, token: str) -> dict[str, str]:
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.get_data())
    return {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}


def test_the_feed_lists_only_the_owners_own_sessions(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    youth, peer, proposal = make_pair(db_session)
    other_youth, other_peer, other_proposal = make_pair(db_session)
    mine = make_booking(
        db_session, youth=youth, peer=peer, proposal=proposal, starts_at=NOW + dt.timedelta(days=2)
    )
    held = make_booking(
        db_session,
        youth=youth,
        peer=peer,
        proposal=proposal,
        starts_at=NOW + dt.timedelta(days=4),
        status=BookingStatus.HELD,
    )
    cancelled = make_booking(
        db_session,
        youth=youth,
        peer=peer,
        proposal=proposal,
        starts_at=NOW + dt.timedelta(days=3),
        status=BookingStatus.CANCELLED,
    )
    old_cancelled = make_booking(
        db_session,
        youth=youth,
        peer=peer,
        proposal=proposal,
        starts_at=NOW - dt.timedelta(days=60),
        status=BookingStatus.CANCELLED,
    )
    not_mine = make_booking(
        db_session,
        youth=other_youth,
        peer=other_peer,
        proposal=other_proposal,
        starts_at=NOW + dt.timedelta(days=2),
    )
    token = calendar_feed.create_feed_token(db_session, youth, origin=SYSTEM)
    uids = feed_uids(client, token)
    assert uids == {
        mine.ical_uid: "CONFIRMED",
        held.ical_uid: "TENTATIVE",
        cancelled.ical_uid: "CANCELLED",
    }
    assert old_cancelled.ical_uid not in uids
    assert not_mine.ical_uid not in uids


def test_the_feed_is_neutral(app: Flask, client: FlaskClient, db_session: Session) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    youth, peer, proposal = make_pair(db_session, locale="nl")
    make_booking(
        db_session,
        youth=youth,
        peer=peer,
        proposal=proposal,
        starts_at=NOW + dt.timedelta(days=1),
        meeting_details="https://meet.example/secret-room",
    )
    token = calendar_feed.create_feed_token(db_session, youth, origin=SYSTEM)
    body = client.get(f"/calendar/{token}.ics").get_data(as_text=True)
    assert "PeerMatch-gesprek" in body
    assert "secret-room" not in body
    assert peer.display_name not in body
    assert peer.email not in body


def test_a_revoked_or_replaced_link_answers_404(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    youth, *_ = make_pair(db_session)
    first = calendar_feed.create_feed_token(db_session, youth, origin=SYSTEM)
    assert client.get(f"/calendar/{first}.ics").status_code == 200
    second = calendar_feed.create_feed_token(db_session, youth, origin=SYSTEM)
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    assert client.get(f"/calendar/{second}.ics").status_code == 200
    assert calendar_feed.revoke_feed_token(db_session, youth, origin=SYSTEM) is True
    assert client.get(f"/calendar/{second}.ics").status_code == 404
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_only_a_hash_of_the_secret_is_stored(db_session: Session) -> None:
    youth, *_ = make_pair(db_session)
    token = calendar_feed.create_feed_token(db_session, youth, origin=SYSTEM)
    assert len(token) >= 40
    assert youth.calendar_token_hash == hash_secret(token)
    assert token not in (youth.calendar_token_hash or "")


def test_a_deactivated_account_has_no_feed(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user: User = make_pair(db_session)[0]
    token = calendar_feed.create_feed_token(db_session, user, origin=SYSTEM)
    user.is_active = False
    db_session.flush()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_held_sessions_are_tentative_and_stamped_with_their_last_change(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    """A session waiting for approval (a first session or a held reschedule) is not yet
    certain, and a feed without METHOD stamps each event with its last revision (RFC 5545,
    3.8.7.2), not with the moment a calendar app happened to poll."""
    youth, peer, proposal = make_pair(db_session)
    confirmed = make_booking(
        db_session, youth=youth, peer=peer, proposal=proposal, starts_at=NOW + dt.timedelta(days=2)
    )
    rescheduled = make_booking(
        db_session,
        youth=youth,
        peer=peer,
        proposal=proposal,
        starts_at=NOW + dt.timedelta(days=5),
        status=BookingStatus.HELD,
    )
    rescheduled.sequence = 1  # moved once, now held again for the coordinator
    changed = {
        confirmed.ical_uid: dt.datetime(2026, 11, 20, 8, 15, tzinfo=dt.UTC),
        rescheduled.ical_uid: dt.datetime(2026, 11, 22, 17, 40, tzinfo=dt.UTC),
    }
    confirmed.updated_at = changed[confirmed.ical_uid]
    rescheduled.updated_at = changed[rescheduled.ical_uid]
    db_session.flush()
    token = calendar_feed.create_feed_token(db_session, youth, origin=SYSTEM)
    stamps: list[dict[str, dt.datetime]] = []
    for fetched_at in (NOW, NOW + dt.timedelta(hours=3)):
        app.extensions["peermatch_clock"].set(fetched_at)
        response = client.get(f"/calendar/{token}.ics")
        events = icalendar.Calendar.from_ical(response.get_data()).walk("VEVENT")
        statuses = {str(e["UID"]): str(e["STATUS"]) for e in events}
        assert statuses == {confirmed.ical_uid: "CONFIRMED", rescheduled.ical_uid: "TENTATIVE"}
        stamps.append({str(e["UID"]): e.decoded("dtstamp") for e in events})
    assert stamps[0] == stamps[1] == changed
