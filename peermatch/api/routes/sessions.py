"""Sessions over the API: every booking action the pages offer, calling the same service.

A lost race (someone else took the time first) answers 409 problem+json with ``next_free``:
the next free times, so a client can offer them at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from flask import Response

from peermatch.api.http import json_response, parse_body, parse_query
from peermatch.api.openapi import endpoint
from peermatch.api.refusals import problem_extras
from peermatch.api.validation import Doc, Length, Range, to_json
from peermatch.auth.access import roles
from peermatch.availability import Interval
from peermatch.edge.context import Call
from peermatch.models import Booking
from peermatch.models.enums import BookingStatus, ParticipantRole, Role
from peermatch.services import bookings, feedback, safeguarding
from peermatch.services.booking_errors import SlotTaken

PEOPLE = (Role.YOUTH, Role.PEER_EXPERT, Role.TEAM_MEMBER, Role.COORDINATOR)
REQUESTERS = (Role.YOUTH, Role.TEAM_MEMBER)
PARTICIPANTS = (Role.YOUTH, Role.PEER_EXPERT, Role.TEAM_MEMBER)
TAG = "sessions"
Action = Literal[
    "accept", "decline", "counter", "reschedule", "cancel", "complete", "no_show", "approve",
    "reject", "edit_meeting_details",
]  # fmt: skip


# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True, slots=True)
class SlotOut:
    """A free time (UTC)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True, slots=True)
class ParticipantOut:
    user_id: int
    name: str
    role: ParticipantRole
    response: str


@dataclass(frozen=True, slots=True)
class SessionOut:
    """A session as the caller may see it, with the actions they may take now."""

    id: int
    match_id: int
    status: BookingStatus
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str | None
    sequence: int
    upcoming: bool
    proposed_times: Annotated[list[SlotOut], Doc("Times waiting for an answer (requested)")]
    participants: list[ParticipantOut]
    actions: Annotated[list[Action], Doc("What the caller may do now")]
    meeting_details: Annotated[str | None, Doc("Only for participants and coordinators")]
    minutes: int
    video_room_url: Annotated[
        str | None,
        Doc("The session's own video room: participants only, from an hour before the start"),
    ]
    held_until: dt.datetime | None
    cancelled_late: bool
    no_show_side: str | None


@dataclass(frozen=True, slots=True)
class SessionsQuery:
    when: Literal["upcoming", "past", "all"] = "upcoming"


@dataclass(frozen=True, slots=True)
class SlotsQuery:
    session_minutes: Annotated[int | None, Doc("One of the peer expert's session lengths")] = None
    weeks: Annotated[int, Range(1, 12)] = bookings.PICK_WEEKS


@dataclass(frozen=True, slots=True)
class BookIn:
    """Pick one of the free slots (``GET /matches/{id}/slots``)."""

    start: dt.datetime
    session_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class ProposeIn:
    """Up to three times of the requester's own for the peer expert to accept."""

    starts: Annotated[list[dt.datetime], Length(1, 3)]
    session_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class StartIn:
    start: dt.datetime


@dataclass(frozen=True, slots=True)
class ReasonIn:
    reason: Annotated[str, Length(1, 500)]


@dataclass(frozen=True, slots=True)
class RejectIn:
    reason: Annotated[str | None, Length(0, 500)] = None


@dataclass(frozen=True, slots=True)
class NoShowIn:
    side: Annotated[Literal["youth", "peer_expert"], Doc("The side that did not come")]


@dataclass(frozen=True, slots=True)
class FeedbackIn:
    rating: Annotated[int, Range(1, 5)]
    comment: Annotated[str | None, Length(0, feedback.COMMENT_MAX)] = None
    do_not_match_again: Annotated[
        bool, Doc("Youth or peer expert: never match this pair again")
    ] = False
    note: Annotated[
        str | None,
        Length(0, safeguarding.NOTE_MAX),
        Doc("Peer expert only, with do_not_match_again: for coordinators, never the youth"),
    ] = None


@dataclass(frozen=True, slots=True)
class MeetingDetailsIn:
    """How the session meets; null or empty clears it."""

    meeting_details: Annotated[
        str | None, Length(0, bookings.MEETING_DETAILS_MAX), Doc("A video link or an address")
    ]


@dataclass(frozen=True, slots=True)
class FeedbackOut:
    id: int
    session_id: int
    rating: int
    comment: str | None
    do_not_match_again: bool
    created_at: dt.datetime


def _slot(interval: Interval) -> SlotOut:
    return SlotOut(interval.start, interval.end)


