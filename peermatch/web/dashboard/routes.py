"""Each person's starting page after signing in: what to do now first, then the rest."""

from __future__ import annotations

from flask import Blueprint, render_template

from peermatch.auth.access import authenticated
from peermatch.edge.context import Call, use_case
from peermatch.services import dashboard as svc
from peermatch.web.dashboard.present import action_card, deadline_words, when_words
from peermatch.web.shell import already_counted_unread

bp = Blueprint("dashboard", __name__)

#: Besides the next action, at most this many other things to do are shown.
MORE_ACTIONS = 3


@bp.get("/dashboard")
@authenticated
@use_case()
def index(call: Call) -> str:
    page = svc.dashboard_for(call.session, call.user, now=call.now)
    already_counted_unread(page.unread_total)
    cards = [action_card(a) for a in page.actions[: MORE_ACTIONS + 1]]
    return render_template(
        "dashboard/index.html",
        user=call.user,
        roles=call.user.role_names,
        page=page,
        next_card=cards[0] if cards else None,
        more_cards=cards[1:],
        first_name=svc.first_name,
        deadline_words=deadline_words,
        when_words=when_words,
    )
