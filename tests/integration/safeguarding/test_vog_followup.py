"""Following up VOGs: scheduled reminders once per threshold, the original seen by a
coordinator, and minors' audiences set aside until the VOG is renewed and verified."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, OutboxMessage, PeerExpertProfile
from peermatch.models.enums import ProfileStatus
from peermatch.services import profiles as profile_svc
from peermatch.services import vog_followup
from peermatch.services.audit import Origin
from peermatch.services.errors import InvalidInput, NotFound
from peermatch.services.profiles.onboarding import HowYouMeet, save_how_you_meet
from tests.factories import make_coordinator, make_organisation, make_peer_expert
from tests.outbox import render_queued

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
WEB = Origin(channel="web")


def _outbox(session: Session, kind: str) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        )
    )


def _expiring_in(days: int) -> dt.date:
    """A VOG date whose last valid day is ``days`` after NOW's Dutch date."""
    last = NOW.date() + dt.timedelta(days=days)
    return last.replace(year=last.year - 3)


def test_reminders_go_out_once_per_threshold_to_peer_expert_and_coordinators(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    soon = make_peer_expert(db_session, org, vog_date=_expiring_in(45), audiences=["youth_12_15"])
    make_peer_expert(db_session, org, vog_date=_expiring_in(45), audiences=["adult_18_plus"])
    make_peer_expert(db_session, org, vog_date=_expiring_in(400), audiences=["youth_12_15"])

    first = vog_followup.queue_expiry_reminders(db_session, now=NOW)
    again = vog_followup.queue_expiry_reminders(db_session, now=NOW + dt.timedelta(hours=5))
    assert (first.peer_experts, first.coordinators) == (1, 1)
    assert (again.peer_experts, again.coordinators) == (0, 0)

    # 15 days later the 30-day threshold is due: one more each.
    later = vog_followup.queue_expiry_reminders(db_session, now=NOW + dt.timedelta(days=15))
    assert (later.peer_experts, later.coordinators) == (1, 1)
    # Expired: the coordinator hears that sessions need resolving.
    expired = vog_followup.queue_expiry_reminders(db_session, now=NOW + dt.timedelta(days=46))
    assert (expired.peer_experts, expired.coordinators) == (1, 1)

    render_queued(app, db_session)
    peer_mails = _outbox(db_session, "vog_reminder")
    staff_mails = _outbox(db_session, "vog_expiry_coordinator")
    assert {m.to_user_id for m in peer_mails} == {soon.user_id}
    assert {m.to_user_id for m in staff_mails} == {coordinator.id}
    assert len(peer_mails) == len(staff_mails) == 3
    assert "has expired" in staff_mails[-1].subject
    assert soon.user.display_name in staff_mails[0].subject
    assert "geldig tot" in peer_mails[0].subject.lower()  # Dutch by default
    for mail in [*peer_mails, *staff_mails]:
        assert "113" in mail.body_text  # the layout's crisis line footer


def test_recording_the_original_sets_the_date_and_who_and_refuses_bad_dates(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = make_peer_expert(db_session, org, vog_date=_expiring_in(-3))

    with pytest.raises(InvalidInput) as future:
        vog_followup.record_original_seen(
            db_session, coordinator, profile.id, issued_on=NOW.date() + dt.timedelta(days=1),
            now=NOW, origin=WEB,
        )  # fmt: skip
    assert future.value.key == "vog.error.issued_in_future"
    with pytest.raises(InvalidInput) as old:
        vog_followup.record_original_seen(
            db_session, coordinator, profile.id, issued_on=_expiring_in(-1), now=NOW, origin=WEB
        )
    assert old.value.key == "vog.error.too_old"
    assert profile.vog_seen_at is None and profile.vog_date == _expiring_in(-3)

    issued = dt.date(2026, 11, 20)
    vog_followup.record_original_seen(
        db_session, coordinator, profile.id, issued_on=issued, now=NOW, origin=WEB
    )
    assert profile.vog_date == issued
    assert profile.vog_seen_at == NOW and profile.vog_seen_by_id == coordinator.id
    actions = db_session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == profile.id)
    ).all()
    assert "vog.original_seen" in actions


def test_a_coordinator_of_another_organisation_finds_nothing(db_session: Session) -> None:
    profile = make_peer_expert(db_session, vog_date=_expiring_in(10))
    stranger = make_coordinator(db_session, make_organisation(db_session))
    for action in (vog_followup.remind, vog_followup.suspend_minors):
        with pytest.raises(NotFound):
            action(db_session, stranger, profile.id, now=NOW, origin=WEB)
    with pytest.raises(NotFound):
        vog_followup.record_original_seen(
            db_session, stranger, profile.id, issued_on=NOW.date(), now=NOW, origin=WEB
        )
    assert _outbox(db_session, "vog_reminder") == []


def test_minors_set_aside_stay_aside_until_a_renewed_vog_is_verified(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = make_peer_expert(
        db_session, org, vog_date=_expiring_in(-5),
        audiences=["youth_12_15", "youth_16_17", "adult_18_plus"],
    )  # fmt: skip
    vog_followup.suspend_minors(db_session, coordinator, profile.id, now=NOW, origin=WEB)
    assert profile.audiences == ["adult_18_plus"]
    assert profile.suspended_audiences == ["youth_12_15", "youth_16_17"]
    assert profile.minors_suspended_at == NOW

    # The peer expert can't simply tick them again.
    with pytest.raises(InvalidInput) as refused:
        save_how_you_meet(
            db_session, profile,
            HowYouMeet(languages=["nl"], modes=["video"], audiences=["youth_12_15", "adult_18_plus"]),
            actor=profile.user, origin=WEB,
        )  # fmt: skip
    assert refused.value.key == "vog.error.minors_suspended"
    assert profile.audiences == ["adult_18_plus"]

    # A new VOG entered by the peer expert goes back to verification; verifying restores.
    profile.vog_date = dt.date(2026, 11, 25)
    profile.status = ProfileStatus.SUBMITTED
    db_session.flush()
    profile_svc.verify(db_session, profile.id, coordinator=coordinator, now=NOW, origin=WEB)
    assert sorted(profile.audiences) == ["adult_18_plus", "youth_12_15", "youth_16_17"]
    assert profile.suspended_audiences == [] and profile.minors_suspended_at is None


def test_recording_a_valid_original_restores_minors_at_once(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = make_peer_expert(
        db_session, org, vog_date=None, audiences=["youth_16_17", "adult_18_plus"]
    )
    vog_followup.suspend_minors(db_session, coordinator, profile.id, now=NOW, origin=WEB)
    assert profile.audiences == ["adult_18_plus"]
    vog_followup.record_original_seen(
        db_session, coordinator, profile.id, issued_on=dt.date(2026, 10, 1), now=NOW, origin=WEB
    )
    assert sorted(profile.audiences) == ["adult_18_plus", "youth_16_17"]


def test_only_minors_or_no_minors_cannot_be_set_aside(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    only_minors = make_peer_expert(db_session, org, audiences=["youth_12_15"])
    adults = make_peer_expert(db_session, org, audiences=["adult_18_plus"])
    for profile, key in (
        (only_minors, "vog.error.only_minor_audiences"),
        (adults, "vog.error.no_minor_audiences"),
    ):
        before = list(profile.audiences)
        with pytest.raises(InvalidInput) as refused:
            vog_followup.suspend_minors(db_session, coordinator, profile.id, now=NOW, origin=WEB)
        assert refused.value.key == key
        assert profile.audiences == before
        assert db_session.get(PeerExpertProfile, profile.id) is profile
