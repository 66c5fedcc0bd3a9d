"""Who is asking, and when: the request-scoped inputs every use case takes.

Views receive them as one :class:`Call` through :func:`use_case` instead of reading
``session()``, ``user()``, ``now()`` and ``origin()`` one by one; the single functions stay
for the few places (forms, templates helpers, API handlers) that need just one of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast, overload

from flask import current_app, flash, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers.response import Response

from peermatch.clock import Clock
from peermatch.edge.paths import is_api_request
from peermatch.extensions import db
from peermatch.i18n.messages import message
from peermatch.models import User
from peermatch.services.audit import Origin
from peermatch.services.errors import DomainError

P = ParamSpec("P")
R = TypeVar("R")


def session() -> Session:
    return db.session


def now() -> dt.datetime:
    clock: Clock = current_app.extensions["peermatch_clock"]
    return clock.now()


def origin() -> Origin:
    return Origin(
        ip_address=request.remote_addr,
        user_agent=request.headers.get("User-Agent"),
        channel="api" if is_api_request() else "web",
        endpoint=request.endpoint,
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
    from peermatch.edge.i18n import get_locale

    return get_locale()


class Call:
    """The inputs of one use case, read lazily and once per view call.

    ``now`` is read once so every rule in the request sees the same moment.
    """

    def __init__(self) -> None:
        self.refusal_page: tuple[Callable[[DomainError], ResponseReturnValue], bool] | None = None

    def otherwise(
        self, page: Callable[[DomainError], ResponseReturnValue], *, flash: bool = True
    ) -> None:
        """From here on, a refusal shows ``page(err)``: typically the same form again with
        what was typed, which only the view itself can rebuild. ``flash=False`` for pages
        that show the error themselves."""
        self.refusal_page = (page, flash)

    @cached_property
    def session(self) -> Session:
        return session()

    @cached_property
    def user(self) -> User:
        return user()

    @cached_property
    def now(self) -> dt.datetime:
        return now()

    @cached_property
    def origin(self) -> Origin:
        return origin()


#: What a view does when its use case says no: gets the call, the error and the view's
#: URL arguments, and returns the page to show (the error is already flashed).
OnError = Callable[Concatenate[Call, DomainError, P], ResponseReturnValue]


@overload
def use_case(
    on_error: None = None, *, not_found_page: bool = False
) -> Callable[[Callable[Concatenate[Call, P], R]], Callable[P, R]]: ...


@overload
def use_case(
    on_error: OnError[P], *, not_found_page: bool = False
) -> Callable[[Callable[Concatenate[Call, P], R]], Callable[P, R | ResponseReturnValue]]: ...


def use_case(
    on_error: OnError[P] | None = None,
    *,
    not_found_page: bool = False,
) -> Callable[[Callable[Concatenate[Call, P], R]], Callable[P, R | ResponseReturnValue]]:
    """Run a view as a use case: hand it a :class:`Call`, and turn a ``DomainError`` into
    a flashed, translated message plus ``on_error``'s page, with nothing committed.

    Without ``on_error`` (or for a 404 when ``not_found_page``: there is nothing to go back
    to) the error goes to the calm error page with its status. Only ``DomainError`` is
    caught: anything else is a bug and ends in the 500 page.
    """

    def decorate(view: Callable[Concatenate[Call, P], R]) -> Callable[P, R | ResponseReturnValue]:
        @wraps(view)
        def run(*args: P.args, **kwargs: P.kwargs) -> R | ResponseReturnValue:
            call = Call()
            try:
                return view(call, *args, **kwargs)
            except DomainError as err:
                if call.refusal_page is not None and not (not_found_page and err.status == 404):
                    page, show = call.refusal_page
                    if show:
                        flash_error(err)
                    else:
                        mark_rollback()
                    return page(err)
                if on_error is None or (not_found_page and err.status == 404):
                    mark_rollback()
                    raise
                flash_error(err)
                return on_error(call, err, *args, **kwargs)

        return run

    return decorate


def redirect_to(endpoint: str) -> OnError[...]:
    """``on_error`` that redirects to ``endpoint``, passing on those of the view's URL
    arguments that the target's URL takes (a relative ``.name`` means this blueprint)."""

    def go(_call: Call, _err: DomainError, *_args: object, **kwargs: Any) -> Response:
        return redirect(url_with(endpoint, kwargs))

    return go


def url_with(endpoint: str, view_args: dict[str, Any]) -> str:
    """``url_for(endpoint)`` with those of ``view_args`` that its URL takes (so a view's
    ``proposal_id`` never leaks into another page's query string)."""
    target = endpoint
    if target.startswith(".") and request.blueprint:
        target = f"{request.blueprint}{target}"
    accepted: set[str] = set()
    for rule in current_app.url_map.iter_rules(target):
        accepted |= rule.arguments
    return url_for(target, **{k: v for k, v in view_args.items() if k in accepted})
