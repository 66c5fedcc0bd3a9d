"""URL converters shared by the web pages and the API.

An id in a URL beyond the database's 32-bit integer columns made SQLite and PostgreSQL
raise (a 500); such an id can never exist, so the route simply does not match (404).
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

DB_INT_MAX = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` limited to 1..2^31-1 (the range of our integer primary keys)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def install_converters(url_map: Map) -> None:
    """Replace werkzeug's unbounded ``int`` app-wide; call before any route is added."""
    url_map.converters["int"] = BoundedIntConverter
