"""THE visibility rule for a peer expert's experience domains, used everywhere.

Matching cards, previews, coordinator pages and the API all ask these functions; nobody
else decides who may read a peer expert's own words. They are pure functions on loaded
model objects (no queries), so the rule can be tested exhaustively.

The rule, in plain words:
- An entry is *usable* for an audience only when it is active, the peer expert marked it
  ready to share, and both the profile and the entry are opened for that audience. A
  domain that is not usable for an audience is never revealed to it, not even its name.
- ``candidate_viewers`` text is shown to people of a usable audience who look at
  candidates; ``after_match`` text only once they are matched; ``coordinators_only`` text
  never to youths or teams.
- Coordinators see every text that was not withdrawn; the peer expert always sees their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, Protocol

from peermatch.matching.types import MINOR_AUDIENCES
from peermatch.models import PeerExpertProfile, ProfileDomain
from peermatch.models.enums import Audience, DomainEntryStatus, DomainVisibility

ViewerKind = Literal["candidate_viewer", "matched", "coordinator", "self"]
VIEWER_KINDS: tuple[ViewerKind, ...] = ("candidate_viewer", "matched", "coordinator", "self")

VOG_VALID_YEARS = 3

_VISIBLE_TO: dict[ViewerKind, frozenset[DomainVisibility]] = {
    "candidate_viewer": frozenset({DomainVisibility.CANDIDATE_VIEWERS}),
    "matched": frozenset({DomainVisibility.CANDIDATE_VIEWERS, DomainVisibility.AFTER_MATCH}),
}


def audience_for_age(age: int | None, is_team: bool) -> Audience:
    """The audience a requester belongs to. An unknown age counts as the youngest group,
    so a missing birth year can only ever show less, never more."""
    if is_team:
        return Audience.TEAM
    if age is None or age <= 15:
        return Audience.YOUTH_12_15
    if age <= 17:
        return Audience.YOUTH_16_17
    return Audience.ADULT_18_PLUS


class EntryFacts(Protocol):
    """The columns of a ``ProfileDomain`` the usability rule reads: a loaded entry, or a
    plain row of those columns (matching reads a thousand profiles without ORM objects)."""

    @property
    def status(self) -> DomainEntryStatus: ...
    @property
    def ready_to_share(self) -> bool: ...
    @property
    def audiences(self) -> list[str]: ...


def entry_usable(entry: EntryFacts, audience: Audience, profile_audiences: Sequence[str]) -> bool:
    return (
        entry.status is DomainEntryStatus.ACTIVE
        and entry.ready_to_share
        and audience.value in entry.audiences
        and audience.value in profile_audiences
    )


def usable_entries(profile: PeerExpertProfile, audience: Audience) -> list[ProfileDomain]:
    """Entries that may be used for matching and shown (by name) to ``audience``."""
    return [e for e in profile.domains if entry_usable(e, audience, profile.audiences)]


def visible_share_text(
    entry: ProfileDomain,
    *,
    viewer_kind: ViewerKind,
    audience: Audience | None = None,
) -> str | None:
    """The entry's own words if this viewer may read them, else None.

    ``audience`` is required for ``candidate_viewer`` and ``matched`` (the youth's age
    group or team): without it we cannot know whether the domain was opened for them.
    """
    text = entry.share_text or None
    if text is None or entry.status is DomainEntryStatus.WITHDRAWN:
        return None
    if viewer_kind in ("self", "coordinator"):
        return text
    if audience is None:
        raise ValueError(f"viewer_kind {viewer_kind!r} needs an audience")
    if not entry_usable(entry, audience, entry.profile.audiences):
        return None
    return text if entry.visibility in _VISIBLE_TO[viewer_kind] else None


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the day before 1 March counts, never a day longer
        return day.replace(year=day.year + years, day=28)


def vog_valid_until(vog_date: dt.date | None) -> dt.date | None:
    """A VOG older than three years counts as expired: valid up to and including this day."""
    if vog_date is None:
        return None
    return add_years(vog_date, VOG_VALID_YEARS)


def vog_valid_on(profile: PeerExpertProfile, day: dt.date) -> bool:
    until = vog_valid_until(profile.vog_date)
    return until is not None and profile.vog_date is not None and profile.vog_date <= day <= until


def needs_vog(audiences: list[str]) -> bool:
    """Work with minors needs a valid certificate of conduct."""
    return any(a in MINOR_AUDIENCES for a in audiences)
