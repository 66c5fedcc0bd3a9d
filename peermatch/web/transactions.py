"""One commit per request: after a successful response, never after an error."""

from __future__ import annotations

from flask import Flask, Response, g

from peermatch.extensions import db


def init_transactions(app: Flask) -> None:
    @app.after_request
    def _commit_or_rollback(response: Response) -> Response:
        if not db.has_session():
            return response
        session = db.session
        if response.status_code < 400 and not g.get("_peermatch_rollback"):
            session.commit()
        else:
            session.rollback()
        return response
