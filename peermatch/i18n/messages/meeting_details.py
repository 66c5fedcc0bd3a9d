"""Texts for how a session meets (the peer expert's meeting details)."""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "booking.error.meeting_details_peer_only": _l(
        "Only the peer expert or a coordinator sets how you meet."
    ),
    "booking.error.meeting_details_closed": _l(
        "This session is over, so how you meet can no longer change."
    ),
    "booking.error.meeting_details_too_long": _l("Keep it to %(max)s characters."),
    "booking.meeting_details_changed": _l("How you meet for a session has changed."),
}
