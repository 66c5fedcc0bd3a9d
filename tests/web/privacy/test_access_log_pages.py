"""The access log (NEN 7513): every page that shows sensitive data writes exactly one entry
with its purpose, pages that don't show it write none, and each role sees its own slice."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS
from peermatch.models import AccessLogEntry, User
from peermatch.models.enums import DomainVisibility, ProfileStatus, ProposalStatus, Role
from peermatch.services import access_log, bookings
from peermatch.services import proposals as proposals_service
from peermatch.services.audit import Origin
from tests.factories import (
    add_entry,
    complete_draft,
    login,
    make_coordinator,
    make_organisation,
    make_user,
)
from tests.integration.booking.builders import at
from tests.integration.booking.builders import world as booking_world
from tests.integration.matches.builders import NOW, open_request, peer, youth
from tests.web.api.builders import bearer, token_for

WORDS = "Ik slaap slecht sinds de verhuizing."
ROOM = "https://meet.example.org/kamer-9"
ORIGIN = Origin(ip_address="127.0.0.1", channel="test")


def _entries(session: Session, kind: str | None = None) -> list[AccessLogEntry]:
    session.expire_all()
    query = select(AccessLogEntry).order_by(AccessLogEntry.id)
    if kind is not None:
        query = query.where(AccessLogEntry.data_kind == kind)
    return list(session.scalars(query))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.extensions["peermatch_clock"].set(NOW)
    return app.test_client()


def _accepted_match(session: Session):  # type: ignore[no-untyped-def]
    org = make_organisation(session)
    coordinator = make_coordinator(session, org)
    expert = peer(session, org, name="Noor Jansen")
    young = youth(session)
    request = open_request(session, young, own_words=WORDS)
    (proposal,) = proposals_service.choose(
        session, request.id, young, [expert.id], now=NOW, origin=ORIGIN, weights=DEFAULT_WEIGHTS
    )
    proposals_service.accept(session, proposal.id, expert.user, now=NOW, origin=ORIGIN)
    assert proposal.status is ProposalStatus.AWAITING_APPROVAL
    return org, coordinator, expert, young, request, proposal


# --------------------------------------------------------------------------- own words


def test_the_coordinators_match_page_shows_no_own_words_and_logs_no_read(
    client: FlaskClient, db_session: Session
) -> None:
    """The tester's finding: the status page logged a read it never showed."""
    _, coordinator, _, _, _, proposal = _accepted_match(db_session)
    login(client, coordinator)
    page = client.get(f"/matches/{proposal.id}")
    assert page.status_code == 200
    assert WORDS not in page.get_data(as_text=True)
    assert _entries(db_session, "own_words") == []


def test_the_approval_page_shows_the_own_words_and_logs_exactly_one_read(
    client: FlaskClient, db_session: Session
) -> None:
    org, coordinator, _, young, request, proposal = _accepted_match(db_session)
    client.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    login(client, coordinator)
    page = client.get(f"/matches/approvals/{proposal.id}")
    assert WORDS in page.get_data(as_text=True)
    [entry] = _entries(db_session)
    assert (entry.reader_id, entry.reader_role) == (coordinator.id, "coordinator")
    assert (entry.subject_id, entry.organisation_id) == (young.id, org.id)
    assert (entry.record_type, entry.record_id) == ("contact_request", request.id)
    assert entry.purpose == "matches.approval"
    assert entry.ip_address == "10.1.2.3"
    assert entry.at == NOW


def test_the_peer_experts_match_page_logs_one_read_after_accepting(
    client: FlaskClient, db_session: Session
) -> None:
    _, _, expert, _, _, proposal = _accepted_match(db_session)
    login(client, expert.user)
    assert WORDS in client.get(f"/matches/{proposal.id}").get_data(as_text=True)
    [entry] = _entries(db_session)
    assert (entry.reader_id, entry.reader_role, entry.purpose) == (
        expert.user_id,
        "peer_expert",
        "matches.status",
    )


def test_the_youth_reading_their_own_request_logs_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    _, _, _, young, request, _ = _accepted_match(db_session)
    login(client, young)
    assert WORDS in client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert _entries(db_session) == []


