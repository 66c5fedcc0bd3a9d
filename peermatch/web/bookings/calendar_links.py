"""Add-to-calendar links for one session (Google, Outlook on the web).

Calendars live on shared and synced devices, so the links carry the same neutral title and
link-only description as the e-mailed .ics (see ``notifications.calendar_events``): never a
name, topic or meeting detail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"


@dataclass(frozen=True, slots=True)
class CalendarLinks:
    google: str
    outlook: str


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return value.astimezone(dt.UTC)


def calendar_links(
    *, start: dt.datetime, end: dt.datetime, title: str, details: str
) -> CalendarLinks:
    """Both links in UTC, so neither service guesses a zone."""
    s, e = _utc(start), _utc(end)
    google = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{s:%Y%m%dT%H%M%SZ}/{e:%Y%m%dT%H%M%SZ}",
            "details": details,
        }
    )
    outlook = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": title,
            "startdt": s.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "enddt": e.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "body": details,
        }
    )
    return CalendarLinks(google=f"{GOOGLE}?{google}", outlook=f"{OUTLOOK}?{outlook}")
