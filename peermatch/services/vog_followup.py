"""Following up certificates of conduct (VOG): status in words, reminders, the original seen,
and setting minors' audiences aside until a VOG is renewed.

A VOG counts for three years (``disclosure.vog_valid_until``). Coordinators keep watch: the
scheduled reminders (60, 30 and 7 days before expiry, and on expiry) reach the peer expert
and their coordinators once per threshold, and a coordinator can remind, record that they saw
the original document (only the date and who: no copy is ever stored), or take the minors'
audiences off a profile until the VOG is renewed. Sessions with minors that a lapsed VOG no
longer covers are refused by the booking guard and listed by ``safeguarding.sessions_at_risk``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peermatch import dutch_calendar
from peermatch.matching.types import MINOR_AUDIENCES
from peermatch.models import PeerExpertProfile, User
from peermatch.models.enums import ProfileStatus
from peermatch.services import audit, notifications
from peermatch.services.disclosure import needs_vog, vog_valid_until
from peermatch.services.errors import InvalidInput
from peermatch.services.expiry import REMINDER_DAYS, coordinators_by_org, reminder_threshold
from peermatch.services.outbox import queue_email
from peermatch.services.profiles.access import PROFILE_PATH
from peermatch.services.profiles.coordinator import profile_for_coordinator
from peermatch.services.vog_state import restore_audiences

VOG_PAGE = "/verification/vog"

__all__ = [
    "REMINDER_DAYS",
    "ReminderRun",
    "queue_expiry_reminders",
    "record_original_seen",
    "remind",
    "reminder_threshold",
    "suspend_minors",
]


def _audit(
    session: Session,
    action: str,
    profile: PeerExpertProfile,
    actor: User | None,
    origin: audit.Origin,
) -> None:
    audit.record(
        session,
        action,
        actor_id=actor.id if actor is not None else None,
        origin=origin,
        subject_type="profile",
        subject_id=profile.id,
        details={},
    )


def remind(
    session: Session, coordinator: User, profile_id: int, *, now: dt.datetime, origin: audit.Origin
) -> PeerExpertProfile:
    """A coordinator asks the peer expert to renew (or hand in) their VOG."""
    profile = profile_for_coordinator(session, coordinator, profile_id)
    until = vog_valid_until(profile.vog_date)
    queue_email(
        session,
        user=profile.user,
        kind="vog_reminder",
        now=now,
        link=PROFILE_PATH,
        params={"valid_until": until.isoformat() if until else None, "from_coordinator": True},
    )
    notifications.notify(
        session,
        profile.user_id,
        "vog.notice.reminder",
        now=now,
        link=PROFILE_PATH,
    )
    _audit(session, "vog.reminded", profile, coordinator, origin)
    return profile


def record_original_seen(
    session: Session,
    coordinator: User,
    profile_id: int,
    *,
    issued_on: dt.date,
    now: dt.datetime,
    origin: audit.Origin,
) -> PeerExpertProfile:
    """The coordinator saw the original certificate, issued on ``issued_on``.

    The issue date becomes the profile's VOG date; a VOG valid today gives back the minors'
    audiences that were set aside. No copy of the document is kept, only when and by whom.
    """
    profile = profile_for_coordinator(session, coordinator, profile_id)
    today = dutch_calendar.dutch_date(now)
    if issued_on > today:
        raise InvalidInput("vog.error.issued_in_future")
    until = vog_valid_until(issued_on)
    if until is None or until < today:
        raise InvalidInput("vog.error.too_old")
    profile.vog_date = issued_on
    profile.vog_seen_at = now
    profile.vog_seen_by_id = coordinator.id
    restored = restore_audiences(profile)
    session.flush()
    _audit(session, "vog.original_seen", profile, coordinator, origin)
    if restored:
        _audit(session, "vog.minors_restored", profile, coordinator, origin)
        notifications.notify(
            session, profile.user_id, "vog.notice.minors_restored", now=now, link=PROFILE_PATH
        )
    return profile


def suspend_minors(
    session: Session, coordinator: User, profile_id: int, *, now: dt.datetime, origin: audit.Origin
) -> PeerExpertProfile:
    """Take the minors' audiences off a profile until its VOG is renewed.

    The rest of the profile stays active: the peer expert keeps meeting young adults.
    """
    profile = profile_for_coordinator(session, coordinator, profile_id)
    minors = [a for a in profile.audiences if a in MINOR_AUDIENCES]
    if not minors:
        raise InvalidInput("vog.error.no_minor_audiences")
    if len(minors) == len(profile.audiences):
        # Nobody left to meet: pausing is the peer expert's or a coordinator's other choice.
        raise InvalidInput("vog.error.only_minor_audiences")
    profile.suspended_audiences = sorted(set(profile.suspended_audiences) | set(minors))
    profile.audiences = [a for a in profile.audiences if a not in MINOR_AUDIENCES]
    profile.minors_suspended_at = now
    session.flush()
    _audit(session, "vog.minors_suspended", profile, coordinator, origin)
    notifications.notify(
        session, profile.user_id, "vog.notice.minors_suspended", now=now, link=PROFILE_PATH
    )
    queue_email(session, user=profile.user, kind="vog_minors_suspended", now=now, link=PROFILE_PATH)
    return profile


@dataclass(frozen=True, slots=True)
class ReminderRun:
    peer_experts: int
    coordinators: int


def queue_expiry_reminders(session: Session, *, now: dt.datetime) -> ReminderRun:
    """The scheduled reminders: once per profile, VOG and threshold (the outbox's dedupe key).

    Peer experts who meet minors (or have set minors aside) are reminded; on expiry their
    coordinators hear too, with a link to the page listing the sessions it affects.
    """
    today = dutch_calendar.dutch_date(now)
    horizon = today + dt.timedelta(days=REMINDER_DAYS[0])
    profiles = session.scalars(
        select(PeerExpertProfile)
        .where(
            PeerExpertProfile.status.in_((ProfileStatus.ACTIVE, ProfileStatus.PAUSED)),
            PeerExpertProfile.vog_date.is_not(None),
        )
        .options(selectinload(PeerExpertProfile.user))
        .order_by(PeerExpertProfile.id)
    )
    peers = coordinators = 0
    due: list[tuple[PeerExpertProfile, dt.date, int]] = []
    for profile in profiles:
        until = vog_valid_until(profile.vog_date)
        if until is None or until > horizon:
            continue
        if not needs_vog(list(profile.audiences) + list(profile.suspended_audiences)):
            continue
        threshold = reminder_threshold(until, today)
        if threshold is not None:
            due.append((profile, until, threshold))
    org_ids = {p.organisation_id for p, _, _ in due if p.organisation_id is not None}
    staff = coordinators_by_org(session, org_ids)
    for profile, until, threshold in due:
        key = f"vog:{profile.id}:{profile.vog_date}:{threshold}"
        params = {"valid_until": until.isoformat(), "days": threshold, "from_coordinator": False}
        if queue_email(
            session,
            user=profile.user,
            kind="vog_reminder",
            now=now,
            link=PROFILE_PATH,
            params=params,
            dedupe_key=key,
        ):
            peers += 1
        for coordinator in staff.get(profile.organisation_id or 0, []):
            if queue_email(
                session,
                user=coordinator,
                kind="vog_expiry_coordinator",
                now=now,
                link=VOG_PAGE,
                params={**params, "peer_name": profile.user.display_name},
                dedupe_key=f"{key}:c{coordinator.id}",
            ):
                coordinators += 1
    return ReminderRun(peers, coordinators)
