"""Small request-scoped helpers for views: the session, the clock, the audit origin."""

from __future__ import annotations

import datetime as dt
from typing import cast

from flask import current_app, flash, g, request
from flask_login import current_user
from sqlalchemy.orm import Session

from peermatch.clock import Clock
from peermatch.extensions import db
from peermatch.i18n.messages import message
from peermatch.models import User
from peermatch.services.audit import Origin
from peermatch.services.errors import DomainError


def session() -> Session:
    return db.session


def now() -> dt.datetime:
    clock: Clock = current_app.extensions["peermatch_clock"]
    return clock.now()


def origin() -> Origin:
    return Origin(
        ip_address=request.remote_addr,
        user_agent=request.headers.get("User-Agent"),
        channel="api" if request.path.startswith("/api/") else "web",
    )


def user() -> User:
    """The signed-in user (views behind an access rule only)."""
    return cast(User, current_user._get_current_object())


def mark_rollback() -> None:
    """Make sure nothing of this request is committed (a rule said no halfway)."""
    g._peermatch_rollback = True


def flash_error(err: DomainError) -> None:
    mark_rollback()
    flash(message(err.key, **err.params), "error")


def current_locale() -> str:
    from peermatch.web.i18n import get_locale

    return get_locale()
