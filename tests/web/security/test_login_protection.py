"""Login cannot be used to find accounts or to guess passwords at scale; proxies are trusted
only as configured."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import argon2
import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.auth.passwords import dummy_hash
from peermatch.clock import Clock
from peermatch.models import AuditEvent, OutboxMessage
from peermatch.services.api_tokens import create_token
from peermatch.services.audit import SYSTEM
from tests.factories import PASSWORD, make_user
from tests.outbox import render_queued

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _fail(client: object, email: str, ip: str | None = None) -> int:
    headers = {"X-Forwarded-For": ip} if ip else {}
    response = client.post(  # type: ignore[attr-defined]
        "/login", data={"email": email, "password": "not the password"}, headers=headers
    )
    return int(response.status_code)


def _failure_ips(session: Session) -> list[str | None]:
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.login_failed").order_by(AuditEvent.id)
    )
    return [e.ip_address for e in events]


def test_unknown_and_inactive_accounts_still_cost_one_argon2_verification(
    app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified: list[str] = []
    real_verify = argon2.PasswordHasher.verify

    def spy(self: argon2.PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        verified.append(hash if isinstance(hash, str) else hash.decode())
        return real_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy)
    inactive = make_user(db_session, is_active=False)
    known = make_user(db_session)
    client = app.test_client()
    _fail(client, "nobody-here@example.org")
    _fail(client, inactive.email)
    client.post("/login", data={"email": inactive.email, "password": PASSWORD})
    _fail(client, known.email)
    assert verified[0] == dummy_hash()
    assert len(verified) == 4  # one verification per attempt, whatever the account
    assert verified[1:] == [known.password_hash] * 3
    assert client.get("/dashboard").status_code == 302  # the inactive one is not let in


def test_a_spoofed_forwarded_for_changes_nothing_by_default(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    statuses = [_fail(client, "x@example.org", ip=f"198.51.100.{n}") for n in range(3)]
    assert statuses == [200, 200, 429]  # a new claimed address buys no new attempts
    assert _failure_ips(db_session) == ["127.0.0.1", "127.0.0.1"]


def test_a_trusted_proxy_hop_gives_the_real_client_address(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXY_HOPS=1)
    client = app.test_client()
    first = [_fail(client, "x@example.org", ip="203.0.113.7") for _ in range(3)]
    other = _fail(client, "y@example.org", ip="203.0.113.8")
    assert first == [200, 200, 429]
    assert other == 200  # another client behind the same proxy has its own budget
    assert _failure_ips(db_session) == ["203.0.113.7", "203.0.113.7", "203.0.113.8"]


def test_one_account_is_limited_whichever_addresses_the_guesses_come_from(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(
        RATELIMIT_ENABLED=True,
        TRUSTED_PROXY_HOPS=1,
        LOGIN_RATE_LIMIT="100 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="3 per 15 minutes",
    )
    user = make_user(db_session)
    client = app.test_client()
    statuses = [_fail(client, user.email.upper(), ip=f"198.51.100.{n}") for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert _fail(client, "someone-else@example.org", ip="198.51.100.9") == 200


def test_the_owner_hears_of_repeated_failures_once_per_window(
    app: Flask, db_session: Session
) -> None:
    clock: Clock = app.extensions["peermatch_clock"]
    clock.set(T0)
    user = make_user(db_session)
    client = app.test_client()

    def alerts() -> int:
        return len(
            list(
                db_session.scalars(
                    select(OutboxMessage).where(
                        OutboxMessage.to_user_id == user.id, OutboxMessage.kind == "failed_logins"
                    )
                )
            )
        )

    for _ in range(4):
        _fail(client, user.email)
    assert alerts() == 0
    _fail(client, user.email)
    assert alerts() == 1
    for _ in range(5):
        _fail(client, user.email)
    assert alerts() == 1  # not one per attempt
    clock.set(T0 + dt.timedelta(minutes=16))
    for _ in range(4):
        _fail(client, user.email)
    assert alerts() == 1  # the old failures are out of the window
    _fail(client, user.email)
    assert alerts() == 2
    render_queued(app, db_session)
    mail = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "failed_logins")
    ).first()
    assert mail is not None and "mislukte pogingen" in mail.subject


def test_api_calls_are_limited_per_token(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute")
    first = create_token(db_session, make_user(db_session), "a", now=T0, origin=SYSTEM).secret
    second = create_token(db_session, make_user(db_session), "b", now=T0, origin=SYSTEM).secret
    client = app.test_client()

    def me(secret: str) -> int:
        headers = {"Authorization": f"Bearer {secret}"}
        return client.get("/api/v1/me", headers=headers).status_code

    assert [me(first) for _ in range(3)] == [200, 200, 429]
    assert me(second) == 200  # same address, other token: its own budget
    limited = client.get("/api/v1/me", headers={"Authorization": f"Bearer {first}"})
    assert limited.mimetype == "application/problem+json"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert int(limited.headers["X-RateLimit-Reset"]) > T0.timestamp()


def test_api_answers_say_the_limit_and_what_is_left_of_the_tightest_window(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(RATELIMIT_ENABLED=True, API_RATE_LIMIT="5 per minute; 3 per second")
    secret = create_token(db_session, make_user(db_session), "a", now=T0, origin=SYSTEM).secret
    client = app.test_client()
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    assert (answer.headers["X-RateLimit-Limit"], answer.headers["X-RateLimit-Remaining"]) == (
        "3",
        "2",
    )
    assert "X-RateLimit-Reset" not in answer.headers


def test_api_limits_count_nothing_while_the_limiter_is_off(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(RATELIMIT_ENABLED=False, API_RATE_LIMIT="1 per minute")
    secret = create_token(db_session, make_user(db_session), "a", now=T0, origin=SYSTEM).secret
    client = app.test_client()
    answers = [
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}) for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert "X-RateLimit-Limit" not in answers[0].headers


def test_flask_limiters_headers_still_come_with_limited_views_and_only_with_them(
    app_factory: Callable[..., Flask],
) -> None:
    """Its after-request hook now runs only where a limited view ran (issue 13)."""
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    login = client.post("/login", data={"email": "nobody@example.org", "password": "wrong"})
    assert int(login.headers["X-RateLimit-Remaining"]) < int(login.headers["X-RateLimit-Limit"])
    assert "X-RateLimit-Limit" not in client.get("/login").headers  # the limit is on POST
    assert "X-RateLimit-Limit" not in client.get("/").headers
    _fail(client, "nobody@example.org")
    assert _fail(client, "nobody@example.org") == 429
