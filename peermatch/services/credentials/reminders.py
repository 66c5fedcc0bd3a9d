"""The scheduled credential reminders, run by the ``vog-reminders`` job with the VOG ones.

Same moments as the VOG (60, 30 and 7 days before the last valid day, and on expiry), once
per credential, date and threshold (the outbox's dedupe key). The peer expert hears each
time; their coordinators hear once it has expired, with a link to the credentials list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from peermatch import dutch_calendar
from peermatch.models import Credential, PeerExpertProfile, User
from peermatch.models.enums import CredentialStatus, ProfileStatus
from peermatch.services.credentials.review import CREDENTIALS_PATH, LIST_PATH
from peermatch.services.expiry import REMINDER_DAYS, coordinators_by_org, reminder_threshold
from peermatch.services.outbox import queue_email


@dataclass(frozen=True, slots=True)
class CredentialReminderRun:
    peer_experts: int
    coordinators: int


def queue_expiry_reminders(session: Session, *, now: dt.datetime) -> CredentialReminderRun:
    today = dutch_calendar.dutch_date(now)
    horizon = today + dt.timedelta(days=REMINDER_DAYS[0])
    # Expired ones are looked at for a year at most: their reminder has long gone out.
    rows = session.scalars(
        select(Credential)
        .join(PeerExpertProfile, PeerExpertProfile.id == Credential.profile_id)
        .join(User, User.id == PeerExpertProfile.user_id)
        .where(
            PeerExpertProfile.status.in_((ProfileStatus.ACTIVE, ProfileStatus.PAUSED)),
            Credential.status != CredentialStatus.REJECTED,
            Credential.expires_on.is_not(None),
            Credential.expires_on <= horizon,
            Credential.expires_on >= today - dt.timedelta(days=365),
        )
        .options(contains_eager(Credential.profile).contains_eager(PeerExpertProfile.user))
        .order_by(Credential.id)
    ).all()
    due = []
    for credential in rows:
        assert credential.expires_on is not None  # filtered above
        threshold = reminder_threshold(credential.expires_on, today)
        if threshold is not None:
            due.append((credential, credential.expires_on, threshold))
    staff = coordinators_by_org(
        session,
        {c.profile.organisation_id for c, _, t in due if t == 0 and c.profile.organisation_id},
    )
    peers = coordinators = 0
    for credential, until, threshold in due:
        profile = credential.profile
        key = f"credential:{credential.id}:{until}:{threshold}"
        params = {
            "credential": credential.name,
            "valid_until": until.isoformat(),
            "days": threshold,
            "from_coordinator": False,
        }
        if queue_email(
            session,
            user=profile.user,
            kind="credential_reminder",
            now=now,
            link=CREDENTIALS_PATH,
            params=params,
            dedupe_key=key,
        ):
            peers += 1
        if threshold != 0:
            continue
        for coordinator in staff.get(profile.organisation_id or 0, []):
            if queue_email(
                session,
                user=coordinator,
                kind="credential_expired_coordinator",
                now=now,
                link=LIST_PATH + "?show=expired",
                params={**params, "peer_name": profile.user.display_name},
                dedupe_key=f"{key}:c{coordinator.id}",
            ):
                coordinators += 1
    return CredentialReminderRun(peers, coordinators)