def _out(view: bookings.SessionView) -> SessionOut:
    booking = view.booking
    return SessionOut(
        id=booking.id,
        match_id=booking.proposal_id,
        status=booking.status,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        mode=booking.mode,
        sequence=booking.sequence,
        upcoming=view.upcoming,
        proposed_times=[SlotOut(p.start, p.end) for p in view.proposals],
        participants=[
            ParticipantOut(p.user_id, p.user.display_name, p.role, p.response)
            for p in booking.participants
        ],
        actions=sorted(view.may),  # type: ignore[arg-type]
        meeting_details=view.meeting_details,
        minutes=view.minutes,
        video_room_url=view.room_url,
        held_until=booking.held_until,
        cancelled_late=booking.cancelled_late,
        no_show_side=booking.no_show_side,
    )


def _session_response(call: Call, booking: Booking, status: int = 200) -> Response:
    view = bookings.view_session(call.session, booking.id, call.user, now=call.now)
    return json_response(_out(view), status)


@problem_extras(SlotTaken)
def _slot_taken(exc: SlotTaken) -> dict[str, object]:
    """409 with the next free times, so the client can offer them as choices."""
    return {"next_free": to_json([_slot(i) for i in exc.next_free])}


_RACE = " A time someone else took first answers 409 with `next_free` (the next free times)."


# --------------------------------------------------------------------------- reading


@endpoint("GET", "/sessions", summary="My sessions (and my team's), upcoming or past",
          query=SessionsQuery, response=list[SessionOut], tag=TAG)  # fmt: skip
@roles(*PEOPLE)
def sessions_list(call: Call) -> Response:
    query = parse_query(SessionsQuery)
    views = bookings.sessions_for(call.session, call.user, now=call.now)
    if query.when != "all":
        views = [v for v in views if v.upcoming is (query.when == "upcoming")]
    return json_response([_out(v) for v in views])


@endpoint("GET", "/sessions/<int:session_id>", summary="One session I take part in or coordinate",
          response=SessionOut, errors=(404,), tag=TAG)  # fmt: skip
@roles(*PEOPLE)
def sessions_get(call: Call, session_id: int) -> Response:
    view = bookings.view_session(call.session, session_id, call.user, now=call.now)
    return json_response(_out(view))


@endpoint("GET", "/matches/<int:proposal_id>/slots",
          summary="Free times of the match's peer expert(s) inside my own windows",
          query=SlotsQuery, response=list[SlotOut], errors=(404, 409), tag=TAG)  # fmt: skip
@roles(*REQUESTERS)
def sessions_slots(call: Call, proposal_id: int) -> Response:
    query = parse_query(SlotsQuery)
    slots = bookings.slots_for_match(
        call.session, proposal_id, call.user, now=call.now,
        session_minutes=query.session_minutes, weeks=query.weeks,
    )  # fmt: skip
    return json_response([_slot(s) for s in slots])


@endpoint("PATCH", "/sessions/<int:session_id>", summary="Set how the session meets",
          body=MeetingDetailsIn, response=SessionOut, errors=(404, 409), tag=TAG,
          description="The peer expert of the session or a coordinator. Shown to participants "
          "and coordinators only, never emailed.")  # fmt: skip
@roles(Role.PEER_EXPERT, Role.COORDINATOR)
def sessions_update(call: Call, session_id: int) -> Response:
    data = parse_body(MeetingDetailsIn)
    booking = bookings.update_meeting_details(
        call.session, session_id, call.user, details=data.meeting_details, now=call.now,
        origin=call.origin,
    )  # fmt: skip
    return _session_response(call, booking)


# --------------------------------------------------------------------------- starting


@endpoint("POST", "/matches/<int:proposal_id>/sessions", summary="Book one of the free times",
          body=BookIn, response=SessionOut, status=201, errors=(403, 404, 409), tag=TAG,
          description="Confirmed at once, or held for a coordinator's approval." + _RACE)  # fmt: skip
@roles(*REQUESTERS)
def sessions_book(call: Call, proposal_id: int) -> Response:
    data = parse_body(BookIn)
    booking = bookings.book_slot(
        call.session, proposal_id, call.user, start=data.start, now=call.now,
        session_minutes=data.session_minutes, origin=call.origin,
    )  # fmt: skip
    return _session_response(call, booking, 201)


@endpoint("POST", "/matches/<int:proposal_id>/proposals",
          summary="Propose up to three times of my own", body=ProposeIn, response=SessionOut,
          status=201, errors=(404, 409), tag=TAG)  # fmt: skip
