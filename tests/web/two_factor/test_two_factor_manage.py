"""Managing a second factor: optional for youths and peer experts (and they may switch it
off with a code), required for staff; an admin can reset someone's after a confirm step."""

from __future__ import annotations

import datetime as dt

import pyotp
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, OutboxMessage, RecoveryCode, TwoFactorEnrolment, User
from peermatch.models.enums import Role
from peermatch.services import two_factor
from peermatch.services.audit import SYSTEM
from tests.factories import login, make_user
from tests.outbox import render_queued

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _enrol(session: Session, user: User) -> str:
    enrolled = two_factor.start_enrolment(session, user, now=NOW - dt.timedelta(minutes=5))
    secret = enrolled.totp_secret
    two_factor.confirm_enrolment(
        session,
        user,
        pyotp.TOTP(secret).at(NOW - dt.timedelta(minutes=5)),
        now=NOW - dt.timedelta(minutes=5),
        origin=SYSTEM,
    )
    return secret


def test_a_youth_may_switch_it_on_and_off_with_a_code(app: Flask, db_session: Session) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    youth = make_user(db_session, Role.YOUTH)
    login(client, youth)
    account = client.get("/account").get_data(as_text=True)
    assert "Inloggen in twee stappen staat uit." in account and "Jij kiest" in account
    secret = _enrol(db_session, youth)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Je hebt nog 10 ongebruikte herstelcodes" in page and "uitzetten" in page
    client.post("/account/two-factor/off", data={"off-code": "000000"})
    assert two_factor.is_active(db_session, youth)  # a wrong code changes nothing
    client.post("/account/two-factor/off", data={"off-code": pyotp.TOTP(secret).at(NOW)})
    assert db_session.get(TwoFactorEnrolment, youth.id) is None
    assert not db_session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == youth.id)
    ).all()


def test_staff_cannot_switch_it_off_but_can_renew_recovery_codes(
    app: Flask, db_session: Session
) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    coordinator = make_user(db_session, Role.COORDINATOR)
    login(client, coordinator)
    secret = _enrol(db_session, coordinator)
    code = pyotp.TOTP(secret).at(NOW)
    assert "uitzetten" not in client.get("/account/two-factor").get_data(as_text=True)
    client.post("/account/two-factor/off", data={"off-code": code})
    assert two_factor.is_active(db_session, coordinator)
    old = set(
        db_session.scalars(
            select(RecoveryCode.code_hash).where(RecoveryCode.user_id == coordinator.id)
        )
    )
    app.extensions["peermatch_clock"].set(NOW + dt.timedelta(minutes=1))
    renewed = client.post(
        "/account/two-factor/recovery-codes",
        data={"renew-code": pyotp.TOTP(secret).at(NOW + dt.timedelta(minutes=1))},
    )
    assert renewed.status_code == 200 and "Je herstelcodes" in renewed.get_data(as_text=True)
    new = set(
        db_session.scalars(
            select(RecoveryCode.code_hash).where(RecoveryCode.user_id == coordinator.id)
        )
    )
    assert len(new) == 10 and not old & new


def test_an_admin_resets_a_second_factor_after_confirming(app: Flask, db_session: Session) -> None:
    app.extensions["peermatch_clock"].set(NOW)
    admin = make_user(db_session, Role.ADMIN)
    coordinator = make_user(db_session, Role.COORDINATOR, display_name="Noor")
    _enrol(db_session, coordinator)
    login_id = coordinator.login_id
    client = app.test_client()
    login(client, admin)
    found = client.post("/admin/two-factor", data={"email": coordinator.email.upper()})
    page = found.get_data(as_text=True)
    assert found.status_code == 200 and "Weet je het zeker?" in page and "Noor" in page
    assert two_factor.is_active(db_session, coordinator)  # finding changes nothing
    unknown = client.post("/admin/two-factor", data={"email": "niemand@example.org"})
    assert unknown.status_code == 404
    done = client.post(f"/admin/two-factor/{coordinator.id}/reset")
    assert done.status_code == 302
    db_session.expire_all()
    assert db_session.get(TwoFactorEnrolment, coordinator.id) is None
    assert coordinator.login_id != login_id  # logged out everywhere
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "two_factor.reset")
    ).one()
    assert (event.actor_id, event.subject_id) == (admin.id, coordinator.id)
    render_queued(app, db_session)
    mail = db_session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == "two_factor_changed",
            OutboxMessage.to_user_id == coordinator.id,
            OutboxMessage.params["change"].as_string() == "reset",
        )
    ).one()
    assert mail.subject == "Je inloggen in twee stappen bij PeerMatch is veranderd"
    assert "Een beheerder heeft" in (mail.body_text or "")
    again = client.post(f"/admin/two-factor/{coordinator.id}/reset")
    assert again.status_code == 302  # nothing left to reset: a calm message
    other = app.test_client()
    login(other, coordinator)
    assert other.get("/admin/two-factor").status_code == 403


def test_the_api_tells_whether_two_step_login_is_on_and_required(
    app: Flask, db_session: Session
) -> None:
    from tests.web.api.builders import bearer, token_for

    coordinator = make_user(db_session, Role.COORDINATOR)
    headers = bearer(token_for(db_session, coordinator))
    client = app.test_client()
    me = client.get("/api/v1/me", headers=headers).json
    assert (me["two_factor_enabled"], me["two_factor_required"]) == (False, True)
    _enrol(db_session, coordinator)
    assert client.get("/api/v1/me", headers=headers).json["two_factor_enabled"] is True
