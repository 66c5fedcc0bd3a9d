"""The account page: own details, time zone, personal API tokens shown once and revocable."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret
from peermatch.models import ApiToken, AuditEvent
from peermatch.models.enums import Role
from tests.factories import login, make_user
from tests.web.api.builders import bearer, token_for


def _audits(session: Session, action: str) -> int:
    return session.scalar(select(func.count()).where(AuditEvent.action == action)) or 0


def test_the_account_page_shows_details_in_dutch_with_amsterdam_first(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, display_name="Noor")
    login(client, user)
    page = client.get("/account").get_data(as_text=True)
    assert "Mijn account" in page
    assert user.email in page
    assert "Noor" in page
    options = re.findall(r'<option[^>]*value="([^"]+)"', page.split('id="time_zone"')[1])
    assert options[0] == "Europe/Amsterdam"
    assert "Asia/Tokyo" in options
    assert client.get("/dashboard").get_data(as_text=True).count('href="/account"') >= 1


def test_a_person_changes_their_time_zone_and_language(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    login(client, user)
    response = client.post(
        "/account", data={"display_name": "Noa", "locale": "en", "time_zone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    db_session.refresh(user)
    assert (user.display_name, user.locale, user.time_zone) == ("Noa", "en", "Asia/Tokyo")
    assert _audits(db_session, "account.settings_changed") == 1
    assert "My account" in client.get("/account").get_data(as_text=True)


def test_an_unknown_time_zone_is_refused_and_nothing_changes(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    login(client, user)
    response = client.post(
        "/account", data={"display_name": "Anders", "locale": "nl", "time_zone": "Mars/Base"}
    )
    assert response.status_code == 422
    db_session.refresh(user)
    assert user.time_zone == "Europe/Amsterdam"
    assert user.display_name != "Anders"


def test_a_new_token_is_shown_once_stored_hashed_and_works(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, Role.PEER_EXPERT)
    login(client, user)
    response = client.post("/account/tokens", data={"name": "Agenda-app"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    match = re.search(r'id="new-token-value"[^>]*value="(pm_[^"]+)"', page)
    assert match is not None
    secret = match.group(1)
    assert "Kopieer hem nu" in page
    token = db_session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert token.token_hash == hash_secret(secret) and secret not in token.token_hash
    assert secret.startswith(token.prefix)
    assert _audits(db_session, "api_token.created") == 1
    again = client.get("/account").get_data(as_text=True)
    assert secret not in again
    assert token.prefix in again and "Agenda-app" in again
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_a_revoked_token_stops_working_and_the_revocation_is_audited(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session)
    secret = token_for(db_session, user, "Rooster-koppeling")
    token = db_session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    login(client, user)
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    assert _audits(db_session, "api_token.revoked") == 1
    assert "Rooster-koppeling" not in client.get("/account").get_data(as_text=True)


def test_nobody_can_revoke_someone_elses_token(client: FlaskClient, db_session: Session) -> None:
    owner = make_user(db_session)
    secret = token_for(db_session, owner)
    token = db_session.scalars(select(ApiToken).where(ApiToken.user_id == owner.id)).one()
    login(client, make_user(db_session))
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 404
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    assert _audits(db_session, "api_token.revoked") == 0


def test_a_token_needs_a_name(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, Role.PEER_EXPERT)
    login(client, user)
    response = client.post("/account/tokens", data={"name": "  "})
    assert response.status_code == 422
    assert db_session.scalar(select(func.count()).select_from(ApiToken)) == 0
