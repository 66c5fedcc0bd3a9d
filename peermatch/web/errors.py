"""Calm error pages (HTML) and problem+json (API); never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from peermatch.i18n.messages import message
from peermatch.services.errors import DomainError

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def problem(status: int, title: str, detail: str | None = None, **extra: object) -> Response:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


TITLES = {
    400: "Bad request",
    401: "Sign in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Check your input",
    429: "Too many attempts",
    500: "Something went wrong",
}


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[str, int] | Response:
        status = exc.code or 500
        if _wants_json():
            response = problem(status, TITLES.get(status, exc.name))
        else:
            response = Response(render_template("errors/error.html", status=status), status)
        # Keep what the exception says in headers (405 `Allow`, 429 `Retry-After`).
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError) -> tuple[str, int] | Response:
        text = message(exc.key, **exc.params)
        if _wants_json():
            if exc.status == 422:  # the documented ValidationProblem shape: always `errors`
                field = str(exc.params.get("field", "$"))
                errors = [{"field": field, "code": exc.key, "message": text}]
                return problem(422, TITLES[422], text, code=exc.key, errors=errors)
            return problem(exc.status, TITLES.get(exc.status, "Error"), text, code=exc.key)
        return render_template("errors/error.html", status=exc.status, detail=text), exc.status

    @app.errorhandler(Exception)
    def _unhandled(exc: Exception) -> tuple[str, int] | Response:
        log.exception("Unhandled error on %s %s", request.method, request.path)
        if _wants_json():
            return problem(500, TITLES[500])
        return render_template("errors/error.html", status=500), 500
