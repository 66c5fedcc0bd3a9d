"""Words for access-log entries: which data, in which capacity, on which page."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

KIND_LABELS: dict[str, LazyString] = {
    "own_words": _l("Your own words (your request)"),
    "meeting_details": _l("How you meet (a session)"),
    "verification": _l("Training and VOG"),
    "profile_text": _l("Texts for coordinators only"),
}

ROLE_LABELS: dict[str, LazyString] = {
    "coordinator": _l("Coordinator"),
    "peer_expert": _l("Peer expert"),
    "team_member": _l("Team member"),
    "youth": _l("Youth"),
    "admin": _l("Administrator"),
}

#: endpoint prefix -> why the data was shown; the first match wins
PURPOSE_LABELS: tuple[tuple[str, LazyString], ...] = (
    ("matches.approv", _l("Approving a match")),
    ("matches.", _l("The match page")),
    ("bookings.", _l("The session page")),
    ("verification.vog", _l("Checking VOGs")),
    ("vog.", _l("Checking VOGs")),
    ("verification.", _l("Checking a peer expert's profile")),
    ("api.", _l("An app (the API)")),
)


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def purpose_label(purpose: str) -> str:
    for prefix, label in PURPOSE_LABELS:
        if purpose.startswith(prefix):
            return str(label)
    return str(_l("Another page"))
