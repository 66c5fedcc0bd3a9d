"""Administration pages: confirm step before each change, words after it, deactivation
ends sessions and tokens, and who may reach what (404 for other organisations)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.db import utcnow
from peermatch.models.enums import MembershipRole, Role
from peermatch.services.api_tokens import create_token
from peermatch.services.audit import SYSTEM
from tests.factories import (
    PASSWORD,
    add_member,
    domain,
    login,
    make_coordinator,
    make_organisation,
    make_user,
)


def admin_client(app: Flask, db_session: Session) -> FlaskClient:
    client = app.test_client()
    login(client, make_user(db_session, Role.ADMIN, birth_year=None, locale="en"))
    return client


def text(response: object) -> str:
    return response.get_data(as_text=True)  # type: ignore[attr-defined, no-any-return]


def test_renaming_an_organisation_asks_first_and_says_what_happened(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session, name="Jongerenraad Zwolle")
    client = admin_client(app, db_session)
    url = f"/admin/organisations/{org.id}/rename"
    assert client.get(url).status_code == 200

    check = client.post(url, data={"name": "Jongerenraad IJsselland"})
    assert check.status_code == 200
    assert "Rename this organisation?" in text(check)
    assert 'name="confirmed" value="1"' in text(check)
    db_session.refresh(org)
    assert org.name == "Jongerenraad Zwolle"  # nothing changed yet

    done = client.post(url, data={"name": "Jongerenraad IJsselland", "confirmed": "1"})
    assert done.status_code == 302
    db_session.refresh(org)
    assert org.name == "Jongerenraad IJsselland"
    page = client.get(done.headers["Location"])
    assert "Jongerenraad Zwolle is now called Jongerenraad IJsselland." in text(page)


def test_creating_an_organisation_refuses_a_taken_name_with_the_form_again(
    app: Flask, db_session: Session
) -> None:
    make_organisation(db_session, name="GGZ West")
    client = admin_client(app, db_session)
    refused = client.post(
        "/admin/organisations/new",
        data={"name": "ggz west", "kind": "care_institution", "confirmed": "1"},
    )
    assert refused.status_code == 409
    assert "There is already an organisation called ggz west" in text(refused)
    assert 'value="ggz west"' in text(refused)


def test_deactivating_someone_ends_their_session_and_api_tokens(
    app: Flask, db_session: Session
) -> None:
    person = make_user(db_session, Role.PEER_EXPERT, locale="en")
    token = create_token(db_session, person, "laptop", now=utcnow(), origin=SYSTEM).secret
    theirs = app.test_client()
    login(theirs, person)
    assert theirs.get("/account").status_code == 200
    bearer = {"Authorization": f"Bearer {token}"}
    assert theirs.get("/api/v1/me", headers=bearer).status_code == 200

    admin = admin_client(app, db_session)
    url = f"/admin/users/{person.id}/deactivate"
    check = admin.get(url)
    assert "Deactivate the account of" in text(check)
    done = admin.post(url)
    assert done.status_code == 302
    assert "is deactivated; they are logged out" in text(admin.get(done.headers["Location"]))

    assert theirs.get("/account").status_code == 302  # back to the login page
    assert theirs.get("/api/v1/me", headers=bearer).status_code == 401


def test_a_deactivated_account_hears_why_only_with_the_right_password(
    app: Flask, db_session: Session
) -> None:
    person = make_user(db_session, Role.YOUTH, is_active=False)
    client = app.test_client()
    wrong = client.post("/login", data={"email": person.email, "password": "not it at all"})
    assert "deactivated" not in text(wrong)
    right = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert right.status_code == 200
    assert "gedeactiveerd" in text(right) or "deactivated" in text(right)
    assert client.get("/account").status_code == 302  # not logged in


def test_changing_roles_asks_first_then_logs_the_person_out(
    app: Flask, db_session: Session
) -> None:
    person = make_user(db_session, Role.PEER_EXPERT)
    theirs = app.test_client()
    login(theirs, person)
    admin = admin_client(app, db_session)
    url = f"/admin/users/{person.id}/roles"
    check = admin.post(url, data={"roles": ["peer_expert", "coordinator"]})
    assert "Change the roles of" in text(check)
    assert person.role_names == {Role.PEER_EXPERT}
    done = admin.post(url, data={"roles": ["peer_expert", "coordinator"], "confirmed": "1"})
    assert done.status_code == 302
    db_session.refresh(person)
    assert person.role_names == {Role.PEER_EXPERT, Role.COORDINATOR}
    assert theirs.get("/account").status_code == 302


def test_people_search_finds_by_name_and_leaves_a_place_for_more_account_actions(
    app: Flask, db_session: Session
) -> None:
    person = make_user(db_session, Role.PEER_EXPERT, display_name="Lotte Jansen")
    make_user(db_session, Role.PEER_EXPERT, display_name="Sam")
    client = admin_client(app, db_session)
    found = client.get("/admin/users?q=lotte")
    assert found.status_code == 200
    assert "Lotte Jansen" in text(found) and "Sam" not in text(found)
    detail = client.get(f"/admin/users/{person.id}")
    assert "Change roles" in text(detail) and "Deactivate account" in text(detail)
    assert client.get("/admin/users?page=0").status_code == 422


def test_the_taxonomy_page_retires_a_domain_after_a_confirm_step(
    app: Flask, db_session: Session
) -> None:
    anxiety = domain(db_session, "anxiety")
    client = admin_client(app, db_session)
    assert "Anxiety" in text(client.get("/admin/taxonomy"))
    check = client.get(f"/admin/taxonomy/{anxiety.id}/retire")
    assert "Nobody can choose it any more" in text(check)
    assert anxiety.is_active
    done = client.post(f"/admin/taxonomy/{anxiety.id}/retire")
    assert done.status_code == 302
    db_session.refresh(anxiety)
    assert not anxiety.is_active
    assert "it can no longer be chosen" in text(client.get(done.headers["Location"]))


def test_adding_a_domain_shows_it_in_the_list(app: Flask, db_session: Session) -> None:
    client = admin_client(app, db_session)
    parent = domain(db_session, "mental-health")
    data = {"label_nl": "Faalangst", "label_en": "Fear of failure", "parent": str(parent.id)}
    assert "Add this domain?" in text(client.post("/admin/taxonomy/new", data=data))
    done = client.post("/admin/taxonomy/new", data=data | {"confirmed": "1"})
    assert done.status_code == 302
    assert "Fear of failure" in text(client.get("/admin/taxonomy"))


def test_a_coordinator_sees_their_own_organisation_and_nothing_else(
    app: Flask, db_session: Session
) -> None:
    own = make_organisation(db_session, name="Jongerenraad Noord")
    other = make_organisation(db_session, name="Jongerenraad Zuid")
    coordinator = make_coordinator(db_session, own, locale="en")
    expert = make_user(db_session, Role.PEER_EXPERT, display_name="Lotte")
    membership = add_member(db_session, own, expert)
    outsider = add_member(db_session, other, make_user(db_session, Role.PEER_EXPERT))
    client = app.test_client()
    login(client, coordinator)

    assert (
        client.get("/admin/organisations")
        .headers["Location"]
        .endswith(f"/admin/organisations/{own.id}")
    )
    assert "Lotte" in text(client.get(f"/admin/organisations/{own.id}"))
    assert client.get(f"/admin/organisations/{other.id}").status_code == 404
    assert (
        client.post(f"/admin/organisations/{other.id}/members/{outsider.id}/deactivate").status_code
        == 404
    )
    assert client.get("/admin/users").status_code == 403
    assert client.get(f"/admin/organisations/{own.id}/rename").status_code == 403

    done = client.post(f"/admin/organisations/{own.id}/members/{membership.id}/deactivate")
    assert done.status_code == 302
    db_session.refresh(expert)
    assert not expert.is_active


def test_a_coordinator_adds_only_members_not_coordinators(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    make_user(db_session, Role.COORDINATOR, email="co@example.org", birth_year=None)
    client = app.test_client()
    login(client, coordinator)
    refused = client.post(
        f"/admin/organisations/{org.id}/members/new",
        data={
            "email": "co@example.org",
            "role": MembershipRole.COORDINATOR.value,
            "confirmed": "1",
        },
    )
    assert refused.status_code == 422  # not a choice they are offered


def test_admin_menu_leads_to_the_administration_pages(app: Flask, db_session: Session) -> None:
    html = text(admin_client(app, db_session).get("/dashboard"))
    for path in ("/admin/users", "/admin/organisations", "/admin/taxonomy"):
        assert f'href="{path}"' in html
