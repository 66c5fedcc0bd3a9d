"""URL converters shared by the web pages and the API.

An id in a URL beyond the database's 32-bit integer columns made SQLite and PostgreSQL
raise (a 500); such an id can never exist, so the route simply does not match (404).
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

DB_INT_MAX = 2**31 - 1


def _at_most(limit: str) -> str:
    """A regex for the decimal numbers 1..limit without leading zeros (digit by digit), so a
    route simply does not match beyond it: werkzeug answers a clean 404 instead of trying
    other methods' rules (a failed conversion could surface as a 405)."""
    shorter = f"[1-9][0-9]{{0,{len(limit) - 2}}}"
    same_length = []
    for i, digit in enumerate(limit):
        if digit == "0":
            continue
        low = "1" if i == 0 else "0"
        if int(digit) - 1 >= int(low):
            head, rest = limit[:i], len(limit) - i - 1
            tail = f"[0-9]{{{rest}}}" if rest else ""
            same_length.append(f"{head}[{low}-{int(digit) - 1}]{tail}")
    same_length.append(limit)
    return "(?:" + "|".join([shorter, *same_length]) + ")"


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` limited to 1..2^31-1 (the range of our integer primary keys)."""

    regex = _at_most(str(DB_INT_MAX))

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def install_converters(url_map: Map) -> None:
    """Replace werkzeug's unbounded ``int`` app-wide; call before any route is added."""
    url_map.converters["int"] = BoundedIntConverter
