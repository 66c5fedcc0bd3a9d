"""Per-token rate limits for /api/v1.

An address-keyed limit would let one leaked token hammer the API from many addresses, and
would throttle a whole school behind one NAT for one noisy script; so a bearer call is
counted against its token (hashed: the limiter's storage must not hold secrets).

The count goes straight to the limiter's storage and strategy (``limits``), the same ones
Flask-Limiter uses for the login and reset limits: Flask-Limiter's per-request route
bookkeeping cost a third of a small API call. Every answer says the limit and what is left
of it (``X-RateLimit-Limit``, ``X-RateLimit-Remaining``); a refusal is a 429 problem with
``Retry-After`` and ``X-RateLimit-Reset``.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask.globals import _cv_request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from peermatch.auth.tokens import hash_secret
from peermatch.edge.paths import is_api_request
from peermatch.extensions import limiter

SCOPE = "api"
_STATE = "_peermatch_api_limit"


def token_key() -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and header[7:].strip():
        return "api-token:" + hash_secret(header[7:].strip())[:32]
    return "api-anonymous:" + (get_remote_address() or "unknown")


@functools.lru_cache(maxsize=16)
def _limits(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text))


def _hit(item: RateLimitItem, key: str) -> int | None:
    """Count one call; the calls left in the window, or None when it is used up."""
    strategy = limiter.limiter
    if isinstance(strategy, FixedWindowRateLimiter):
        # The strategy's own ``hit`` is this increment; its count also gives what is left
        # without a second trip to the storage (Redis in production).
        used = strategy.storage.incr(item.key_for(SCOPE, key), item.get_expiry(), amount=1)
        return item.amount - used if used <= item.amount else None
    if not strategy.hit(item, SCOPE, key):
        return None
    return int(strategy.get_window_stats(item, SCOPE, key).remaining)


def count_api_call() -> None:
    """Count an API call against every configured window; refuse once one is used up."""
    if not limiter.enabled or not is_api_request():
        return
    key = token_key()
    least: tuple[int, int] | None = None  # (left, of amount)
    for item in _limits(str(current_app.config["API_RATE_LIMIT"])):
        left = _hit(item, key)
        if left is None:
            reset_at = limiter.limiter.get_window_stats(item, SCOPE, key).reset_time
            g.setdefault(_STATE, (item.amount, 0, int(reset_at)))
            raise TooManyRequests(retry_after=max(1, math.ceil(reset_at - time.time())))
        if least is None or left < least[0]:
            least = (left, item.amount)
    if least is not None:
        g.setdefault(_STATE, (least[1], least[0], None))


def say_limit(response: Response) -> Response:
    state = g.get(_STATE)
    if state is not None:
        amount, left, reset_at = state
        response.headers["X-RateLimit-Limit"] = str(amount)
        response.headers["X-RateLimit-Remaining"] = str(left)
        if reset_at is not None:
            response.headers["X-RateLimit-Reset"] = str(reset_at)
    return response


def init_api_limits(app: Flask) -> None:
    """Register the count; call before the access check, so refused calls count too."""
    app.before_request(count_api_call)
    app.after_request(say_limit)


def trim_idle_limiter_hooks(app: Flask) -> None:
    """Take Flask-Limiter's per-request work off every request that has none for it.

    Its before-request check applies default, application and blueprint limits only;
    limits on single views (login, registration, password reset, 2FA codes) are checked by
    their decorators when the view runs. PeerMatch sets none of the former, so the check
    only cost time (a fifth of a small request). Call after every route is registered:
    should such a limit ever be added, the check stays.

    Its after-request hook (rate-limit headers, deductions made only for some answers) and
    its teardown work on what a limited view recorded in the request's limiter context;
    where no such view ran there is nothing to record, yet both built an empty context on
    every request. They now run only where that context exists.
    """
    manager = limiter.limit_manager
    if not (manager.default_limits or manager.application_limits or manager._blueprint_limits):
        check = limiter._check_request_limit
        funcs = app.before_request_funcs.get(None, [])
        app.before_request_funcs[None] = [f for f in funcs if f != check]
    inject = limiter._Limiter__inject_headers  # type: ignore[attr-defined]
    app.after_request_funcs[None] = [
        _after_a_limited_view(f) if _is_partial_of(f, inject) else f
        for f in app.after_request_funcs.get(None, [])
    ]
    release = limiter._Limiter__release_context  # type: ignore[attr-defined]
    app.teardown_request_funcs[None] = [
        _after_a_limited_view(f) if f == release else f
        for f in app.teardown_request_funcs.get(None, [])
    ]


#: Where Flask-Limiter keeps what the limited views of a request recorded.
_LIMITER_CONTEXT = "_limiter_request_context"


def _is_partial_of(hook: object, bound: object) -> bool:
    func = getattr(bound, "__func__", None)
    return isinstance(hook, functools.partial) and hook.func is func and hook.args[:1] == (limiter,)


def _after_a_limited_view(hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def run_if_limited(value: Any) -> Any:
        ctx = _cv_request.get(None)
        if ctx is not None and _LIMITER_CONTEXT in ctx.__dict__:
            return hook(value)
        return value

    return run_if_limited
