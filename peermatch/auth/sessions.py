"""How long a browser session lives: an idle timeout and an absolute lifetime.

A session cookie left on a shared school or clinic computer must not open a minor's page
hours later. Staff (coordinators, admins) see many people's data, so they time out sooner.
Times come from the app's clock, so tests move time instead of waiting.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user, user_logged_in
from werkzeug.wrappers.response import Response

from peermatch.clock import Clock
from peermatch.edge.paths import is_api_request
from peermatch.models import User
from peermatch.models.enums import Role

LOGIN_AT = "_pm_login_at"
SEEN_AT = "_pm_seen_at"
STAFF = "_pm_staff"
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
#: Refresh the "last seen" stamp at most this often, so not every request rewrites the cookie.
SEEN_RESOLUTION = dt.timedelta(seconds=60)


def _now() -> dt.datetime:
    clock: Clock = current_app.extensions["peermatch_clock"]
    return clock.now()


def _stamp(when: dt.datetime) -> int:
    return int(when.timestamp())


def idle_limit(staff: bool) -> dt.timedelta:
    key = "SESSION_IDLE_MINUTES_STAFF" if staff else "SESSION_IDLE_MINUTES"
    return dt.timedelta(minutes=float(current_app.config[key]))


def absolute_limit() -> dt.timedelta:
    return dt.timedelta(hours=float(current_app.config["SESSION_ABSOLUTE_HOURS"]))


def start(user: User) -> None:
    """Stamp a fresh login; the role decides the idle timeout for the session's whole life
    (a role change rotates the login id, which ends the session anyway)."""
    now = _stamp(_now())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    session[STAFF] = user.has_role(*STAFF_ROLES)


def expired_reason(now: dt.datetime) -> str | None:
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return "unknown"  # a login cookie without our stamps: from before, or forged
    at = _stamp(now)
    if at - login_at >= absolute_limit().total_seconds():
        return "absolute"
    if at - seen_at >= idle_limit(bool(session.get(STAFF))).total_seconds():
        return "idle"
    return None


def init_sessions(app: Flask) -> None:
    def _on_login(sender: Flask, user: User, **extra: object) -> None:
        start(user)

    user_logged_in.connect(_on_login, app, weak=False)

    @app.before_request
    def _expire_sessions() -> Response | None:
        if request.endpoint == "static" or is_api_request():
            return None  # the API uses bearer tokens; cookies never authorise it
        if not session.get("_user_id"):
            return None
        now = _now()
        if expired_reason(now) is not None:
            locale = session.get("locale")
            logout_user()
            session.clear()
            if locale:
                session["locale"] = locale
            flash(_("You were logged out because you were away for a while. Log in again."))
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if _stamp(now) - int(session[SEEN_AT]) >= SEEN_RESOLUTION.total_seconds():
            session[SEEN_AT] = _stamp(now)
        return None
