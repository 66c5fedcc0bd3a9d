"""Flask's signed cookie session, with its signing serializer built once per key set.

Flask builds a new serializer (and its signer) for every request, because the secret key
could change between requests. Here it is rebuilt only when the key or the fallback keys
actually change, which keeps key rotation working and takes the cost off every request.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


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


def init_cookie_sessions(app: Flask) -> None:
    app.session_interface = CookieSessions()
