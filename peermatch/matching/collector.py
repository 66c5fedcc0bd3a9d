"""Pausing the cyclic garbage collector around calls that build many long-lived objects.

Ranking and loading thousands of candidates build results that all outlive the call, so
every collection triggered on the way only traverses objects that cannot be garbage, and
ever more of them (a tenth of `rank_candidates`, a third of the youth's candidates call at
5,000 peer experts). What such a call leaves behind is collected as usual afterwards.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def collector_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Runs ``function`` with the collector paused; it is switched back on at once, also
    when the call fails, and left alone if the caller had already switched it off. The
    pause is process-wide: other threads of the process run without it meanwhile."""

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused
