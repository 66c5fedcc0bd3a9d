"""A youth's own words: who may read them, and every read by someone else is access-logged."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AccessLogEntry
from peermatch.models.enums import ProposalStatus, Role
from peermatch.services import requests as svc
from tests.factories import (
    make_coordinator,
    make_organisation,
    make_peer_expert,
    make_team,
    make_user,
)
from tests.integration.requests.builders import (
    NOW,
    ORIGIN,
    add_proposal,
    complete_input,
    submitted_for,
    youth_of_age,
)

WORDS = "Ik slaap slecht sinds de verhuizing."


def _views(session: Session) -> list[AccessLogEntry]:
    return list(
        session.scalars(select(AccessLogEntry).where(AccessLogEntry.data_kind == "own_words"))
    )


def test_the_youth_reads_their_own_words_without_an_audit_event(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth)
    assert svc.read_own_words(db_session, request, youth, origin=ORIGIN, now=NOW) == WORDS
    assert _views(db_session) == []


def test_a_coordinator_of_a_proposed_peer_experts_organisation_reads_them_and_is_audited(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth)
    org = make_organisation(db_session)
    add_proposal(db_session, request, make_peer_expert(db_session, org))
    coordinator = make_coordinator(db_session, org)
    assert svc.read_own_words(db_session, request, coordinator, origin=ORIGIN, now=NOW) == WORDS
    [event] = _views(db_session)
    assert event.reader_id == coordinator.id
    assert event.reader_role == "coordinator"
    assert event.subject_id == youth.id
    assert event.organisation_id == org.id
    assert (event.record_type, event.record_id) == ("contact_request", request.id)
    assert event.at == NOW


def test_a_coordinator_of_the_referring_organisation_reads_them(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    member = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, member)
    youth = youth_of_age(db_session, 17)
    referred = svc.refer_youth(db_session, member, youth.email, now=NOW, origin=ORIGIN)
    svc.save_youth_draft(
        db_session, youth, complete_input(db_session), now=NOW, origin=ORIGIN, request=referred
    )
    coordinator = make_coordinator(db_session, org)
    assert svc.read_own_words(db_session, referred, coordinator, origin=ORIGIN, now=NOW) == WORDS
    assert len(_views(db_session)) == 1


def test_a_coordinator_of_an_uninvolved_organisation_gets_nothing(
    app: Flask, db_session: Session
) -> None:
    youth = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth)
    add_proposal(db_session, request, make_peer_expert(db_session))
    outsider = make_coordinator(db_session)
    assert svc.read_own_words(db_session, request, outsider, origin=ORIGIN, now=NOW) is None
    assert _views(db_session) == []


def test_a_peer_expert_reads_them_only_after_accepting(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth)
    profile = make_peer_expert(db_session)
    proposal = add_proposal(db_session, request, profile, ProposalStatus.ASKED)
    peer = profile.user
    assert svc.read_own_words(db_session, request, peer, origin=ORIGIN, now=NOW) is None
    proposal.status = ProposalStatus.APPROVED
    db_session.flush()
    assert svc.read_own_words(db_session, request, peer, origin=ORIGIN, now=NOW) == WORDS
    assert [(e.reader_id, e.reader_role) for e in _views(db_session)] == [(peer.id, "peer_expert")]


def test_an_unrelated_peer_expert_is_refused(app: Flask, db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    request = submitted_for(app, db_session, youth)
    add_proposal(db_session, request, make_peer_expert(db_session), ProposalStatus.APPROVED)
    stranger = make_peer_expert(db_session).user
    assert svc.read_own_words(db_session, request, stranger, origin=ORIGIN, now=NOW) is None
    assert _views(db_session) == []
