"""Reminders the day before an intervision meeting, run with the sessions' reminders.

Idempotent like those: the dedupe key holds the meeting, the person and the start time, so
a second run queues nothing and a moved meeting gets a fresh reminder. Declined
invitations, cancelled meetings and deactivated accounts get none.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peermatch.models import Intervision, IntervisionParticipant
from peermatch.services.intervision.emails import queue_reminder


def queue_intervision_reminders(session: Session, *, now: dt.datetime, hours: int = 24) -> int:
    """Queue one reminder per invited peer expert of every meeting starting within
    ``hours``; returns how many were queued. Flushes only; the caller commits."""
    meetings = session.scalars(
        select(Intervision)
        .where(
            Intervision.cancelled_at.is_(None),
            Intervision.starts_at > now,
            Intervision.starts_at <= now + dt.timedelta(hours=hours),
        )
        .options(selectinload(Intervision.participants).selectinload(IntervisionParticipant.user))
        .order_by(Intervision.starts_at, Intervision.id)
    ).all()
    queued = 0
    for meeting in meetings:
        for participant in meeting.participants:
            if participant.response == "declined" or not participant.user.is_active:
                continue
            if queue_reminder(session, meeting, participant.user, now=now) is not None:
                queued += 1
    session.flush()
    return queued
