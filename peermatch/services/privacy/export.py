"""Everything PeerMatch holds about one person, for them (AVG art. 15 and 20).

``export_data`` builds one JSON-safe document: the API answers it as is (machine-readable,
art. 20) and the account page renders the same document as a readable page (art. 15), so
the two can never disagree. It holds the person's own data and their own words only:
other people's private texts (a youth's own words for a peer expert, a peer expert's
coordinator-only texts for a youth, other people's names and addresses) are left out, and
the people who read or changed the person's data are named by role, not by name.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from peermatch.models import (
    ApiToken,
    AuditEvent,
    Booking,
    BookingParticipant,
    ContactRequest,
    Credential,
    Feedback,
    MatchProposal,
    Notification,
    OutboxMessage,
    PeerExpertProfile,
    ProposalMessage,
    RequestDomain,
    User,
)
from peermatch.services import access_log
from peermatch.services.intervision.queries import export_rows as intervision_export

FORMAT = "peermatch-export/1"
#: The sections of the document, in the order the readable page shows them.
SECTIONS = (
    "account",
    "consents",
    "profile",
    "requests",
    "matches",
    "sessions",
    "intervision",
    "feedback_given",
    "messages",
    "notifications",
    "emails",
    "api_tokens",
    "access_events",
    "reads",
)


def _j(value: Any) -> Any:
    """JSON-safe: aware datetimes as ISO 8601 UTC, dates ISO, enums as their value."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _j(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_j(v) for v in value]
    return value


def _obj(value: dict[str, Any]) -> dict[str, Any]:
    return {key: _j(v) for key, v in value.items()}


def export_data(session: Session, user: User, now: dt.datetime) -> dict[str, Any]:
    requests = list(
        session.scalars(
            select(ContactRequest)
            .where(ContactRequest.requester_id == user.id)
            .order_by(ContactRequest.id)
        )
    )
    profile = session.scalar(select(PeerExpertProfile).where(PeerExpertProfile.user_id == user.id))
    document: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": _j(now),
        "account": _account(user),
        "consents": _consents(user, requests),
        "profile": (
            {**_profile(profile), "credentials": _credentials(session, profile)}
            if profile is not None
            else None
        ),
        "requests": [_request(session, r) for r in requests],
        "matches": _matches(session, requests, profile),
        "sessions": _sessions(session, user),
        "intervision": [_j(row) for row in intervision_export(session, user)],
        "feedback_given": _feedback(session, user),
        "messages": _messages(session, user),
        "notifications": _notifications(session, user),
        "emails": _emails(session, user),
        "api_tokens": _tokens(session, user),
        "access_events": _access_events(session, user),
        "reads": _reads(session, user),
    }
    return document


def _account(user: User) -> dict[str, Any]:
    return _obj(
        {
            "id": user.id,
            "email": user.email,
            "email_verified_at": user.email_verified_at,
            "display_name": user.display_name,
            "birth_year": user.birth_year,
            "gender": user.gender,
            "locale": user.locale,
            "time_zone": user.time_zone,
            "roles": sorted(r.value for r in user.role_names),
            "created_at": user.created_at,
            "last_login_at": user.last_login_at,
            "erasure_due_at": user.erasure_due_at,
        }
    )


def _consents(user: User, requests: list[ContactRequest]) -> list[dict[str, Any]]:
    """The privacy statement they agreed to, and guardians' consents to their requests."""
    consents: list[dict[str, Any]] = []
    if user.privacy_consent_version is not None:
        consents.append(
            {
                "kind": "privacy_statement",
                "version": user.privacy_consent_version,
                "given_at": _j(user.privacy_consent_at),
            }
        )
    for request in requests:
        if request.guardian_consented_at is not None:
            consents.append(
                {
                    "kind": "guardian_consent",
                    "request_id": request.id,
                    "given_at": _j(request.guardian_consented_at),
                    "guardian_name": request.guardian_consent_name,
                    "relation": request.guardian_consent_relation,
                }
            )
    return consents


def _credentials(session: Session, profile: PeerExpertProfile) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Credential).where(Credential.profile_id == profile.id).order_by(Credential.id)
    )
    return [
        _obj(
            {
                "kind": c.kind,
                "name": c.name,
                "obtained_on": c.obtained_on,
                "expires_on": c.expires_on,
                "status": c.status,
                "verified_at": c.verified_at,
                "seen_note": c.seen_note,
                "rejection_reason": c.rejection_reason,
            }
        )
        for c in rows
    ]


