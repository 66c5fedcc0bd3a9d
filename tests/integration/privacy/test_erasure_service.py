"""Erasure as a service: the grace period, cancelling it, the sessions it cancels, who may
ask for whom, and what the final step leaves of a peer expert."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import (
    ApiToken,
    AuditEvent,
    Booking,
    Notification,
    OutboxMessage,
    PeerExpertProfile,
    ProfileDomain,
)
from peermatch.models.enums import BookingStatus, ProfileStatus, Role
from peermatch.services import privacy
from peermatch.services.audit import SYSTEM
from peermatch.services.errors import Conflict, InvalidInput, NotFound
from tests.factories import PASSWORD, add_entry, make_coordinator, make_organisation, make_user
from tests.integration.booking.builders import world
from tests.integration.privacy.builders import DELETED_AT, after, youth_with_history
from tests.web.api.builders import token_for


def test_an_erasure_waits_seven_days_and_asking_twice_keeps_the_first_date(
    db_session: Session,
) -> None:
    youth = make_user(db_session)
    due = privacy.request_erasure(db_session, youth, DELETED_AT)
    assert due == DELETED_AT + dt.timedelta(days=7)
    assert privacy.request_erasure(db_session, youth, after(3)) == due
    assert privacy.finalise_due(db_session, after(6)) == 0
    assert youth.erased_at is None
    assert privacy.finalise_due(db_session, after(7)) == 1
    assert youth.erased_at == after(7)
    assert youth.display_name == privacy.ERASED_NAME
    assert youth.email.endswith("@erased.invalid") and youth.password_hash is None
    with pytest.raises(Conflict):
        privacy.request_erasure(db_session, youth, after(8))


def test_cancelling_in_the_grace_period_keeps_the_account(db_session: Session) -> None:
    youth = make_user(db_session, display_name="Noor")
    privacy.request_erasure(db_session, youth, DELETED_AT)
    privacy.cancel_erasure(db_session, youth, now=after(1), origin=SYSTEM)
    assert not privacy.pending(youth)
    assert privacy.finalise_due(db_session, after(30)) == 0
    assert youth.display_name == "Noor" and youth.erased_at is None
    with pytest.raises(Conflict):
        privacy.cancel_erasure(db_session, youth, now=after(2), origin=SYSTEM)


def test_the_wrong_password_changes_nothing(db_session: Session) -> None:
    youth = make_user(db_session)
    with pytest.raises(InvalidInput):
        privacy.request_own_erasure(
            db_session, youth, password="niet mijn wachtwoord", now=DELETED_AT, origin=SYSTEM
        )
    assert youth.erasure_due_at is None


def test_asking_ends_logins_and_tokens_and_cancels_upcoming_sessions_telling_the_other_side(
    ctx: Flask, db_session: Session
) -> None:
    youth = youth_with_history(db_session)
    token_for(db_session, youth.w.youth)
    login_id = youth.w.youth.login_id
    privacy.request_own_erasure(
        db_session,
        youth.w.youth,
        password=PASSWORD,
        now=DELETED_AT,
        origin=SYSTEM,
    )
    db_session.refresh(youth.upcoming)
    assert youth.upcoming.status is BookingStatus.CANCELLED
    assert youth.upcoming.cancelled_by_id == youth.w.youth.id
    assert db_session.get(Booking, youth.held.id).status is BookingStatus.COMPLETED  # type: ignore[union-attr]
    assert youth.w.youth.login_id != login_id
    tokens = db_session.scalars(select(ApiToken).where(ApiToken.user_id == youth.w.youth.id))
    assert all(t.revoked_at == DELETED_AT for t in tokens)
    told = db_session.scalars(
        select(Notification.kind).where(Notification.user_id == youth.w.peer.id)
    ).all()
    assert "booking.cancelled" in told
    mails = db_session.scalars(
        select(OutboxMessage.kind).where(OutboxMessage.to_user_id == youth.w.peer.id)
    ).all()
    assert "session_cancelled" in mails
    to_youth = db_session.scalars(
        select(OutboxMessage.kind).where(OutboxMessage.to_user_id == youth.w.youth.id)
    ).all()
    assert "erasure_requested" in to_youth


def test_a_coordinator_may_ask_for_their_own_organisations_people_only(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    other_org = make_organisation(db_session)
    stranger = make_coordinator(db_session, other_org)
    colleague = make_coordinator(db_session, w.org)
    for who, person in (
        (stranger, w.youth),
        (w.coordinator, colleague),
        (w.coordinator, make_user(db_session)),
    ):
        with pytest.raises(NotFound):
            privacy.person_for_coordinator(db_session, who, person.email)
        with pytest.raises(NotFound):
            privacy.request_erasure_for(db_session, who, person.id, now=DELETED_AT, origin=SYSTEM)
    assert privacy.person_for_coordinator(db_session, w.coordinator, w.youth.email) == w.youth
    assert privacy.person_for_coordinator(db_session, w.coordinator, w.peer.email) == w.peer
    person, due = privacy.request_erasure_for(
        db_session, w.coordinator, w.youth.id, now=DELETED_AT, origin=SYSTEM
    )
    assert person == w.youth and due == after(7)
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "privacy.erasure_requested")
    ).one()
    assert (event.actor_id, event.subject_id) == (w.coordinator.id, w.youth.id)
    assert event.details["by_staff"] is True


def test_an_erased_peer_expert_keeps_no_words_and_is_never_matched_again(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    profile = w.profile
    profile.introduction = "Ik ben Bram en ik hou van tekenen"
    profile.what_helped = "Praten met mijn opa"
    add_entry(db_session, profile, text="Eenzaam in de brugklas")
    w.proposal.decline_reason = "Past niet bij mijn rooster"
    db_session.flush()
    privacy.request_erasure(db_session, w.peer, DELETED_AT)
    privacy.finalise_due(db_session, after(7))
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.RETIRED
    assert (profile.introduction, profile.what_helped, profile.meeting_details) == (
        None,
        None,
        None,
    )
    texts = db_session.scalars(
        select(ProfileDomain.share_text).where(ProfileDomain.profile_id == profile.id)
    ).all()
    assert texts and all(t is None for t in texts)
    assert w.proposal.decline_reason is None
    assert db_session.get(PeerExpertProfile, profile.id) is not None  # still counted
    assert w.peer.has_role(Role.PEER_EXPERT)


def test_the_export_lists_who_read_the_own_words_from_the_access_log(db_session: Session) -> None:
    """Art. 15 with NEN 7513: the export carries the access log's reads of one's own words."""
    from peermatch.services.requests import read_own_words
    from tests.integration.matches.builders import ORIGIN, open_request, youth

    org = make_organisation(db_session, name="Jongerenraad Zwolle")
    coordinator = make_coordinator(db_session, org)
    young = youth(db_session)
    request = open_request(db_session, young, organisation_id=org.id)
    assert privacy.export_data(db_session, young, DELETED_AT)["reads"] == []
    assert read_own_words(db_session, request, coordinator, origin=ORIGIN, now=DELETED_AT)
    reads = privacy.export_data(db_session, young, DELETED_AT)["reads"]
    assert [(r["by"], r["organisation"], r["data"]) for r in reads] == [
        ("coordinator", "Jongerenraad Zwolle", "own_words")
    ]
    assert "ip" not in str(reads).lower().replace("description", "")
