"""Enforces the access rule every view declares (see ``peermatch.auth.access``)."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, inspect, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload, load_only
from werkzeug.wrappers.response import Response

from peermatch.auth.access import AUTHENTICATED, PUBLIC, access_rule
from peermatch.auth.tokens import hash_secret
from peermatch.db import lock_for_write
from peermatch.edge.context import now
from peermatch.edge.paths import is_api_request
from peermatch.edge.transactions import WRITING_METHODS
from peermatch.extensions import db, login_manager
from peermatch.models import ApiToken, TwoFactorEnrolment, User

log = logging.getLogger(__name__)

PUBLIC_ENDPOINTS = frozenset({"static"})

#: The user's columns that pages and API calls read on nearly every request (the page shell
#: asks whether the address is verified; matching, age and gender). The others (password
#: hash, erasure and login dates, ...) are read by a few use cases only; leaving them out
#: of the request's user statement saved about a tenth of an API call's CPU, mostly the
#: conversion of their timestamps. They load together, in one statement, when first read.
_USER_ON_EVERY_REQUEST = (
    User.id,
    User.email,
    User.display_name,
    User.locale,
    User.time_zone,
    User.birth_year,
    User.gender,
    User.is_active,
    User.login_id,
    User.privacy_consent_version,
    User.email_verified_at,
)
_USER_READ_LATER = frozenset(column.key for column in inspect(User).column_attrs) - frozenset(
    attr.key for attr in _USER_ON_EVERY_REQUEST
)

# Built once: every request runs one of these, and building a statement (with its eager
# loads) cost more CPU than executing the cached, compiled SQL. One statement each: the
# roles come in the same row set, since every page and API call asks for them.
_USER_BY_LOGIN_ID = (
    select(User)
    .where(User.login_id == bindparam("login_id"))
    .options(load_only(*_USER_ON_EVERY_REQUEST), joinedload(User.roles))
)
# The caller's user with roles and 2FA state (``/me`` says it; only the confirmation time
# is read, never the encrypted secret), plus what the token's bookkeeping needs.
_TOKEN_BY_HASH = (
    select(User, ApiToken.id, ApiToken.last_used_at)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    .options(
        load_only(*_USER_ON_EVERY_REQUEST),
        joinedload(User.roles),
        joinedload(User.two_factor).load_only(TwoFactorEnrolment.confirmed_at),
    )
)


def _read_later_together(user: User) -> User:
    """Marks the columns the request's statement left out as expired rather than deferred:
    SQLAlchemy loads a deferred column alone when it is read (one statement per column),
    but all expired ones in one statement. Columns already loaded (the user was in the
    session before) stay as they are."""
    unloaded = inspect(user).unloaded
    later = [key for key in _USER_READ_LATER if key in unloaded]
    if later:
        db.session.expire(user, later)
    return user


def _touch(token_id: int, last_used_at: dt.datetime | None) -> None:
    """Record the token's use at most every ``API_TOKEN_TOUCH_SECONDS``.

    A writing request records it in its own unit of work (which already holds the write
    lock). A reading request, when the time is due, records it in a short transaction of
    its own, so the request itself stays a read; if the database is busy, the bookkeeping
    waits for the next call rather than failing the caller's request.
    """
    moment = now()
    interval = dt.timedelta(seconds=current_app.config["API_TOKEN_TOUCH_SECONDS"])
    if last_used_at is not None and moment - last_used_at < interval:
        return
    touch = update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=moment)
    if request.method in WRITING_METHODS:
        db.session.execute(touch)
        return
    try:
        with db.factory() as session:
            lock_for_write(session)
            session.execute(touch)
            session.commit()
    except OperationalError:
        log.warning("Token %s: last use not recorded (database busy)", token_id)


def _token_user() -> User | None:
    """The active user whose unrevoked token the bearer header carries, if any."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    found = (
        db.session.execute(_TOKEN_BY_HASH, {"token_hash": hash_secret(header[7:].strip())})
        .unique()
        .one_or_none()
    )
    if found is None:
        return None
    user, token_id, last_used_at = found
    if not user.is_active:
        return None
    _touch(token_id, last_used_at)
    return _read_later_together(user)


def init_access(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load_user(login_id: str) -> User | None:
        if is_api_request():
            # The API accepts bearer tokens only: a browser's cookie session must never
            # authorise an API call (no CSRF protection there).
            return None
        user = (
            db.session.execute(_USER_BY_LOGIN_ID, {"login_id": login_id})
            .unique()
            .scalar_one_or_none()
        )
        if user is None or not user.is_active:
            return None
        return _read_later_together(user)

    @login_manager.request_loader
    def _load_from_token(req: object) -> User | None:
        if not is_api_request():
            return None
        return _token_user()

    @login_manager.unauthorized_handler
    def _unauthorized() -> Response:
        abort(401)

    @app.before_request
    def _enforce_access() -> Response | None:
        endpoint = request.endpoint
        if endpoint is None:
            return None  # 404/405 handled by Flask
        if endpoint in PUBLIC_ENDPOINTS:
            return None
        rule = access_rule(app.view_functions.get(endpoint))
        if rule is None:
            abort(403)  # undeclared view: denied by default
        if rule == PUBLIC:
            return None
        if is_api_request():
            _enforce_api_access(rule)
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if rule == AUTHENTICATED:
            return None
        assert isinstance(rule, frozenset)
        if not current_user.has_role(*rule):
            abort(403)
        return None


def _enforce_api_access(rule: object) -> None:
    """The API's check: a bearer token only, loaded once and handed to Flask-Login as the
    request's user. Flask-Login's general loading (session protection, cookie and remember
    checks, all of which the API ignores) cost more than the token's own statement."""
    user = g.get("_login_user")
    if user is None:
        user = _token_user()
        login_manager._update_request_context_with_user(user)
    if user is None or not user.is_authenticated:
        abort(401)
    if rule != AUTHENTICATED:
        assert isinstance(rule, frozenset)
        if not user.has_role(*rule):
            abort(403)
