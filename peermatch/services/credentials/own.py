"""A peer expert's own credentials: add, change and remove them on their profile.

Every change puts the credential back to "to check": a coordinator of their organisation
looks at the original again. Removing one is the peer expert's choice at any time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch import dutch_calendar
from peermatch.models import Credential, PeerExpertProfile, User
from peermatch.models.credentials import MAX_NAME
from peermatch.models.enums import CredentialKind, CredentialStatus
from peermatch.services import audit
from peermatch.services.errors import InvalidInput, NotFound
from peermatch.services.profiles.access import _ensure_editable, own_profile

#: Dates before this are typing errors, not credentials.
EARLIEST = dt.date(1950, 1, 1)


@dataclass(frozen=True, slots=True)
class CredentialInput:
    kind: CredentialKind
    name: str
    obtained_on: dt.date
    expires_on: dt.date | None = None


def of_profile_newest_first(session: Session, profile_id: int) -> list[Credential]:
    """A profile's credentials, the newest first: the peer expert's own list and the
    coordinator's profile review show them in this one order."""
    return list(
        session.scalars(
            select(Credential)
            .where(Credential.profile_id == profile_id)
            .order_by(Credential.obtained_on.desc(), Credential.id.desc())
        )
    )


def list_own(session: Session, user: User) -> list[Credential]:
    """The peer expert's credentials, the newest first (one statement after the profile)."""
    return of_profile_newest_first(session, own_profile(session, user).id)


def own_credential(session: Session, user: User, credential_id: int) -> Credential:
    """One of the caller's own credentials; anyone else's is not found."""
    credential = session.scalar(
        select(Credential)
        .join(PeerExpertProfile, PeerExpertProfile.id == Credential.profile_id)
        .where(Credential.id == credential_id, PeerExpertProfile.user_id == user.id)
    )
    if credential is None:
        raise NotFound("credential.error.not_found")
    return credential


def _checked(data: CredentialInput, today: dt.date) -> CredentialInput:
    name = " ".join(data.name.split())
    if not name:
        raise InvalidInput("credential.error.name_required")
    if len(name) > MAX_NAME:
        raise InvalidInput("credential.error.name_too_long", max=MAX_NAME)
    if not isinstance(data.kind, CredentialKind):
        raise InvalidInput("credential.error.kind")
    if data.obtained_on > today:
        raise InvalidInput("credential.error.obtained_in_future")
    if data.obtained_on < EARLIEST:
        raise InvalidInput("credential.error.obtained_too_early")
    if data.expires_on is not None and data.expires_on <= data.obtained_on:
        raise InvalidInput("credential.error.expires_before_obtained")
    return CredentialInput(data.kind, name, data.obtained_on, data.expires_on)


def _to_check(credential: Credential) -> None:
    credential.status = CredentialStatus.TO_CHECK
    credential.verified_at = None
    credential.verified_by_id = None
    credential.seen_note = None
    credential.rejection_reason = None


def _audit(
    session: Session, action: str, credential: Credential, actor: User, origin: audit.Origin
) -> None:
    audit.record(
        session,
        action,
        actor_id=actor.id,
        origin=origin,
        subject_type="credential",
        subject_id=credential.id,
        details={"kind": credential.kind.value},
    )


def add(
    session: Session, user: User, data: CredentialInput, *, now: dt.datetime, origin: audit.Origin
) -> Credential:
    profile = own_profile(session, user)
    _ensure_editable(profile)
    clean = _checked(data, dutch_calendar.dutch_date(now))
    credential = Credential(
        profile_id=profile.id,
        kind=clean.kind,
        name=clean.name,
        obtained_on=clean.obtained_on,
        expires_on=clean.expires_on,
        status=CredentialStatus.TO_CHECK,
    )
    session.add(credential)
    session.flush()
    _audit(session, "credential.added", credential, user, origin)
    return credential


def edit(
    session: Session,
    user: User,
    credential_id: int,
    data: CredentialInput,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> Credential:
    credential = own_credential(session, user, credential_id)
    _ensure_editable(credential.profile)
    clean = _checked(data, dutch_calendar.dutch_date(now))
    credential.kind = clean.kind
    credential.name = clean.name
    credential.obtained_on = clean.obtained_on
    credential.expires_on = clean.expires_on
    _to_check(credential)
    session.flush()
    _audit(session, "credential.changed", credential, user, origin)
    return credential


def remove(session: Session, user: User, credential_id: int, *, origin: audit.Origin) -> str:
    """Remove one's own credential; returns its name for the words after the action."""
    credential = own_credential(session, user, credential_id)
    name = credential.name
    _audit(session, "credential.removed", credential, user, origin)
    session.delete(credential)
    session.flush()
    return name
