"""The one place that sets security and caching headers on every response.

PeerMatch shows minors' own words about their mental health, so a browser must never run
injected script, frame a page, leak a URL to another site or keep a personal page in a cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, g, request, session

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=31536000; includeSubDomains"

#: Endpoints whose answers hold nothing personal and may be cached by the browser.
CACHEABLE_ENDPOINTS = frozenset({"static", "public_files.favicon", "public_files.robots"})


def _may_cache() -> bool:
    """Only files that are the same for everyone are cacheable; every dynamic answer may carry
    personal data (a page for a logged-in user, a feed or consent page opened by secret link),
    so it is ``no-store`` whoever asks."""
    # The session cookie's claim is enough (and needs no database): even a stale login
    # cookie means the answer was made for a person.
    if g.get("_login_user") is not None and g._login_user.is_authenticated:
        return False
    if session.get("_user_id"):
        return False
    return request.endpoint in CACHEABLE_ENDPOINTS


REFERRER_POLICY = "strict-origin-when-cross-origin"


def fixed_headers(*, hsts: bool) -> list[tuple[str, str]]:
    """The headers every answer carries, whatever it is (a page, an error, a file)."""
    headers = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if hsts:
        headers.append(("Strict-Transport-Security", HSTS))
    return headers


class SecurityHeaders:
    """Adds the fixed headers at the WSGI edge, so every answer gets them (even one that
    never passed through Flask's hooks) for the price of one list operation: set one by one
    on the response object they cost more than a small API call's own work.

    A view's own value for one of them is replaced (never looser); a view may only ask for a
    stricter ``Referrer-Policy`` (the calendar feed's ``no-referrer``), which is kept.
    """

    def __init__(self, app: WSGIApplication, *, hsts: bool) -> None:
        self.app = app
        self.fixed = fixed_headers(hsts=hsts)
        self.fixed_names = frozenset(name.lower() for name, _ in self.fixed)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            names = {name.lower() for name, _ in headers}
            if not names.isdisjoint(self.fixed_names):
                headers = [(n, v) for n, v in headers if n.lower() not in self.fixed_names]
            headers.extend(self.fixed)
            if "referrer-policy" not in names:
                headers.append(("Referrer-Policy", REFERRER_POLICY))
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def apply_cache_rule(response: Response) -> Response:
    """Personal answers are never stored (this needs the request, so it runs in Flask)."""
    if not _may_cache():
        headers = response.headers
        headers["Cache-Control"] = "no-store"
        if "Expires" in headers:
            del headers["Expires"]
        if "ETag" in headers:
            del headers["ETag"]
    return response


def init_security_headers(app: Flask) -> None:
    hsts = bool(app.config.get("HSTS_ENABLED", False))
    wrapped: Callable[..., Any] = app.wsgi_app
    app.wsgi_app = SecurityHeaders(wrapped, hsts=hsts)  # type: ignore[method-assign]
    app.after_request(apply_cache_rule)
