"""Planning and following sessions: pick or propose a time, answer, move, cancel, close."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_name
from babel.lists import format_list
from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers.response import Response
from wtforms import SelectChoice

from peermatch.auth.access import roles
from peermatch.availability import Interval
from peermatch.edge import context as ctx
from peermatch.edge.context import Call, url_with, use_case
from peermatch.edge.i18n import get_timezone
from peermatch.edge.labels import MODE_LABELS
from peermatch.edge.templating import template_language
from peermatch.models import Booking
from peermatch.models.enums import BookingStatus, Role
from peermatch.notifications.calendar_events import feed_ics
from peermatch.notifications.urls import absolute_link
from peermatch.services import bookings, feedback
from peermatch.services.booking_errors import SlotTaken
from peermatch.services.bookings import first_name
from peermatch.services.errors import DomainError, InvalidInput
from peermatch.timezones import zone_info
from peermatch.web.bookings.calendar_links import CalendarLinks, calendar_links
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


#: how each way of meeting reads after "met Lotte, ..." on the confirm step
MODE_PHRASES = {
    "video": _l("by video"),
    "phone": _l("by phone"),
    "chat": _l("by chat"),
    "in_person": _l("in person"),
}
HOME_ZONE = "Europe/Amsterdam"


def _by_day(slots: Sequence[Interval]) -> list[tuple[dt.date, list[Interval]]]:
    """Times under the day they fall on in the viewer's zone: the same 14:00 on two days
    must never look like one time."""
    zone = _zone()
    days: dict[dt.date, list[Interval]] = {}
    for slot in slots:
        days.setdefault(slot.start.astimezone(zone).date(), []).append(slot)
    return sorted(days.items())


def _spread(slots: Sequence[Interval], *, per_day: int = 4, days: int = 6) -> list[Interval]:
    """A few times on each of the next days with times, rather than the first dozen that
    all fall on one morning: moving a session is mostly about another day."""
    return [s for _day, day_slots in _by_day(slots)[:days] for s in day_slots[:per_day]]


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _who(names: Sequence[str]) -> str:
    return format_list(list(names), locale=str(get_locale() or "nl")) if names else ""


def _others(booking: Booking, user_id: int) -> list[str]:
    return [first_name(p.user.display_name) for p in booking.participants if p.user_id != user_id]


def _people(booking: Booking) -> list[bookings.Person]:
    """Everyone in a session, for a coordinator's list (first names and avatars only)."""
    return [
        bookings.Person(p.user_id, first_name(p.user.display_name)) for p in booking.participants
    ]


