"""Every response, in a crawl of every route for every kind of visitor, carries the security
headers; answers for a logged-in person are never stored; templates have no inline code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from peermatch.db import utcnow
from peermatch.models.enums import Role
from peermatch.security.headers import CONTENT_SECURITY_POLICY
from peermatch.services.api_tokens import create_token
from peermatch.services.audit import SYSTEM
from tests.factories import login, make_user
from tests.web.test_access_matrix import _method, _path, _rules

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|<style|\son[a-z]+=", re.IGNORECASE)


def _crawl(client: FlaskClient, app: Flask, token: str | None = None) -> list[TestResponse]:
    responses = []
    for rule in _rules(app):
        if rule.endpoint in {"auth.logout", "account.end_sessions"}:
            continue  # keeps the crawler signed in
        headers = (
            {"Authorization": f"Bearer {token}"} if token and rule.rule.startswith("/api/") else {}
        )
        responses.append(client.open(_path(rule), method=_method(rule), headers=headers))
    for extra in ("/", "/login", "/no-such-page", "/static/css/app.css", "/favicon.ico"):
        responses.append(client.get(extra))
    for response in responses:
        response.get_data()  # buffered, so the file behind a static answer can be closed
        response.close()
    return responses


def _assert_security_headers(response: TestResponse, where: str) -> None:
    headers = response.headers
    assert headers.get("Content-Security-Policy") == EXPECTED_CSP, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in {"strict-origin-when-cross-origin", "no-referrer"}, (
        where
    )
    assert "camera=()" in headers.get("Permissions-Policy", ""), where
    if response.mimetype == "text/html":
        assert not INLINE.search(response.get_data(as_text=True)), where


def test_the_policy_is_the_agreed_one() -> None:
    assert CONTENT_SECURITY_POLICY == EXPECTED_CSP


def test_anonymous_crawl_carries_the_headers_and_only_shared_files_are_cacheable(
    client: FlaskClient, app: Flask
) -> None:
    responses = _crawl(client, app)
    assert len(responses) > 50
    for response in responses:
        where = f"{response.request.method} {response.request.path} -> {response.status_code}"
        _assert_security_headers(response, where)
        assert "Strict-Transport-Security" not in response.headers, where
        if response.request.path.startswith(("/static/", "/favicon.ico", "/robots.txt")):
            continue
        assert response.headers.get("Cache-Control") == "no-store", where


@pytest.mark.parametrize("role", [Role.YOUTH, Role.PEER_EXPERT, Role.COORDINATOR, Role.ADMIN])
def test_every_answer_for_a_logged_in_person_is_no_store(
    app: Flask, db_session: Session, role: Role
) -> None:
    user = make_user(db_session, role, birth_year=2000)
    token = create_token(db_session, user, "crawl", now=utcnow(), origin=SYSTEM).secret
    client = app.test_client()
    login(client, user)
    for response in _crawl(client, app, token):
        where = (
            f"{role} {response.request.method} {response.request.path} -> {response.status_code}"
        )
        _assert_security_headers(response, where)
        if response.request.path.startswith(("/static/", "/favicon.ico", "/robots.txt")):
            continue  # the same fixed public files for everyone, cacheable
        assert response.headers.get("Cache-Control") == "no-store", where


def test_production_adds_strict_transport_security(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(HSTS_ENABLED=True)
    response = app.test_client().get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_page_templates_have_no_inline_scripts_or_styles() -> None:
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "emails" not in path.parts and INLINE.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_the_edge_replaces_a_views_looser_header_and_keeps_a_stricter_referrer_policy() -> None:
    from peermatch.security.headers import SecurityHeaders

    def view(environ: dict[str, object], start_response: Callable[..., object]) -> list[bytes]:
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/plain"),
                ("content-security-policy", "default-src *"),
                ("Referrer-Policy", "no-referrer"),
            ],
        )
        return [b"ok"]

    seen: list[list[tuple[str, str]]] = []
    app = SecurityHeaders(view, hsts=True)  # type: ignore[arg-type]
    app({}, lambda status, headers, exc_info=None: seen.append(headers))  # type: ignore[arg-type]
    headers = seen[0]
    named = [(n.lower(), v) for n, v in headers]
    assert [v for n, v in named if n == "content-security-policy"] == [EXPECTED_CSP]
    assert [v for n, v in named if n == "referrer-policy"] == ["no-referrer"]
    assert ("strict-transport-security", "max-age=31536000; includeSubDomains") in named
    assert ("content-type", "text/plain") in named


def test_api_answers_vary_by_token_and_language_and_are_never_stored(
    client: FlaskClient,
) -> None:
    answer = client.get("/api/v1/me")
    assert answer.status_code == 401
    assert {v.strip() for v in answer.headers["Vary"].split(",")} >= {
        "Authorization",
        "Accept-Language",
    }
    assert answer.headers["Cache-Control"] == "no-store"
