"""The per-request machinery kept lean (issue 13) still does everything it did."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable

import pytest
from flask import Flask
from flask.globals import _cv_request

from peermatch.extensions import limiter
from peermatch.security.api_limits import trim_idle_limiter_hooks


def test_plain_hooks_pass_through_and_anything_async_goes_to_flask(app: Flask) -> None:
    def plain() -> str:
        return "ok"

    async def coroutine() -> str:
        return "ok"

    assert app.ensure_sync(plain) is plain
    method = app.make_response  # a bound method of a plain function
    assert app.ensure_sync(method) == method

    class Holder:
        async def later(self) -> str:
            return "ok"

    with contextlib.suppress(RuntimeError):  # Flask without its async extra refuses it
        assert app.ensure_sync(Holder().later) != Holder().later
    partial = functools.partial(plain)
    assert app.ensure_sync(partial) is partial  # not a plain function: Flask's own check
    try:
        wrapped = app.ensure_sync(coroutine)
    except RuntimeError:  # Flask without its async extra refuses async views outright
        return
    assert wrapped is not coroutine
    assert asyncio.iscoroutinefunction(coroutine)


def test_the_cookie_serializer_is_reused_and_rebuilt_when_the_key_changes(app: Flask) -> None:
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    old_key = app.secret_key
    app.secret_key = "another-secret-key-for-this-test-only-1234567890"
    try:
        rotated = interface.get_signing_serializer(app)
        assert rotated is not first and rotated is not None
        assert rotated.loads(rotated.dumps({"a": 1})) == {"a": 1}
        assert first is not None
        with pytest.raises(Exception, match="Signature"):
            rotated.loads(first.dumps({"a": 1}))
    finally:
        app.secret_key = old_key


def test_a_cookie_signed_before_a_key_rotation_still_reads_with_the_fallback(
    app_factory: Callable[..., Flask],
) -> None:
    before = app_factory(SECRET_KEY="old-secret-key-0123456789-0123456789-abcdef")
    after = app_factory(
        SECRET_KEY="new-secret-key-0123456789-0123456789-abcdef",
        SECRET_KEY_FALLBACKS=["old-secret-key-0123456789-0123456789-abcdef"],
    )
    old = before.session_interface.get_signing_serializer(before)
    new = after.session_interface.get_signing_serializer(after)
    assert old is not None and new is not None
    assert new.loads(old.dumps({"_user_id": "x"})) == {"_user_id": "x"}


def test_flask_limiters_request_check_is_dropped_only_while_it_has_nothing_to_check(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = limiter._check_request_limit
    assert check not in app.before_request_funcs[None]

    other = Flask("other")
    other.before_request(check)
    monkeypatch.setattr(limiter.limit_manager, "_blueprint_limits", {"api": object()})
    trim_idle_limiter_hooks(other)
    assert check in other.before_request_funcs[None]  # a blueprint limit: the check stays
    monkeypatch.setattr(limiter.limit_manager, "_blueprint_limits", {})
    trim_idle_limiter_hooks(other)
    assert check not in other.before_request_funcs[None]


def test_flask_limiters_hooks_leave_requests_without_a_limited_view_alone(
    app_factory: Callable[..., Flask],
) -> None:
    app = app_factory(RATELIMIT_ENABLED=True)
    client = app.test_client()
    with client:
        client.get("/")
        assert "_limiter_request_context" not in _cv_request.get().__dict__
    with client:
        client.post("/login", data={"email": "nobody@example.org", "password": "wrong"})
        assert "_limiter_request_context" in _cv_request.get().__dict__


def test_the_csrf_check_runs_for_writing_methods_only_and_still_refuses(
    app_factory: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    from peermatch.extensions import csrf

    app = app_factory(WTF_CSRF_ENABLED=True)
    checked: list[str] = []
    real = csrf.protect

    def spy(*args: object, **kwargs: object) -> None:
        from flask import request

        checked.append(request.method)
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(csrf, "protect", spy)
    client = app.test_client()
    assert client.get("/login").status_code == 200
    assert client.get("/").status_code == 200
    refused = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert refused.status_code == 400  # no CSRF token
    assert checked == ["POST"]
