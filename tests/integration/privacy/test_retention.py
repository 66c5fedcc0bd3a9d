"""Retention rules: each one at its period and not before, idempotent, reported per rule,
and run by the job runner."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.jobs import JOBS
from peermatch.models import AuditEvent, ContactRequest, MatchProposal, OutboxMessage
from peermatch.models.enums import OutboxStatus, RequestKind, RequestStatus
from peermatch.services import audit, privacy
from peermatch.services.privacy import Periods
from tests.factories import make_user

NOW = dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC)
PERIODS = Periods()


def _request(session: Session, status: RequestStatus, ended: dt.datetime) -> ContactRequest:
    request = ContactRequest(
        kind=RequestKind.YOUTH,
        status=status,
        requester_id=make_user(session).id,
        own_words="Mijn eigen woorden",
        guardian_name="Ouder",
        withdrawn_at=ended if status is RequestStatus.WITHDRAWN else None,
        updated_at=ended,
    )
    session.add(request)
    session.flush()
    return request


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def test_own_words_go_90_days_after_a_request_ended_and_never_while_it_is_open(
    db_session: Session,
) -> None:
    withdrawn = _request(db_session, RequestStatus.WITHDRAWN, NOW - _days(91))
    recent = _request(db_session, RequestStatus.CLOSED, NOW - _days(89))
    still_open = _request(db_session, RequestStatus.OPEN, NOW - _days(400))
    report = privacy.apply(db_session, NOW, PERIODS)
    assert report["own_words_erased"] == 1
    assert withdrawn.own_words is None and withdrawn.guardian_name == "Ouder"
    assert recent.own_words == "Mijn eigen woorden"
    assert still_open.own_words == "Mijn eigen woorden"
    assert privacy.apply(db_session, NOW, PERIODS)["own_words_erased"] == 0


def test_closed_requests_and_their_matches_are_pseudonymised_after_two_years(
    db_session: Session,
) -> None:
    from tests.integration.booking.builders import world

    w = world(db_session)
    old = w.proposal.request
    old.status = RequestStatus.CLOSED
    old.own_words = "Toen ik veertien was"
    old.guardian_email = "ouder@example.org"
    old.updated_at = NOW - _days(731)
    w.proposal.coordinator_reason = "Goede match"
    young = _request(db_session, RequestStatus.CLOSED, NOW - _days(700))
    db_session.flush()
    report = privacy.apply(db_session, NOW, PERIODS)
    assert report["requests_pseudonymised"] == 1
    assert (old.own_words, old.guardian_email, old.pseudonymised_at) == (None, None, NOW)
    assert w.proposal.coordinator_reason is None
    assert young.pseudonymised_at is None and young.guardian_name == "Ouder"
    assert db_session.scalar(select(func.count()).select_from(MatchProposal)) == 1
    assert privacy.apply(db_session, NOW, PERIODS)["requests_pseudonymised"] == 0


def test_audit_events_after_five_years_and_failed_logins_after_30_days(
    db_session: Session,
) -> None:
    audit.record(db_session, "auth.login", actor_id=None, at=NOW - _days(1827))
    audit.record(db_session, "auth.login", actor_id=None, at=NOW - _days(1000))
    audit.record(
        db_session,
        "auth.login_failed",
        actor_id=None,
        details={"email": "a@b.nl"},
        at=NOW - _days(31),
    )
    audit.record(db_session, "auth.login_failed", actor_id=None, at=NOW - _days(29))
    report = privacy.apply(db_session, NOW, PERIODS)
    assert report["audit_events_deleted"] == 1
    assert report["failed_logins_deleted"] == 1
    left = db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.at)).all()
    assert left == ["auth.login", "auth.login_failed"]


def test_sent_mail_goes_after_30_days_and_unsent_mail_stays(db_session: Session) -> None:
    def mail(status: OutboxStatus, sent: dt.datetime | None) -> OutboxMessage:
        message = OutboxMessage(
            kind="attention",
            to_email="x@example.org",
            subject="",
            body_text="",
            status=status,
            sent_at=sent,
        )
        db_session.add(message)
        return message

    mail(OutboxStatus.SENT, NOW - _days(31))
    kept = [mail(OutboxStatus.SENT, NOW - _days(29)), mail(OutboxStatus.FAILED, None)]
    db_session.flush()
    assert privacy.apply(db_session, NOW, PERIODS)["sent_mail_deleted"] == 1
    assert set(db_session.scalars(select(OutboxMessage))) == set(kept)


def test_periods_come_from_the_configuration(app: Flask) -> None:
    assert Periods.from_config(app.config) == Periods()
    shorter = Periods.from_config({**app.config, "RETENTION_OWN_WORDS_DAYS": 10})
    assert shorter.own_words_days == 10


def test_the_job_runner_applies_retention_and_the_command_reports_every_rule(
    app: Flask, db_session: Session
) -> None:
    from peermatch.jobs import run_due

    assert "retention-apply" in [job.name for job in JOBS]
    _request(db_session, RequestStatus.WITHDRAWN, NOW - _days(100))
    with app.app_context():
        outcomes = run_due(app, now=lambda: NOW, only=["retention-apply"])
    assert [(o.name, o.status) for o in outcomes] == [("retention-apply", "ran")]
    assert "own_words_erased=1" in outcomes[0].summary
    app.extensions["peermatch_clock"].set(NOW)
    result = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in result.output.splitlines()] == [
        "erasures_finalised",
        "own_words_erased",
        "requests_pseudonymised",
        "audit_events_deleted",
        "failed_logins_deleted",
        "sent_mail_deleted",
    ]
    assert "own_words_erased: 0" in result.output
