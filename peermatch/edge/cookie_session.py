"""Flask's signed cookie session, with its signing serializer built once per key set.

Flask builds a new serializer (and its signer) for every request, because the secret key
could change between requests. Here it is rebuilt only when the key or the fallback keys
actually change, which keeps key rotation working and takes the cost off every request.

The API and the health check get Flask's null session: a cookie never authorises them, so
reading and re-signing one was work for nothing, and a write to it there fails loudly
instead of setting a cookie on a machine's answer.
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from peermatch.edge.paths import is_cookieless_path


class CookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._cached: tuple[object, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = self._cached
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            self._cached = cached
        return cached[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if is_cookieless_path(request.path):
            return self.null_session_class()
        return super().open_session(app, request)


def init_cookie_sessions(app: Flask) -> None:
    app.session_interface = CookieSessions()
