"""Builders for contact-request tests (kept here so other features' factories stay small)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, MatchProposal, PeerExpertProfile, User
from peermatch.models.enums import Importance, ProposalStatus, Role
from peermatch.services import requests as svc
from peermatch.services.audit import Origin
from tests.factories import domain, make_user
from tests.outbox import render_queued

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
ORIGIN = Origin(ip_address="127.0.0.1", channel="test")


def birth_year_for_age(age: int, now: dt.datetime = NOW) -> int:
    """A birth year whose younger possible age (the one the rules use) is ``age``."""
    return now.year - age - 1


def youth_of_age(session: Session, age: int, **kw: Any) -> User:
    return make_user(session, Role.YOUTH, birth_year=birth_year_for_age(age), **kw)


def complete_input(session: Session, **overrides: Any) -> svc.YouthRequestInput:
    values: dict[str, Any] = {
        "domains": (
            svc.DomainChoice(domain(session, "anxiety").id, Importance.MOST),
            svc.DomainChoice(domain(session, "mental-health").id, Importance.ALSO),
        ),
        "own_words": "Ik slaap slecht sinds de verhuizing.",
        "hopes": ("few_talks",),
        "languages": ("nl",),
        "modes": ("video",),
        "weekly": (svc.WeeklyPart(2, "evening"),),
    }
    values.update(overrides)
    return svc.YouthRequestInput(**values)


def draft_for(session: Session, youth: User, **overrides: Any) -> ContactRequest:
    return svc.save_youth_draft(
        session, youth, complete_input(session, **overrides), now=NOW, origin=ORIGIN
    )


def submitted_for(
    app: Flask,
    session: Session,
    youth: User,
    guardian: svc.GuardianContact | None = None,
    **overrides: Any,
) -> ContactRequest:
    """Submitted without an app context (services need none); queued emails are rendered
    as the sender would, so tests can read them."""
    request = draft_for(session, youth, **overrides)
    submitted = svc.submit(session, request, youth, now=NOW, origin=ORIGIN, guardian=guardian)
    render_queued(app, session)
    return submitted


def add_proposal(
    session: Session,
    request: ContactRequest,
    profile: PeerExpertProfile,
    status: ProposalStatus = ProposalStatus.CHOSEN,
) -> MatchProposal:
    proposal = MatchProposal(request_id=request.id, profile_id=profile.id, status=status)
    session.add(proposal)
    session.flush()
    return proposal
