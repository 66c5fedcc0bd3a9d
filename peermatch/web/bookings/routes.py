"""Planning and following sessions: pick or propose a time, answer, move, cancel, close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.availability import Interval
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, url_with, use_case
from peermatch.models import Booking
from peermatch.models.enums import Role
from peermatch.services import bookings, feedback
from peermatch.services.booking_errors import SlotTaken
from peermatch.services.errors import DomainError, InvalidInput
from peermatch.timezones import zone_info
from peermatch.web.bookings.forms import (
    ExtendForm,
    FeedbackForm,
    MeetingDetailsForm,
    NoShowForm,
    ProposeForm,
    ReasonForm,
    StartForm,
)

bp = Blueprint("bookings", __name__)

PEOPLE = (Role.YOUTH, Role.PEER_EXPERT, Role.TEAM_MEMBER, Role.COORDINATOR)
REQUESTERS = (Role.YOUTH, Role.TEAM_MEMBER)


def _zone() -> ZoneInfo:
    return zone_info(ctx.user().time_zone)


def _by_day(slots: list[Interval]) -> list[tuple[dt.date, list[Interval]]]:
    zone = _zone()
    days: dict[dt.date, list[Interval]] = {}
    for slot in slots:
        days.setdefault(slot.start.astimezone(zone).date(), []).append(slot)
    return sorted(days.items())


def _parse_start(raw: str | None) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(raw or "")
    except ValueError:
        raise InvalidInput("booking.error.time_invalid") from None
    return value if value.tzinfo else value.replace(tzinfo=_zone())


def _problem_page(back_endpoint: str) -> Callable[..., tuple[str, int]]:
    """``on_error``: the problem page (with the next free times after a lost race) and a
    way back to ``back_endpoint`` (the view's own id argument is passed on)."""

    def page(_call: Call, err: DomainError, **ids: int) -> tuple[str, int]:
        next_free = err.next_free if isinstance(err, SlotTaken) else []
        back = url_with(back_endpoint, ids)
        return (
            render_template(
                "bookings/problem.html", next_free=next_free, back=back, form=StartForm()
            ),
            err.status,
        )

    return page


@bp.get("/sessions")
@roles(*PEOPLE)
@use_case()
def index(call: Call) -> str:
    views = bookings.sessions_for(call.session, call.user, now=call.now)
    return render_template(
        "bookings/index.html",
        upcoming=[v for v in views if v.upcoming],
        past=[v for v in views if not v.upcoming],
        matches=bookings.bookable_matches(call.session, call.user),
    )


@bp.get("/matches/<int:proposal_id>/book")
@roles(*REQUESTERS)
@use_case()
def pick(call: Call, proposal_id: int) -> str:
    slots = bookings.slots_for_match(call.session, proposal_id, call.user, now=call.now)
    return render_template(
        "bookings/pick.html",
        days=_by_day(slots),
        proposal_id=proposal_id,
        form=StartForm(),
        propose=ProposeForm(),
    )


@bp.post("/matches/<int:proposal_id>/book")
@roles(*REQUESTERS)
@use_case(_problem_page("bookings.pick"))
def book(call: Call, proposal_id: int) -> Response | tuple[str, int]:
    form = StartForm()
    booking = bookings.book_slot(
        call.session, proposal_id, call.user, start=_parse_start(form.start.data),
        now=call.now, origin=call.origin,
    )  # fmt: skip
    flash(_("Your choice is saved."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking.id))


@bp.post("/matches/<int:proposal_id>/propose")
@roles(*REQUESTERS)
@use_case(_problem_page("bookings.pick"))
def propose(call: Call, proposal_id: int) -> Response | tuple[str, int]:
    form = ProposeForm()
    if not form.validate_on_submit():
        flash(_("Fill in at least one date and time."), "error")
        return redirect(url_for("bookings.pick", proposal_id=proposal_id))
    zone = _zone()
    starts = [f.data.replace(tzinfo=zone) for f in (form.first, form.second, form.third) if f.data]
    booking = bookings.propose_times(
        call.session, proposal_id, call.user, starts=starts, now=call.now
    )
    flash(_("Your proposed times are sent."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking.id))


@bp.get("/sessions/<int:booking_id>")
@roles(*PEOPLE)
@use_case()
def detail(call: Call, booking_id: int) -> str:
    session, user = call.session, call.user
    view = bookings.view_session(session, booking_id, user, now=call.now)
    alternatives: list[Interval] = []
    if view.may & {"counter", "reschedule"}:
        alternatives = bookings.slots_for_booking(session, booking_id, user, now=call.now)[:12]
    form = FeedbackForm()
    form.rating.choices = [SelectChoice(str(n), str(n)) for n in range(5, 0, -1)]
    return render_template(
        "bookings/detail.html",
        view=view,
        booking=view.booking,
        alternatives=alternatives,
        form=StartForm(),
        reason=ReasonForm(),
        feedback_form=form,
        may_feedback=feedback.may_give_feedback(session, view.booking, user),
        details_form=MeetingDetailsForm(meeting_details=view.meeting_details),
    )


@bp.post("/sessions/<int:booking_id>/meeting-details")
@roles(Role.PEER_EXPERT, Role.COORDINATOR)
@use_case(_problem_page("bookings.detail"))
def meeting_details(call: Call, booking_id: int) -> Response | tuple[str, int]:
    form = MeetingDetailsForm()
    if not form.validate_on_submit():
        raise InvalidInput("booking.error.meeting_details_too_long", max=1000)
    bookings.update_meeting_details(
        call.session, booking_id, call.user, details=form.meeting_details.data,
        now=call.now, origin=call.origin,
    )  # fmt: skip
    flash(_("Saved."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))


def _act(call: Call, booking_id: int, step: str) -> Response | tuple[str, int]:
    session, user, now = call.session, call.user, call.now
    start_form, reason_form, no_show = StartForm(), ReasonForm(), NoShowForm()
    if step == "accept":
        bookings.accept_time(
            session, booking_id, user, start=_parse_start(start_form.start.data), now=now
        )
    elif step == "counter":
        bookings.counter_propose(
            session, booking_id, user, start=_parse_start(start_form.start.data), now=now
        )
    elif step == "reschedule":
        bookings.reschedule(
            session, booking_id, user, start=_parse_start(start_form.start.data), now=now
        )
    elif step == "decline":
        bookings.decline_team_session(session, booking_id, user, now=now)
    elif step == "cancel":
        bookings.cancel(session, booking_id, user, reason=reason_form.reason.data or "", now=now)
    elif step == "complete":
        bookings.complete(session, booking_id, user, now=now)
    elif step == "no_show":
        bookings.mark_no_show(session, booking_id, user, side=no_show.side.data or "", now=now)
    elif step == "approve":
        bookings.approve_hold(session, booking_id, user, now=now)
    elif step == "reject":
        bookings.reject_hold(session, booking_id, user, now=now, reason=reason_form.reason.data)
    flash(_("Saved."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))


PARTICIPANT_STEPS = ("accept", "counter", "reschedule", "decline", "cancel", "complete", "no_show")
COORDINATOR_STEPS = ("approve", "reject")


def _step_view(step: str) -> Callable[..., ResponseReturnValue]:
    @use_case(_problem_page("bookings.detail"))
    def view(call: Call, booking_id: int) -> Response | tuple[str, int]:
        return _act(call, booking_id, step)

    view.__name__ = f"step_{step}"
    return view


for _step in PARTICIPANT_STEPS:
    bp.add_url_rule(
        f"/sessions/<int:booking_id>/{_step}",
        f"step_{_step}",
        roles(*PEOPLE)(_step_view(_step)),
        methods=["POST"],
    )
for _step in COORDINATOR_STEPS:
    bp.add_url_rule(
        f"/sessions/<int:booking_id>/{_step}",
        f"step_{_step}",
        roles(Role.COORDINATOR)(_step_view(_step)),
        methods=["POST"],
    )


@bp.post("/sessions/<int:booking_id>/feedback")
@roles(Role.YOUTH, Role.PEER_EXPERT, Role.TEAM_MEMBER)
@use_case(_problem_page("bookings.detail"))
def give_feedback(call: Call, booking_id: int) -> Response | tuple[str, int]:
    form = FeedbackForm()
    form.rating.choices = [SelectChoice(str(n), str(n)) for n in range(5, 0, -1)]
    back = url_for("bookings.detail", booking_id=booking_id)
    if not form.validate_on_submit():
        flash(_("Choose a rating from 1 to 5."), "error")
        return redirect(back)
    feedback.give_feedback(
        call.session, booking_id, call.user, rating=int(form.rating.data or 0),
        comment=form.comment.data,
        do_not_match_again=bool(form.do_not_match_again.data or form.not_again_youth.data),
        note=form.note.data, now=call.now,
    )  # fmt: skip
    flash(_("Thank you for your feedback."), "success")
    return redirect(back)


@bp.get("/coordinator/sessions")
@roles(Role.COORDINATOR)
@use_case()
def coordinator(call: Call) -> str:
    session, user, now = call.session, call.user, call.now
    all_sessions: list[Booking] = bookings.organisation_sessions(session, user)
    return render_template(
        "bookings/coordinator.html",
        sessions=all_sessions,
        held=[b for b in all_sessions if b.status.value == "held"],
        to_resolve=bookings.peer_experts_to_resolve(session, user, now=now),
        trajectories=bookings.trajectories_for(session, user),
        reason=ReasonForm(),
        extend=ExtendForm(),
        form=StartForm(),
    )


@bp.post("/coordinator/trajectories/<int:proposal_id>/extend")
@roles(Role.COORDINATOR)
@use_case(_problem_page("bookings.coordinator"))
def extend_trajectory(call: Call, proposal_id: int) -> Response | tuple[str, int]:
    form = ExtendForm()
    bookings.extend_trajectory(
        call.session, proposal_id, call.user, extra=int(form.extra.data or 0), now=call.now
    )
    flash(_("Saved."), "success")
    return redirect(url_for("bookings.coordinator"))


@bp.post("/coordinator/trajectories/<int:proposal_id>/close")
@roles(Role.COORDINATOR)
@use_case(_problem_page("bookings.coordinator"))
def close_trajectory(call: Call, proposal_id: int) -> Response | tuple[str, int]:
    bookings.close_trajectory(call.session, proposal_id, call.user, now=call.now)
    flash(_("Saved."), "success")
    return redirect(url_for("bookings.coordinator"))


@bp.app_context_processor
def _dashboard_helpers() -> dict[str, object]:
    def next_booking(user: object) -> Booking | None:
        return bookings.next_session(ctx.session(), ctx.user(), now=ctx.now())

    return {"next_booking": next_booking}
