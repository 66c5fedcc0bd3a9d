"""The sessions list (the page ``/sessions`` and ``GET /api/v1/sessions``) costs the same
statements for one session as for five, for each kind of person who has sessions, and it
shows each session exactly as that session's own view does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import AccessLogEntry, MatchProposal, PeerExpertProfile, User
from peermatch.models.enums import BookingStatus, ProfileStatus, RequestKind, Role
from peermatch.services import bookings
from tests.conftest import QueryCounter
from tests.factories import login, make_coordinator, make_organisation, make_team, make_user
from tests.integration.booking.builders import NOW, approve, approved_match, at, peer_expert
from tests.web.api.builders import bearer, token_for


@dataclass
class Hub:
    """The person whose list is read, and how to give them one more session of each kind."""

    user: User
    add: Callable[[int], None]
    made: list[MatchProposal] = field(default_factory=list)


def _youth_hub(app: Flask, session: Session) -> Hub:
    """A youth with sessions of several peer experts in several organisations: confirmed,
    waiting for an answer to her own times, cancelled, a second one in a match, held."""
    youth = make_user(session, Role.YOUTH)

    def add(i: int) -> None:
        org = make_organisation(session, first_session_needs_approval=i == 4)
        if i == 3:
            proposal = hub.made[0]
        else:
            proposal = approved_match(session, peer_expert(session, org), youth)
        hub.made.append(proposal)
        with app.app_context():
            if i == 1:
                bookings.propose_times(
                    session, proposal.id, youth, starts=[at(i, 11), at(i, 13)], now=NOW
                )
                return
            booking = bookings.book_slot(session, proposal.id, youth, start=at(i, 10), now=NOW)
            if i == 2:
                bookings.cancel(session, booking.id, youth, reason="ziek", now=NOW)

    hub = Hub(youth, add)
    return hub


def _peer_hub(app: Flask, session: Session) -> Hub:
    """A peer expert with sessions of several youths; the meeting details are theirs to
    read, so the API logs each read."""
    profile = peer_expert(session, make_organisation(session))

    def add(i: int) -> None:
        youth = make_user(session, Role.YOUTH)
        proposal = hub.made[0] if i == 3 else approved_match(session, profile, youth)
        requester = proposal.request.requester
        hub.made.append(proposal)
        with app.app_context():
            if i == 1:
                bookings.propose_times(
                    session, proposal.id, requester, starts=[at(i, 11), at(i, 13)], now=NOW
                )
                return
            booking = bookings.book_slot(session, proposal.id, requester, start=at(i, 10), now=NOW)
            if i == 2:
                bookings.cancel(session, booking.id, profile.user, reason="ziek", now=NOW)

    hub = Hub(profile.user, add)
    return hub


def _team_hub(app: Flask, session: Session) -> Hub:
    """A team member who sees the team's sessions a colleague booked, some with two peer
    experts (each answers for themselves) and some with one."""
    org = make_organisation(session)
    asker = make_user(session, Role.TEAM_MEMBER, birth_year=1985)
    colleague = make_user(session, Role.TEAM_MEMBER, birth_year=1980)
    team = make_team(session, org, asker, colleague)

    def add(i: int) -> None:
        first: PeerExpertProfile = peer_expert(session, make_organisation(session))
        wanted = 2 if i % 2 == 0 else 1
        proposal = approved_match(
            session, first, asker, kind=RequestKind.TEAM, team_id=team.id,
            peer_experts_wanted=wanted,
        )  # fmt: skip
        if wanted == 2:
            approve(session, proposal.request, peer_expert(session, make_organisation(session)))
        hub.made.append(proposal)
        with app.app_context():
            bookings.book_slot(session, proposal.id, asker, start=at(i, 10), now=NOW)

    hub = Hub(colleague, add)
    return hub


HUBS = {"youth": _youth_hub, "peer_expert": _peer_hub, "team_member": _team_hub}


def _statements(client: FlaskClient, path: str, count_queries: QueryCounter, **kw: Any) -> int:
    with count_queries() as statements:
        response = client.get(path, **kw)
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:500])
    return len(statements)


@pytest.mark.parametrize("who", list(HUBS))
def test_the_sessions_page_and_api_cost_the_same_statements_for_one_or_five_sessions(
    app: Flask, db_session: Session, count_queries: QueryCounter, who: str
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    hub = HUBS[who](app, db_session)
    hub.add(0)
    page, api = app.test_client(), app.test_client()
    login(page, hub.user)
    headers = bearer(token_for(db_session, hub.user))
    paths = ["/sessions", "/api/v1/sessions?when=all"]
    # A token's first use notes when it was last used; later calls within the hour do not.
    api.get("/api/v1/me", headers=headers)

    def costs() -> list[int]:
        return [
            _statements(page, paths[0], count_queries),
            _statements(api, paths[1], count_queries, headers=headers),
        ]

    few = costs()
    for i in range(1, 5):
        hub.add(i)
    many = costs()
    listed = api.get(paths[1], headers=headers).json
    assert listed is not None and len(listed) == 5
    assert few == many, dict(zip(paths, zip(few, many, strict=True), strict=True))


@pytest.mark.parametrize("who", list(HUBS))
def test_each_listed_session_is_what_its_own_view_shows(
    app: Flask, db_session: Session, who: str
) -> None:
    """The list loads everything at once; the single session's view still loads it one by
    one, so the two must agree field for field (actions, people, details, room)."""
    app.extensions["peermatch_clock"].set(NOW)
    hub = HUBS[who](app, db_session)
    for i in range(5):
        hub.add(i)
    api = app.test_client()
    headers = bearer(token_for(db_session, hub.user))
    listed = api.get("/api/v1/sessions?when=all", headers=headers).json
    assert listed is not None and len(listed) == 5
    for item in listed:
        alone = api.get(f"/api/v1/sessions/{item['id']}", headers=headers).json
        assert item == alone
    statuses = {item["status"] for item in listed}
    if who != "team_member":
        assert {"confirmed", "requested", "cancelled"} <= statuses
    assert any(item["actions"] for item in listed)
    page = app.test_client()
    login(page, hub.user)
    html = page.get("/sessions").get_data(as_text=True)
    assert all(f"/sessions/{item['id']}" in html for item in listed)


def test_the_list_logs_each_revealed_meeting_detail_like_the_single_view(
    app: Flask, db_session: Session
) -> None:
    """A peer expert reading the youths' meeting details over the API leaves one access-log
    line per session, as reading them one by one does."""
    app.extensions["peermatch_clock"].set(NOW)
    hub = _peer_hub(app, db_session)
    for i in range(5):
        hub.add(i)
    api = app.test_client()
    headers = bearer(token_for(db_session, hub.user))

    def logged_after(marker: int) -> list[tuple[Any, ...]]:
        """The reads logged since ``marker`` (an entry id), in session order."""
        rows = db_session.execute(
            select(
                AccessLogEntry.reader_id,
                AccessLogEntry.reader_role,
                AccessLogEntry.subject_id,
                AccessLogEntry.organisation_id,
                AccessLogEntry.data_kind,
                AccessLogEntry.channel,
                AccessLogEntry.at,
                AccessLogEntry.record_type,
                AccessLogEntry.record_id,
            )
            .where(AccessLogEntry.id > marker)
            .order_by(AccessLogEntry.record_id)
        )
        return [tuple(row) for row in rows]

    def last_id() -> int:
        return db_session.scalar(select(func.max(AccessLogEntry.id))) or 0

    start = last_id()
    listed = api.get("/api/v1/sessions?when=all", headers=headers).json
    assert listed is not None
    by_list = logged_after(start)
    with_details = [item["id"] for item in listed if item["meeting_details"] is not None]
    assert [row[8] for row in by_list] == sorted(with_details) and len(with_details) >= 3
    middle = last_id()
    for item in listed:
        api.get(f"/api/v1/sessions/{item['id']}", headers=headers)
    assert logged_after(middle) == by_list
    assert BookingStatus.CANCELLED.value in {item["status"] for item in listed}


def test_the_coordinators_sessions_page_costs_the_same_statements_for_one_or_five(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    """Held sessions, every session of the organisation with its people, the series and
    paused peer experts with sessions ahead: no statement per row either."""
    app.extensions["peermatch_clock"].set(NOW)
    org = make_organisation(db_session, first_session_needs_approval=True)
    coordinator = make_coordinator(db_session, org)

    def add(i: int) -> None:
        profile = peer_expert(db_session, org)
        proposal = approved_match(db_session, profile)
        with app.app_context():
            bookings.book_slot(
                db_session, proposal.id, proposal.request.requester, start=at(i, 10), now=NOW
            )
        if i in (0, 3):
            profile.status = ProfileStatus.PAUSED
            db_session.flush()

    add(0)
    page = app.test_client()
    login(page, coordinator)
    few = _statements(page, "/coordinator/sessions", count_queries)
    for i in range(1, 5):
        add(i)
    many = _statements(page, "/coordinator/sessions", count_queries)
    html = page.get("/coordinator/sessions").get_data(as_text=True)
    assert html.count('class="card session-card"') == 10  # held, and all sessions
    assert few == many


def test_a_person_without_sessions_gets_the_empty_list_from_one_light_statement(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    person = make_user(db_session, Role.YOUTH)
    person.privacy_consent_version = str(app.config["PRIVACY_STATEMENT_VERSION"])
    token = token_for(db_session, person)
    client = app.test_client()
    client.get("/api/v1/me", headers=bearer(token))  # the token's first use is recorded
    with count_queries() as statements:
        answer = client.get("/api/v1/sessions", headers=bearer(token))
    assert answer.status_code == 200 and answer.json == []
    own = [s for s in statements if "SAVEPOINT" not in s]
    assert len(own) == 2, own  # the token with its user, then whether any session exists
    assert own[1].upper().replace("(", "").startswith("SELECT EXISTS")
