"""Which emails a person gets: a few groups they may switch off; the rest always goes out.

Only kinds listed in :data:`OPTIONAL_GROUPS` can be switched off. Everything else —
account security, password reset, address verification, guardian consent, changes to a
session, safeguarding, and any kind added later — is always sent, so forgetting to
classify a new kind can never silence an email that matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from peermatch.models import EmailOptOut, User
from peermatch.services import audit
from peermatch.services.errors import InvalidInput

#: group -> the email kinds it holds. The groups' names are part of the API.
OPTIONAL_GROUPS: Mapping[str, frozenset[str]] = {
    "reminders": frozenset({"session_reminder", "intervision_reminder"}),
    "match_news": frozenset({"match_asked", "match_news"}),
    "profile_news": frozenset({"profile_verified", "profile_changes_requested"}),
}
GROUPS: tuple[str, ...] = tuple(OPTIONAL_GROUPS)
_GROUP_OF_KIND = {kind: group for group, kinds in OPTIONAL_GROUPS.items() for kind in kinds}


def group_of(kind: str) -> str | None:
    """The optional group of an email kind, or None: always sent."""
    return _GROUP_OF_KIND.get(kind)


def opted_out(session: Session, user: User) -> frozenset[str]:
    return frozenset(
        session.scalars(select(EmailOptOut.group).where(EmailOptOut.user_id == user.id))
    )


def allows(session: Session, user: User, kind: str) -> bool:
    """Whether ``user`` wants emails of ``kind`` (the outbox asks at queue time)."""
    group = group_of(kind)
    if group is None:
        return True
    found = session.get(EmailOptOut, (user.id, group))
    return found is None


def settings(session: Session, user: User) -> dict[str, bool]:
    """Every optional group with True when its emails are sent."""
    off = opted_out(session, user)
    return {group: group not in off for group in GROUPS}


def update(
    session: Session,
    user: User,
    wanted: Mapping[str, bool] | Iterable[tuple[str, bool]],
    *,
    now: dt.datetime,
    origin: audit.Origin,
) -> dict[str, bool]:
    """Switch groups on or off; groups not named keep their setting."""
    changes = dict(wanted)
    unknown = sorted(set(changes) - set(GROUPS))
    if unknown:
        raise InvalidInput("email_settings.error.unknown_group", group=unknown[0])
    before = opted_out(session, user)
    for group, on in changes.items():
        if on and group in before:
            session.execute(
                delete(EmailOptOut).where(
                    EmailOptOut.user_id == user.id, EmailOptOut.group == group
                )
            )
        elif not on and group not in before:
            session.add(EmailOptOut(user_id=user.id, group=group, created_at=now))
    session.flush()
    after = settings(session, user)
    if {g for g, on in after.items() if not on} != before:
        audit.record(
            session,
            "account.email_settings_changed",
            actor_id=user.id,
            origin=origin,
            subject_type="user",
            subject_id=user.id,
            details={"off": sorted(g for g, on in after.items() if not on)},
            at=now,
        )
    return after
