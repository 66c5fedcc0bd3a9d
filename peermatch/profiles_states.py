"""The profile status machine as a table: pure, so every transition is easy to read and test.

Who may do what is part of the table, so a coordinator can never "pause" someone and a
peer expert can never verify themselves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from peermatch.models.enums import ProfileStatus

S = ProfileStatus


class ProfileAction(StrEnum):
    SUBMIT = "submit"
    VERIFY = "verify"
    REQUEST_CHANGES = "request_changes"
    PAUSE = "pause"
    RESUME = "resume"
    RETIRE = "retire"
    # Credentials (training, VOG) of a verified profile changed: a coordinator must look again.
    CREDENTIALS_CHANGED = "credentials_changed"


class Actor(StrEnum):
    PEER_EXPERT = "peer_expert"
    COORDINATOR = "coordinator"


A = ProfileAction
PEER: Final = frozenset({Actor.PEER_EXPERT})
COORD: Final = frozenset({Actor.COORDINATOR})
BOTH: Final = PEER | COORD

#: (from, action) -> (to, who may do it). Anything not listed is refused.
TRANSITIONS: Final[
    dict[tuple[ProfileStatus, ProfileAction], tuple[ProfileStatus, frozenset[Actor]]]
] = {
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, PEER),
    (S.CHANGES_REQUESTED, A.SUBMIT): (S.SUBMITTED, PEER),
    (S.SUBMITTED, A.VERIFY): (S.ACTIVE, COORD),
    (S.SUBMITTED, A.REQUEST_CHANGES): (S.CHANGES_REQUESTED, COORD),
    (S.ACTIVE, A.PAUSE): (S.PAUSED, PEER),
    (S.PAUSED, A.RESUME): (S.ACTIVE, PEER),
    (S.ACTIVE, A.CREDENTIALS_CHANGED): (S.SUBMITTED, PEER),
    (S.PAUSED, A.CREDENTIALS_CHANGED): (S.SUBMITTED, PEER),
    **{(status, A.RETIRE): (S.RETIRED, BOTH) for status in S if status is not S.RETIRED},
}


def next_status(
    current: ProfileStatus, action: ProfileAction, actor: Actor
) -> ProfileStatus | None:
    """The status after ``action``, or None when this actor may not do it from here."""
    found = TRANSITIONS.get((current, action))
    if found is None or actor not in found[1]:
        return None
    return found[0]


def allowed_actions(current: ProfileStatus, actor: Actor) -> frozenset[ProfileAction]:
    return frozenset(
        action
        for (status, action), (_to, actors) in TRANSITIONS.items()
        if status is current and actor in actors and action is not A.CREDENTIALS_CHANGED
    )
