"""``GET /api/v1/me``: who the token belongs to, answered from one statement."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from peermatch.db import utcnow
from peermatch.models import ApiToken, TwoFactorEnrolment
from peermatch.models.enums import Role
from tests.conftest import QueryCounter
from tests.factories import make_user
from tests.web.api.builders import bearer, token_for


@pytest.mark.parametrize(("confirmed", "expected"), [(True, True), (False, False)])
def test_me_says_whether_two_step_login_is_on(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    count_queries: QueryCounter,
    confirmed: bool,
    expected: bool,
) -> None:
    user = make_user(db_session, Role.COORDINATOR)
    user.privacy_consent_version = str(app.config["PRIVACY_STATEMENT_VERSION"])
    db_session.add(
        TwoFactorEnrolment(
            user_id=user.id,
            secret="JBSWY3DPEHPK3PXP",
            created_at=utcnow(),
            confirmed_at=utcnow() if confirmed else None,
        )
    )
    db_session.flush()
    token = token_for(db_session, user)
    client.get("/api/v1/me", headers=bearer(token))  # the token's first use is recorded
    with count_queries() as statements:
        answer = client.get("/api/v1/me", headers=bearer(token))
    assert answer.status_code == 200
    assert answer.json is not None
    assert answer.json["two_factor_enabled"] is expected
    assert answer.json["two_factor_required"] is True
    # Token, user, roles and 2FA state in one statement; nothing else for a consented user.
    own = [s for s in statements if "SAVEPOINT" not in s]  # the test's own transaction
    assert len(own) == 1, own


def test_a_revoked_token_is_refused_at_once(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    token = token_for(db_session, user)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    db_session.query(ApiToken).filter_by(user_id=user.id).update({"revoked_at": utcnow()})
    db_session.flush()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_a_deactivated_account_s_token_is_refused(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session)
    token = token_for(db_session, user)
    user.is_active = False
    db_session.flush()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_machine_answers_neither_read_nor_set_the_cookie_session(
    client: FlaskClient, db_session: Session
) -> None:
    """A browser's session cookie sent to the API or the health check is neither read nor
    re-signed: the answers set no cookie (issue 13)."""
    from tests.factories import login

    user = make_user(db_session)
    login(client, user)
    assert client.get("/dashboard").status_code == 200
    for path, headers in (
        ("/api/v1/me", bearer(token_for(db_session, user))),
        ("/api/v1/me", {}),
        ("/healthz", {}),
        ("/metrics", {}),
    ):
        answer = client.get(path, headers=headers)
        assert "Set-Cookie" not in answer.headers, path
    assert client.get("/api/v1/me").status_code == 401  # the cookie never authorises it


@pytest.mark.parametrize(
    ("path", "null"),
    [("/api/v1/me", True), ("/healthz", True), ("/metrics", False), ("/dashboard", False),
     ("/apiary", False), ("/", False)],
)  # fmt: skip
def test_only_machine_paths_get_the_null_session(app: Flask, path: str, null: bool) -> None:
    with app.test_request_context(path):
        from flask import request

        opened = app.session_interface.open_session(app, request)
        assert app.session_interface.is_null_session(opened) is null