def _minutes(booking: Booking) -> int:
    return int((booking.ends_at - booking.starts_at).total_seconds() // 60)


def _choice(start: dt.datetime, offered: Sequence[Interval]) -> Interval:
    """The offered time that starts at ``start``; one that is no longer on offer is the
    conflict path (the next free times), so a stale link never books a surprise."""
    for slot in offered:
        if slot.start == start:
            return slot
    raise SlotTaken(list(offered)[: bookings.NEXT_FREE_SHOWN])


def _confirm_page(
    *,
    slots: Sequence[Interval],
    who: Sequence[str],
    mode: str | None,
    action: str,
    back: str,
    minutes: int | None = None,
    hidden: dict[str, str] | None = None,
) -> str:
    """The one step between choosing and changing: day, time, with whom and how, and a
    single button that POSTs. Rendering it changes nothing."""
    return render_template(
        "bookings/confirm.html",
        choices=[(_sentence_case(str(format_datetime(s.start, "EEEE d MMMM"))), s) for s in slots],
        who=_who(who),
        how=MODE_PHRASES.get(mode or ""),
        action=action,
        back=back,
        hidden=hidden or {},
        form=StartForm(),
    )


def _parse_start(raw: str | None) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(raw or "")
    except ValueError:
        raise InvalidInput("booking.error.time_invalid") from None
    return value if value.tzinfo else value.replace(tzinfo=_zone())


def _problem_page(
    back_endpoint: str, confirm_endpoint: str | None = None
) -> Callable[..., tuple[str, int]]:
    """``on_error``: the problem page (with the next free times after a lost race, each
    leading to the confirm step of ``confirm_endpoint``) and a way back to ``back_endpoint``
    (the view's own id argument is passed on)."""

    def page(_call: Call, err: DomainError, **ids: int) -> tuple[str, int]:
        next_free = err.next_free if isinstance(err, SlotTaken) else []
        back = url_with(back_endpoint, ids)
        confirm = url_with(confirm_endpoint, ids) if confirm_endpoint and next_free else None
        return (
            render_template(
                "bookings/problem.html", next_free=next_free, back=back, confirm=confirm
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
    days = _by_day(slots)
    chosen = request.args.get("day", "")
    day = next((d for d in days if d[0].isoformat() == chosen), days[0] if days else None)
    return render_template(
        "bookings/pick.html",
        days=days,
        day=day,
        proposal_id=proposal_id,
        propose=ProposeForm(),
    )


@bp.get("/matches/<int:proposal_id>/book/confirm")
@roles(*REQUESTERS)
@use_case(_problem_page("bookings.pick", "bookings.confirm_book"))
def confirm_book(call: Call, proposal_id: int) -> str:
    start = _parse_start(request.args.get("start"))
    slots = bookings.slots_for_match(call.session, proposal_id, call.user, now=call.now)
    slot = _choice(start, slots)
    outline = bookings.who_and_how(call.session, proposal_id, call.user)
    return _confirm_page(
        slots=[slot], who=outline.names, mode=outline.mode,
        action=url_for("bookings.book", proposal_id=proposal_id),
        back=url_for("bookings.pick", proposal_id=proposal_id),
    )  # fmt: skip


@bp.post("/matches/<int:proposal_id>/book")
@roles(*REQUESTERS)
@use_case(_problem_page("bookings.pick", "bookings.confirm_book"))
def book(call: Call, proposal_id: int) -> Response | tuple[str, int]:
    form = StartForm()
    booking = bookings.book_slot(
        call.session, proposal_id, call.user, start=_parse_start(form.start.data),
        now=call.now, origin=call.origin,
    )  # fmt: skip
    return redirect(url_for("bookings.confirmed", booking_id=booking.id))


@bp.post("/matches/<int:proposal_id>/propose")
@roles(*REQUESTERS)
@use_case(_problem_page("bookings.pick"))
def propose(call: Call, proposal_id: int) -> Response | tuple[str, int]:
    form = ProposeForm()
    if not form.validate_on_submit():
        flash(_("Fill in at least one date and time."), "error")
        return redirect(url_for("bookings.pick", proposal_id=proposal_id))
    zone = _zone()
    fields = (form.first, form.second, form.third)
    starts = [f.data.replace(tzinfo=zone) for f in fields if f.data]
    if request.form.get("confirmed") != "1":
        # The confirm step: the times as read back, nothing saved yet.
        outline = bookings.who_and_how(call.session, proposal_id, call.user)
        length = dt.timedelta(minutes=outline.minutes)
        return _confirm_page(
            slots=[Interval(s, s + length) for s in sorted(starts)],
            who=outline.names, mode=outline.mode,
            action=url_for("bookings.propose", proposal_id=proposal_id),
            back=url_for("bookings.pick", proposal_id=proposal_id),
            hidden={f.name: f.raw_data[0] for f in fields if f.data and f.raw_data},
        ), 200  # fmt: skip
    booking = bookings.propose_times(
        call.session, proposal_id, call.user, starts=starts, now=call.now
    )
    return redirect(url_for("bookings.confirmed", booking_id=booking.id))


@bp.get("/sessions/<int:booking_id>")
@roles(*PEOPLE)
@use_case()
def detail(call: Call, booking_id: int) -> str:
    session, user = call.session, call.user
    view = bookings.view_session(session, booking_id, user, now=call.now, reveal=call.origin)
    alternatives: list[Interval] = []
    if view.may & {"counter", "reschedule"}:
        alternatives = _spread(bookings.slots_for_booking(session, booking_id, user, now=call.now))
    form = FeedbackForm()
    form.rating.choices = [SelectChoice(str(n), str(n)) for n in range(5, 0, -1)]
    return render_template(
        "bookings/detail.html",
        view=view,
        booking=view.booking,
        links=_links(view.booking),
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
    if step in TIME_STEPS:
        return redirect(url_for("bookings.confirmed", booking_id=booking_id))
    flash(_("Saved."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id))


#: steps that choose a time: each goes through a confirm page first
TIME_STEPS = ("accept", "counter", "reschedule")


def _time_step_confirm(step: str) -> Callable[..., ResponseReturnValue]:
    @use_case(_problem_page("bookings.detail", f"bookings.confirm_{step}"))
    def view(call: Call, booking_id: int) -> str:
        session, user = call.session, call.user
        start = _parse_start(request.args.get("start"))
        view = bookings.view_session(session, booking_id, user, now=call.now)
        if step == "accept":
            offered: Sequence[Interval] = [Interval(p.start, p.end) for p in view.proposals]
        else:
            offered = bookings.slots_for_booking(session, booking_id, user, now=call.now)
        slot = _choice(start, offered)
        return _confirm_page(
            slots=[slot], who=_others(view.booking, user.id), mode=view.booking.mode,
            action=url_for(f"bookings.step_{step}", booking_id=booking_id),
            back=url_for("bookings.detail", booking_id=booking_id),
        )  # fmt: skip

    view.__name__ = f"confirm_{step}"
    return view


for _step in TIME_STEPS:
    bp.add_url_rule(
        f"/sessions/<int:booking_id>/{_step}/confirm",
        f"confirm_{_step}",
        roles(*PEOPLE)(_time_step_confirm(_step)),
        methods=["GET"],
    )


@bp.get("/sessions/<int:booking_id>/confirmed")
@roles(*PEOPLE)
@use_case()
def confirmed(call: Call, booking_id: int) -> str:
    """After a confirm: what happened in words, what happens next, and the calendar."""
    view = bookings.view_session(call.session, booking_id, call.user, now=call.now)
    booking = view.booking
    who = _who(_others(booking, call.user.id))
    day = str(format_datetime(booking.starts_at, "EEEE d MMMM"))
    time = str(format_datetime(booking.starts_at, "HH:mm"))
    return render_template(
        "bookings/confirmed.html",
        booking=booking,
        view=view,
        who=who,
        day=day,
        time=time,
        links=_links(booking),
    )


def _links(booking: Booking) -> CalendarLinks | None:
    """Add-to-calendar links for a session that is (or may soon be) in calendars; the same
    neutral title and link-only text as the .ics, never a name or meeting detail."""
    if booking.ends_at <= ctx.now() or booking.status not in (
        BookingStatus.CONFIRMED,
        BookingStatus.HELD,
    ):
        return None
    return calendar_links(
        start=booking.starts_at, end=booking.ends_at,
        title=_("PeerMatch conversation"),
        details=_("Details and how to meet: %(link)s",
                  link=absolute_link(url_for("bookings.detail", booking_id=booking.id))),
    )  # fmt: skip


@bp.get("/sessions/<int:booking_id>/session.ics")
@roles(*PEOPLE)
@use_case()
def session_ics(call: Call, booking_id: int) -> Response:
    """One session as an .ics file for calendars without a link (Apple, Thunderbird)."""
    view = bookings.view_session(call.session, booking_id, call.user, now=call.now)
    body = feed_ics([view.booking], user=call.user, now=call.now)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="peermatch-{booking_id}.ics"'},
    )


PARTICIPANT_STEPS = ("accept", "counter", "reschedule", "decline", "cancel", "complete", "no_show")
COORDINATOR_STEPS = ("approve", "reject")


def _step_view(step: str) -> Callable[..., ResponseReturnValue]:
    confirm = f"bookings.confirm_{step}" if step in TIME_STEPS else None

    @use_case(_problem_page("bookings.detail", confirm))
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
    return redirect(url_for("feedback.sent", booking_id=booking_id))


@bp.get("/coordinator/sessions")
@roles(Role.COORDINATOR)
@use_case()
def coordinator(call: Call) -> str:
    session, user, now = call.session, call.user, call.now
    all_sessions: list[Booking] = bookings.organisation_sessions(session, user)
    return render_template(
        "bookings/coordinator.html",
        sessions=all_sessions,
        held=[b for b in all_sessions if b.status is BookingStatus.HELD],
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


@functools.lru_cache(maxsize=512)
def _zone_name(zone: str, language: str) -> str:
    """A zone's generic long name in a language; every page's context carries it, and
    asking Babel costs more than the rest of that context together."""
    return str(get_timezone_name(zone_info(zone), "long", locale=language, zone_variant="generic"))


@bp.app_context_processor
def _dashboard_helpers() -> dict[str, object]:
    def next_booking(user: object) -> Booking | None:
        return bookings.next_session(ctx.session(), ctx.user(), now=ctx.now())

    def slot_days(slots: Sequence[Interval]) -> list[tuple[dt.date, list[Interval]]]:
        return _by_day(slots)

    # Times read in the viewer's zone; one other than the organisation's home zone is named.
    zone = get_timezone()
    return {
        "next_booking": next_booking,
        "slot_days": slot_days,
        "zone_note": zone if zone != HOME_ZONE else None,
        "zone_label": _zone_name(zone, template_language() or "nl"),
        "session_people": _people,
        "session_minutes": _minutes,
    }


@bp.app_template_global()
def name_list(people: Sequence[bookings.Person]) -> str:
    """ "Lotte en Sam" in the reader's language."""
    return _who([p.first_name for p in people])


@bp.app_template_global()
def mode_label(mode: str | None) -> str:
    return str(MODE_LABELS.get(mode or "", "")) or str(_("Not set yet"))


@bp.app_template_global()
def meeting_link(text: str | None) -> str | None:
    """The meeting details as a link when they are just one web address (a pasted video
    link), so it can be tapped; anything else stays text."""
    value = (text or "").strip()
    if value.startswith(("https://", "http://")) and not any(c.isspace() for c in value):
        return value
    return None
