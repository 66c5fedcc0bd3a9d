"""The one place that sets security and caching headers on every response.

PeerMatch shows minors' own words about their mental health, so a browser must never run
injected script, frame a page, leak a URL to another site or keep a personal page in a cache.
"""

from __future__ import annotations

from flask import Flask, Response, g, request, session

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


def apply_security_headers(response: Response, *, hsts: bool) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    # A page may ask for stricter (e.g. the calendar feed's no-referrer); never looser.
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if hsts:
        headers["Strict-Transport-Security"] = HSTS
    if not _may_cache():
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
        headers.pop("ETag", None)
    return response


def init_security_headers(app: Flask) -> None:
    hsts = bool(app.config.get("HSTS_ENABLED", False))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        return apply_security_headers(response, hsts=hsts)
