"""Team sessions: a clinician team may invite several peer experts, and each answers for
themselves.

Rule chosen: a team session is ready to confirm when every peer expert still invited has
accepted. A decline removes that peer expert from the session (they are not waited for and
are not booked); if everyone declines there is nobody left to meet and the session should be
cancelled. The service then applies ``accept_time`` for the last acceptance, so the
organisation's approval policy still applies.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from peermatch.booking.errors import BookingTransitionError
from peermatch.lifecycles.errors import ErrorKind


class ParticipantResponse(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class TeamOutcome(StrEnum):
    WAITING = "waiting"  # someone still has to answer
    READY = "ready"  # every remaining peer expert accepted: confirm (or hold) the session
    NOBODY_LEFT = "nobody_left"  # all declined: cancel the session


@dataclass(frozen=True, slots=True)
class Invitation:
    peer_expert_id: Hashable
    response: ParticipantResponse = ParticipantResponse.PENDING


def invite(peer_expert_ids: Sequence[Hashable]) -> tuple[Invitation, ...]:
    if not peer_expert_ids:
        raise BookingTransitionError("booking.error.no_peer_experts")
    if len(set(peer_expert_ids)) != len(peer_expert_ids):
        raise BookingTransitionError("booking.error.duplicate_peer_experts")
    return tuple(Invitation(pid) for pid in peer_expert_ids)


def respond(
    invitations: Sequence[Invitation], peer_expert_id: Hashable, response: ParticipantResponse
) -> tuple[Invitation, ...]:
    """One answer per peer expert: changing one's mind after answering is a cancellation of
    the session, not a new answer."""
    if response is ParticipantResponse.PENDING:
        raise BookingTransitionError("booking.error.response_required", kind=ErrorKind.INPUT)
    found = False
    result: list[Invitation] = []
    for inv in invitations:
        if inv.peer_expert_id == peer_expert_id:
            if inv.response is not ParticipantResponse.PENDING:
                raise BookingTransitionError("booking.error.already_responded")
            found = True
            inv = replace(inv, response=response)
        result.append(inv)
    if not found:
        raise BookingTransitionError("booking.error.not_invited")
    return tuple(result)


def team_outcome(invitations: Sequence[Invitation]) -> TeamOutcome:
    remaining = [i for i in invitations if i.response is not ParticipantResponse.DECLINED]
    if not remaining:
        return TeamOutcome.NOBODY_LEFT
    if all(i.response is ParticipantResponse.ACCEPTED for i in remaining):
        return TeamOutcome.READY
    return TeamOutcome.WAITING


def attending_peer_experts(invitations: Sequence[Invitation]) -> tuple[Hashable, ...]:
    """Who is booked (and thus guarded by the overlap rule) once the session is active."""
    return tuple(
        i.peer_expert_id for i in invitations if i.response is ParticipantResponse.ACCEPTED
    )
