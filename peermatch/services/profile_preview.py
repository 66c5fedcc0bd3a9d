"""What others see of a profile, built only from ``disclosure`` (never a second rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from peermatch.models import PeerExpertProfile, ProfileDomain
from peermatch.models.enums import Audience, DomainEntryStatus
from peermatch.services import disclosure

PreviewViewer = Literal["youth_12_15", "youth_16_17", "adult_18_plus", "team", "coordinator"]
PREVIEW_VIEWERS: tuple[PreviewViewer, ...] = (
    "youth_12_15",
    "youth_16_17",
    "adult_18_plus",
    "team",
    "coordinator",
)


@dataclass(frozen=True, slots=True)
class PreviewEntry:
    entry: ProfileDomain
    before_match: str | None  # what a candidate viewer reads
    after_match: str | None  # what a matched person (or a coordinator) reads


@dataclass(frozen=True, slots=True)
class Preview:
    viewer: PreviewViewer
    reachable: bool  # False: this group is not among the profile's audiences
    entries: list[PreviewEntry]


def build_preview(profile: PeerExpertProfile, viewer: PreviewViewer) -> Preview:
    if viewer == "coordinator":
        entries = [
            PreviewEntry(
                e,
                disclosure.visible_share_text(e, viewer_kind="coordinator"),
                disclosure.visible_share_text(e, viewer_kind="coordinator"),
            )
            for e in profile.domains
            if e.status is not DomainEntryStatus.WITHDRAWN
        ]
        return Preview(viewer, True, entries)
    audience = Audience(viewer)
    usable = disclosure.usable_entries(profile, audience)
    return Preview(
        viewer,
        audience.value in profile.audiences,
        [
            PreviewEntry(
                e,
                disclosure.visible_share_text(e, viewer_kind="candidate_viewer", audience=audience),
                disclosure.visible_share_text(e, viewer_kind="matched", audience=audience),
            )
            for e in usable
        ],
    )
