"""Bookings as calendar events, through the pure builder in ``peermatch.notifications.ical``.

The one place that decides what a calendar may know about a session: a neutral title in the
reader's language, the time, a link to the app (URL and in the description), where (the
address for in person; otherwise only "Video" or "Telefoon") and a reminder 30 minutes
before. No names, no topics, no video room: calendars live on shared and synced devices. Needs an app context (translations,
the public base URL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from email.utils import parseaddr
from typing import Any, cast

from flask import current_app
from flask_babel import force_locale, gettext

from peermatch.models import Booking, Intervision, IntervisionParticipant, User
from peermatch.models.enums import BookingStatus
from peermatch.notifications.ical import FeedEvent, Method, build_feed_ics, build_session_ics
from peermatch.notifications.urls import absolute_link
from peermatch.services.intervision import intervision_path
from peermatch.services.links import session_path
from peermatch.services.session_emails import session_place


def _texts(user: User, path: str, *, intervision: bool = False) -> tuple[str, str]:
    with force_locale(user.locale or "nl"):
        summary = (
            gettext("PeerMatch intervision") if intervision else gettext("PeerMatch conversation")
        )
        description = gettext("Details and how to meet: %(link)s", link=absolute_link(path))
    return str(summary), str(description)


def _location(user: User, mode: str | None, place: str | None) -> str | None:
    """Where, as a calendar shows it: the address for in person, else only the way of
    meeting ("Video", "Telefoon"); the video room itself stays on the session page."""
    if mode == "in_person" and place:
        return place
    with force_locale(user.locale or "nl"):
        labels = {
            "video": gettext("Video"),
            "phone": gettext("Phone"),
            "chat": gettext("Chat"),
            "in_person": gettext("In person"),
        }
        label = labels.get(mode or "")
    return str(label) if label is not None else None


def feed_ics(
    bookings: Sequence[Booking],
    *,
    user: User,
    now: dt.datetime,
    intervision_entries: Sequence[tuple[Intervision, IntervisionParticipant]] = (),
) -> bytes:
    """The private feed: the person's sessions and the intervision meetings they are
    invited to (``services.intervision.feed_entries``), each with its own UID."""
    events = []
    for booking in bookings:
        summary, description = _texts(user, session_path(booking.id))
        events.append(
            FeedEvent(
                uid=booking.ical_uid,
                sequence=booking.sequence,
                start=booking.starts_at,
                end=booking.ends_at,
                summary=summary,
                description=description,
                location=_location(user, booking.mode, session_place(booking)),
                url=absolute_link(session_path(booking.id)),
                cancelled=booking.status is BookingStatus.CANCELLED,
                tentative=booking.status is BookingStatus.HELD,
                changed_at=booking.updated_at,
            )
        )
    for intervision, participant in intervision_entries:
        path = intervision_path(intervision.id)
        summary, description = _texts(user, path, intervision=True)
        events.append(
            FeedEvent(
                uid=intervision.ical_uid,
                sequence=intervision.sequence,
                start=intervision.starts_at,
                end=intervision.ends_at,
                summary=summary,
                description=description,
                location=_location(user, intervision.mode, intervision.place),
                url=absolute_link(path),
                # declined: gone from this person's calendar, like a cancellation
                cancelled=intervision.cancelled_at is not None
                or participant.response == "declined",
                changed_at=max(
                    intervision.updated_at, participant.responded_at or intervision.updated_at
                ),
            )
        )
    events.sort(key=lambda e: (e.start, e.uid))
    return build_feed_ics(events, now, "PeerMatch")


def snapshot_ics(
    snapshot: Mapping[str, Any], *, recipient: User, method: str, now: dt.datetime
) -> bytes:
    """An invitation or cancellation for one recipient, from the session as it was when the
    email was queued (``peermatch.services.session_emails.session_snapshot``). Other
    participants are not listed, so nobody's email address reaches someone else's calendar."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"unknown calendar method {method!r}")
    # An intervision's snapshot names its own page; a session's is found by its id.
    path = str(snapshot.get("path") or session_path(int(snapshot["booking_id"])))
    summary, description = _texts(
        recipient, path, intervision=snapshot.get("kind") == "intervision"
    )
    organizer = parseaddr(str(current_app.config["MAIL_FROM"]))[1] or "no-reply@peermatch.invalid"
    return build_session_ics(
        uid=str(snapshot["uid"]),
        sequence=int(snapshot["sequence"]),
        method=cast(Method, method),
        start=snapshot["starts_at"],
        end=snapshot["ends_at"],
        summary=summary,
        description=description,
        location=_location(recipient, snapshot.get("mode"), snapshot.get("place")),
        url=absolute_link(path),
        organizer_email=organizer,
        attendees=[(recipient.email, recipient.display_name)],
        now=now,
    )