def _profile(profile: PeerExpertProfile) -> dict[str, Any]:
    return _obj(
        {
            "id": profile.id,
            "status": profile.status,
            "organisation": profile.organisation.name if profile.organisation else None,
            "pronouns": profile.pronouns,
            "gender": profile.gender,
            "languages": profile.languages,
            "modes": profile.modes,
            "audiences": profile.audiences,
            "place_id": profile.place_id,
            "max_travel_km": profile.max_travel_km,
            "introduction": profile.introduction,
            "what_helped": profile.what_helped,
            "training_status": profile.training_status,
            "training_year": profile.training_year,
            "vog_date": profile.vog_date,
            "session_lengths": profile.session_lengths,
            "meeting_details": profile.meeting_details,
            "review_message": profile.review_message,
            "submitted_at": profile.submitted_at,
            "verified_at": profile.verified_at,
            "experiences": [
                {
                    "domain": entry.domain.slug,
                    "share_text": entry.share_text,
                    "visibility": entry.visibility,
                    "audiences": entry.audiences,
                    "ready_to_share": entry.ready_to_share,
                    "status": entry.status,
                }
                for entry in profile.domains
            ],
            "availability": [
                {"weekday": r.weekday, "start": r.start_time, "end": r.end_time}
                for r in profile.availability_rules
            ],
            "availability_exceptions": [
                {
                    "kind": e.kind,
                    "start_date": e.start_date,
                    "end_date": e.end_date,
                    "start_time": e.start_time,
                    "end_time": e.end_time,
                    "note": e.note,
                }
                for e in profile.availability_exceptions
            ],
        }
    )


def _request(session: Session, request: ContactRequest) -> dict[str, Any]:
    domains = session.scalars(select(RequestDomain).where(RequestDomain.request_id == request.id))
    return _obj(
        {
            "id": request.id,
            "kind": request.kind,
            "status": request.status,
            "own_words": request.own_words,
            "experiences": [{"domain": d.domain.slug, "importance": d.importance} for d in domains],
            "hopes": request.hopes,
            "languages": request.languages,
            "modes": request.modes,
            "place_id": request.place_id,
            "max_distance_km": request.max_distance_km,
            "gender_preference": request.gender_preference,
            "preferred_gender": request.preferred_gender,
            "prefers_age_close": request.prefers_age_close,
            "time_preferences": request.time_preferences,
            "guardian_name": request.guardian_name,
            "guardian_email": request.guardian_email,
            "created_at": request.created_at,
            "submitted_at": request.submitted_at,
            "withdrawn_at": request.withdrawn_at,
            "expires_at": request.expires_at,
        }
    )


def _matches(
    session: Session, requests: list[ContactRequest], profile: PeerExpertProfile | None
) -> list[dict[str, Any]]:
    """As the requester: the match, the peer expert's first name and the coordinator's
    reason (both shown to them in the app), never the peer expert's decline reason. As the
    peer expert: their own decline reason, never the requester's words or name."""
    rows: list[dict[str, Any]] = []
    request_ids = [r.id for r in requests]
    if request_ids:
        for proposal in session.scalars(
            select(MatchProposal)
            .where(MatchProposal.request_id.in_(request_ids))
            .order_by(MatchProposal.id)
        ):
            name = proposal.profile.user.display_name.strip()
            rows.append(
                _j(
                    {
                        "id": proposal.id,
                        "as": "requester",
                        "request_id": proposal.request_id,
                        "status": proposal.status,
                        "peer_expert_first_name": name.split()[0] if name else None,
                        "coordinator_reason": proposal.coordinator_reason,
                        **_proposal_dates(proposal),
                    }
                )
            )
    if profile is not None:
        for proposal in session.scalars(
            select(MatchProposal)
            .where(MatchProposal.profile_id == profile.id)
            .order_by(MatchProposal.id)
        ):
            rows.append(
                _j(
                    {
                        "id": proposal.id,
                        "as": "peer_expert",
                        "status": proposal.status,
                        "decline_reason": proposal.decline_reason,
                        **_proposal_dates(proposal),
                    }
                )
            )
    return rows


def _proposal_dates(proposal: MatchProposal) -> dict[str, Any]:
    return {
        "asked_at": proposal.asked_at,
        "responded_at": proposal.responded_at,
        "decided_at": proposal.decided_at,
        "max_sessions": proposal.max_sessions,
        "closed_at": proposal.closed_at,
        "created_at": proposal.created_at,
    }


def _sessions(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Booking, BookingParticipant)
        .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
        .where(BookingParticipant.user_id == user.id)
        .order_by(Booking.starts_at, Booking.id)
    )
    return [
        _j(
            {
                "id": booking.id,
                "match_id": booking.proposal_id,
                "status": booking.status,
                "starts_at": booking.starts_at,
                "ends_at": booking.ends_at,
                "mode": booking.mode,
                "my_role": seat.role,
                "my_response": seat.response,
                "cancelled_by_me": booking.cancelled_by_id == user.id,
                "cancel_reason": (
                    booking.cancel_reason if booking.cancelled_by_id == user.id else None
                ),
                "cancelled_late": booking.cancelled_late,
                "no_show_side": booking.no_show_side,
            }
        )
        for booking, seat in rows
    ]


