"""Planning and following sessions: pick or propose a time, answer, move, cancel, close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.availability import Interval
from peermatch.models import Booking
from peermatch.models.enums import Role
from peermatch.services import bookings, feedback
from peermatch.services.booking_errors import SlotTaken
from peermatch.services.errors import DomainError, InvalidInput
from peermatch.timezones import zone_info
from peermatch.web import context as ctx
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


def _conflict(err: DomainError, back: str, status: int | None = None) -> tuple[str, int]:
    ctx.flash_error(err)
    next_free = err.next_free if isinstance(err, SlotTaken) else []
    return (
        render_template("bookings/problem.html", next_free=next_free, back=back, form=StartForm()),
        status or err.status,
    )


@bp.get("/sessions")
@roles(*PEOPLE)
def index() -> str:
    user = ctx.user()
    now = ctx.now()
    views = bookings.sessions_for(ctx.session(), user, now=now)
    return render_template(
        "bookings/index.html",
        upcoming=[v for v in views if v.upcoming],
        past=[v for v in views if not v.upcoming],
        matches=bookings.bookable_matches(ctx.session(), user),
    )


@bp.get("/matches/<int:proposal_id>/book")
@roles(*REQUESTERS)
def pick(proposal_id: int) -> str:
    slots = bookings.slots_for_match(ctx.session(), proposal_id, ctx.user(), now=ctx.now())
    return render_template(
        "bookings/pick.html",
        days=_by_day(slots),
        proposal_id=proposal_id,
        form=StartForm(),
        propose=ProposeForm(),
    )


@bp.post("/matches/<int:proposal_id>/book")
@roles(*REQUESTERS)
def book(proposal_id: int) -> Response | tuple[str, int]:
    form = StartForm()
    back = url_for("bookings.pick", proposal_id=proposal_id)
    try:
        booking = bookings.book_slot(
            ctx.session(), proposal_id, ctx.user(), start=_parse_start(form.start.data),
            now=ctx.now(), origin=ctx.origin(),
        )  # fmt: skip
    except DomainError as err:
        return _conflict(err, back)
    flash(_("Your choice is saved."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking.id))


@bp.post("/matches/<int:proposal_id>/propose")
@roles(*REQUESTERS)
def propose(proposal_id: int) -> Response | tuple[str, int]:
    form = ProposeForm()
    back = url_for("bookings.pick", proposal_id=proposal_id)
    if not form.validate_on_submit():
        flash(_("Fill in at least one date and time."), "error")
        return redirect(back)
    zone = _zone()
    starts = [f.data.replace(tzinfo=zone) for f in (form.first, form.second, form.third) if f.data]
    try:
        booking = bookings.propose_times(
            ctx.session(), proposal_id, ctx.user(), starts=starts, now=ctx.now()
        )
    except DomainError as err:
        return _conflict(err, back)
    flash(_("Your proposed times are sent."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking.id))


@bp.get("/sessions/<int:booking_id>")
@roles(*PEOPLE)
def detail(booking_id: int) -> str:
    session, user = ctx.session(), ctx.user()
    view = bookings.view_session(session, booking_id, user, now=ctx.now())
    alternatives: list[Interval] = []
    if view.may & {"counter", "reschedule"}:
        alternatives = bookings.slots_for_booking(session, booking_id, user, now=ctx.now())[:12]
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
def meeting_details(booking_id: int) -> Response | tuple[str, int]:
    form = MeetingDetailsForm()
    back = url_for("bookings.detail", booking_id=booking_id)
    try:
        if not form.validate_on_submit():
            raise InvalidInput("booking.error.meeting_details_too_long", max=1000)
        bookings.update_meeting_details(
            ctx.session(), booking_id, ctx.user(), details=form.meeting_details.data,
            now=ctx.now(), origin=ctx.origin(),
        )  # fmt: skip
    except DomainError as err:
        return _conflict(err, back)
    flash(_("Saved."), "success")
    return redirect(back)


def _act(booking_id: int, step: str) -> Response | tuple[str, int]:
    session, user, now = ctx.session(), ctx.user(), ctx.now()
    back = url_for("bookings.detail", booking_id=booking_id)
    start_form, reason_form, no_show = StartForm(), ReasonForm(), NoShowForm()
    try:
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
            bookings.cancel(
                session, booking_id, user, reason=reason_form.reason.data or "", now=now
            )
        elif step == "complete":
            bookings.complete(session, booking_id, user, now=now)
        elif step == "no_show":
            bookings.mark_no_show(session, booking_id, user, side=no_show.side.data or "", now=now)
        elif step == "approve":
            bookings.approve_hold(session, booking_id, user, now=now)
        elif step == "reject":
            bookings.reject_hold(session, booking_id, user, now=now, reason=reason_form.reason.data)
    except DomainError as err:
        return _conflict(err, back)
    flash(_("Saved."), "success")
    return redirect(back)  # fmt: skip


PARTICIPANT_STEPS = ("accept", "counter", "reschedule", "decline", "cancel", "complete", "no_show")
COORDINATOR_STEPS = ("approve", "reject")


def _step_view(step: str) -> Callable[[int], Response | tuple[str, int]]:
    def view(booking_id: int) -> Response | tuple[str, int]:
        return _act(booking_id, step)

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
def give_feedback(booking_id: int) -> Response | tuple[str, int]:
    form = FeedbackForm()
    form.rating.choices = [SelectChoice(str(n), str(n)) for n in range(5, 0, -1)]
    back = url_for("bookings.detail", booking_id=booking_id)
    if not form.validate_on_submit():
        flash(_("Choose a rating from 1 to 5."), "error")
        return redirect(back)
    try:
        feedback.give_feedback(
            ctx.session(), booking_id, ctx.user(), rating=int(form.rating.data or 0),
            comment=form.comment.data,
            do_not_match_again=bool(form.do_not_match_again.data or form.not_again_youth.data),
            note=form.note.data, now=ctx.now(),
        )  # fmt: skip
    except DomainError as err:
        return _conflict(err, back)
    flash(_("Thank you for your feedback."), "success")
    return redirect(back)


@bp.get("/coordinator/sessions")
@roles(Role.COORDINATOR)
def coordinator() -> str:
    session, user, now = ctx.session(), ctx.user(), ctx.now()
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
def extend_trajectory(proposal_id: int) -> Response | tuple[str, int]:
    return _trajectory(proposal_id, "extend")


@bp.post("/coordinator/trajectories/<int:proposal_id>/close")
@roles(Role.COORDINATOR)
def close_trajectory(proposal_id: int) -> Response | tuple[str, int]:
    return _trajectory(proposal_id, "close")


def _trajectory(proposal_id: int, step: str) -> Response | tuple[str, int]:
    back = url_for("bookings.coordinator")
    try:
        if step == "extend":
            form = ExtendForm()
            bookings.extend_trajectory(
                ctx.session(),
                proposal_id,
                ctx.user(),
                extra=int(form.extra.data or 0),
                now=ctx.now(),
            )
        else:
            bookings.close_trajectory(ctx.session(), proposal_id, ctx.user(), now=ctx.now())
    except DomainError as err:
        return _conflict(err, back)
    flash(_("Saved."), "success")
    return redirect(back)


@bp.app_context_processor
def _dashboard_helpers() -> dict[str, object]:
    def next_booking(user: object) -> Booking | None:
        return bookings.next_session(ctx.session(), ctx.user(), now=ctx.now())

    return {"next_booking": next_booking}
