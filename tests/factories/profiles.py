"""Builders for profile tests: a draft that is complete enough to submit, and entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import Organisation, PeerExpertProfile, ProfileDomain
from peermatch.models.enums import (
    DomainEntryStatus,
    DomainVisibility,
    ProfileStatus,
    TrainingStatus,
)
from tests.factories.people import domain, make_peer_expert

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def add_entry(
    session: Session,
    profile: PeerExpertProfile,
    slug: str = "anxiety",
    *,
    text: str | None = "Wat mij hielp was ademhalen.",
    visibility: DomainVisibility = DomainVisibility.CANDIDATE_VIEWERS,
    audiences: list[str] | None = None,
    ready: bool = True,
    status: DomainEntryStatus = DomainEntryStatus.ACTIVE,
) -> ProfileDomain:
    entry = ProfileDomain(
        domain=domain(session, slug),
        share_text=text,
        visibility=visibility,
        audiences=list(profile.audiences) if audiences is None else audiences,
        ready_to_share=ready,
        status=status,
    )
    profile.domains.append(entry)
    session.flush()
    return entry


def complete_draft(
    session: Session,
    org: Organisation | None = None,
    *,
    status: ProfileStatus = ProfileStatus.DRAFT,
    **kw: Any,
) -> PeerExpertProfile:
    """A profile with every onboarding step done, in ``status``."""
    profile = make_peer_expert(
        session,
        org,
        status=status,
        onboarding_step=7,
        introduction="Ik ben ervaringsdeskundige.",
        training_status=TrainingStatus.COMPLETED,
        training_year=2024,
        vog_date=kw.pop("vog_date", dt.date(2026, 1, 1)),
        **kw,
    )
    add_entry(session, profile)
    return profile
