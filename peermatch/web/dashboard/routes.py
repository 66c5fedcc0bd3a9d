"""Each person's starting page after signing in, shaped by their roles."""

from __future__ import annotations

from flask import Blueprint, render_template

from peermatch.auth.access import authenticated
from peermatch.edge import context as ctx

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@authenticated
def index() -> str:
    user = ctx.user()
    return render_template("dashboard/index.html", user=user, roles=user.role_names)
