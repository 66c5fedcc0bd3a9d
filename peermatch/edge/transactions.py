"""One unit of work per request: lock, run, commit, and only then answer.

The lifecycle of every request (web and API alike):

1. a writing request (POST/PUT/PATCH/DELETE) takes the database write lock first, before
   anything is read (SQLite ``BEGIN IMMEDIATE``; see :func:`peermatch.db.lock_for_write`),
   so nothing ever has to commit part-way; reading requests take no lock;
2. access is checked (``peermatch.edge.access``) and the view runs its use case;
3. the unit of work commits as soon as the view's result becomes a response
   (:meth:`PeerMatchFlask.make_response`), before ``after_request`` hooks run and before
   the cookie session (with the flashed messages) is saved;
4. on any error, or a 4xx/5xx answer, or a view that called ``mark_rollback``, it rolls
   back instead. If the commit itself fails, the flashes this request queued ("saved!")
   are dropped and the error page is shown, so the user is never told a lie.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any

from flask import Flask, g, request
from flask import session as cookie_session
from flask.signals import message_flashed
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response as BaseResponse

from peermatch.db import lock_for_write
from peermatch.extensions import db

WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FLASH_BASELINE = "_peermatch_flash_baseline"
_ROLLBACK = "_peermatch_rollback"


class PeerMatchFlask(Flask):
    """Flask with the commit moved from ``after_request`` to the moment the response exists."""

    def make_response(self, rv: ResponseReturnValue) -> Any:
        response = super().make_response(rv)
        finish_unit_of_work(response)
        return response

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Flask asks this for every hook and view of every request; its general check
        (``inspect.iscoroutinefunction``) cost more than some views. A plain function or
        method answers from its code flags; anything else (and any ``async def``) goes to
        Flask."""
        plain = func.__func__ if type(func) is types.MethodType else func
        if (
            type(plain) is types.FunctionType
            and not plain.__code__.co_flags & _ASYNC_FLAGS
            and not hasattr(plain, "_is_coroutine_marker")
        ):
            return func
        return super().ensure_sync(func)


_ASYNC_FLAGS = inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR


def finish_unit_of_work(response: BaseResponse) -> None:
    """Commit a successful request's work, roll back anything else; idempotent."""
    if not db.has_session():
        return
    session = db.session
    if response.status_code < 400 and not g.get(_ROLLBACK):
        try:
            session.commit()
        except Exception:
            session.rollback()
            g.setdefault(_ROLLBACK, True)
            discard_flashes()
            raise
    else:
        session.rollback()


def discard_flashes() -> None:
    """Drop the messages this request flashed (earlier requests' unread ones stay)."""
    baseline: int | None = g.get(_FLASH_BASELINE)
    if baseline is None:
        return
    flashes = cookie_session.get("_flashes", [])
    cookie_session["_flashes"] = flashes[:baseline]
    g.pop(_FLASH_BASELINE)


def _remember_flash_baseline(_app: Flask, **_extra: object) -> None:
    if g.get(_FLASH_BASELINE) is None:
        # The signal fires after the message was appended: the baseline is one less.
        g.setdefault(_FLASH_BASELINE, len(cookie_session.get("_flashes", [])) - 1)


def init_transactions(app: Flask) -> None:
    """Register the lifecycle; call before any other ``before_request`` hook that reads."""
    message_flashed.connect(_remember_flash_baseline, app)

    @app.before_request
    def _lock_writing_requests() -> None:
        if request.method in WRITING_METHODS:
            lock_for_write(db.session)
