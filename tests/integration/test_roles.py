"""Role changes are audited, and a revoked role ends the sessions that carried it."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent
from peermatch.models.enums import Role
from peermatch.services import accounts
from peermatch.services.audit import CLI
from peermatch.services.errors import Forbidden
from tests.factories import login, make_coordinator, make_organisation, make_user


def test_granting_and_revoking_a_role_is_audited(db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    user = make_user(db_session, Role.YOUTH)
    accounts.grant_role(db_session, user, Role.PEER_EXPERT, actor=admin, origin=CLI)
    accounts.revoke_role(db_session, user, Role.PEER_EXPERT, actor=admin, origin=CLI)
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.subject_id == user.id).order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id, e.details["role"]) for e in events] == [
        ("role.granted", admin.id, "peer_expert"),
        ("role.revoked", admin.id, "peer_expert"),
    ]
    assert user.role_names == {Role.YOUTH}


def test_only_admins_change_roles(db_session: Session) -> None:
    coordinator = make_coordinator(db_session)
    user = make_user(db_session)
    with pytest.raises(Forbidden):
        accounts.grant_role(db_session, user, Role.ADMIN, actor=coordinator, origin=CLI)
    assert user.role_names == {Role.YOUTH}


def test_a_coordinator_creates_team_members_only_in_their_own_organisation(
    db_session: Session,
) -> None:
    coordinator = make_coordinator(db_session)
    other = make_organisation(db_session)
    with pytest.raises(Forbidden):
        accounts.create_user(
            db_session, email="t@example.org", password="long-enough-pw", display_name="T",
            role=Role.TEAM_MEMBER, organisation=other, actor=coordinator, origin=CLI,
        )  # fmt: skip
    with pytest.raises(Forbidden):
        accounts.create_user(
            db_session, email="a@example.org", password="long-enough-pw", display_name="A",
            role=Role.ADMIN, organisation=None, actor=coordinator, origin=CLI,
        )  # fmt: skip


def test_revoking_a_role_signs_the_person_out(app: Flask, db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    user = make_user(db_session, Role.YOUTH)
    accounts.grant_role(db_session, user, Role.PEER_EXPERT, actor=admin, origin=CLI)
    client = app.test_client()
    login(client, user)
    assert client.get("/dashboard").status_code == 200
    accounts.revoke_role(db_session, user, Role.PEER_EXPERT, actor=admin, origin=CLI)
    db_session.flush()
    assert client.get("/dashboard").status_code == 302


def test_the_staff_page_creates_a_team_member_for_the_coordinators_organisation(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    client = app.test_client()
    login(client, coordinator)
    response = client.post(
        "/staff/users/new",
        data={"display_name": "Tess", "email": "tess@example.org", "role": "team_member",
              "organisation": str(org.id), "password": "a-first-password"},
    )  # fmt: skip
    assert response.status_code == 302
    created = accounts.find_by_email(db_session, "tess@example.org")
    assert created is not None
    assert created.role_names == {Role.TEAM_MEMBER}
    assert [m.organisation_id for m in created.memberships] == [org.id]


def test_staff_creation_refuses_the_new_persons_email_as_password(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    client = app.test_client()
    login(client, coordinator)
    response = client.post(
        "/staff/users/new",
        data={"display_name": "Tess", "email": "tess.jansen@example.org", "role": "team_member",
              "organisation": str(org.id), "password": "tess.jansen@example.org"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "mag je e-mailadres of je naam niet bevatten" in response.get_data(as_text=True)
    assert accounts.find_by_email(db_session, "tess.jansen@example.org") is None
