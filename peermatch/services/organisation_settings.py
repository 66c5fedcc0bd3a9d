"""Settings a coordinator keeps for their own organisation: for now, its video service.

An organisation that runs its own video service (e.g. Jitsi at ``https://meet.example.nl/``)
sets its address once; every video session booked for it then gets a room of its own under
that address (``video_room_url``), made with an unguessable name so nobody can walk into
another session's room by counting. Only https is accepted: a room link travels to phones
and must not be readable or changeable on the way.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import Organisation, User
from peermatch.services import accounts, audit
from peermatch.services.errors import InvalidInput, NotFound

VIDEO_BASE_URL_MAX = 200
ROOM_PREFIX = "peermatch-"


def coordinated_organisations(session: Session, user: User) -> list[Organisation]:
    """The organisations this person coordinates, by name."""
    ids = accounts.coordinator_organisation_ids(user)
    if not ids:
        return []
    return list(
        session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        )
    )


def organisation_for_coordinator(
    session: Session, organisation_id: int, user: User
) -> Organisation:
    """The organisation if ``user`` coordinates it; strangers get ``NotFound``."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or not accounts.coordinates_any(user, [organisation_id]):
        raise NotFound("organisation.error.settings_not_found")
    return organisation


def clean_video_base_url(raw: str | None) -> str | None:
    """The address as stored (ending in ``/``), None for empty; anything but a plain https
    address with a host is refused with a translated error."""
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > VIDEO_BASE_URL_MAX:
        raise InvalidInput("organisation.error.video_base_too_long", max=VIDEO_BASE_URL_MAX)
    try:
        parts = urlsplit(text)
    except ValueError:
        raise InvalidInput("organisation.error.video_base_https") from None
    if (
        parts.scheme.lower() != "https"
        or not parts.hostname
        or parts.username
        or parts.password
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in text)
    ):
        raise InvalidInput("organisation.error.video_base_https")
    return text if text.endswith("/") else f"{text}/"


def set_video_base_url(
    session: Session,
    organisation_id: int,
    user: User,
    *,
    url: str | None,
    origin: audit.Origin = audit.SYSTEM,
) -> Organisation:
    """Set (or clear, with an empty value) the organisation's video service; audited.
    Sessions booked earlier keep the room they have."""
    organisation = organisation_for_coordinator(session, organisation_id, user)
    value = clean_video_base_url(url)
    if value == organisation.video_base_url:
        return organisation
    organisation.video_base_url = value
    session.flush()
    audit.record(
        session,
        "organisation.video_base_url",
        actor_id=user.id,
        origin=origin,
        subject_type="organisation",
        subject_id=organisation.id,
        details={"set": value is not None},
    )
    return organisation


def new_room_url(base_url: str) -> str:
    """A fresh room under the organisation's video service: 128 random bits in its name."""
    base = base_url if base_url.endswith("/") else f"{base_url}/"
    return f"{base}{ROOM_PREFIX}{secrets.token_urlsafe(16)}"
