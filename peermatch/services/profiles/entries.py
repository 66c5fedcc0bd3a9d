"""Experience entries: adding, editing and changing their status."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from peermatch.models import ExperienceDomain, PeerExpertProfile, ProfileDomain, User
from peermatch.models.enums import DomainEntryStatus, DomainVisibility
from peermatch.services import audit, taxonomy
from peermatch.services.errors import Conflict, InvalidInput, NotFound
from peermatch.services.profiles.access import MAX_TEXT, _audit, _ensure_editable


@dataclass(frozen=True, slots=True)
class DomainEntryInput:
    share_text: str | None
    visibility: DomainVisibility
    audiences: list[str]
    ready_to_share: bool
    domain_id: int | None = None  # only when adding


def _check_entry(
    profile: PeerExpertProfile, data: DomainEntryInput
) -> tuple[str | None, list[str]]:
    text = (data.share_text or "").strip() or None
    if text is not None and len(text) > MAX_TEXT:
        raise InvalidInput("profile.error.text_long", max=MAX_TEXT)
    if not profile.audiences:
        raise InvalidInput("profile.error.audiences_first")
    wanted = set(data.audiences)
    if not wanted:
        raise InvalidInput("profile.error.entry_audiences")
    if not wanted <= set(profile.audiences):
        raise InvalidInput("profile.error.entry_audiences_outside")
    return text, [a for a in profile.audiences if a in wanted]


def own_entry(session: Session, profile: PeerExpertProfile, entry_id: int) -> ProfileDomain:
    entry = session.get(ProfileDomain, entry_id)
    if entry is None or entry.profile_id != profile.id:
        raise NotFound("profile.error.entry_not_found")
    return entry


def add_entry(
    session: Session,
    profile: PeerExpertProfile,
    data: DomainEntryInput,
    *,
    actor: User,
    origin: audit.Origin,
) -> ProfileDomain:
    _ensure_editable(profile)
    domain = session.get(ExperienceDomain, data.domain_id) if data.domain_id else None
    if domain is None:
        raise InvalidInput("profile.error.domain_unknown")
    kept = [e.domain_id for e in profile.domains if e.status is not DomainEntryStatus.WITHDRAWN]
    taxonomy.check_choosable(session, [domain.id], kept=kept)
    text, audiences = _check_entry(profile, data)
    entry = next((e for e in profile.domains if e.domain_id == domain.id), None)
    if entry is not None and entry.status is not DomainEntryStatus.WITHDRAWN:
        raise Conflict("profile.error.domain_exists")
    if entry is None:
        entry = ProfileDomain(domain_id=domain.id, domain=domain)
        profile.domains.append(entry)
    entry.share_text = text
    entry.visibility = data.visibility
    entry.audiences = audiences
    entry.ready_to_share = data.ready_to_share
    entry.status = DomainEntryStatus.ACTIVE
    session.flush()
    _audit(session, "profile.domain_added", profile, actor, origin, domain_id=domain.id)
    return entry


def update_entry(
    session: Session,
    entry: ProfileDomain,
    data: DomainEntryInput,
    *,
    actor: User,
    origin: audit.Origin,
) -> None:
    profile = entry.profile
    _ensure_editable(profile)
    if entry.status is DomainEntryStatus.WITHDRAWN:
        raise Conflict("profile.error.entry_withdrawn")
    text, audiences = _check_entry(profile, data)
    entry.share_text = text
    entry.visibility = data.visibility
    entry.audiences = audiences
    entry.ready_to_share = data.ready_to_share
    session.flush()
    _audit(session, "profile.domain_updated", profile, actor, origin, entry_id=entry.id)


_ENTRY_MOVES: dict[str, tuple[frozenset[DomainEntryStatus], DomainEntryStatus]] = {
    "pause": (frozenset({DomainEntryStatus.ACTIVE}), DomainEntryStatus.PAUSED),
    "resume": (frozenset({DomainEntryStatus.PAUSED}), DomainEntryStatus.ACTIVE),
    "withdraw": (
        frozenset({DomainEntryStatus.ACTIVE, DomainEntryStatus.PAUSED}),
        DomainEntryStatus.WITHDRAWN,
    ),
}


def change_entry_status(
    session: Session, entry: ProfileDomain, move: str, *, actor: User, origin: audit.Origin
) -> None:
    """Pause, resume or withdraw an entry. Withdrawing deletes the peer expert's words."""
    profile = entry.profile
    _ensure_editable(profile)
    allowed_from, to = _ENTRY_MOVES[move]
    if entry.status not in allowed_from:
        raise Conflict(f"profile.error.entry_cannot_{move}")
    entry.status = to
    if to is DomainEntryStatus.WITHDRAWN:
        entry.share_text = None
        entry.ready_to_share = False
    session.flush()
    done = {"pause": "paused", "resume": "resumed", "withdraw": "withdrawn"}[move]
    _audit(session, f"profile.domain_{done}", profile, actor, origin, entry_id=entry.id)
