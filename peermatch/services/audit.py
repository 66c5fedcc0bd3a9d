"""Writing audit events. Services call this; the web layer supplies where a request came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import AuditEvent


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an action came from: an HTTP request, the CLI, or the system itself."""

    ip_address: str | None = None
    user_agent: str | None = None
    channel: str = "web"
    extra: dict[str, Any] = field(default_factory=dict)
    #: the page or API endpoint (the access log's "why"); not copied into audit details
    endpoint: str | None = None


SYSTEM = Origin(channel="system")
CLI = Origin(channel="cli")


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    origin: Origin = SYSTEM,
    subject_type: str | None = None,
    subject_id: int | None = None,
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """``at`` is the service's clock (so timelines follow it in tests); default: now."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        subject_type=subject_type,
        subject_id=subject_id,
        ip_address=origin.ip_address,
        user_agent=(origin.user_agent or "")[:255] or None,
        details={"channel": origin.channel, **origin.extra, **(details or {})},
    )
    if at is not None:
        event.at = at
    session.add(event)
    session.flush()
    return event
