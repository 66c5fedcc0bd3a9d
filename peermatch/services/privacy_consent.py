"""Consent to the privacy statement, per version of the statement.

When the statement changes (a new ``PRIVACY_STATEMENT_VERSION``), everyone is asked again
at their next visit; each answer is kept with its version and time. Withdrawing consent
means PeerMatch may no longer process the person's data, so it leads to deleting the
account: the withdrawal is recorded here and handed to erasure through
:func:`request_erasure_after_withdrawal`, the one seam for that.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import PrivacyConsentEvent, User
from peermatch.services import audit
from peermatch.services.accounts import end_all_sessions
from peermatch.services.errors import Conflict

GIVEN = "given"
WITHDRAWN = "withdrawn"


def needs_consent(user: User, version: str) -> bool:
    """Whether recorded consent is for another version than ``version`` (or none)."""
    return user.privacy_consent_version != version


def must_ask(session: Session, user: User, version: str) -> bool:
    """Whether to ask at login: consent was given for an older statement, or withdrawn.
    Accounts made by staff or the CLI (coordinators, admins) never gave consent, since
    consent is not what their work on PeerMatch rests on; they are not asked."""
    if user.privacy_consent_version is None:
        return last_withdrawal(session, user) is not None
    return user.privacy_consent_version != version


def give(
    session: Session, user: User, version: str, *, now: dt.datetime, origin: audit.Origin
) -> None:
    if not needs_consent(user, version):
        return
    user.privacy_consent_version = version
    user.privacy_consent_at = now
    session.add(PrivacyConsentEvent(user_id=user.id, action=GIVEN, version=version, at=now))
    session.flush()
    audit.record(
        session,
        "privacy.consent_given",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"version": version},
        at=now,
    )


def last_withdrawal(session: Session, user: User) -> PrivacyConsentEvent | None:
    """The latest withdrawal, when nothing was given after it."""
    latest = session.scalar(
        select(PrivacyConsentEvent)
        .where(PrivacyConsentEvent.user_id == user.id)
        .order_by(PrivacyConsentEvent.at.desc(), PrivacyConsentEvent.id.desc())
        .limit(1)
    )
    if latest is None or latest.action != WITHDRAWN:
        return None
    return latest


def withdraw(session: Session, user: User, *, now: dt.datetime, origin: audit.Origin) -> None:
    """Record the withdrawal, end every session and start erasure of the account."""
    if last_withdrawal(session, user) is not None:
        raise Conflict("privacy.error.already_withdrawn")
    version = user.privacy_consent_version or "none"
    user.privacy_consent_version = None
    user.privacy_consent_at = None
    session.add(PrivacyConsentEvent(user_id=user.id, action=WITHDRAWN, version=version, at=now))
    session.flush()
    audit.record(
        session,
        "privacy.consent_withdrawn",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"version": version},
        at=now,
    )
    request_erasure_after_withdrawal(session, user, now=now, origin=origin)
    end_all_sessions(session, user, now=now, origin=origin, action="privacy.sessions_ended")


def request_erasure_after_withdrawal(
    session: Session, user: User, *, now: dt.datetime, origin: audit.Origin
) -> None:
    """The seam to account erasure (``services/erasure``, with its grace period). Until that
    is wired in, the recorded withdrawal and this audit event are what an admin acts on."""
    audit.record(
        session,
        "privacy.erasure_requested",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"reason": "consent_withdrawn"},
        at=now,
    )
