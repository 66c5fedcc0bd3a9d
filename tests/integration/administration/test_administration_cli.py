"""``flask orgs|users|taxonomy``: scripted set-ups through the same services, audited as CLI."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, ExperienceDomain, Organisation
from peermatch.models.enums import OrganisationKind, Role
from tests.factories import domain, make_organisation, make_user


def run(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=list(args))
    return result.exit_code, result.output


def test_orgs_create_rename_deactivate_and_list(app: Flask, db_session: Session) -> None:
    code, out = run(app, "orgs", "create", "--name", "GGZ Oost", "--kind", "care_institution")
    assert code == 0, out
    org = db_session.scalars(select(Organisation).where(Organisation.slug == "ggz-oost")).one()
    assert org.kind is OrganisationKind.CARE_INSTITUTION
    assert run(app, "orgs", "rename", "ggz-oost", "--name", "GGZ Oost-Nederland")[0] == 0
    assert run(app, "orgs", "deactivate", str(org.id))[0] == 0
    code, out = run(app, "orgs", "list")
    assert "ggz-oost\tcare_institution\tinactive\tGGZ Oost-Nederland" in out
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "organisation.deactivated")
    ).one()
    assert event.details["channel"] == "cli" and event.actor_id is None


def test_a_refusal_is_a_message_and_exit_status_one(app: Flask, db_session: Session) -> None:
    make_organisation(db_session, slug="ggz-west", name="GGZ West")
    code, out = run(app, "orgs", "create", "--name", "GGZ West", "--kind", "care_institution")
    assert code == 1
    assert "ggz-west" in out  # the translated conflict, naming the taken short name
    assert run(app, "orgs", "rename", "nowhere", "--name", "X")[0] == 1


def test_users_list_deactivate_reactivate_and_set_role(app: Flask, db_session: Session) -> None:
    person = make_user(
        db_session, Role.PEER_EXPERT, email="lotte@example.org", display_name="Lotte"
    )
    code, out = run(app, "users", "list", "--search", "lot")
    assert code == 0 and "lotte@example.org\tpeer_expert\tactive\tLotte" in out
    assert run(app, "users", "deactivate", "lotte@example.org")[0] == 0
    db_session.refresh(person)
    assert not person.is_active
    assert "lotte@example.org" in run(app, "users", "list", "--status", "inactive")[1]
    assert run(app, "users", "reactivate", "lotte@example.org")[0] == 0
    code, out = run(
        app,
        "users",
        "set-role",
        "lotte@example.org",
        "--role",
        "peer_expert",
        "--role",
        "coordinator",
    )
    assert code == 0, out
    db_session.refresh(person)
    assert person.role_names == {Role.PEER_EXPERT, Role.COORDINATOR}


def test_taxonomy_add_rename_move_retire_and_restore(app: Flask, db_session: Session) -> None:
    code, out = run(
        app,
        "taxonomy",
        "add",
        "--nl",
        "Faalangst",
        "--en",
        "Fear of failure",
        "--parent",
        "mental-health",
    )
    assert code == 0, out
    added = domain(db_session, "fear-of-failure")
    assert added.parent_id == domain(db_session, "mental-health").id
    assert (
        run(app, "taxonomy", "rename", "fear-of-failure", "--nl", "Bang", "--en", "Afraid")[0] == 0
    )
    assert run(app, "taxonomy", "move", "fear-of-failure", "--parent", "life-events")[0] == 0
    assert run(app, "taxonomy", "retire", "fear-of-failure")[0] == 0
    db_session.refresh(added)
    assert (added.label_en, added.is_active) == ("Afraid", False)
    assert added.parent_id == domain(db_session, "life-events").id
    assert "fear-of-failure\tlife-events\tretired\tBang\tAfraid" in run(app, "taxonomy", "list")[1]
    assert run(app, "taxonomy", "restore", "fear-of-failure")[0] == 0
    code, out = run(app, "taxonomy", "retire", "mental-health")
    assert code == 1  # a category that still has domains
    assert (
        db_session.scalars(select(ExperienceDomain).where(ExperienceDomain.slug == "mental-health"))
        .one()
        .is_active
    )
