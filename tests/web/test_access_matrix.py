"""Deny by default: walk every route and prove who can and cannot reach it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter, Rule

from peermatch.auth.access import AUTHENTICATED, PUBLIC, access_rule
from peermatch.db import utcnow
from peermatch.models.enums import Role
from peermatch.services.api_tokens import create_token
from peermatch.services.audit import SYSTEM
from tests.factories import login, make_user

# The only endpoints anyone may reach without an account. Adding one is a deliberate act.
PUBLIC_ENDPOINTS = {
    "static",
    "main.home",
    "main.privacy",
    "main.healthz",
    "main.set_language",
    "auth.login",
    "auth.register",
    # The login's second step: only a right password (a pending marker in the signed session)
    # leads anywhere; without it the page sends the visitor back to the login.
    "two_factor.code",
    # Public by secret: the guardian's consent link; the token in the URL is the only key.
    "requests.guardian_consent",
    # Forgotten password: whoever forgot it cannot log in. The form answers the same for every
    # address; the reset page is public by secret (single-use, hashed, one hour).
    "auth.forgot_password",
    "auth.reset_password",
    # Confirming a new email address: public by secret (single-use, hashed, 24 hours), since
    # the link may be opened where nobody is logged in; GET only shows a button.
    "account.confirm_email",
    # Email verification link: public by secret (single-use, hashed, 7 days); it only marks
    # the address as confirmed.
    "account.verify_email",
    # The same two steps over the API (same service, same limits, same single answer).
    "api.password_reset",
    "api.password_reset_confirm",
    # Calendar feed: calendar apps cannot log in; the long random secret in the URL is the key
    # (only its hash is stored; revocable on /calendar). Unknown or revoked secrets get 404.
    "calendar.feed",
    # The site icon and robots.txt: the same fixed files for everyone.
    "public_files.favicon",
    "public_files.robots",
    # Prometheus metrics: no person logs in to scrape; a configured token or address is the
    # key, and everyone else gets 404 (proved in tests/web/operations).
    "metrics.scrape",
}
# Public by design but not pages (token-protected feeds/links check their own secret).
PUBLIC_PREFIXES: tuple[str, ...] = ("api.openapi",)


def _rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def _path(rule: Rule) -> str:
    values: dict[str, Any] = {}
    for arg in rule.arguments:
        conv = rule._converters.get(arg)
        values[arg] = 1 if isinstance(conv, IntegerConverter) else "x"  # bounded ints too
    path = rule.build(values, append_unknown=False)
    assert path is not None
    return path[1]


def _method(rule: Rule) -> str:
    methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    return "GET" if "GET" in methods else methods[0]


def _call(client: FlaskClient, rule: Rule, token: str | None = None) -> int:
    # The API refuses cookie sessions: signed-in callers use a bearer token there.
    headers = (
        {"Authorization": f"Bearer {token}"} if token and rule.rule.startswith("/api/") else {}
    )
    return client.open(_path(rule), method=_method(rule), headers=headers).status_code


def test_every_view_declares_who_may_use_it(app: Flask) -> None:
    undeclared = [
        r.endpoint for r in _rules(app) if access_rule(app.view_functions[r.endpoint]) is None
    ]
    assert undeclared == []


def test_only_the_explicit_public_list_is_public(app: Flask) -> None:
    public = {
        r.endpoint for r in _rules(app) if access_rule(app.view_functions[r.endpoint]) == PUBLIC
    }
    unexpected = {e for e in public - PUBLIC_ENDPOINTS if not e.startswith(PUBLIC_PREFIXES)}
    assert unexpected == set()


def test_anonymous_visitors_reach_nothing_but_the_public_list(
    client: FlaskClient, app: Flask
) -> None:
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint.startswith(PUBLIC_PREFIXES):
            continue
        status = _call(client, rule)
        if rule.rule.startswith("/api/"):
            assert status == 401, rule.rule
        else:
            assert status == 302, rule.rule
        checked += 1
    assert checked > 0


@pytest.mark.fresh_app
def test_an_undeclared_view_is_refused_even_when_signed_in(app: Flask, db_session: Session) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "open")
    user = make_user(db_session, Role.ADMIN, birth_year=None)
    client = app.test_client()
    login(client, user)
    assert client.get("/undeclared").status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_role_restricted_routes_refuse_every_other_role(
    app: Flask, db_session: Session, role: Role
) -> None:
    user = make_user(db_session, role, birth_year=2000)
    token = create_token(db_session, user, "matrix", now=utcnow(), origin=SYSTEM).secret
    client = app.test_client()
    login(client, user)
    refused = 0
    for rule in _rules(app):
        declared = access_rule(app.view_functions[rule.endpoint])
        if declared in (PUBLIC, AUTHENTICATED) or rule.endpoint == "auth.logout":
            continue
        assert isinstance(declared, frozenset)
        status = _call(client, rule, token)
        if role in declared:
            assert status not in (401, 403), (rule.rule, role)
        else:
            assert status == 403, (rule.rule, role)
            refused += 1
    if role is not Role.ADMIN:
        assert refused > 0 or role is Role.COORDINATOR
