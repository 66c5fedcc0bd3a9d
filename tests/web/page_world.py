"""People in every role, with something on their dashboard, and the shell pages they see.

Shared by the tests that hold page output byte-identical while rendering gets cheaper."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models import User, UserRole
from peermatch.models.enums import ProposalStatus, Role
from peermatch.services import notifications
from tests.factories import login, make_coordinator, make_organisation, make_team, make_user
from tests.integration.matches.builders import NOW, open_request, peer, youth
from tests.web.dashboard.builders import proposal, session_of

S = ProposalStatus
PATHS = ("/", "/dashboard", "/account")
LOCALES = ("nl", "en")
_CSRF = re.compile(r'(name="csrf_token" value=")[^"]*(")')


def people(session: Session) -> dict[str, User]:
    """One person per role (and one with two), each with a dashboard that has content."""
    org = make_organisation(session)
    young = youth(session, display_name="Sam <de> Jong")
    experts = [peer(session, org, name=f"Expert {n}") for n in range(3)]
    for status, expert in zip((S.APPROVED, S.ASKED, S.CHOSEN), experts, strict=True):
        match = proposal(session, open_request(session, young), expert, status)
        if status is S.APPROVED:
            session_of(session, match)
    for _ in range(2):
        notifications.notify(session, young.id, "profile.notice.verified", now=NOW)
    expert = experts[1]
    coordinator = make_coordinator(session, org)
    team_member = make_user(session, Role.TEAM_MEMBER, birth_year=None)
    make_team(session, org, team_member)
    admin = make_user(session, Role.ADMIN, birth_year=None)
    both = make_coordinator(session, org)
    both.roles.append(UserRole(role=Role.PEER_EXPERT))
    session.flush()
    unverified = youth(session, email_verified_at=None)
    return {
        "youth": young,
        "peer_expert": expert.user,
        "coordinator": coordinator,
        "team_member": team_member,
        "admin": admin,
        "coordinator_and_peer": both,
        "unverified_youth": unverified,
    }


def pages(app: Flask, who: dict[str, User]) -> dict[str, str]:
    """Every page of PATHS per person and language, and the visitor's home page; the CSRF
    tokens (random per session) are blanked."""
    app.extensions["peermatch_clock"].set(NOW)
    seen: dict[str, str] = {}
    for locale in LOCALES:
        visitor = app.test_client()
        visitor.post("/language", data={"locale": locale})
        seen[f"visitor {locale} /"] = _page(visitor, "/")
        for role, user in who.items():
            client = app.test_client()
            login(client, user)
            client.post("/language", data={"locale": locale})
            for path in PATHS:
                seen[f"{role} {locale} {path}"] = _page(client, path)
    return seen


def _page(client: object, path: str) -> str:
    response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code == 200, (path, response.status_code)
    return _CSRF.sub(r"\1-\2", response.get_data(as_text=True))
