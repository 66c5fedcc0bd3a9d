"""Reports for coordinators (their organisations) and admins (any, or all), and a peer
expert's own hours. Every figure is a chart, a table and a CSV download of the same numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from peermatch.auth.access import roles
from peermatch.dutch_calendar import dutch_date
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, use_case
from peermatch.models.enums import Role
from peermatch.reports import Figure, Report
from peermatch.services import reports as svc
from peermatch.services.errors import DomainError
from peermatch.web.reports.charts import bar_chart
from peermatch.web.reports.labels import COLUMNS, FIGURE_HELP, FIGURE_TITLES, VALUES

bp = Blueprint("reports", __name__, url_prefix="/reports")

FIGURES = ("waiting", "activity", "supply", "workload", "satisfaction", "credentials")
#: Text columns: shown as words; every other cell is a number or "< 3".
TEXT_COLUMNS = frozenset(
    {"month", "step", "domain", "audience", "peer_expert", "credential", "status"}
)
SUPPRESSED = "< 3"


def _org_arg() -> int | None:
    raw = request.args.get("org", "")
    if raw in ("", "all"):
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 2**31 - 1:
        abort(404)
    return int(raw)


def _period(call: Call) -> svc.Period:
    default = svc.default_period(dutch_date(call.now))
    start = request.args.get("from") or default.start.strftime("%Y-%m")
    end = request.args.get("to") or default.end.strftime("%Y-%m")
    return svc.period_of(start[:7], end[:7])


def _month_label(key: str) -> str:
    return str(format_date(dt.date.fromisoformat(f"{key}-01"), "MMM y"))


def _text(column: str, value: Any) -> str:
    if column == "month":
        return _month_label(str(value))
    if column in ("step", "audience", "credential", "status"):
        return str(VALUES.get(str(value), value))
    return str(value)


def _number(value: Any) -> str:
    if value is None:
        return SUPPRESSED
    return str(format_decimal(value))


def _cells(figure: Figure, row: Sequence[Any]) -> list[str]:
    return [
        _text(c, v) if c in TEXT_COLUMNS else _number(v)
        for c, v in zip(figure.columns, row, strict=True)
    ]


def _chart(figure: Figure) -> Markup | None:
    rows: Sequence[Sequence[Any]] = figure.rows
    columns = figure.chart
    if figure.id == "waiting":
        rows = [r for r in rows if r[1] == "request_to_session"]
        columns = ("median_days", "p90_days")
    if not columns or not rows:
        return None
    label_columns = [c for c in figure.columns if c in TEXT_COLUMNS]
    if figure.id == "waiting":
        label_columns = ["month"]
    categories = [
        " · ".join(_text(c, row[figure.columns.index(c)]) for c in label_columns) for row in rows
    ]
    series = [
        (str(COLUMNS[c]), [_as_float(row[figure.columns.index(c)]) for row in rows])
        for c in columns
    ]
    title = str(FIGURE_TITLES[figure.id])
    return bar_chart(
        title=_("%(title)s, as a bar chart; the numbers are in the table below.", title=title),
        categories=categories,
        series=series,
        fmt=_number,
    )


def _as_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _view(figure: Figure, links: dict[str, str]) -> dict[str, Any]:
    return {
        "id": figure.id,
        "title": FIGURE_TITLES[figure.id],
        "help": FIGURE_HELP[figure.id],
        "headers": [COLUMNS[c] for c in figure.columns],
        "numeric": [c not in TEXT_COLUMNS for c in figure.columns],
        "rows": [_cells(figure, row) for row in figure.rows],
        "chart": _chart(figure),
        "csv": links[figure.id],
    }


def _csv(figure: Figure, filename: str) -> Response:
    """The figure's numbers as shown (suppressed counts as "<3"), decimals with a point."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(COLUMNS[c]) for c in figure.columns])
    for row in figure.rows:
        writer.writerow(
            [
                _text(c, v) if c in TEXT_COLUMNS else ("<3" if v is None else v)
                for c, v in zip(figure.columns, row, strict=True)
            ]
        )
    body = "\ufeff" + out.getvalue()  # a BOM, so spreadsheet programs read UTF-8
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _query(org: int | None, period: svc.Period) -> dict[str, Any]:
    args = {"from": period.start.strftime("%Y-%m"), "to": period.end.strftime("%Y-%m")}
    if org is not None:
        args["org"] = str(org)
    return args


