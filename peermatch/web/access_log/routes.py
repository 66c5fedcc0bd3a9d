"""Access-log pages: "who read my data" for everyone, the organisation's log for
coordinators, and a CSV export for admins."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _

from peermatch.auth.access import authenticated, roles
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.models.enums import Role
from peermatch.services import access_log
from peermatch.web.access_log import labels

bp = Blueprint("access_log", __name__)

#: how many reads the account page shows before "see all"
ACCOUNT_PAGE_ROWS = 5
MAX_PAGE = 100_000
MAX_PERSON_ID = 2**31 - 1


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    def access_log_recent() -> tuple[list[access_log.SubjectEntry], int]:
        """For the account page's section: the latest reads of my data and how many in all."""
        session, user = ctx.session(), ctx.user()
        return (
            access_log.entries_for_subject(session, user, limit=ACCOUNT_PAGE_ROWS),
            access_log.count_for_subject(session, user),
        )

    return {
        "access_log_recent": access_log_recent,
        "access_kind_label": labels.kind_label,
        "access_role_label": labels.role_label,
        "access_purpose_label": labels.purpose_label,
    }


@bp.get("/account/access-log")
@authenticated
@use_case()
def mine(call: Call) -> str:
    entries = access_log.entries_for_subject(call.session, call.user)
    return render_template("access_log/mine.html", entries=entries)


class BadFilter(ValueError):
    """A filter in the address that is not a day, a page or a period we answer (422)."""


def _date(name: str) -> dt.date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise BadFilter(name) from exc
    if not 1900 <= day.year <= 2199:
        raise BadFilter(name)
    return day


def _int(name: str, maximum: int) -> int | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise BadFilter(name)
    return int(raw)


def _period(tz: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """From/to as whole days in the viewer's time zone (to inclusive), in UTC."""
    zone = ZoneInfo(tz)
    start, end = _date("from"), _date("to")
    if start and end and (end < start or (end - start).days > access_log.MAX_PERIOD_DAYS):
        raise BadFilter("period")
    since = dt.datetime.combine(start, dt.time(), zone).astimezone(dt.UTC) if start else None
    until = (
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)
        if end
        else None
    )
    return since, until


@bp.get("/coordinator/access-log")
@roles(Role.COORDINATOR)
@use_case()
def organisation(call: Call) -> tuple[str, int]:
    error = None
    status = 200
    try:
        person = _int("person", MAX_PERSON_ID)
        page = _int("page", MAX_PAGE) or 1
        since, until = _period(call.user.time_zone)
    except BadFilter:
        error = _("Choose a period of at most a year, the start first.")
        person, page, since, until, status = None, 1, None, None, 422
    log = access_log.for_coordinator(
        call.session, call.user, person_id=person, since=since, until=until, page=page
    )
    args = {k: v for k, v in request.args.items() if k in ("person", "from", "to") and v}
    return (
        render_template(
            "access_log/organisation.html",
            log=log,
            person=person,
            error=error,
            args=args,
            date_from=request.args.get("from", "") if status == 200 else "",
            date_to=request.args.get("to", "") if status == 200 else "",
        ),
        status,
    )


@bp.get("/admin/access-log.csv")
@roles(Role.ADMIN)
@use_case()
def export(call: Call) -> Response | tuple[str, int]:
    try:
        since, until = _period("UTC")
    except BadFilter:
        return _("Choose a period of at most a year, the start first."), 422
    session = call.session

    # Built whole (not streamed): the request's unit of work ends before a stream would run.
    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in access_log.export_rows(session, since=since, until=until):
            writer.writerow(row)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    body = "".join(rows())
    stamp = call.now.strftime("%Y%m%d")
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="access-log-{stamp}.csv"'},
    )
