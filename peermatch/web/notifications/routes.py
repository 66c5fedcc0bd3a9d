"""In-app notices: what needs someone's attention, in their own language.

Reading is opening: the notifications page marks what it shows as read, and following a
notice (through ``/notifications/<id>``) marks that one read and goes to the page where the
person acts. So "New for you" and the header badge only ever count what is really new.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import authenticated
from peermatch.edge.context import Call, use_case
from peermatch.i18n.messages import known_keys, message
from peermatch.models import Notification
from peermatch.services import notifications
from peermatch.web.safe_redirect import safe_next

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
    items, new = notifications.open_inbox(call.session, call.user.id, now=call.now)
    return render_template("notifications/index.html", items=items, new=new)


@bp.get("/<int:note_id>", endpoint="open")
@authenticated
@use_case(not_found_page=True)
def open_notice(call: Call, note_id: int) -> Response:
    note = notifications.open_one(call.session, call.user.id, note_id, now=call.now)
    return redirect(safe_next(note.link) or url_for("notifications.index"))


@bp.post("/read")
@authenticated
@use_case()
def mark_read(call: Call) -> Response:
    notifications.mark_read(call.session, call.user.id, now=call.now)
    if request.form.get("back") == "dashboard":
        return redirect(url_for("dashboard.index"))
    return redirect(url_for("notifications.index"))


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"notice_text": notice_text}
