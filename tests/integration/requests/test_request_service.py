"""Contact requests: age rules, guardian consent, referral, team requests, edit and withdraw."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret
from peermatch.models import AuditEvent, ContactRequest, Notification, OutboxMessage
from peermatch.models.enums import (
    Gender,
    Importance,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from peermatch.services import requests as svc
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from tests.factories import domain, make_organisation, make_peer_expert, make_team, make_user
from tests.integration.requests.builders import (
    NOW,
    ORIGIN,
    add_proposal,
    complete_input,
    draft_for,
    submitted_for,
    youth_of_age,
)

GUARDIAN = svc.GuardianContact(name="Marieke de Vries", email="Marieke@Example.org")


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _audits(session: Session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _token_from(outbox: OutboxMessage) -> str:
    match = re.search(r"/requests/consent/([A-Za-z0-9_\-]+)", outbox.body_text)
    assert match is not None, outbox.body_text
    return match.group(1)


# --- age rules -------------------------------------------------------------------------------


def test_an_eleven_year_old_cannot_request_and_nothing_is_saved(db_session: Session) -> None:
    youth = youth_of_age(db_session, 11)
    with pytest.raises(Forbidden) as err:
        draft_for(db_session, youth)
    assert err.value.key == "request.error.too_young"
    assert _count(db_session, ContactRequest) == 0


@pytest.mark.parametrize("age", [12, 15])
def test_twelve_to_fifteen_need_a_guardian_to_submit(
    app: Flask, db_session: Session, age: int
) -> None:
    youth = youth_of_age(db_session, age)
    request = draft_for(db_session, youth)
    with app.app_context(), pytest.raises(InvalidInput) as err:
        svc.submit(db_session, request, youth, now=NOW, origin=ORIGIN)
    assert err.value.key == "request.error.guardian_required"
    assert request.status is RequestStatus.DRAFT
    assert _count(db_session, OutboxMessage) == 0


@pytest.mark.parametrize("age", [12, 15])
def test_twelve_to_fifteen_wait_for_consent_with_a_guardian(
    app: Flask, db_session: Session, age: int
) -> None:
    youth = youth_of_age(db_session, age)
    request = submitted_for(app, db_session, youth, guardian=GUARDIAN)
    assert request.status is RequestStatus.AWAITING_CONSENT
    assert request.guardian_email == "marieke@example.org"
    assert request.expires_at == NOW + dt.timedelta(days=14)
    assert request.guardian_token_hash is not None


@pytest.mark.parametrize("age", [16, 17, 18])
def test_sixteen_and_over_submit_on_their_own(app: Flask, db_session: Session, age: int) -> None:
    youth = youth_of_age(db_session, age)
    request = submitted_for(app, db_session, youth)
    assert request.status is RequestStatus.OPEN
    assert request.submitted_at == NOW
    assert request.guardian_token_hash is None
    [event] = _audits(db_session, "request.submitted")
    assert event.subject_id == request.id and event.actor_id == youth.id


def test_an_ambiguous_birth_year_counts_as_the_younger_age(app: Flask, db_session: Session) -> None:
    # Born in 2010: 16 after their birthday in 2026, 15 before it. The rules take 15.
    youth = make_user(db_session, Role.YOUTH, birth_year=2010)
    assert svc.age_route(youth, NOW) is svc.AgeRoute.NEEDS_CONSENT
    request = draft_for(db_session, youth)
    with app.app_context(), pytest.raises(InvalidInput):
        svc.submit(db_session, request, youth, now=NOW, origin=ORIGIN)
    # Born in 2014: 12 after the birthday, 11 before it: too young.
    younger = make_user(db_session, Role.YOUTH, birth_year=2014)
    assert svc.age_route(younger, NOW) is svc.AgeRoute.TOO_YOUNG


# --- guardian consent ------------------------------------------------------------------------


def test_the_guardian_email_holds_a_link_but_nothing_sensitive(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 14, display_name="Noor")
    request = submitted_for(app, db_session, youth, guardian=GUARDIAN)
    [mail] = list(db_session.scalars(select(OutboxMessage)))
    assert mail.kind == "guardian_consent"
    assert mail.to_email == "marieke@example.org"
    assert "Noor" not in mail.subject  # subjects show in lock screens and shared inboxes
    token = _token_from(mail)
    assert request.guardian_token_hash == hash_secret(token)
    assert token not in (request.guardian_token_hash or "")
    sensitive = ["slaap", "verhuizing", "angst", "bang", "anxiety", "Hoe ik me voel"]
    for text in (mail.subject, mail.body_text, mail.body_html or ""):
        for word in sensitive:
            assert word.lower() not in text.lower()


STATEMENT = {"stated_name": "Marieke de Vries", "relation": "parent"}


def test_the_guardian_confirms_with_the_link_and_the_request_opens(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 13)
    request = submitted_for(app, db_session, youth, guardian=GUARDIAN)
    token = _token_from(db_session.scalars(select(OutboxMessage)).one())
    later = NOW + dt.timedelta(days=3)
    assert svc.consent_view(db_session, token, now=later).state is svc.ConsentState.PENDING
    svc.confirm_guardian_consent(db_session, token, now=later, origin=ORIGIN, **STATEMENT)
    assert request.status is RequestStatus.OPEN
    assert request.guardian_consented_at == later
    assert len(_audits(db_session, "request.guardian_consented")) == 1
    # A used link is recognised and cannot be used twice.
    assert svc.consent_view(db_session, token, now=later).state is svc.ConsentState.CONFIRMED
    with pytest.raises(Conflict):
        svc.confirm_guardian_consent(db_session, token, now=later, origin=ORIGIN, **STATEMENT)


def test_a_wrong_consent_token_changes_nothing(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 13)
    request = submitted_for(app, db_session, youth, guardian=GUARDIAN)
    with pytest.raises(NotFound) as err:
        svc.confirm_guardian_consent(db_session, "not-the-token", now=NOW, origin=ORIGIN)
    assert err.value.key == "request.error.consent_link_invalid"
    assert request.status is RequestStatus.AWAITING_CONSENT


def test_a_request_without_consent_expires_after_fourteen_days(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 13)
    request = submitted_for(app, db_session, youth, guardian=GUARDIAN)
    token = _token_from(db_session.scalars(select(OutboxMessage)).one())
    assert svc.expire_stale(db_session, NOW + dt.timedelta(days=13, hours=23)) == 0
    assert request.status is RequestStatus.AWAITING_CONSENT
    assert svc.expire_stale(db_session, NOW + dt.timedelta(days=14)) == 1
    assert request.status is RequestStatus.EXPIRED
    later = NOW + dt.timedelta(days=15)
    assert svc.consent_view(db_session, token, now=later).state is svc.ConsentState.EXPIRED
    with pytest.raises(Conflict) as err:
        svc.confirm_guardian_consent(db_session, token, now=later, origin=ORIGIN, **STATEMENT)
    assert err.value.key == "request.error.consent_link_expired"


def test_the_expire_command_expires_stale_requests(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 13)
    request = submitted_for(app, db_session, youth, guardian=GUARDIAN)
    app.extensions["peermatch_clock"].set(NOW + dt.timedelta(days=15))
    result = app.test_cli_runner().invoke(args=["requests", "expire"])
    assert result.exit_code == 0, result.output
    assert "Expired 1" in result.output
    db_session.refresh(request)
    assert request.status is RequestStatus.EXPIRED


# --- referral --------------------------------------------------------------------------------


def test_a_referred_fourteen_year_old_submits_without_a_guardian(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, member)
    youth = youth_of_age(db_session, 14, email="sam@example.org")
    referred = svc.refer_youth(db_session, member, "SAM@example.org", now=NOW, origin=ORIGIN)
    assert referred.requester_id == youth.id
    assert referred.referred_by_id == member.id
    assert referred.organisation_id == org.id
    assert referred.status is RequestStatus.DRAFT
    assert db_session.scalars(select(Notification.kind)).all() == ["request.referred"]
    request = svc.save_youth_draft(
        db_session, youth, complete_input(db_session), now=NOW, origin=ORIGIN, request=referred
    )
    with app.app_context():
        svc.submit(db_session, request, youth, now=NOW, origin=ORIGIN)
    assert request.status is RequestStatus.OPEN
    assert request.guardian_email is None
    assert _count(db_session, OutboxMessage) == 0


def test_only_existing_youth_accounts_can_be_referred(db_session: Session) -> None:
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, member)
    peer = make_user(db_session, Role.PEER_EXPERT, email="peer@example.org")
    for email in ("nobody@example.org", peer.email):
        with pytest.raises(NotFound):
            svc.refer_youth(db_session, member, email, now=NOW, origin=ORIGIN)
    assert _count(db_session, ContactRequest) == 0


# --- team requests ---------------------------------------------------------------------------


def _team_input(session: Session, **overrides: object) -> svc.TeamRequestInput:
    values: dict[str, object] = {
        "purpose": "intervision",
        "domain_ids": (domain(session, "anxiety").id,),
        "peer_experts_wanted": 2,
        "windows": (
            svc.TimeWindow(NOW + dt.timedelta(days=7), NOW + dt.timedelta(days=7, hours=2)),
        ),
        "modes": ("in_person",),
        "place_id": 2759794,  # Amsterdam
        "max_distance_km": 30,
    }
    values.update(overrides)
    return svc.TeamRequestInput(**values)  # type: ignore[arg-type]


def test_a_team_request_belongs_to_the_members_team(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    team = make_team(db_session, org, member)
    request = svc.save_team_request(
        db_session, member, _team_input(db_session), now=NOW, origin=ORIGIN
    )
    svc.submit(db_session, request, member, now=NOW, origin=ORIGIN)
    assert request.kind is RequestKind.TEAM
    assert request.team_id == team.id and request.organisation_id == org.id
    assert request.status is RequestStatus.OPEN
    assert request.peer_experts_wanted == 2
    assert request.latitude is not None
    assert request.time_preferences["weekly"] == []
    assert request.time_preferences["windows"] == [
        {
            "start": (NOW + dt.timedelta(days=7)).isoformat(),
            "end": (NOW + dt.timedelta(days=7, hours=2)).isoformat(),
        }
    ]
    colleague = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, colleague)
    assert svc.list_team_requests(db_session, colleague) == []
    with pytest.raises(NotFound):
        svc.get_for(db_session, request.id, colleague)


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"peer_experts_wanted": 4}, "request.error.peer_experts_wanted"),
        ({"peer_experts_wanted": 0}, "request.error.peer_experts_wanted"),
        ({"purpose": "party"}, "request.error.purpose_required"),
        (
            {"windows": (svc.TimeWindow(NOW - dt.timedelta(days=1), NOW),)},
            "request.error.window_in_past",
        ),
        (
            {"windows": (svc.TimeWindow(NOW + dt.timedelta(days=2), NOW + dt.timedelta(days=1)),)},
            "request.error.window_end_before_start",
        ),
        ({"place_id": 1}, "request.error.place_unknown"),
    ],
)
def test_team_request_rules_refuse_bad_input_and_save_nothing(
    db_session: Session, overrides: dict[str, object], key: str
) -> None:
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, member)
    with pytest.raises(InvalidInput) as err:
        svc.save_team_request(
            db_session, member, _team_input(db_session, **overrides), now=NOW, origin=ORIGIN
        )
    assert err.value.key == key
    assert _count(db_session, ContactRequest) == 0


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"windows": ()}, "request.error.windows_required"),
        ({"domain_ids": ()}, "request.error.domains_required"),
        ({"place_id": None}, "request.error.place_required"),
    ],
)
def test_an_incomplete_team_request_cannot_be_sent(
    db_session: Session, overrides: dict[str, object], key: str
) -> None:
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, member)
    request = svc.save_team_request(
        db_session, member, _team_input(db_session, **overrides), now=NOW, origin=ORIGIN
    )
    with pytest.raises(InvalidInput) as err:
        svc.submit(db_session, request, member, now=NOW, origin=ORIGIN)
    assert err.value.key == key
    assert request.status is RequestStatus.DRAFT


def test_a_team_member_without_a_team_cannot_make_a_team_request(db_session: Session) -> None:
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    with pytest.raises(Forbidden):
        svc.save_team_request(db_session, member, _team_input(db_session), now=NOW, origin=ORIGIN)


# --- youth request rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"modes": ("in_person",)}, "request.error.place_required"),
        ({"domains": ()}, "request.error.domains_required"),
        ({"hopes": ()}, "request.error.hopes_required"),
        ({"weekly": ()}, "request.error.times_required"),
    ],
)
def test_an_incomplete_youth_request_stays_a_draft(
    app: Flask, db_session: Session, overrides: dict[str, object], key: str
) -> None:
    youth = youth_of_age(db_session, 17)
    request = draft_for(db_session, youth, **overrides)
    with app.app_context(), pytest.raises(InvalidInput) as err:
        svc.submit(db_session, request, youth, now=NOW, origin=ORIGIN)
    assert err.value.key == key
    assert request.status is RequestStatus.DRAFT


def test_not_sure_needs_no_domain(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth, domains=(), not_sure=True)
    assert request.status is RequestStatus.OPEN and request.domains == []


def test_same_gender_needs_the_youths_gender_and_saves_it(db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    with pytest.raises(InvalidInput) as err:
        draft_for(db_session, youth, gender_preference="same")
    assert err.value.key == "request.error.own_gender_missing"
    assert _count(db_session, ContactRequest) == 0
    draft_for(db_session, youth, gender_preference="same", own_gender=Gender.WOMAN)
    assert youth.gender is Gender.WOMAN


def test_importance_is_kept_per_domain(db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    request = draft_for(db_session, youth)
    assert {(d.domain.slug, d.importance) for d in request.domains} == {
        ("anxiety", Importance.MOST),
        ("mental-health", Importance.ALSO),
    }
    only_also = (svc.DomainChoice(domain(db_session, "anxiety").id, Importance.ALSO),)
    with pytest.raises(InvalidInput) as err:
        svc.submit(
            db_session,
            draft_for(db_session, youth, domains=only_also),
            youth,
            now=NOW,
            origin=ORIGIN,
        )
    assert err.value.key == "request.error.most_important_needed"


# --- edit until proposal, withdraw -----------------------------------------------------------


def test_a_request_can_be_edited_until_a_proposal_exists(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth)
    svc.save_youth_draft(
        db_session,
        youth,
        complete_input(db_session, hopes=("tips",)),
        now=NOW,
        origin=ORIGIN,
        request=request,
    )
    assert request.hopes == ["tips"] and request.status is RequestStatus.OPEN
    add_proposal(db_session, request, make_peer_expert(db_session))
    assert not svc.is_editable(db_session, request)
    with pytest.raises(Conflict) as err:
        svc.save_youth_draft(
            db_session,
            youth,
            complete_input(db_session, hopes=("one_talk",)),
            now=NOW,
            origin=ORIGIN,
            request=request,
        )
    assert err.value.key == "request.error.has_proposals"
    assert request.hopes == ["tips"]


def test_someone_else_cannot_edit_or_withdraw_a_request(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    other = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth)
    with pytest.raises(NotFound):
        svc.save_youth_draft(
            db_session, other, complete_input(db_session), now=NOW, origin=ORIGIN, request=request
        )
    with pytest.raises(NotFound):
        svc.withdraw(db_session, request, other, now=NOW, origin=ORIGIN)
    assert request.status is RequestStatus.OPEN


def test_withdrawing_closes_every_open_proposal(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth)
    open_ones = [
        add_proposal(db_session, request, make_peer_expert(db_session), status)
        for status in (
            ProposalStatus.CHOSEN,
            ProposalStatus.ASKED,
            ProposalStatus.AWAITING_APPROVAL,
        )
    ]
    declined = add_proposal(
        db_session, request, make_peer_expert(db_session), ProposalStatus.DECLINED
    )
    later = NOW + dt.timedelta(hours=1)
    svc.withdraw(db_session, request, youth, now=later, origin=ORIGIN)
    assert request.status is RequestStatus.WITHDRAWN and request.withdrawn_at == later
    assert {p.status for p in open_ones} == {ProposalStatus.WITHDRAWN}
    assert declined.status is ProposalStatus.DECLINED
    [event] = _audits(db_session, "request.withdrawn")
    assert event.details["proposals_withdrawn"] == 3
    with pytest.raises(Conflict):
        svc.withdraw(db_session, request, youth, now=later, origin=ORIGIN)


def test_expiry_closes_open_proposals_too(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 13)
    request = submitted_for(app, db_session, youth, guardian=GUARDIAN)
    proposal = add_proposal(db_session, request, make_peer_expert(db_session))
    svc.expire_stale(db_session, NOW + dt.timedelta(days=14))
    assert proposal.status is ProposalStatus.EXPIRED
