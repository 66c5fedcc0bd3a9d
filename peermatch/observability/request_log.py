"""One log line per request, with a request id that is also returned as a header.

The line holds method, path (never the query string: calendar-feed and consent links
carry secrets there), endpoint, status, duration and the id; never a body, form field,
token or password. ``LOG_JSON`` switches every log record to one JSON object per line.
A well-formed ``X-Request-ID`` from the proxy is kept, so one id follows a request
through nginx and the app.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from typing import Any

from flask import Flask, Response, g, request

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger("peermatch.request")


def request_id() -> str | None:
    """The current request's id (for other log lines and error pages)."""
    value: str | None = g.get("request_id")
    return value


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the extra fields."""

    FIELDS = ("request_id", "method", "path", "endpoint", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                data[name] = getattr(record, name)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def use_json_logs() -> None:
    root = logging.getLogger()
    for handler in root.handlers or [logging.StreamHandler()]:
        handler.setFormatter(JsonFormatter())
        if handler not in root.handlers:
            root.addHandler(handler)


def loggable_path() -> str:
    """The path with secret route parts (calendar-feed and consent tokens) blanked out."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if ("token" in name or "secret" in name) and isinstance(value, str) and value:
            path = path.replace(value, "<secret>")
    return path


def init_request_log(app: Flask) -> None:
    if app.config.get("LOG_JSON"):
        use_json_logs()

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _ACCEPTED_ID.match(incoming) else os.urandom(16).hex()
        g.request_started = time.perf_counter()  # the metrics hook times the same span

    @app.after_request
    def _log(response: Response) -> Response:
        rid = g.get("request_id") or os.urandom(16).hex()
        response.headers[REQUEST_ID_HEADER] = rid
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        path = loggable_path()
        fields = {
            "request_id": rid,
            "method": request.method,
            "path": path,
            "endpoint": request.endpoint or "-",
            "status": response.status_code,
            "duration_ms": round(duration, 1),
        }
        log.info(
            "%s %s %s %.1fms id=%s",
            request.method,
            path,
            response.status_code,
            duration,
            rid,
            extra=fields,
        )
        return response