@roles(*REQUESTERS)
def sessions_propose(call: Call, proposal_id: int) -> Response:
    data = parse_body(ProposeIn)
    booking = bookings.propose_times(
        call.session, proposal_id, call.user, starts=data.starts, now=call.now,
        session_minutes=data.session_minutes,
    )  # fmt: skip
    return _session_response(call, booking, 201)


# --------------------------------------------------------------------------- steps


@endpoint("POST", "/sessions/<int:session_id>/counter",
          summary="Answer proposed times with another time", body=StartIn, response=SessionOut,
          errors=(404, 409), tag=TAG)  # fmt: skip
@roles(*PEOPLE)
def sessions_counter(call: Call, session_id: int) -> Response:
    data = parse_body(StartIn)
    booking = bookings.counter_propose(
        call.session, session_id, call.user, start=data.start, now=call.now
    )
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/accept", summary="Accept one of the proposed times",
          body=StartIn, response=SessionOut, errors=(404, 409), tag=TAG,
          description="In a team session each peer expert accepts for themselves." + _RACE)  # fmt: skip
@roles(*PEOPLE)
def sessions_accept(call: Call, session_id: int) -> Response:
    data = parse_body(StartIn)
    booking = bookings.accept_time(
        call.session, session_id, call.user, start=data.start, now=call.now
    )
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/decline",
          summary="A peer expert invited to a team session cannot join", response=SessionOut,
          errors=(404, 409), tag=TAG)  # fmt: skip
@roles(Role.PEER_EXPERT)
def sessions_decline(call: Call, session_id: int) -> Response:
    booking = bookings.decline_team_session(call.session, session_id, call.user, now=call.now)
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/reschedule", summary="Move a confirmed session",
          body=StartIn, response=SessionOut, errors=(404, 409), tag=TAG,
          description="Keeps the session's id and calendar entry." + _RACE)  # fmt: skip
@roles(*PEOPLE)
def sessions_reschedule(call: Call, session_id: int) -> Response:
    data = parse_body(StartIn)
    booking = bookings.reschedule(
        call.session, session_id, call.user, start=data.start, now=call.now
    )
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/cancel", summary="Cancel a session, with a reason",
          body=ReasonIn, response=SessionOut, errors=(404, 409), tag=TAG)  # fmt: skip
@roles(*PEOPLE)
def sessions_cancel(call: Call, session_id: int) -> Response:
    data = parse_body(ReasonIn)
    booking = bookings.cancel(call.session, session_id, call.user, reason=data.reason, now=call.now)
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/complete", summary="Mark a session as held",
          response=SessionOut, errors=(404, 409), tag=TAG)  # fmt: skip
@roles(*PEOPLE)
def sessions_complete(call: Call, session_id: int) -> Response:
    booking = bookings.complete(call.session, session_id, call.user, now=call.now)
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/no-show", summary="Record that the other side did not come",
          body=NoShowIn, response=SessionOut, errors=(404, 409), tag=TAG)  # fmt: skip
@roles(*PEOPLE)
def sessions_no_show(call: Call, session_id: int) -> Response:
    data = parse_body(NoShowIn)
    booking = bookings.mark_no_show(
        call.session, session_id, call.user, side=data.side, now=call.now
    )
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/approve", summary="Approve a held session",
          response=SessionOut, errors=(404, 409), tag=TAG)  # fmt: skip
@roles(Role.COORDINATOR)
def sessions_approve(call: Call, session_id: int) -> Response:
    booking = bookings.approve_hold(call.session, session_id, call.user, now=call.now)
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/reject", summary="Reject a held session",
          body=RejectIn, response=SessionOut, errors=(404, 409), tag=TAG)  # fmt: skip
@roles(Role.COORDINATOR)
def sessions_reject(call: Call, session_id: int) -> Response:
    data = parse_body(RejectIn)
    booking = bookings.reject_hold(
        call.session, session_id, call.user, now=call.now, reason=data.reason
    )
    return _session_response(call, booking)


@endpoint("POST", "/sessions/<int:session_id>/feedback",
          summary="Feedback on a held session (once per person)", body=FeedbackIn,
          response=FeedbackOut, status=201, errors=(404, 409), tag=TAG)  # fmt: skip
@roles(*PARTICIPANTS)
def sessions_feedback(call: Call, session_id: int) -> Response:
    data = parse_body(FeedbackIn)
    given = feedback.give_feedback(
        call.session, session_id, call.user, rating=data.rating, comment=data.comment,
        do_not_match_again=data.do_not_match_again, note=data.note, now=call.now,
    )  # fmt: skip
    return json_response(
        FeedbackOut(given.id, given.booking_id, given.rating, given.comment,
                    given.do_not_match_again, given.created_at),
        201,
    )  # fmt: skip
