"""Your sessions in your own calendar app: a private feed link you can make and revoke."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response as BaseResponse

from peermatch.auth.access import authenticated, public
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.notifications.calendar_events import feed_ics
from peermatch.services import calendar_feed
from peermatch.services.errors import NotFound

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


def _page(feed_url: str | None = None) -> str:
    return render_template(
        "calendar/index.html",
        has_feed=calendar_feed.has_feed(ctx.user()),
        feed_url=feed_url,
    )


@bp.get("")
@authenticated
def index() -> str:
    return _page()


@bp.post("/link")
@authenticated
@use_case()
def create_link(call: Call) -> str:
    """Shows the new link once, in this response only; afterwards only its hash exists."""
    token = calendar_feed.create_feed_token(call.session, call.user, origin=call.origin)
    feed_url = url_for("calendar.feed", token=token, _external=True)
    return _page(feed_url)


@bp.post("/revoke")
@authenticated
@use_case()
def revoke_link(call: Call) -> BaseResponse:
    if calendar_feed.revoke_feed_token(call.session, call.user, origin=call.origin):
        flash(_("Your calendar link no longer works. Calendar apps stop updating."), "success")
    return redirect(url_for("calendar.index"))


@bp.get("/<token>.ics")
@public
@use_case()
def feed(call: Call, token: str) -> Response:
    """Public by secret: calendar apps cannot log in, so the long random link is the key."""
    session = call.session
    try:
        user = calendar_feed.user_for_token(session, token)
    except NotFound:
        abort(404)
    now = call.now
    body = feed_ics(
        calendar_feed.feed_bookings(session, user, now=now),
        user=user,
        now=now,
        intervision_entries=calendar_feed.feed_intervision(session, user, now=now),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="peermatch.ics"'
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
