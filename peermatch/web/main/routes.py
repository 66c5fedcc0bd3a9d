"""Public pages: home, health check, language switch, privacy statement."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers.response import Response

from peermatch.auth.access import public
from peermatch.edge.i18n import COOKIE_LOCALE
from peermatch.extensions import db
from peermatch.services import accounts
from peermatch.web.safe_redirect import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def home() -> str:
    return render_template("main/home.html")


@bp.get("/privacy")
@public
def privacy() -> str:
    return render_template(
        "main/privacy.html", version=current_app.config["PRIVACY_STATEMENT_VERSION"]
    )


_PING = text("SELECT 1")


@bp.get("/healthz")
@public
def healthz() -> tuple[Response, int]:
    try:
        with db.engine.connect() as conn:
            conn.execute(_PING)
    except SQLAlchemyError:
        return jsonify(status="error", database="error"), 503
    return jsonify(status="ok", database="ok"), 200


@bp.post("/language")
@public
def set_language() -> Response:
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session[COOKIE_LOCALE] = locale
        if current_user.is_authenticated:
            accounts.set_locale(db.session, current_user, locale)
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))
