"""Email verification: a new account logs in and fills its profile, but sends no request and
no profile for verification until its address is confirmed; the link can be sent again."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import OutboxMessage, User
from peermatch.models.enums import ProfileStatus, Role
from peermatch.services import requests as svc
from peermatch.services.errors import Forbidden
from tests.factories import complete_draft, login, make_user
from tests.integration.requests.builders import NOW, ORIGIN, draft_for, youth_of_age
from tests.outbox import render_queued


def _verify_links(app: Flask, session: Session) -> list[str]:
    render_queued(app, session)
    mails = session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "email_verify").order_by(OutboxMessage.id)
    )
    return [
        re.search(r"(/account/email/verify/[\w-]+)", m.body_text or "").group(1)  # type: ignore[union-attr]
        for m in mails
    ]


def _register(client: FlaskClient) -> None:
    response = client.post(
        "/register",
        data={
            "role": "peer_expert",
            "display_name": "Robin",
            "email": "robin@example.org",
            "password": "een-lang-wachtwoord",
            "birth_year": "2000",
            "privacy": "y",
        },
    )
    assert response.status_code == 302


def test_a_new_account_is_unverified_gets_a_link_and_sees_a_resend_button(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    _register(client)
    user = db_session.scalar(select(User).where(User.email == "robin@example.org"))
    assert user is not None and user.email_verified_at is None
    (path,) = _verify_links(app, db_session)
    mail = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "email_verify"))
    assert mail is not None and mail.subject == "Bevestig je e-mailadres voor PeerMatch"
    login(client, user, "een-lang-wachtwoord")
    page = client.get("/profile").get_data(as_text=True)  # filling the profile is allowed
    assert "Stuur de link opnieuw" in page
    assert client.get(path).status_code == 302
    db_session.refresh(user)
    assert user.email_verified_at is not None
    assert "Stuur de link opnieuw" not in client.get("/account").get_data(as_text=True)
    assert client.get(path).status_code == 422  # single use


def test_an_unverified_peer_expert_cannot_submit_until_the_address_is_confirmed(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    profile = complete_draft(db_session)
    profile.user.email_verified_at = None
    db_session.flush()
    login(client, profile.user)
    refused = client.post("/profile/status/submit")
    assert refused.status_code == 403
    assert "Bevestig eerst je e-mailadres" in refused.get_data(as_text=True)
    assert "Stuur de link opnieuw" in refused.get_data(as_text=True)
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.DRAFT
    assert client.post("/account/email/verify/resend").status_code == 302
    (path,) = _verify_links(app, db_session)
    client.get(path)
    assert client.post("/profile/status/submit").status_code == 302
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.SUBMITTED


def test_an_unverified_youth_cannot_send_a_request_and_nothing_changes(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 18, email_verified_at=None)
    request = draft_for(db_session, youth)
    with app.app_context(), pytest.raises(Forbidden) as refused:
        svc.submit(db_session, request, youth, now=NOW, origin=ORIGIN)
    assert refused.value.key == "account.error.email_unverified"
    assert request.submitted_at is None


def test_a_verified_youth_made_by_the_factory_sends_as_before(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 18)
    assert youth.email_verified_at is not None
    request = draft_for(db_session, youth)
    with app.app_context():
        svc.submit(db_session, request, youth, now=NOW, origin=ORIGIN)
    assert request.submitted_at == NOW


def test_a_resent_link_replaces_the_old_one_and_resending_is_rate_limited(
    app_factory: Callable[..., Flask], db_session: Session
) -> None:
    app = app_factory(RATELIMIT_ENABLED=True, VERIFY_RESEND_RATE_LIMIT="2 per hour")
    client = app.test_client()
    user = make_user(db_session, Role.PEER_EXPERT, email_verified_at=None)
    login(client, user)
    statuses = [client.post("/account/email/verify/resend").status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    first, second = _verify_links(app, db_session)
    assert client.get(first).status_code == 422
    assert client.get(second).status_code == 302
    db_session.refresh(user)
    assert user.email_verified_at is not None


def test_a_password_reset_by_email_also_confirms_the_address(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, email_verified_at=None)
    client.post("/password/forgot", data={"email": user.email})
    render_queued(app, db_session)
    mail = db_session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "password_reset"))
    assert mail is not None and mail.link
    assert (
        client.post(mail.link, data={"new_password": "zeilboot langs de dijk"}).status_code == 302
    )
    db_session.refresh(user)
    assert user.email_verified_at is not None