def _refused(call: Call, err: DomainError) -> tuple[str, int]:
    return render_template("reports/error.html"), err.status


@bp.get("")
@roles(Role.COORDINATOR, Role.ADMIN)
@use_case()
def index(call: Call) -> str | tuple[str, int]:
    org = _org_arg()
    call.otherwise(lambda err: _refused(call, err))
    period = _period(call)
    scope, report = svc.build(
        call.session, call.user, organisation_id=org, period=period, now=call.now,
        locale=ctx.current_locale(),
    )  # fmt: skip
    return _page(call, org, period, scope, report)


def _page(call: Call, org: int | None, period: svc.Period, scope: svc.Scope, report: Report) -> str:
    query = _query(org, period)
    links = {f: url_for(".download", figure_id=f, **query) for f in FIGURES}
    return render_template(
        "reports/index.html",
        figures=[_view(f, links) for f in report.figures],
        organisations=svc.organisations_for(call.session, call.user),
        all_allowed=call.user.has_role(Role.ADMIN),
        org=org,
        scope=scope,
        period_from=query["from"],
        period_to=query["to"],
        hours_link=url_for(".hours", **query),
    )


@bp.get("/<string:figure_id>.csv")
@roles(Role.COORDINATOR, Role.ADMIN)
@use_case()
def download(call: Call, figure_id: str) -> Response:
    if figure_id not in FIGURES:
        abort(404)
    org = _org_arg()
    period = _period(call)
    _, report = svc.build(
        call.session, call.user, organisation_id=org, period=period, now=call.now,
        locale=ctx.current_locale(),
    )  # fmt: skip
    name = f"peermatch-{figure_id}-{period.start:%Y-%m}-{period.end:%Y-%m}.csv"
    return _csv(report.figure(figure_id), name)


@bp.get("/hours")
@roles(Role.COORDINATOR, Role.ADMIN)
@use_case()
def hours(call: Call) -> str | tuple[str, int] | Response:
    org = _org_arg()
    call.otherwise(lambda err: _refused(call, err))
    period = _period(call)
    scope, figure = svc.hours(
        call.session, call.user, organisation_id=org, period=period, now=call.now
    )
    if request.args.get("format") == "csv":
        return _csv(figure, f"peermatch-hours-{period.start:%Y-%m}-{period.end:%Y-%m}.csv")
    query = _query(org, period)
    view = _view(figure, {"hours": url_for(".hours", format="csv", **query)})
    return render_template(
        "reports/hours.html",
        figure=view,
        organisations=svc.organisations_for(call.session, call.user),
        all_allowed=call.user.has_role(Role.ADMIN),
        org=org,
        scope=scope,
        period_from=query["from"],
        period_to=query["to"],
        own=False,
    )


@bp.get("/my-hours")
@roles(Role.PEER_EXPERT)
@use_case()
def my_hours(call: Call) -> str | tuple[str, int]:
    call.otherwise(lambda err: _refused(call, err))
    period = _period(call)
    figure = svc.own_hours(call.session, call.user, period=period, now=call.now)
    # One person: the name column says nothing, the month leads.
    own = Figure(figure.id, figure.columns[1:], tuple(r[1:] for r in figure.rows), figure.chart)
    return render_template(
        "reports/hours.html",
        figure=_view(own, {"hours": ""}),
        organisations=[],
        all_allowed=False,
        org=None,
        scope=None,
        period_from=period.start.strftime("%Y-%m"),
        period_to=period.end.strftime("%Y-%m"),
        own=True,
    )
