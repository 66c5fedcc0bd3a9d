"""The coordinator side: the organisation's credentials list, and checking one.

Only coordinators of the peer expert's own organisation see or touch a credential; anyone
else gets "not found". Verifying records that the original was seen (when, by whom, a short
note), never a copy; rejecting tells the peer expert why, in the coordinator's words.
Showing the list to a coordinator is a read of verification data: it goes in the access log.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, contains_eager

from peermatch import dutch_calendar
from peermatch.models import Credential, PeerExpertProfile, User
from peermatch.models.credentials import MAX_NOTE
from peermatch.models.enums import CredentialStatus, ProfileStatus, Role
from peermatch.services import access_log, audit, notifications
from peermatch.services.accounts import coordinator_organisation_ids
from peermatch.services.credentials.own import of_profile_newest_first
from peermatch.services.errors import Conflict, InvalidInput, NotFound
from peermatch.services.expiry import REMINDER_DAYS
from peermatch.services.outbox import queue_email
from peermatch.services.profiles.access import ensure_coordinator_of

CREDENTIALS_PATH = "/profile/credentials"
LIST_PATH = "/verification/credentials"

#: Profiles whose credentials a coordinator follows up (not drafts, not retired ones).
FOLLOWED = (
    ProfileStatus.SUBMITTED,
    ProfileStatus.CHANGES_REQUESTED,
    ProfileStatus.ACTIVE,
    ProfileStatus.PAUSED,
)


def _listed(org_ids: set[int]) -> Select[Credential]:
    return (
        select(Credential)
        .join(PeerExpertProfile, PeerExpertProfile.id == Credential.profile_id)
        .join(User, User.id == PeerExpertProfile.user_id)
        .where(PeerExpertProfile.organisation_id.in_(org_ids))
        .options(contains_eager(Credential.profile).contains_eager(PeerExpertProfile.user))
    )


def _filtered(query: Select[Credential], show: str, today: dt.date) -> Select[Credential]:
    soon = today + dt.timedelta(days=REMINDER_DAYS[0])
    not_rejected = Credential.status != CredentialStatus.REJECTED
    if show == "to_check":
        return query.where(
            Credential.status == CredentialStatus.TO_CHECK,
            or_(Credential.expires_on.is_(None), Credential.expires_on >= today),
        )
    if show == "expiring":
        return query.where(
            not_rejected, and_(Credential.expires_on >= today, Credential.expires_on <= soon)
        )
    if show == "expired":
        return query.where(not_rejected, Credential.expires_on < today)
    return query


def organisation_list(
    session: Session,
    coordinator: User,
    *,
    show: str,
    now: dt.datetime,
    origin: audit.Origin,
    organisation_id: int | None = None,
) -> list[Credential]:
    """Credentials of the coordinator's organisations under one filter (``state.FILTERS``),
    or of just ``organisation_id`` (the API's list per organisation; one the coordinator does
    not coordinate is not found, so only what is shown is logged as read).

    One statement for the rows (credential, profile and person joined), one insert for the
    access-log entries of the people shown, however many rows.
    """
    org_ids = coordinator_organisation_ids(coordinator)
    if organisation_id is not None:
        if organisation_id not in org_ids or not coordinator.has_role(Role.COORDINATOR):
            raise NotFound("organisation.error.settings_not_found")
        org_ids = {organisation_id}
    if not org_ids or not coordinator.has_role(Role.COORDINATOR):
        return []
    today = dutch_calendar.dutch_date(now)
    query = _filtered(_listed(org_ids), show, today).where(PeerExpertProfile.status.in_(FOLLOWED))
    rows = list(
        session.scalars(
            query.order_by(
                Credential.expires_on.is_(None),
                Credential.expires_on,
                User.display_name,
                Credential.id,
            )
        ).unique()
    )
    shown = {c.profile.id: c.profile for c in rows}
    access_log.record_many(
        session,
        [access_log.Read(p.user_id, p.organisation_id, "profile", p.id) for p in shown.values()],
        reader=coordinator,
        reader_role="coordinator",
        kind=access_log.VERIFICATION,
        origin=origin,
        now=now,
    )
    return rows


def of_profile(session: Session, coordinator: User, profile: PeerExpertProfile) -> list[Credential]:
    """A peer expert's credentials on the profile review page, next to training and VOG
    (whose read that page already logs)."""
    ensure_coordinator_of(coordinator, profile)
    return of_profile_newest_first(session, profile.id)


def for_coordinator(session: Session, coordinator: User, credential_id: int) -> Credential:
    """One credential of the coordinator's own organisations; others are not found."""
    credential = session.scalar(
        select(Credential)
        .join(PeerExpertProfile, PeerExpertProfile.id == Credential.profile_id)
        .join(User, User.id == PeerExpertProfile.user_id)
        .where(Credential.id == credential_id)
        .options(contains_eager(Credential.profile).contains_eager(PeerExpertProfile.user))
    )
    if credential is None:
        raise NotFound("credential.error.not_found")
    try:
        ensure_coordinator_of(coordinator, credential.profile)
    except NotFound:
        raise NotFound("credential.error.not_found") from None
    return credential


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


