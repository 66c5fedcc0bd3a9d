"""A youth with everything PeerMatch can hold about them: a request in their own words with
a guardian, a match, a held session with feedback both ways, an upcoming session, questions
and answers, notifications, mail and a failed login. Every text is unique, so a scan of the
whole database can tell whether any of it is left."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import Booking, ContactRequest, MatchProposal, ProposalMessage
from peermatch.services import audit, bookings, feedback
from tests.integration.booking.builders import NOW, World, at, world

NAME = "Zoëlle Vandermeerschaert"
EMAIL = "zoelle.vandermeerschaert@example.org"
OWN_WORDS = "Sinds de verhuizing naar Kwadijk voel ik me vaak alleen op school"
FEEDBACK_TEXT = "Het gesprek over de kapotte fiets hielp me enorm"
PEER_FEEDBACK = "Zoëlle vertelde open over de verhuizing"
ANSWER = "Ja, liever 's avonds na de hockeytraining"
GUARDIAN = "Hendrika Vandermeerschaert"
#: Everything that must be gone after the final erasure (compared case-insensitively).
NEEDLES = (NAME, "Zoëlle", "Vandermeerschaert", EMAIL, OWN_WORDS, FEEDBACK_TEXT, ANSWER)
#: When the youth deletes their account: after the held session, before the upcoming one.
DELETED_AT = at(2, 9)


@dataclass
class Youth:
    w: World
    request: ContactRequest
    held: Booking
    upcoming: Booking


def youth_with_history(session: Session) -> Youth:
    w = world(session)
    w.youth.display_name = NAME
    w.youth.email = EMAIL
    request = w.proposal.request
    request.own_words = OWN_WORDS
    request.guardian_name = GUARDIAN
    request.guardian_email = "hendrika@example.org"
    request.guardian_consent_name = GUARDIAN
    request.guardian_consented_at = NOW
    request.time_preferences = {"parts": [{"weekday": 0, "part": "evening"}]}
    session.flush()
    held = bookings.book_slot(session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    bookings.complete(session, held.id, w.peer, now=at(1, 12))
    feedback.give_feedback(
        session, held.id, w.youth, rating=4, comment=FEEDBACK_TEXT, now=at(1, 13)
    )
    feedback.give_feedback(
        session,
        held.id,
        w.peer,
        rating=5,
        comment=PEER_FEEDBACK,
        note="Let op: " + PEER_FEEDBACK,
        now=at(1, 13),
    )
    upcoming = bookings.book_slot(session, w.proposal.id, w.youth, start=at(4, 10), now=at(1, 14))
    session.add_all(
        [
            ProposalMessage(
                proposal_id=w.proposal.id,
                author_id=w.coordinator.id,
                recipient_id=w.youth.id,
                body="Hoi Zoëlle, past de avond?",
                kind="question",
            ),
            ProposalMessage(
                proposal_id=w.proposal.id,
                author_id=w.youth.id,
                recipient_id=w.coordinator.id,
                body=ANSWER,
                kind="answer",
            ),
        ]
    )
    w.proposal.coordinator_reason = "Zoëlle en haar ervaringsdeskundige passen goed"
    audit.record(
        session,
        "auth.login_failed",
        actor_id=w.youth.id,
        details={"email": EMAIL},
        at=at(1, 15),
    )
    session.flush()
    return Youth(w, request, held, upcoming)


def organisation_counts(session: Session, organisation_id: int) -> tuple[int, int, int]:
    """Requests, matches and sessions of one organisation, as its reports count them."""
    requests = session.scalar(
        select(func.count())
        .select_from(ContactRequest)
        .where(ContactRequest.organisation_id == organisation_id)
    )
    matches = session.scalar(
        select(func.count())
        .select_from(MatchProposal)
        .join(ContactRequest, MatchProposal.request_id == ContactRequest.id)
        .where(ContactRequest.organisation_id == organisation_id)
    )
    sessions = session.scalar(
        select(func.count())
        .select_from(Booking)
        .join(MatchProposal, Booking.proposal_id == MatchProposal.id)
        .join(ContactRequest, MatchProposal.request_id == ContactRequest.id)
        .where(ContactRequest.organisation_id == organisation_id)
    )
    return (requests or 0, matches or 0, sessions or 0)


def after(days: int) -> dt.datetime:
    return DELETED_AT + dt.timedelta(days=days)
