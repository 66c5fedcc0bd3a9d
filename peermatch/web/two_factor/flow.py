"""How a login finishes, and what must happen before anything else afterwards.

After the password, a person with a second factor gets a second step: the session is not
logged in until the code is right (only a short-lived "pending" marker sits in the signed
session cookie). Once logged in, staff without a second factor are sent to set it up, and
anyone whose consent is for an older privacy statement is asked again; both are session
flags set at login, so ordinary requests cost no query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app, redirect, request, session, url_for
from flask.sansio.app import App
from flask_login import login_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers.response import Response

from peermatch.edge import context as ctx
from peermatch.edge.paths import is_api_request
from peermatch.models import User
from peermatch.services import privacy as privacy_rights
from peermatch.services import privacy_consent, two_factor
from peermatch.web.safe_redirect import safe_next

PENDING = "_pm_2fa_pending"
MUST_ENROL = "_pm_2fa_enrol"
MUST_CONSENT = "_pm_consent"
#: How long the code step waits after a right password.
PENDING_LIFETIME = dt.timedelta(minutes=5)
DEVICE_COOKIE = "pm_trusted_device"
_DEVICE_SALT = "peermatch.two-factor.device"

#: Endpoints a person may still reach while the gate holds them.
GATE_OPEN = frozenset(
    {
        "static",
        "auth.logout",
        "main.privacy",
        "main.set_language",
        "main.healthz",
        "two_factor.setup",
        "two_factor.confirm",
        "two_factor.start",
        "privacy_choices.consent",
        "privacy_choices.give_consent",
    }
)


def remember_days() -> int:
    return int(current_app.config["TWO_FACTOR_REMEMBER_DAYS"])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=_DEVICE_SALT)


def _remembered(user: User) -> bool:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return False
    try:
        data: Any = _serializer().loads(raw, max_age=remember_days() * 86400)
    except BadSignature:
        return False
    fingerprint = two_factor.device_fingerprint(ctx.session(), user)
    return (
        isinstance(data, dict)
        and data.get("u") == user.id
        and fingerprint is not None
        and data.get("f") == fingerprint
    )


def remember_device(response: Response, user: User) -> None:
    """A signed, HttpOnly cookie that skips the code step on this browser for 30 days."""
    fingerprint = two_factor.device_fingerprint(ctx.session(), user)
    if fingerprint is None:
        return
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps({"u": user.id, "f": fingerprint}),
        max_age=remember_days() * 86400,
        httponly=True,
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        samesite="Lax",
    )


def _fresh_session() -> None:
    # Renew the session: drop whatever an attacker may have planted before.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def after_password(user: User, next_url: str | None) -> Response:
    """The password was right: ask for the code, or finish the login."""
    if two_factor.is_active(ctx.session(), user) and not _remembered(user):
        _fresh_session()
        session[PENDING] = {
            "uid": user.id,
            "at": int(ctx.now().timestamp()),
            "next": safe_next(next_url) or "",
        }
        return redirect(url_for("two_factor.code"))
    return finish_login(user, next_url)


def pending_user() -> User | None:
    """The person between password and code, while the step is fresh."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    started = pending.get("at")
    if not isinstance(started, int):
        return None
    if ctx.now().timestamp() - started > PENDING_LIFETIME.total_seconds():
        session.pop(PENDING, None)
        return None
    user = ctx.session().get(User, pending.get("uid"))
    if user is None or not user.is_active:
        return None
    return user


def pending_next() -> str | None:
    pending = session.get(PENDING)
    if isinstance(pending, dict):
        return safe_next(str(pending.get("next") or "")) or None
    return None


def finish_login(user: User, next_url: str | None) -> Response:
    _fresh_session()
    login_user(user)
    if (
        current_app.config["TWO_FACTOR_ENFORCED"]
        and two_factor.required_for(user)
        and not two_factor.is_active(ctx.session(), user)
    ):
        session[MUST_ENROL] = True
    version = str(current_app.config["PRIVACY_STATEMENT_VERSION"])
    if privacy_consent.must_ask(ctx.session(), user, version):
        session[MUST_CONSENT] = True
    if session.get(MUST_ENROL):
        return redirect(url_for("two_factor.setup"))
    if session.get(MUST_CONSENT):
        return redirect(url_for("privacy_choices.consent"))
    if privacy_rights.pending(user):  # "Je account wordt op … verwijderd — Annuleer"
        return redirect(url_for("privacy.pending"))
    return redirect(safe_next(next_url) or url_for("dashboard.index"))


def init_gate(app: App) -> None:
    @app.before_request
    def _hold_until_done() -> Response | None:
        if not (session.get(MUST_ENROL) or session.get(MUST_CONSENT)):
            return None
        if request.endpoint in GATE_OPEN or is_api_request():
            return None
        if not session.get("_user_id"):
            return None
        if session.get(MUST_ENROL):
            return redirect(url_for("two_factor.setup"))
        return redirect(url_for("privacy_choices.consent"))
