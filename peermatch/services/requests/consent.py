"""Guardian consent for youths under the consent age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret
from peermatch.models import ContactRequest
from peermatch.models.enums import RequestStatus
from peermatch.services import audit, safeguarding
from peermatch.services.errors import Conflict, NotFound


class ConsentState(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class ConsentView:
    """What a guardian sees: plain facts, nothing about what the youth wants to talk about."""

    request: ContactRequest
    state: ConsentState
    youth_name: str
    guardian_name: str | None
    modes: list[str]
    expires_at: dt.datetime | None


def _by_token(session: Session, token: str) -> ContactRequest:
    if not token or len(token) > 200:
        raise NotFound("request.error.consent_link_invalid")
    request = session.scalar(
        select(ContactRequest).where(ContactRequest.guardian_token_hash == hash_secret(token))
    )
    if request is None:
        raise NotFound("request.error.consent_link_invalid")
    return request


def consent_view(session: Session, token: str, *, now: dt.datetime) -> ConsentView:
    request = _by_token(session, token)
    if request.guardian_consented_at is not None:
        state = ConsentState.CONFIRMED
    elif request.status is not RequestStatus.AWAITING_CONSENT or (
        request.expires_at is not None and request.expires_at <= now
    ):
        state = ConsentState.EXPIRED
    else:
        state = ConsentState.PENDING
    return ConsentView(
        request=request,
        state=state,
        youth_name=request.requester.display_name,
        guardian_name=request.guardian_name,
        modes=list(request.modes),
        expires_at=request.expires_at,
    )


def confirm_guardian_consent(
    session: Session,
    token: str,
    *,
    now: dt.datetime,
    origin: audit.Origin,
    stated_name: str | None = None,
    relation: str | None = None,
) -> ContactRequest:
    """The guardian states their name and relation to the youth, recorded with the consent."""
    view = consent_view(session, token, now=now)
    if view.state is ConsentState.CONFIRMED:
        raise Conflict("request.error.consent_already_given")
    if view.state is ConsentState.EXPIRED:
        raise Conflict("request.error.consent_link_expired")
    stated_name, relation = safeguarding.guardian_statement(stated_name, relation)
    request = view.request
    request.guardian_consent_name = stated_name
    request.guardian_consent_relation = relation
    request.guardian_consented_at = now
    request.status = RequestStatus.OPEN
    request.expires_at = None
    request.updated_at = now
    session.flush()
    audit.record(
        session,
        "request.guardian_consented",
        actor_id=None,
        origin=origin,
        subject_type="contact_request",
        subject_id=request.id,
    )
    return request
