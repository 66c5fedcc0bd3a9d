"""iCalendar (RFC 5545) for booked sessions: e-mail invitations and private calendar feeds.

Why it looks like this:
- One stable UID per session and a SEQUENCE that grows with every change, so calendar apps
  update or remove the existing entry instead of adding a second one.
- Times are always written in UTC ("Z"); the calendar app shows them in the reader's zone.
  This avoids shipping VTIMEZONE blocks and the wrong-time-zone invitations other booking
  tools are known for.
- Calendars end up on phones, shared family computers and synced servers: ``summary``,
  ``description`` and ``location`` must stay neutral (e.g. "PeerMatch-gesprek" and a link).
  Never put experience domains, a youth's own words or anything about care in them; this
  module cannot tell and does not try.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from icalendar import Alarm, Calendar, Event, vCalAddress, vText, vUri

PRODID = "-//PeerMatch//NL"
#: a reminder on the phone this long before a session (a DISPLAY alarm, no sound or email)
ALARM_BEFORE = timedelta(minutes=30)

Method = Literal["REQUEST", "CANCEL"]


@dataclass(frozen=True, slots=True)
class FeedEvent:
    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str | None = None
    #: the session page (never a video room: calendars are shared and synced)
    url: str | None = None
    cancelled: bool = False
    #: held for a coordinator's approval (a first session or a reschedule): not yet certain
    tentative: bool = False
    #: when the session last changed; a published feed (no METHOD) stamps events with their
    #: last revision (RFC 5545, 3.8.7.2), so polling apps see no change when nothing changed
    changed_at: datetime | None = None


def _utc(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(UTC)


def _calendar(method: Method | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method is not None:
        cal.add("method", method)
    return cal


def _event(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    summary: str,
    description: str,
    location: str | None,
    cancelled: bool,
    now: datetime,
    tentative: bool = False,
    url: str | None = None,
) -> Event:
    if not uid.strip():
        raise ValueError("uid must not be empty")
    if sequence < 0:
        raise ValueError("sequence must not be negative")
    start_utc, end_utc = _utc(start, "start"), _utc(end, "end")
    if end_utc <= start_utc:
        raise ValueError("end must be after start")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", _utc(now, "now"))
    event.add("dtstart", start_utc)
    event.add("dtend", end_utc)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", vUri(url))
    event.add("status", "CANCELLED" if cancelled else "TENTATIVE" if tentative else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    return event


def build_session_ics(
    *,
    uid: str,
    sequence: int,
    method: Method,
    start: datetime,
    end: datetime,
    summary: str,
    description: str,
    location: str | None,
    organizer_email: str,
    attendees: Sequence[tuple[str, str]],
    now: datetime,
    url: str | None = None,
) -> bytes:
    """An invitation (REQUEST) or cancellation (CANCEL) for one session, for e-mail.

    Send every change with the same ``uid`` and a higher ``sequence`` than before; a CANCEL
    must carry a sequence at least as high as the last REQUEST.
    """
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError("method must be REQUEST or CANCEL")
    cal = _calendar(method)
    event = _event(
        uid=uid,
        sequence=sequence,
        start=start,
        end=end,
        summary=summary,
        description=description,
        location=location,
        cancelled=method == "CANCEL",
        now=now,
        url=url,
    )
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText("PeerMatch")
    event.add("organizer", organizer, encode=False)
    for email, name in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        if name:
            attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        # Both sides already agreed inside PeerMatch; replies by calendar would reach a
        # no-reply organiser, so none are asked for.
        attendee.params["partstat"] = vText("ACCEPTED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return bytes(cal.to_ical())


def build_feed_ics(events: Sequence[FeedEvent], now: datetime, calendar_name: str) -> bytes:
    """A user's private subscription feed: no METHOD (it is published, not sent), one VEVENT
    per session; cancelled sessions stay in the feed as CANCELLED so subscribed apps drop
    them instead of keeping a stale entry."""
    cal = _calendar(None)
    cal.add("name", calendar_name)
    cal.add("x-wr-calname", calendar_name)
    for e in events:
        cal.add_component(
            _event(
                uid=e.uid,
                sequence=e.sequence,
                start=e.start,
                end=e.end,
                summary=e.summary,
                description=e.description,
                location=e.location,
                url=e.url,
                cancelled=e.cancelled,
                tentative=e.tentative,
                now=e.changed_at or now,
            )
        )
    return bytes(cal.to_ical())
