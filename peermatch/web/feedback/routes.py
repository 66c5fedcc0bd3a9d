"""Feedback made visible: the thank-you page after sending it, and a peer expert's own
anonymous aggregate (never single answers, nothing below ``MIN_FOR_AGGREGATE``)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import format_decimal

from peermatch.auth.access import roles
from peermatch.edge.context import Call, use_case
from peermatch.models.enums import Role
from peermatch.services import feedback as svc
from peermatch.services import profiles

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


@bp.get("")
@roles(Role.PEER_EXPERT)
@use_case()
def mine(call: Call) -> str:
    profile = profiles.find_own_profile(call.session, call.user)
    aggregate = svc.aggregate_for_peer_expert(call.session, profile) if profile else None
    average = format_decimal(aggregate.average, "0.0") if aggregate else None
    return render_template(
        "feedback/mine.html",
        aggregate=aggregate,
        average=average,
        minimum=svc.MIN_FOR_AGGREGATE,
    )


@bp.get("/sent/<int:booking_id>")
@roles(Role.YOUTH, Role.PEER_EXPERT, Role.TEAM_MEMBER)
@use_case(not_found_page=True)
def sent(call: Call, booking_id: int) -> str:
    given = svc.own_feedback(call.session, booking_id, call.user)
    return render_template("feedback/sent.html", given=given, booking_id=booking_id)
