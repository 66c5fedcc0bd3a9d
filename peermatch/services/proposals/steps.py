"""The one step function every proposal transition goes through."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from peermatch.lifecycles import Refusal
from peermatch.lifecycles.proposals import (
    ProposalAction,
    ProposalActor,
    ProposalFacts,
    next_state,
)
from peermatch.models import MatchProposal
from peermatch.services import audit
from peermatch.services.errors import from_refusal
from peermatch.services.proposals.access import OPEN, S


def _step(
    session: Session,
    proposal: MatchProposal,
    action: ProposalAction,
    actor: ProposalActor,
    *,
    actor_id: int | None,
    now: dt.datetime,
    origin: audit.Origin,
    details: dict[str, Any] | None = None,
) -> None:
    """Ask the lifecycle core, then persist its answer; audited with the clock's time."""
    before = proposal.status
    try:
        after = next_state(
            before, action, actor, now=now, facts=ProposalFacts(respond_by=proposal.respond_by)
        )
    except Refusal as err:
        raise from_refusal(err) from err
    proposal.status = after
    proposal.updated_at = now
    if proposal.status not in OPEN and proposal.status is not S.APPROVED:
        proposal.closed_at = now
    event = audit.record(
        session,
        f"match.{action.value}",
        actor_id=actor_id,
        origin=origin,
        subject_type="match_proposal",
        subject_id=proposal.id,
        details={"from": before.value, "to": proposal.status.value, **(details or {})},
    )
    event.at = now
    session.flush()
