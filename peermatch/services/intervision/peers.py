"""Peer experts by their profile id, as the API names them (``/api/v1`` speaks of profiles
everywhere: matches, candidates), while an invitation belongs to the peer expert's account.

The translation is one statement either way, so lists stay a fixed number of statements;
an unknown profile id is the caller's input error, refused before anything changes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import PeerExpertProfile, User
from peermatch.services.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class PeerCard:
    """What a coordinator's list shows of one invited peer expert."""

    user_id: int
    profile_id: int | None
    name: str


def user_ids_for_profiles(
    session: Session, profile_ids: Sequence[int], *, unknown: str
) -> dict[int, int]:
    """The account behind each of these profiles (profile id -> user id, in the order
    given); ``unknown`` is the key of the refusal when a profile does not exist (whether
    it may take part is the use case's own rule, checked after this)."""
    wanted = list(dict.fromkeys(profile_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(PeerExpertProfile.id, PeerExpertProfile.user_id).where(
            PeerExpertProfile.id.in_(wanted)
        )
    )
    found: dict[int, int] = dict(rows.all())
    if any(pid not in found for pid in wanted):
        raise InvalidInput(unknown)
    return {pid: found[pid] for pid in wanted}


def peer_cards(session: Session, user_ids: Collection[int]) -> dict[int, PeerCard]:
    """Name and profile id per account (one statement, however many people)."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(User.id, PeerExpertProfile.id, User.display_name)
        .outerjoin(PeerExpertProfile, PeerExpertProfile.user_id == User.id)
        .where(User.id.in_(sorted(set(user_ids))))
    )
    return {uid: PeerCard(uid, pid, name) for uid, pid, name in rows}
