"""Which front end a request belongs to, decided in one place."""

from __future__ import annotations

from flask import has_request_context, request

API_PREFIX = "/api/"


def is_api_request() -> bool:
    """True for ``/api/...``: bearer tokens, problem+json, per-request language."""
    return has_request_context() and request.path.startswith(API_PREFIX)


def wants_json() -> bool:
    """Errors as problem+json: API calls and the machine-read health check."""
    return is_api_request() or (has_request_context() and request.path == "/healthz")


def is_cookieless_path(path: str) -> bool:
    """Paths whose answers never read or write the cookie session: the API (bearer tokens
    only, problem+json answers) and the health check. (``/metrics`` answers strangers with
    the ordinary not-found page, which is a page like any other.)"""
    return path.startswith(API_PREFIX) or path == "/healthz"
