"""Per-token rate limits for /api/v1.

An address-keyed limit would let one leaked token hammer the API from many addresses, and
would throttle a whole school behind one NAT for one noisy script; so a bearer call is
counted against its token (hashed: the limiter's storage must not hold secrets).
"""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address

from peermatch.api.blueprint import bp
from peermatch.auth.tokens import hash_secret
from peermatch.extensions import limiter


def token_key() -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and header[7:].strip():
        return "api-token:" + hash_secret(header[7:].strip())[:32]
    return "api-anonymous:" + (get_remote_address() or "unknown")


def api_limit() -> str:
    return str(current_app.config["API_RATE_LIMIT"])


# Once per process: the limiter keeps blueprint limits globally, not per app.
limiter.limit(api_limit, key_func=token_key, override_defaults=False)(bp)


def init_api_limits() -> None:
    """Importing this module registers the limit; the call documents where that happens."""
