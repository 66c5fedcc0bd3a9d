"""The one step function every proposal transition goes through."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import MatchProposal
from peermatch.services import audit
from peermatch.services.errors import Conflict
from peermatch.services.proposals.access import OPEN, TRANSITIONS, S


def _step(
    session: Session,
    proposal: MatchProposal,
    action: str,
    *,
    actor_id: int | None,
    now: dt.datetime,
    origin: audit.Origin,
    details: dict[str, Any] | None = None,
) -> None:
    """Move along the transition table or refuse; audited with the clock's time."""
    allowed = TRANSITIONS[action]
    before = proposal.status
    if before not in allowed:
        raise Conflict(f"match.error.cannot_{action}", status=before.value)
    proposal.status = allowed[before]
    proposal.updated_at = now
    if proposal.status not in OPEN and proposal.status is not S.APPROVED:
        proposal.closed_at = now
    event = audit.record(
        session,
        f"match.{action}",
        actor_id=actor_id,
        origin=origin,
        subject_type="match_proposal",
        subject_id=proposal.id,
        details={"from": before.value, "to": proposal.status.value, **(details or {})},
    )
    event.at = now
    session.flush()