def _note(text: str | None, *, required_key: str | None = None) -> str | None:
    clean = " ".join((text or "").split())
    if not clean:
        if required_key:
            raise InvalidInput(required_key)
        return None
    if len(clean) > MAX_NOTE:
        raise InvalidInput("credential.error.note_too_long", max=MAX_NOTE)
    return clean


def verify(
    session: Session,
    coordinator: User,
    credential_id: int,
    *,
    seen_note: str | None,
    now: dt.datetime,
    origin: audit.Origin,
) -> Credential:
    """The coordinator saw the original: verified, with when, by whom and a short note."""
    credential = _still_to_check(session, coordinator, credential_id)
    credential.seen_note = _note(seen_note)
    credential.status = CredentialStatus.VERIFIED
    credential.verified_at = now
    credential.verified_by_id = coordinator.id
    credential.rejection_reason = None
    return _decided(session, credential, coordinator, "verified", now=now, origin=origin)


def reject(
    session: Session,
    coordinator: User,
    credential_id: int,
    *,
    reason: str,
    now: dt.datetime,
    origin: audit.Origin,
) -> Credential:
    """Not accepted, with the reason the peer expert reads next to it."""
    credential = _still_to_check(session, coordinator, credential_id)
    credential.rejection_reason = _note(reason, required_key="credential.error.reason_required")
    credential.status = CredentialStatus.REJECTED
    credential.verified_at = None
    credential.verified_by_id = None
    credential.seen_note = None
    return _decided(session, credential, coordinator, "rejected", now=now, origin=origin)


def _still_to_check(session: Session, coordinator: User, credential_id: int) -> Credential:
    """A credential a coordinator may decide on: theirs to see, and not decided yet."""
    credential = for_coordinator(session, coordinator, credential_id)
    if credential.status is not CredentialStatus.TO_CHECK:
        raise Conflict("credential.error.already_checked")
    return credential


def _decided(
    session: Session,
    credential: Credential,
    coordinator: User,
    outcome: str,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> Credential:
    """A decision is saved, audited and told to the peer expert the same way each time."""
    session.flush()
    _audit(session, f"credential.{outcome}", credential, coordinator, origin)
    notifications.notify(
        session,
        credential.profile.user_id,
        f"credential.notice.{outcome}",
        now=now,
        params={"name": credential.name},
        link=CREDENTIALS_PATH,
    )
    return credential


def remind(
    session: Session,
    coordinator: User,
    credential_id: int,
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> Credential:
    """Ask the peer expert to renew this credential (an email and a notice)."""
    credential = for_coordinator(session, coordinator, credential_id)
    queue_email(
        session,
        user=credential.profile.user,
        kind="credential_reminder",
        now=now,
        link=CREDENTIALS_PATH,
        params={
            "credential": credential.name,
            "days": None,
            "valid_until": credential.expires_on.isoformat() if credential.expires_on else None,
            "from_coordinator": True,
        },
    )
    notifications.notify(
        session,
        credential.profile.user_id,
        "credential.notice.reminder",
        now=now,
        params={"name": credential.name},
        link=CREDENTIALS_PATH,
    )
    _audit(session, "credential.reminded", credential, coordinator, origin)
    return credential
