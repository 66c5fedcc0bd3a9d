"""Erasure (AVG art. 17): asked for, a grace period, then final.

1. ``request_erasure`` (the person, with their password on the account page; a coordinator
   for someone of their organisation who cannot log in; consent withdrawal) sets
   ``erasure_due_at``, ends every login and API token, and cancels the person's upcoming
   sessions through the booking service, so the other side is told at once.
2. Logging in before the due date shows "Je account wordt op … verwijderd — Annuleer";
   ``cancel_erasure`` undoes step 1 (cancelled sessions stay cancelled: the other side has
   already been told, and the person can book again).
3. ``finalise_due`` (run by ``retention apply``) erases whoever's grace period is over.

What the final step removes and what it keeps, column by column, is the table in
``peermatch.services.privacy.columns`` (and docs/PRIVACY.md): free text and contact details
go; rows that are counted (requests, matches, sessions, ratings, audit events) stay,
pointing at the same user row, which is now a pseudonym.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Protocol

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from peermatch.auth.passwords import verify_password
from peermatch.models import (
    AccountLink,
    ApiToken,
    AuditEvent,
    AvailabilityException,
    Booking,
    BookingParticipant,
    ContactRequest,
    Credential,
    Feedback,
    MatchProposal,
    Notification,
    OrganisationMembership,
    OutboxMessage,
    PeerExpertProfile,
    ProfileDomain,
    User,
)
from peermatch.models.enums import BookingStatus, ProfileStatus, Role
from peermatch.models.two_factor import RecoveryCode, TwoFactorEnrolment
from peermatch.models.users import new_login_id
from peermatch.services import accounts, audit, outbox
from peermatch.services.errors import Conflict, DomainError, InvalidInput, NotFound
from peermatch.services.privacy import scrub

log = logging.getLogger("peermatch.privacy")

DEFAULT_GRACE = dt.timedelta(days=7)
#: The name an erased account shows wherever a name used to be (history, lists).
ERASED_NAME = "Verwijderd account"
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: can never receive mail
#: Sessions that are still to come and may be cancelled.
UPCOMING = (BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED)
CANCEL_REASON = "account_erased"
#: Keys of audit details that may hold what a person typed about themselves.
PERSONAL_DETAIL_KEYS = frozenset({"email", "name", "new_email", "display_name"})
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN, Role.TEAM_MEMBER})


class HasSession(Protocol):
    """A web ``Call`` (or anything with a session): consent withdrawal passes its call."""

    @property
    def session(self) -> Session: ...


def _session_of(call_or_session: Session | HasSession) -> Session:
    return call_or_session if isinstance(call_or_session, Session) else call_or_session.session


def pending(user: User) -> bool:
    return user.erasure_due_at is not None and user.erased_at is None


def request_erasure(
    call_or_session: Session | HasSession,
    user: User,
    now: dt.datetime,
    *,
    origin: audit.Origin = audit.SYSTEM,
    by: User | None = None,
    grace: dt.timedelta = DEFAULT_GRACE,
) -> dt.datetime:
    """THE entry point: erase ``user`` after ``grace``; returns the due moment. Asking again
    while one is pending changes nothing (the first due date stands)."""
    session = _session_of(call_or_session)
    if user.erased_at is not None:
        raise Conflict("privacy.error.already_erased")
    if user.erasure_due_at is not None:
        return user.erasure_due_at
    user.erasure_requested_at = now
    user.erasure_due_at = now + grace
    cancelled = cancel_upcoming_sessions(session, user, now)
    for token in session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at = now
    user.login_id = new_login_id()  # every login ends; logging in again may cancel
    session.flush()
    outbox.queue_email(
        session,
        user=user,
        kind="erasure_requested",
        now=now,
        link="/login",
        params={"days": max(1, grace.days)},
    )
    audit.record(
        session,
        "privacy.erasure_requested",
        actor_id=(by or user).id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"by_staff": by is not None, "sessions_cancelled": cancelled},
        at=now,
    )
    return user.erasure_due_at


def request_own_erasure(
    session: Session,
    user: User,
    *,
    password: str,
    now: dt.datetime,
    origin: audit.Origin,
    grace: dt.timedelta = DEFAULT_GRACE,
) -> dt.datetime:
    """The person themselves, from the account page: the password proves it is them."""
    if not verify_password(user.password_hash, password):
        raise InvalidInput("account.error.current_password_wrong")
    return request_erasure(session, user, now, origin=origin, grace=grace)


def cancel_erasure(session: Session, user: User, *, now: dt.datetime, origin: audit.Origin) -> None:
    if not pending(user):
        raise Conflict("privacy.error.no_erasure_pending")
    user.erasure_requested_at = None
    user.erasure_due_at = None
    session.flush()
    audit.record(
        session,
        "privacy.erasure_cancelled",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        at=now,
    )


def cancel_upcoming_sessions(session: Session, user: User, now: dt.datetime) -> int:
    """Cancel through the booking service (its rules, history, and the other side's notice
    and calendar update); a session the machine will not cancel is left and logged."""
    from peermatch.services import bookings

    ids = list(
        session.scalars(
            select(Booking.id)
            .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
            .where(
                BookingParticipant.user_id == user.id,
                Booking.status.in_(UPCOMING),
                Booking.starts_at > now,
            )
            .order_by(Booking.starts_at)
        )
    )
    cancelled = 0
    for booking_id in ids:
        try:
            with session.begin_nested():
                bookings.cancel(session, booking_id, user, reason=CANCEL_REASON, now=now)
        except DomainError as err:
            log.warning("session %s not cancelled for erasure: %s", booking_id, err.key)
            continue
        cancelled += 1
    return cancelled


# --- coordinators, for someone who cannot log in ---------------------------------------


def _organisation_ids_of(session: Session, person: User) -> set[int]:
    ids: set[int | None] = set(
        session.scalars(
            select(ContactRequest.organisation_id).where(ContactRequest.requester_id == person.id)
        )
    )
    ids |= set(
        session.scalars(
            select(PeerExpertProfile.organisation_id).where(PeerExpertProfile.user_id == person.id)
        )
    )
    ids |= set(
        session.scalars(
            select(OrganisationMembership.organisation_id).where(
                OrganisationMembership.user_id == person.id
            )
        )
    )
    return {i for i in ids if i is not None}


def person_for_coordinator(session: Session, coordinator: User, email: str) -> User:
    """A youth or peer expert of one of the coordinator's organisations, found by address;
    anyone else (staff, another organisation's people, nobody) is the same NotFound."""
    person = accounts.find_by_email(session, email)
    mine = accounts.coordinator_organisation_ids(coordinator)
    if (
        person is None
        or person.erased_at is not None
        or person.id == coordinator.id
        or person.has_role(*STAFF_ROLES)
        or not mine
        or mine.isdisjoint(_organisation_ids_of(session, person))
    ):
        raise NotFound("privacy.error.person_not_found")
    return person


def request_erasure_for(
    session: Session,
    coordinator: User,
    person_id: int,
    *,
    now: dt.datetime,
    origin: audit.Origin,
    grace: dt.timedelta = DEFAULT_GRACE,
) -> tuple[User, dt.datetime]:
    person = session.get(User, person_id)
    if person is None:
        raise NotFound("privacy.error.person_not_found")
    person = person_for_coordinator(session, coordinator, person.email)
    due = request_erasure(session, person, now, origin=origin, by=coordinator, grace=grace)
    return person, due


# --- the final step ------------------------------------------------------------------


def finalise_due(session: Session, now: dt.datetime) -> int:
    """Erase everyone whose grace period is over (idempotent: erased people are skipped)."""
    due = list(
        session.scalars(
            select(User)
            .where(User.erasure_due_at.is_not(None), User.erasure_due_at <= now)
            .where(User.erased_at.is_(None))
            .order_by(User.id)
        )
    )
    for user in due:
        erase(session, user, now)
    return len(due)


def erase(session: Session, user: User, now: dt.datetime) -> None:
    """The final step: every free text and contact detail of ``user`` goes, the counted
    rows stay (see ``columns.DECISIONS``)."""
    from peermatch.services.requests import withdraw
    from peermatch.services.requests.inputs import WITHDRAWABLE_STATUSES

    cancel_upcoming_sessions(session, user, now)
    old_email, old_name = user.email, user.display_name
    requests = list(
        session.scalars(select(ContactRequest).where(ContactRequest.requester_id == user.id))
    )
    for request in requests:
        if request.status in WITHDRAWABLE_STATUSES:
            withdraw(session, request, user, now=now, origin=audit.SYSTEM)
        scrub.pseudonymise_request(session, request, now)
    _erase_profile(session, user)
    for message in scrub.messages_of(session, user.id):
        message.body = scrub.REMOVED
    for booking in scrub.bookings_of(session, user.id):
        # The session happened with them: its texts (and the others' feedback about it)
        # are about them; the rating numbers stay for the counts.
        scrub.clear_booking_texts(session, booking)
    for feedback in session.scalars(select(Feedback).where(Feedback.author_id == user.id)):
        feedback.comment = None
        feedback.coordinator_note = None
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    session.execute(delete(AccountLink).where(AccountLink.user_id == user.id))
    session.execute(delete(TwoFactorEnrolment).where(TwoFactorEnrolment.user_id == user.id))
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(delete(Notification).where(Notification.user_id == user.id))
    _erase_mail(session, user, old_email, old_name)
    _pseudonymise_audit(session, user, old_email)
    user.email = f"erased-{user.id}-{secrets.token_hex(6)}@{ERASED_DOMAIN}"
    user.display_name = ERASED_NAME
    user.password_hash = None
    user.login_id = new_login_id()
    user.calendar_token_hash = None
    user.birth_year = None
    user.gender = None
    user.is_active = False
    user.erasure_due_at = None
    user.erased_at = now
    session.flush()
    audit.record(
        session,
        "privacy.erased",
        actor_id=user.id,
        subject_type="user",
        subject_id=user.id,
        details={"requests": len(requests)},
        at=now,
    )


def _erase_profile(session: Session, user: User) -> None:
    profile = session.scalar(select(PeerExpertProfile).where(PeerExpertProfile.user_id == user.id))
    if profile is None:
        return
    profile.introduction = None
    profile.pronouns = None
    profile.gender = None
    profile.what_helped = None
    profile.meeting_details = None
    profile.review_message = None
    profile.place_id = None
    profile.latitude = None
    profile.longitude = None
    profile.vog_date = None
    profile.vog_seen_at = None
    profile.status = ProfileStatus.RETIRED
    session.execute(delete(Credential).where(Credential.profile_id == profile.id))
    for entry in session.scalars(
        select(ProfileDomain).where(ProfileDomain.profile_id == profile.id)
    ):
        entry.share_text = None
    for exception in session.scalars(
        select(AvailabilityException).where(AvailabilityException.profile_id == profile.id)
    ):
        exception.note = None
    for proposal in session.scalars(
        select(MatchProposal).where(MatchProposal.profile_id == profile.id)
    ):
        proposal.decline_reason = None  # the peer expert's own words to coordinators


def _erase_mail(session: Session, user: User, old_email: str, old_name: str) -> None:
    """Mail to them goes; mail to others that names them is redacted (queued) or deleted
    (already sent: the outbox is a log, not an archive)."""
    session.execute(
        delete(OutboxMessage).where(
            or_(OutboxMessage.to_user_id == user.id, OutboxMessage.to_email == old_email)
        )
    )
    needles = scrub.name_needles(old_email, old_name)
    for message in session.scalars(select(OutboxMessage)):
        fields = (
            message.subject,
            message.body_text,
            message.body_html,
            message.ics,
            message.last_error,
            message.params,
        )
        if not any(scrub.mentions(value, needles) for value in fields):
            continue
        if message.rendered_at is not None:
            session.delete(message)
            continue
        message.params = scrub.redact(message.params, needles, ERASED_NAME)


def _pseudonymise_audit(session: Session, user: User, old_email: str) -> None:
    """Audit events stay (five years) with the actor as the pseudonymous user row; where
    they came from and anything typed about the person goes."""
    events = session.scalars(
        select(AuditEvent).where(
            or_(
                AuditEvent.actor_id == user.id,
                (AuditEvent.subject_type == "user") & (AuditEvent.subject_id == user.id),
            )
        )
    )
    for event in events:
        if event.actor_id == user.id:
            event.ip_address = None
            event.user_agent = None
        details = dict(event.details or {})
        if PERSONAL_DETAIL_KEYS & details.keys():
            event.details = {k: v for k, v in details.items() if k not in PERSONAL_DETAIL_KEYS}
    # Failed logins typed with their address, by whoever (no account tied to them).
    for event in session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.login_failed")
    ):
        if (event.details or {}).get("email") == old_email:
            event.details = {k: v for k, v in event.details.items() if k != "email"}
