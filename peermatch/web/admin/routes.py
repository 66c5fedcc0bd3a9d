"""Administration: outgoing email that is waiting or could not be delivered."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response

from peermatch.auth.access import roles
from peermatch.edge import context as ctx
from peermatch.models.enums import OutboxStatus, Role
from peermatch.services import outbox
from peermatch.services.errors import DomainError

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _render_outbox(status: int = 200) -> tuple[str, int]:
    session = ctx.session()
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
def outbox_overview() -> tuple[str, int]:
    return _render_outbox()


@bp.post("/outbox/<int:message_id>/retry")
@roles(Role.ADMIN)
def outbox_retry(message_id: int) -> Response | tuple[str, int]:
    try:
        outbox.retry_failed(
            ctx.session(), message_id, now=ctx.now(), actor=ctx.user(), origin=ctx.origin()
        )
    except DomainError as err:
        ctx.flash_error(err)
        return _render_outbox(err.status)
    flash(_("The email will be sent again on the next delivery run."), "success")
    return redirect(url_for("admin.outbox_overview"))
