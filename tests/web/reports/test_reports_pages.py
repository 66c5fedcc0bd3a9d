"""Reports through the pages: a coordinator's CSV matches a factory-built world exactly,
small numbers read "< 3", strangers get 404, and the statements stay the same as data grows."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.lifecycles.proposals import ProposalStatus
from peermatch.models import (
    Booking,
    ContactRequest,
    Feedback,
    MatchProposal,
    PeerExpertProfile,
    RequestDomain,
)
from peermatch.models.enums import BookingStatus, ParticipantRole, RequestKind, RequestStatus, Role
from peermatch.models.organisations import Organisation
from tests.conftest import QueryCounter
from tests.factories import (
    domain,
    login,
    make_coordinator,
    make_organisation,
    make_peer_expert,
    make_user,
)

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
PERIOD = {"from": "2026-10", "to": "2026-11"}


def utc(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=dt.UTC)


def build_world(session: Session, org: Organisation, copies: int = 1) -> None:
    """Per copy, in October: 4 youth requests (anxiety), each asked 1 day and accepted
    2 days after sending, approved 1 day later, 1 held session 3 days after approval;
    in November: 1 cancelled-late and 1 no-show session, and three feedback answers."""
    peer = make_peer_expert(session, org)
    anxiety = domain(session, "anxiety")
    for _ in range(copies):
        for n in range(4):
            youth = make_user(session, Role.YOUTH, birth_year=2009)
            sent = utc(10, 1 + n)
            request = ContactRequest(
                kind=RequestKind.YOUTH, status=RequestStatus.MATCHED, requester_id=youth.id,
                organisation_id=org.id, submitted_at=sent, modes=["video"],
            )  # fmt: skip
            session.add(request)
            session.flush()
            session.add(RequestDomain(request_id=request.id, domain_id=anxiety.id))
            proposal = MatchProposal(
                request_id=request.id, profile_id=peer.id, status=ProposalStatus.APPROVED,
                asked_at=sent + dt.timedelta(days=1), responded_at=sent + dt.timedelta(days=3),
                decided_at=sent + dt.timedelta(days=4),
            )  # fmt: skip
            session.add(proposal)
            session.flush()
            held = Booking(
                proposal_id=proposal.id, status=BookingStatus.COMPLETED,
                starts_at=sent + dt.timedelta(days=7), ends_at=sent + dt.timedelta(days=7, hours=1),
            )  # fmt: skip
            session.add(held)
            session.flush()
            if n < 3:
                session.add(
                    Feedback(booking_id=held.id, author_id=youth.id,
                             author_role=ParticipantRole.YOUTH, rating=4 + n % 2,
                             created_at=utc(11, 2 + n))
                )  # fmt: skip
            if n == 0:
                session.add_all(
                    [
                        Booking(proposal_id=proposal.id, status=BookingStatus.CANCELLED,
                                cancelled_late=True, starts_at=utc(11, 10), ends_at=utc(11, 10, 11)),
                        Booking(proposal_id=proposal.id, status=BookingStatus.NO_SHOW,
                                starts_at=utc(11, 12), ends_at=utc(11, 12, 11)),
                    ]
                )  # fmt: skip
    session.flush()


def _csv(client: object, figure: str, **args: str) -> list[list[str]]:
    response = client.get(f"/reports/{figure}.csv", query_string={**PERIOD, **args})  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_csv_figures_match_the_world_exactly(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    build_world(db_session, org)
    other = make_organisation(db_session)
    build_world(db_session, other)  # never counted for this coordinator
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)

    activity = _csv(client, "activity")
    assert activity == [
        [
            "Month",
            "Requests",
            "Matches",
            "Sessions held",
            "Cancelled late",
            "Cancelled in time",
            "No-shows",
        ],
        ["Oct 2026", "4", "4", "4", "0", "0", "0"],
        ["Nov 2026", "0", "0", "0", "<3", "0", "<3"],
    ]
    waiting = {(r[0], r[1]): r[2:] for r in _csv(client, "waiting")[1:]}
    assert waiting[("Oct 2026", "Request → first proposal")] == ["4", "1.0", "1.0"]
    assert waiting[("Oct 2026", "Proposal → accepted")] == ["4", "2.0", "2.0"]
    assert waiting[("Oct 2026", "Request → first session")] == ["4", "7.0", "7.0"]
    satisfaction = _csv(client, "satisfaction")
    assert satisfaction[2] == ["Nov 2026", "3", str(round((4 + 5 + 4) / 3, 1))]
    supply = _csv(client, "supply")
    assert supply[1][2:] == ["4", "0"]  # asked four times by 12-15-year-olds, nobody offers it


def test_the_page_draws_charts_and_hides_small_numbers(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="nl")
    build_world(db_session, org)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)
    page = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert page.count('<svg class="chart"') >= 5
    assert "&lt; 3" in page
    assert "Wachttijden" in page
    assert "Download als CSV" in page


def test_other_organisations_and_other_roles_get_nothing(app: Flask, db_session: Session) -> None:
    org, other = make_organisation(db_session), make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    client = app.test_client()
    login(client, coordinator)
    assert client.get("/reports", query_string={"org": other.id}).status_code == 404
    assert client.get("/reports/activity.csv", query_string={"org": other.id}).status_code == 404
    assert client.get("/reports/secret.csv").status_code == 404
    assert client.get("/reports", query_string={"org": "99999999999"}).status_code == 404
    youth = app.test_client()
    login(youth, make_user(db_session, Role.YOUTH))
    assert youth.get("/reports").status_code == 403


def test_a_bad_period_is_explained_and_changes_nothing(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    client = app.test_client()
    login(client, make_coordinator(db_session, org, locale="en"))
    reversed_ = client.get("/reports", query_string={"from": "2026-11", "to": "2026-01"})
    assert reversed_.status_code == 422
    assert "The first month comes after the last" in reversed_.get_data(as_text=True)
    too_long = client.get("/reports", query_string={"from": "2020-01", "to": "2026-01"})
    assert "at most 36 months" in too_long.get_data(as_text=True)
    nonsense = client.get("/reports", query_string={"from": "20x6-13", "to": "2026-01"})
    assert nonsense.status_code == 422


def test_admins_see_all_organisations_together(app: Flask, db_session: Session) -> None:
    first, second = make_organisation(db_session), make_organisation(db_session)
    build_world(db_session, first)
    build_world(db_session, second)
    admin = make_user(db_session, Role.ADMIN, birth_year=None, locale="en")
    client = app.test_client()
    login(client, admin)
    rows = _csv(client, "activity")
    assert rows[1][1] >= "8"  # both organisations' requests (others' factories may add more)
    assert "All organisations" in client.get("/reports", query_string=PERIOD).get_data(as_text=True)


def test_statements_stay_the_same_as_the_organisation_grows(
    app: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    build_world(db_session, org)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)

    def statements() -> int:
        with count_queries() as seen:
            assert client.get("/reports", query_string=PERIOD).status_code == 200
        return len(seen)

    small = statements()
    build_world(db_session, org, copies=3)
    assert statements() == small


def test_hours_for_the_coordinator_and_the_peer_expert_alone(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    build_world(db_session, org)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, coordinator)
    response = client.get("/reports/hours", query_string={**PERIOD, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [
        "Peer expert",
        "Month",
        "Sessions held",
        "Minutes",
        "Intervision attended",
        "Intervision minutes",
    ]
    assert [r[1:] for r in rows[1:]] == [
        ["Oct 2026", "4", "240", "0", "0"],
        ["Nov 2026", "0", "0", "0", "0"],
    ]

    profile = db_session.scalars(
        select(PeerExpertProfile).where(PeerExpertProfile.organisation_id == org.id)
    ).one()
    peer = app.test_client()
    login(peer, profile.user)
    own = peer.get("/reports/my-hours", query_string=PERIOD).get_data(as_text=True)
    assert "240" in own
    assert coordinator.display_name not in own