def test_the_ip_is_the_one_proxyfix_saw(app_factory, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(TRUSTED_PROXY_HOPS=1)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    _, coordinator, _, _, _, proposal = _accepted_match(db_session)
    client.environ_base.update({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    login(client, coordinator)
    assert client.get(f"/matches/approvals/{proposal.id}").status_code == 200
    assert [e.ip_address for e in _entries(db_session)] == ["203.0.113.9"]


# --------------------------------------------------------------------------- meeting details


def test_the_session_page_logs_a_read_of_how_to_meet_and_the_list_does_not(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    w = booking_world(db_session)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
        bookings.update_meeting_details(db_session, booking.id, w.peer, details=ROOM, now=NOW)
    for user in (w.youth, w.peer, w.coordinator):
        client = app.test_client()
        login(client, user)
        assert ROOM not in client.get("/sessions").get_data(as_text=True)
        assert ROOM in client.get(f"/sessions/{booking.id}").get_data(as_text=True)
    entries = _entries(db_session, "meeting_details")
    # The youth is whom the session is about: their own reads are not logged.
    assert [(e.reader_id, e.reader_role) for e in entries] == [
        (w.peer.id, "peer_expert"),
        (w.coordinator.id, "coordinator"),
    ]
    assert {(e.subject_id, e.record_id, e.purpose) for e in entries} == {
        (w.youth.id, booking.id, "bookings.detail")
    }
    assert _entries(db_session, "own_words") == []


def test_the_api_logs_each_session_it_returns_with_meeting_details(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    w = booking_world(db_session)
    with app.app_context():
        booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
        bookings.update_meeting_details(db_session, booking.id, w.peer, details=ROOM, now=NOW)
    client = app.test_client()
    response = client.get(
        f"/api/v1/sessions/{booking.id}", headers=bearer(token_for(db_session, w.peer))
    )
    assert response.status_code == 200 and response.get_json()["meeting_details"] == ROOM
    [entry] = _entries(db_session)
    assert (entry.reader_id, entry.purpose, entry.channel) == (
        w.peer.id,
        "api.sessions_get",
        "api",
    )


# --------------------------------------------------------------------------- verification data


def test_the_verification_page_logs_the_vog_and_the_coordinators_only_texts(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=ProfileStatus.SUBMITTED, submitted_at=NOW)
    add_entry(
        db_session,
        profile,
        "bullying",
        text="ALLEEN",
        visibility=DomainVisibility.COORDINATORS_ONLY,
    )
    login(client, coordinator)
    client.get("/verification")  # the queue lists names, no verification data
    client.get("/dashboard")
    assert _entries(db_session) == []
    client.get(f"/verification/profiles/{profile.id}")
    entries = _entries(db_session)
    assert sorted(e.data_kind for e in entries) == ["profile_text", "verification"]
    assert {(e.subject_id, e.organisation_id, e.purpose) for e in entries} == {
        (profile.user_id, org.id, "verification.profile")
    }


def test_the_vog_page_logs_one_read_per_person_shown(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    old = complete_draft(db_session, org, status=ProfileStatus.ACTIVE, vog_date=dt.date(2023, 1, 5))
    complete_draft(db_session, org, status=ProfileStatus.ACTIVE, vog_date=dt.date(2026, 6, 1))
    login(client, coordinator)
    assert client.get("/verification/vog").status_code == 200
    assert [(e.subject_id, e.data_kind, e.purpose) for e in _entries(db_session)] == [
        (old.user_id, "verification", "verification.vog")
    ]


def test_the_vog_follow_up_page_logs_one_read_of_that_persons_vog(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=ProfileStatus.ACTIVE)
    login(client, coordinator)
    assert client.get(f"/verification/vog/{profile.id}").status_code == 200
    assert [(e.subject_id, e.data_kind, e.purpose) for e in _entries(db_session)] == [
        (profile.user_id, "verification", "vog.actions")
    ]


# --------------------------------------------------------------------------- who sees the log


def _logged_read(session: Session, reader: User, subject: User, org_id: int | None, **kw):  # type: ignore[no-untyped-def]
    return access_log.record(
        session,
        reader=reader,
        reader_role=kw.pop("role", "coordinator"),
        subject_id=subject.id,
        organisation_id=org_id,
        kind=kw.pop("kind", "own_words"),
        record_type="contact_request",
        record_id=1,
        origin=Origin(ip_address="198.51.100.7", endpoint=kw.pop("endpoint", "matches.approval")),
        now=kw.pop("now", NOW),
    )


def test_the_youth_sees_who_read_their_words_on_their_account_page(
    client: FlaskClient, db_session: Session
) -> None:
    org = make_organisation(db_session, name="Stichting Samen")
    coordinator = make_coordinator(db_session, org, display_name="Karin de Vries")
    expert = peer(db_session, org, name="Noor Jansen")
    young = youth(db_session)
    _logged_read(db_session, coordinator, young, org.id)
    _logged_read(
        db_session, expert.user, young, org.id, role="peer_expert", endpoint="matches.status"
    )
    login(client, young)
    page = client.get("/account").get_data(as_text=True)
    assert "Wie je gegevens las" in page
    assert "Coördinator" in page and "Stichting Samen" in page
    assert "Karin" not in page  # a coordinator by organisation, not by name
    assert "Ervaringsdeskundige Noor" in page and "Jansen" not in page
    assert "Een match goedkeuren" in page
    assert "198.51.100.7" not in page
    full = client.get("/account/access-log").get_data(as_text=True)
    assert full.count("Je eigen woorden") == 2 and "198.51.100.7" not in full
    assert [e.reader_role for e in access_log.entries_for_subject(db_session, young)] == [
        "peer_expert",
        "coordinator",
    ]


def test_nobody_else_has_read_says_so(client: FlaskClient, db_session: Session) -> None:
    young = youth(db_session)
    login(client, young)
    assert "Niemand anders heeft je gegevens gelezen." in client.get("/account").get_data(
        as_text=True
    )


def test_a_coordinator_sees_only_their_organisations_log_filtered_and_paged(
    client: FlaskClient, db_session: Session
) -> None:
    mine, other = make_organisation(db_session), make_organisation(db_session)
    coordinator = make_coordinator(db_session, mine)
    colleague = make_coordinator(db_session, mine, display_name="Bram Collega")
    stranger_coordinator = make_coordinator(db_session, other, display_name="Otto Anders")
    ours, theirs = (
        youth(db_session, display_name="Ayla Ons"),
        youth(db_session, display_name="Zoë Hun"),
    )
    for n in range(access_log.PAGE_SIZE + 3):
        _logged_read(db_session, colleague, ours, mine.id, now=NOW - dt.timedelta(hours=n))
    _logged_read(db_session, stranger_coordinator, theirs, other.id)
    login(client, coordinator)
    first = client.get("/coordinator/access-log").get_data(as_text=True)
    assert "Ayla Ons" in first and "Zoë Hun" not in first and "Otto Anders" not in first
    assert "Pagina 1 van 2" in first
    second = client.get("/coordinator/access-log?page=2").get_data(as_text=True)
    assert second.count("Ayla Ons") == 3
    # By person, and by period (whole days in the coordinator's time zone).
    by_person = client.get(f"/coordinator/access-log?person={ours.id}").get_data(as_text=True)
    assert f"{access_log.PAGE_SIZE + 3} keer" in by_person
    day = NOW.date().isoformat()
    one_day = client.get(f"/coordinator/access-log?from={day}&to={day}").get_data(as_text=True)
    # 12:00 UTC back to 23:00 UTC the day before: the whole Amsterdam day.
    assert "Otto" not in one_day, one_day
    assert "14 keer" in one_day
    # Someone outside the organisation: 404, no hint they exist.
    assert client.get(f"/coordinator/access-log?person={theirs.id}").status_code == 404
    assert client.get("/coordinator/access-log?person=99999999").status_code == 404
    # Bad input: a clear message, nothing shown by mistake.
    bad = client.get(f"/coordinator/access-log?from={day}&to=2020-01-01")
    assert bad.status_code == 422 and "Kies een periode" in bad.get_data(as_text=True)
    assert client.get("/coordinator/access-log?person=abc").status_code == 422


def test_other_roles_cannot_open_the_coordinator_log_or_the_export(
    client: FlaskClient, db_session: Session
) -> None:
    young = youth(db_session)
    login(client, young)
    assert client.get("/coordinator/access-log").status_code in (403, 404)
    assert client.get("/admin/access-log.csv").status_code in (403, 404)


def test_an_admin_exports_the_log_as_csv(client: FlaskClient, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    young = youth(db_session)
    entry = _logged_read(db_session, coordinator, young, org.id)
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    login(client, admin)
    response = client.get("/admin/access-log.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == list(access_log.CSV_HEADER)
    assert rows[1][0] == str(entry.id)
    assert rows[1][2:5] == [str(coordinator.id), "coordinator", str(young.id)]
    assert rows[1][-1] == "198.51.100.7"
    assert WORDS not in response.get_data(as_text=True)
    empty = client.get("/admin/access-log.csv?from=2020-01-01&to=2020-01-02")
    assert len(list(csv.reader(io.StringIO(empty.get_data(as_text=True))))) == 1


def test_retention_deletes_only_entries_older_than_the_cutoff(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    young = youth(db_session)
    _logged_read(db_session, coordinator, young, org.id, now=NOW - dt.timedelta(days=2000))
    kept = _logged_read(db_session, coordinator, young, org.id)
    cutoff = access_log.retention_cutoff(NOW, 5 * 366)
    assert access_log.purge_older_than(db_session, cutoff) == 1
    assert [e.id for e in _entries(db_session)] == [kept.id]