def _feedback(session: Session, user: User) -> list[dict[str, Any]]:
    return [
        _j(
            {
                "session_id": f.booking_id,
                "rating": f.rating,
                "comment": f.comment,
                "do_not_match_again": f.do_not_match_again,
                "note_to_coordinator": f.coordinator_note,
                "created_at": f.created_at,
            }
        )
        for f in session.scalars(
            select(Feedback).where(Feedback.author_id == user.id).order_by(Feedback.id)
        )
    ]


def _messages(session: Session, user: User) -> list[dict[str, Any]]:
    """Questions they were asked and what they wrote; others' messages to others are not theirs."""
    return [
        _j(
            {
                "match_id": m.proposal_id,
                "kind": m.kind,
                "from_me": m.author_id == user.id,
                "body": m.body,
                "created_at": m.created_at,
            }
        )
        for m in session.scalars(
            select(ProposalMessage)
            .where(
                or_(ProposalMessage.author_id == user.id, ProposalMessage.recipient_id == user.id)
            )
            .order_by(ProposalMessage.id)
        )
    ]


def _notifications(session: Session, user: User) -> list[dict[str, Any]]:
    return [
        _j(
            {
                "kind": n.kind,
                "params": n.params,
                "link": n.link,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
        )
        for n in session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    ]


def _emails(session: Session, user: User) -> list[dict[str, Any]]:
    """Mail sent to them (the outbox keeps it 30 days after sending)."""
    return [
        _j(
            {
                "kind": m.kind,
                "to": m.to_email,
                "subject": m.subject,
                "status": m.status,
                "created_at": m.created_at,
                "sent_at": m.sent_at,
            }
        )
        for m in session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_user_id == user.id)
            .order_by(OutboxMessage.id)
        )
    ]


def _tokens(session: Session, user: User) -> list[dict[str, Any]]:
    return [
        _j(
            {
                "name": t.name,
                "starts_with": t.prefix,
                "created_at": t.created_at,
                "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            }
        )
        for t in session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        )
    ]


def _reads(session: Session, user: User) -> list[dict[str, Any]]:
    """The access log (NEN 7513): who read their own words, verification data or meeting
    details, when and why; by role and first name or organisation, never an IP address."""
    return [
        {
            "at": entry.at,
            "by": entry.reader_role,
            "name": entry.reader_name,
            "organisation": entry.organisation_name,
            "data": entry.kind,
            "why": entry.purpose,
        }
        for entry in access_log.entries_for_subject(session, user)
    ]


def _access_events(session: Session, user: User) -> list[dict[str, Any]]:
    """Who did or saw what with their data: their own actions (with where they came from)
    and others' reads and changes of their account, profile and requests (by role only).

    The audit trail; reads of sensitive data are in ``_reads`` (the access log).
    """
    request_ids = list(
        session.scalars(select(ContactRequest.id).where(ContactRequest.requester_id == user.id))
    )
    profile_ids = list(
        session.scalars(select(PeerExpertProfile.id).where(PeerExpertProfile.user_id == user.id))
    )
    about_them = or_(
        (AuditEvent.subject_type == "user") & (AuditEvent.subject_id == user.id),
        (AuditEvent.subject_type == "contact_request") & AuditEvent.subject_id.in_(request_ids),
        (AuditEvent.subject_type == "profile") & AuditEvent.subject_id.in_(profile_ids),
    )
    events = session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.actor_id == user.id, about_them))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    actors: dict[int, User | None] = {}
    rows: list[dict[str, Any]] = []
    for event in events:
        own = event.actor_id == user.id
        row: dict[str, Any] = {
            "at": event.at,
            "action": event.action,
            "subject": event.subject_type,
            "by": "you" if own else _role_of(session, actors, event.actor_id),
        }
        if own:
            row["ip_address"] = event.ip_address
            row["user_agent"] = event.user_agent
        rows.append(_j(row))
    return rows


def _role_of(session: Session, cache: dict[int, User | None], actor_id: int | None) -> str:
    if actor_id is None:
        return "system"
    if actor_id not in cache:
        cache[actor_id] = session.get(User, actor_id)
    actor = cache[actor_id]
    if actor is None:
        return "system"
    roles = sorted(r.value for r in actor.role_names)
    return roles[0] if roles else "someone"
