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
