"""CLI account creation and the demo data loader."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch import demo
from peermatch.models import AuditEvent, Organisation, PeerExpertProfile, User
from peermatch.models.enums import MembershipRole, ProfileStatus, Role
from peermatch.services.accounts import age_in_year
from tests.factories import make_organisation


def test_users_create_reads_the_password_from_stdin(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session, slug="ggz-west")
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "Co@Example.org",
            "--role",
            "coordinator",
            "--organisation",
            "ggz-west",
        ],
        input="a-strong-password\n",
    )
    assert result.exit_code == 0, result.output
    user = db_session.scalars(select(User).where(User.email == "co@example.org")).one()
    assert user.role_names == {Role.COORDINATOR}
    assert [(m.organisation_id, m.role) for m in user.memberships] == [
        (org.id, MembershipRole.COORDINATOR)
    ]
    granted = db_session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "role.granted", AuditEvent.subject_id == user.id
        )
    ).one()
    assert granted.details["role"] == "coordinator"
    assert granted.details["channel"] == "cli"


def test_users_create_rejects_a_short_password_and_stores_nothing(
    app: Flask, db_session: Session
) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "x@example.org", "--role", "admin"], input="short\n"
    )
    assert result.exit_code != 0
    assert "ten minste 10 tekens" in result.output
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_users_create_has_no_password_argument(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "x@example.org", "--role", "admin", "--password", "p"]
    )
    assert result.exit_code != 0
    assert "No such option" in result.output


def test_demo_load_is_idempotent_and_complete(db_session: Session) -> None:
    today = dt.date(2026, 11, 23)
    assert demo.load(db_session, today=today) is True
    counts = {
        role: db_session.scalar(
            select(func.count()).select_from(User).where(User.roles.any(role=role))
        )
        for role in Role
    }
    assert counts == {
        Role.ADMIN: 1,
        Role.COORDINATOR: 1,
        Role.TEAM_MEMBER: 1,
        Role.YOUTH: 3,
        Role.PEER_EXPERT: 8,
    }
    youth_ages = sorted(
        age_in_year(u.birth_year, today)
        for u in db_session.scalars(select(User).where(User.roles.any(role=Role.YOUTH)))
        if u.birth_year
    )
    assert youth_ages[0] == 15
    profiles = list(db_session.scalars(select(PeerExpertProfile)))
    assert all(p.status is ProfileStatus.ACTIVE and p.availability_rules for p in profiles)
    assert len({p.latitude for p in profiles}) == 8  # eight different places
    assert len({tuple(p.modes) for p in profiles}) > 2
    assert any(p.vog_date is None for p in profiles)  # someone who may not meet minors
    assert demo.load(db_session, today=today) is False
    assert db_session.scalar(select(func.count()).select_from(Organisation)) == 1
    assert db_session.scalar(select(func.count()).select_from(User)) == 14


def test_accounts_table_lists_every_role_and_the_password() -> None:
    table = demo.accounts_table()
    assert demo.DEMO_PASSWORD in table
    for role in Role:
        assert role.value in table


def test_users_create_refuses_a_common_password_and_stores_nothing(
    app: Flask, db_session: Session
) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "x@example.org", "--role", "admin"],
        input="password1234\n",
    )
    assert result.exit_code != 0
    assert "te gewoon of te makkelijk te raden" in result.output
    assert db_session.scalar(select(func.count()).select_from(User)) == 0
