"""Administration: outgoing email that is waiting or could not be delivered."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import roles
from peermatch.edge.context import Call, use_case
from peermatch.models.enums import OutboxStatus, Role
from peermatch.services import outbox

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _render_outbox(call: Call, status: int = 200) -> tuple[str, int]:
    session = call.session
    return (
        render_template(
            "admin/outbox.html",
            counts=outbox.status_counts(session),
            failed=outbox.failed_messages(session),
            status=OutboxStatus,
        ),
        status,
    )


@bp.get("/outbox")
@roles(Role.ADMIN)
@use_case()
def outbox_overview(call: Call) -> tuple[str, int]:
    return _render_outbox(call)


@bp.post("/outbox/<int:message_id>/retry")
@roles(Role.ADMIN)
@use_case(lambda call, err, message_id: _render_outbox(call, err.status))
def outbox_retry(call: Call, message_id: int) -> Response | tuple[str, int]:
    outbox.retry_failed(call.session, message_id, now=call.now, actor=call.user, origin=call.origin)
    flash(_("The email will be sent again on the next delivery run."), "success")
    return redirect(url_for("admin.outbox_overview"))


# The administration pages add their routes to this blueprint.
from peermatch.web.admin import organisations, people, taxonomy  # noqa: E402, F401
