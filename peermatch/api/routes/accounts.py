"""Forgotten password over the API: the same service and limits as the web form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from flask import Response, current_app, request

from peermatch.api.http import json_response, no_content, parse_body
from peermatch.api.openapi import endpoint
from peermatch.api.validation import Length
from peermatch.auth.access import public
from peermatch.edge.context import Call
from peermatch.extensions import limiter
from peermatch.i18n.messages import message
from peermatch.services import account_links


@dataclass(frozen=True, slots=True)
class PasswordResetIn:
    """The email address of the account whose password was forgotten."""

    email: Annotated[str, Length(3, 254)]


@dataclass(frozen=True, slots=True)
class PasswordResetOut:
    """The same answer for every address: it does not say whether an account exists."""

    detail: str


@dataclass(frozen=True, slots=True)
class PasswordResetConfirmIn:
    """The secret from the emailed link (the part after ``/password/reset/``) and the new
    password (the registration rules apply)."""

    token: Annotated[str, Length(1, 200)]
    new_password: Annotated[str, Length(1, 200)]


def _reset_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_RATE_LIMIT"])


def _reset_account_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_ACCOUNT_RATE_LIMIT"])


def _reset_account_key() -> str:
    """Per address, as on the web form (a shared key: both paths count together)."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"reset-account:{str(email or '').strip().lower()[:254]}"


@endpoint(
    "POST",
    "/password-reset",
    summary="Ask for a password-reset link by email",
    body=PasswordResetIn,
    response=PasswordResetOut,
    status=202,
    errors=(429,),
    tag="account",
    description=(
        "Public. Answers 202 with the same text for every address; only an address with an "
        "active account gets an email (a single-use link, valid one hour). Rate-limited per "
        "address and per IP."
    ),
)
@public
# The same shared scopes as the web form, so switching between them gains nothing.
@limiter.shared_limit(_reset_limit, scope="password-reset-ip")
@limiter.shared_limit(
    _reset_account_limit, scope="password-reset-account", key_func=_reset_account_key
)
def password_reset(call: Call) -> Response:
    data = parse_body(PasswordResetIn)
    account_links.request_password_reset(call.session, data.email, now=call.now, origin=call.origin)
    return json_response(PasswordResetOut(detail=message("account.reset_requested")), status=202)


@endpoint(
    "POST",
    "/password-reset/confirm",
    summary="Set a new password with the secret from the emailed link",
    body=PasswordResetConfirmIn,
    status=204,
    tag="account",
    description=(
        "Public by secret. The link works once; every session and the link end. An unknown, "
        "used or expired secret, or a password the rules refuse, is a 422 problem."
    ),
)
@public
@limiter.limit(_reset_limit)
def password_reset_confirm(call: Call) -> Response:
    data = parse_body(PasswordResetConfirmIn)
    account_links.reset_password(
        call.session, data.token, data.new_password, now=call.now, origin=call.origin
    )
    return no_content()
