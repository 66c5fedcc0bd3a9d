"""Calm error pages (HTML) and problem+json (API); never a traceback.

Every handler rolls the unit of work back before rendering: after a database error the
session is unusable until then, and the page itself (its layout reads the signed-in user)
would fail, leaving people with the server's bare error page.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from peermatch.edge.paths import wants_json
from peermatch.edge.problems import TITLES, domain_problem, problem
from peermatch.extensions import db
from peermatch.i18n.messages import message
from peermatch.services.errors import DomainError

log = logging.getLogger(__name__)


def roll_back() -> None:
    """End the request's unit of work so the error page can read the database again."""
    if db.has_session():
        try:
            db.session.rollback()
        except Exception:  # a dead connection: the page must still render
            log.exception("Rollback failed while handling an error")
            db.session.close()


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[str, int] | Response:
        roll_back()
        status = exc.code or 500
        if wants_json():
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
        roll_back()
        if wants_json():
            return domain_problem(exc)
        text = message(exc.key, **exc.params)
        return render_template("errors/error.html", status=exc.status, detail=text), exc.status

    @app.errorhandler(Exception)
    def _unhandled(exc: Exception) -> tuple[str, int] | Response:
        log.exception("Unhandled error on %s %s", request.method, request.path)
        roll_back()
        if wants_json():
            return problem(500, TITLES[500])
        return render_template("errors/error.html", status=500), 500
