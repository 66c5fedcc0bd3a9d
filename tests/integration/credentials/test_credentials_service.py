"""Credentials as a coordinator would state the rules: the peer expert records them, a
coordinator of their own organisation checks them (original seen, no copy), reminders go
out at the VOG's moments, and the report counts them. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.jobs import registry
from peermatch.models import AccessLogEntry, AuditEvent, Credential, Notification, OutboxMessage
from peermatch.models.enums import CredentialKind, CredentialStatus, ProfileStatus
from peermatch.services import credentials
from peermatch.services.audit import Origin
from peermatch.services.errors import Conflict, InvalidInput, NotFound
from tests.factories import make_coordinator, make_organisation, make_peer_expert
from tests.outbox import render_queued

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 30)
WEB = Origin(channel="web")


def _data(**kw: object) -> credentials.CredentialInput:
    values: dict[str, object] = {
        "kind": CredentialKind.FIRST_AID,
        "name": "  EHBO   basis ",
        "obtained_on": dt.date(2025, 3, 1),
        "expires_on": dt.date(2027, 3, 1),
    }
    values.update(kw)
    return credentials.CredentialInput(**values)  # type: ignore[arg-type]


def _outbox(session: Session, kind: str) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        )
    )


def test_a_peer_expert_adds_a_credential_and_it_waits_to_be_checked(db_session: Session) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session))
    added = credentials.add(db_session, profile.user, _data(), now=NOW, origin=WEB)
    assert added.status is CredentialStatus.TO_CHECK
    assert added.name == "EHBO basis"  # spaces tidied
    assert credentials.list_own(db_session, profile.user) == [added]
    assert credentials.credential_state(added.status, added.expires_on, TODAY) == "to_check"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"name": "   "}, "credential.error.name_required"),
        ({"name": "x" * 121}, "credential.error.name_too_long"),
        ({"obtained_on": dt.date(2026, 12, 1)}, "credential.error.obtained_in_future"),
        ({"obtained_on": dt.date(1900, 1, 1)}, "credential.error.obtained_too_early"),
        ({"expires_on": dt.date(2025, 3, 1)}, "credential.error.expires_before_obtained"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    db_session: Session, data: dict[str, object], key: str
) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session))
    with pytest.raises(InvalidInput) as refused:
        credentials.add(db_session, profile.user, _data(**data), now=NOW, origin=WEB)
    assert refused.value.key == key
    assert credentials.list_own(db_session, profile.user) == []


def test_a_change_restarts_the_check_and_only_the_owner_may_change_or_remove(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = make_peer_expert(db_session, org)
    other = make_peer_expert(db_session, org)
    added = credentials.add(db_session, profile.user, _data(), now=NOW, origin=WEB)
    credentials.verify(
        db_session, coordinator, added.id, seen_note="Op kantoor", now=NOW, origin=WEB
    )
    assert added.status is CredentialStatus.VERIFIED
    changed = credentials.edit(
        db_session, profile.user, added.id, _data(name="EHBO gevorderd"), now=NOW, origin=WEB
    )
    assert changed.status is CredentialStatus.TO_CHECK
    assert changed.verified_at is None and changed.verified_by_id is None
    assert changed.seen_note is None
    with pytest.raises(NotFound):
        credentials.edit(db_session, other.user, added.id, _data(), now=NOW, origin=WEB)
    with pytest.raises(NotFound):
        credentials.remove(db_session, other.user, added.id, origin=WEB)
    assert credentials.remove(db_session, profile.user, added.id, origin=WEB) == "EHBO gevorderd"
    assert db_session.get(Credential, added.id) is None
    actions = db_session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_type == "credential", AuditEvent.subject_id == added.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "credential.added",
        "credential.verified",
        "credential.changed",
        "credential.removed",
    ]


def test_the_coordinator_records_the_original_seen_with_when_and_who(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = make_peer_expert(db_session, org)
    added = credentials.add(db_session, profile.user, _data(), now=NOW, origin=WEB)
    checked = credentials.verify(
        db_session, coordinator, added.id, seen_note=" Origineel gezien ", now=NOW, origin=WEB
    )
    assert checked.verified_at == NOW and checked.verified_by_id == coordinator.id
    assert checked.seen_note == "Origineel gezien"
    kinds = db_session.scalars(
        select(Notification.kind).where(Notification.user_id == profile.user_id)
    ).all()
    assert "credential.notice.verified" in kinds
    with pytest.raises(Conflict):
        credentials.verify(db_session, coordinator, added.id, seen_note=None, now=NOW, origin=WEB)


def test_rejecting_needs_a_reason_which_the_peer_expert_reads(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = make_peer_expert(db_session, org)
    added = credentials.add(db_session, profile.user, _data(), now=NOW, origin=WEB)
    with pytest.raises(InvalidInput) as refused:
        credentials.reject(db_session, coordinator, added.id, reason="  ", now=NOW, origin=WEB)
    assert refused.value.key == "credential.error.reason_required"
    assert added.status is CredentialStatus.TO_CHECK
    rejected = credentials.reject(
        db_session, coordinator, added.id, reason="Naam staat er niet op", now=NOW, origin=WEB
    )
    assert rejected.status is CredentialStatus.REJECTED
    assert rejected.rejection_reason == "Naam staat er niet op"
    assert credentials.credential_state(rejected.status, rejected.expires_on, TODAY) == "rejected"


def test_coordinators_of_other_organisations_learn_nothing(db_session: Session) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session))
    stranger = make_coordinator(db_session, make_organisation(db_session))
    added = credentials.add(db_session, profile.user, _data(), now=NOW, origin=WEB)
    for act in (
        lambda: credentials.for_coordinator(db_session, stranger, added.id),
        lambda: credentials.verify(
            db_session, stranger, added.id, seen_note=None, now=NOW, origin=WEB
        ),
        lambda: credentials.reject(db_session, stranger, added.id, reason="x", now=NOW, origin=WEB),
        lambda: credentials.remind(db_session, stranger, added.id, now=NOW, origin=WEB),
    ):
        with pytest.raises(NotFound):
            act()
    assert (
        credentials.organisation_list(db_session, stranger, show="all", now=NOW, origin=WEB) == []
    )
    assert added.status is CredentialStatus.TO_CHECK


def test_the_list_filters_to_check_expiring_and_expired_and_logs_the_reads(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    peer = make_peer_expert(db_session, org)
    other_peer = make_peer_expert(db_session, org)
    make_peer_expert(db_session, make_organisation(db_session))
    fresh = credentials.add(db_session, peer.user, _data(name="Nieuw"), now=NOW, origin=WEB)
    soon = credentials.add(
        db_session,
        peer.user,
        _data(name="Bijna", expires_on=TODAY + dt.timedelta(days=20)),
        now=NOW,
        origin=WEB,
    )
    gone = credentials.add(
        db_session,
        other_peer.user,
        _data(name="Oud", expires_on=TODAY - dt.timedelta(days=1)),
        now=NOW,
        origin=WEB,
    )
    lasting = credentials.add(
        db_session, other_peer.user, _data(name="Altijd", expires_on=None), now=NOW, origin=WEB
    )
    credentials.verify(db_session, coordinator, soon.id, seen_note=None, now=NOW, origin=WEB)
    credentials.verify(db_session, coordinator, lasting.id, seen_note=None, now=NOW, origin=WEB)

    def names(show: str) -> set[str]:
        rows = credentials.organisation_list(
            db_session, coordinator, show=show, now=NOW, origin=WEB
        )
        return {c.name for c in rows}

    before = db_session.scalar(select(func.count(AccessLogEntry.id)))
    assert names("to_check") == {fresh.name}
    assert names("expiring") == {soon.name}
    assert names("expired") == {gone.name}
    assert names("all") == {fresh.name, soon.name, gone.name, lasting.name}
    logged = db_session.scalar(select(func.count(AccessLogEntry.id)))
    assert logged == before + 1 + 1 + 1 + 2  # one entry per person shown, per page


def test_reminders_go_out_once_per_threshold_and_coordinators_hear_on_expiry(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    profile = make_peer_expert(db_session, org)
    paused = make_peer_expert(db_session, org, status=ProfileStatus.PAUSED)
    draft = make_peer_expert(db_session, org, status=ProfileStatus.DRAFT)
    soon = credentials.add(
        db_session,
        profile.user,
        _data(expires_on=TODAY + dt.timedelta(days=45)),
        now=NOW,
        origin=WEB,
    )
    credentials.add(  # no expiry: never reminded
        db_session, profile.user, _data(name="Blijvend", expires_on=None), now=NOW, origin=WEB
    )
    credentials.add(  # a draft profile is not followed up
        db_session,
        draft.user,
        _data(expires_on=TODAY + dt.timedelta(days=45)),
        now=NOW,
        origin=WEB,
    )
    rejected = credentials.add(
        db_session,
        paused.user,
        _data(expires_on=TODAY + dt.timedelta(days=45)),
        now=NOW,
        origin=WEB,
    )
    credentials.reject(
        db_session, coordinator, rejected.id, reason="Onleesbaar", now=NOW, origin=WEB
    )

    first = credentials.queue_expiry_reminders(db_session, now=NOW)
    again = credentials.queue_expiry_reminders(db_session, now=NOW + dt.timedelta(hours=5))
    assert (first.peer_experts, first.coordinators) == (1, 0)
    assert (again.peer_experts, again.coordinators) == (0, 0)
    later = credentials.queue_expiry_reminders(db_session, now=NOW + dt.timedelta(days=15))
    assert (later.peer_experts, later.coordinators) == (1, 0)
    expired = credentials.queue_expiry_reminders(db_session, now=NOW + dt.timedelta(days=46))
    assert (expired.peer_experts, expired.coordinators) == (1, 1)

    render_queued(app, db_session)
    peer_mails = _outbox(db_session, "credential_reminder")
    staff_mails = _outbox(db_session, "credential_expired_coordinator")
    assert {m.to_user_id for m in peer_mails} == {soon.profile.user_id}
    assert [m.to_user_id for m in staff_mails] == [coordinator.id]
    assert "EHBO basis" in peer_mails[0].subject and "geldig tot en met" in peer_mails[0].subject
    assert "verlopen" in peer_mails[-1].subject
    assert profile.user.display_name in staff_mails[0].subject
    assert "has expired" in staff_mails[0].subject
    assert f"Hoi {profile.user.display_name}" in peer_mails[0].body_text  # greeting kept


def test_the_vog_reminders_job_also_queues_credential_reminders(
    app: Flask, db_session: Session
) -> None:
    profile = make_peer_expert(db_session, make_organisation(db_session))
    credentials.add(
        db_session,
        profile.user,
        _data(expires_on=TODAY + dt.timedelta(days=5)),
        now=NOW,
        origin=WEB,
    )
    with app.app_context():
        result = registry._vog_reminders(app, NOW)
    assert "credential_peer_experts=1" in result
    assert len(_outbox(db_session, "credential_reminder")) == 1


def test_a_coordinators_reminder_reaches_the_peer_expert(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = make_peer_expert(db_session, org)
    added = credentials.add(db_session, profile.user, _data(), now=NOW, origin=WEB)
    credentials.remind(db_session, coordinator, added.id, now=NOW, origin=WEB)
    render_queued(app, db_session)
    [mail] = _outbox(db_session, "credential_reminder")
    assert mail.to_user_id == profile.user_id and "EHBO basis" in mail.body_text


def test_erasure_deletes_the_certificates_and_the_export_lists_them(
    ctx: Flask, db_session: Session
) -> None:
    from peermatch.services import privacy
    from tests.integration.booking.builders import world
    from tests.integration.privacy.builders import DELETED_AT, after

    w = world(db_session)
    coordinator = make_coordinator(db_session, w.org)
    paper = credentials.add(db_session, w.peer, _data(), now=NOW, origin=WEB)
    credentials.verify(db_session, coordinator, paper.id, seen_note="Gezien", now=NOW, origin=WEB)
    document = privacy.export_data(db_session, w.peer, NOW)
    [listed] = document["profile"]["credentials"]
    assert listed["name"] == "EHBO basis" and listed["status"] == "verified"
    assert listed["seen_note"] == "Gezien" and listed["expires_on"] == "2027-03-01"
    privacy.request_erasure(db_session, w.peer, DELETED_AT)
    privacy.finalise_due(db_session, after(7))
    assert (
        db_session.scalars(select(Credential).where(Credential.profile_id == w.profile.id)).all()
        == []
    )
