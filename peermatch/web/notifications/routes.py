"""In-app notices: what needs someone's attention, in their own language."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import authenticated
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.i18n.messages import known_keys, message
from peermatch.models import Notification
from peermatch.services import notifications

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def notice_text(note: Notification) -> str:
    """The notice in the reader's language; a calm generic line for kinds without a text."""
    if note.kind in known_keys():
        return message(note.kind, **note.params)
    return str(_("There is news for you."))


@bp.get("")
@authenticated
@use_case()
def index(call: Call) -> str:
    items = notifications.recent(call.session, call.user.id)
    return render_template("notifications/index.html", items=items)


@bp.post("/read")
@authenticated
@use_case()
def mark_read(call: Call) -> Response:
    notifications.mark_read(call.session, call.user.id, now=call.now)
    return redirect(url_for("notifications.index"))


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    def unread_notices(limit: int = 5) -> list[Notification]:
        return notifications.unread(ctx.session(), ctx.user().id, limit=limit)

    return {"unread_notices": unread_notices, "notice_text": notice_text}
