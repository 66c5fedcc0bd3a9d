"""Match pages and a peer expert's private decline reason are for the approving
organisation's coordinators and the people in the match only. A coordinator of another
organisation, another youth and another peer expert get 404 everywhere (web and API), the
same answer as for an id that does not exist, even when the request has no organisation."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, MatchProposal, User
from peermatch.models.enums import ProposalStatus, RequestKind, RequestStatus, Role
from tests.factories import login, make_coordinator, make_organisation, make_peer_expert, make_user
from tests.web.api.builders import bearer, token_for

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
REASON = "Private: this youth lives on my street"


def _declined_match(session: Session) -> tuple[MatchProposal, User, User, User]:
    org = make_organisation(session)
    approver = make_coordinator(session, org)
    profile = make_peer_expert(session, org)
    youth = make_user(session, Role.YOUTH)
    request = ContactRequest(
        kind=RequestKind.YOUTH, status=RequestStatus.OPEN, requester_id=youth.id,
        organisation_id=None,  # came without an organisation
    )  # fmt: skip
    session.add(request)
    session.flush()
    proposal = MatchProposal(
        request_id=request.id, profile_id=profile.id, status=ProposalStatus.DECLINED,
        decline_reason=REASON, responded_at=NOW,
    )  # fmt: skip
    session.add(proposal)
    session.flush()
    return proposal, approver, youth, profile.user


def _web_routes(pid: int) -> list[tuple[str, str, dict[str, str] | None]]:
    return [
        ("GET", f"/matches/{pid}", None),
        ("GET", f"/matches/approvals/{pid}", None),
        ("POST", f"/matches/{pid}/answer", {"body": "hello"}),
        ("POST", f"/matches/{pid}/accept", {}),
        ("POST", f"/matches/{pid}/decline", {"reason": "no"}),
        ("POST", f"/matches/{pid}/confirm", {}),
        ("POST", f"/matches/{pid}/refuse", {}),
        ("POST", f"/matches/approvals/{pid}/approve", {}),
        ("POST", f"/matches/approvals/{pid}/reject", {"reason": "no"}),
        ("POST", f"/matches/approvals/{pid}/ask", {"to": "requester", "body": "hi"}),
    ]


API_ROUTES = ("accept", "decline", "approve", "reject")


def test_strangers_get_404_on_every_match_route_and_never_the_decline_reason(
    app: Flask, db_session: Session
) -> None:
    proposal, approver, _youth, _peer = _declined_match(db_session)
    other_org = make_organisation(db_session)
    strangers = {
        "coordinator of another organisation": make_coordinator(db_session, other_org),
        "another youth": make_user(db_session, Role.YOUTH),
        "another peer expert": make_peer_expert(db_session, other_org).user,
    }
    app.extensions["peermatch_clock"].set(NOW)
    for who, stranger in strangers.items():
        client = app.test_client()
        login(client, stranger)
        token = token_for(db_session, stranger)
        for method, path, data in _web_routes(proposal.id):
            real = client.open(path, method=method, data=data)
            missing = client.open(
                path.replace(str(proposal.id), "999999"), method=method, data=data
            )
            assert REASON not in real.get_data(as_text=True), (who, path)
            # Role gates may answer 403 before looking anything up (a youth on a coordinator
            # route); either way the real match answers exactly like a missing one.
            assert real.status_code == missing.status_code, (who, path, real.status_code)
            assert real.status_code in (403, 404), (who, path, real.status_code)
        assert client.get(f"/matches/{proposal.id}").status_code == 404, who
        assert client.get(f"/matches/approvals/{proposal.id}").status_code in (403, 404), who
        for action in API_ROUTES:
            real = client.post(
                f"/api/v1/proposals/{proposal.id}/{action}", json={"reason": "x"},
                headers=bearer(token),
            )  # fmt: skip
            missing = client.post(
                f"/api/v1/proposals/999999/{action}", json={"reason": "x"}, headers=bearer(token)
            )
            assert REASON not in real.get_data(as_text=True)
            assert real.status_code == missing.status_code, (who, action, real.status_code)
            assert real.status_code in (403, 404), (who, action, real.status_code)
    coordinator = strangers["coordinator of another organisation"]
    client = app.test_client()
    login(client, coordinator)
    assert client.get(f"/matches/approvals/{proposal.id}").status_code == 404

    client = app.test_client()
    login(client, approver)
    assert REASON in client.get(f"/matches/{proposal.id}").get_data(as_text=True)


def test_the_youths_own_organisation_may_look_but_never_reads_the_decline_reason(
    app: Flask, db_session: Session
) -> None:
    proposal, _approver, _youth, _peer = _declined_match(db_session)
    youth_org = make_organisation(db_session)
    proposal.request.organisation_id = youth_org.id
    db_session.flush()
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    login(client, make_coordinator(db_session, youth_org))
    page = client.get(f"/matches/{proposal.id}")
    assert page.status_code == 200
    assert REASON not in page.get_data(as_text=True)
