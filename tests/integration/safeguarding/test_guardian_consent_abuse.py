"""The guardian-consent email cannot be turned into a mailing tool, says nothing about the
youth in its subject, and records who consented and as what."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage
from peermatch.models.enums import RequestStatus
from peermatch.services import requests as svc
from peermatch.services.errors import InvalidInput
from peermatch.services.safeguarding import TooManyGuardianEmails
from tests.integration.requests.builders import NOW, ORIGIN, draft_for, youth_of_age
from tests.outbox import render_queued


def _mails(session: Session) -> int:
    return session.scalar(select(func.count(OutboxMessage.id))) or 0


def _submit(app: Flask, session: Session, youth, email: str, now: dt.datetime = NOW):  # type: ignore[no-untyped-def]
    request = draft_for(session, youth)
    guardian = svc.GuardianContact(name="Ouder", email=email)
    with app.app_context():
        return svc.submit(session, request, youth, now=now, origin=ORIGIN, guardian=guardian)


def test_withdrawing_and_recreating_cannot_mail_more_than_three_addresses_a_day(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 13, display_name="Noor")
    for n in range(3):
        sent = _submit(app, db_session, youth, f"parent{n}@example.org")
        svc.withdraw(db_session, sent, youth, now=NOW, origin=ORIGIN)
    assert _mails(db_session) == 3
    with pytest.raises(TooManyGuardianEmails) as refused:
        _submit(app, db_session, youth, "victim@example.org")
    assert refused.value.status == 429
    assert refused.value.key == "request.error.guardian_email_limit"
    assert _mails(db_session) == 3
    # An address already asked today still works (a lost email can be sent again) ...
    _submit(app, db_session, youth, "parent0@example.org")
    assert _mails(db_session) == 4
    # ... and a day later the allowance is back.
    _submit(app, db_session, youth, "victim@example.org", NOW + dt.timedelta(days=1, minutes=1))
    assert _mails(db_session) == 5


def test_the_subject_does_not_name_the_youth(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 13, display_name="Zeldzaam")
    _submit(app, db_session, youth, "ouder@example.org")
    render_queued(app, db_session)
    mail = db_session.scalars(select(OutboxMessage)).one()
    assert "Zeldzaam" not in mail.subject
    assert "PeerMatch" in mail.subject


def test_the_guardian_states_name_and_relation_and_both_are_recorded(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 13)
    request = _submit(app, db_session, youth, "ouder@example.org")
    render_queued(app, db_session)
    body = db_session.scalars(select(OutboxMessage)).one().body_text
    token = body.split("/requests/consent/")[1].split()[0]
    for name, relation in (("", "parent"), ("Marieke", None), ("Marieke", "neighbour")):
        with pytest.raises(InvalidInput):
            svc.confirm_guardian_consent(
                db_session, token, now=NOW, origin=ORIGIN, stated_name=name, relation=relation
            )
        assert request.status is RequestStatus.AWAITING_CONSENT
        assert request.guardian_consent_name is None
    svc.confirm_guardian_consent(
        db_session, token, now=NOW, origin=ORIGIN, stated_name=" Marieke ", relation="guardian"
    )
    assert request.status is RequestStatus.OPEN
    assert (request.guardian_consent_name, request.guardian_consent_relation) == (
        "Marieke",
        "guardian",
    )
