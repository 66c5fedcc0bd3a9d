"""Proposals: choose, ask, accept/decline/expire, approval policies, coordinator actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS
from peermatch.models import AuditEvent, Notification, OutboxMessage
from peermatch.models.enums import ApprovalPolicy, ProposalStatus, RequestStatus
from peermatch.services import proposals as svc
from peermatch.services import requests as requests_service
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from tests.conftest import QueryCounter
from tests.factories import make_coordinator, make_organisation, make_team, make_user
from tests.integration.matches.builders import NOW, ORIGIN, open_request, peer, team_request, youth
from tests.outbox import render_queued

W = DEFAULT_WEIGHTS
S = ProposalStatus


@pytest.fixture(autouse=True)
def _app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def world(
    session: Session,
    *,
    policy: ApprovalPolicy = ApprovalPolicy.ALWAYS,
    age: int = 17,
    peers: int = 3,
):  # type: ignore[no-untyped-def]
    org = make_organisation(session, approval_policy=policy)
    coordinator = make_coordinator(session, org)
    experts = [peer(session, org) for _ in range(peers)]
    young = youth(session, age=age)
    request = open_request(session, young)
    return org, coordinator, experts, young, request


def choose(session: Session, young, request, experts):  # type: ignore[no-untyped-def]
    return svc.choose(
        session, request.id, young, [e.id for e in experts], now=NOW, origin=ORIGIN, weights=W
    )


def actions(session: Session, proposal_id: int) -> list[str]:
    return [s.action for s in svc.timeline(session, svc._get(session, proposal_id))]


def test_choosing_asks_the_first_choice_and_keeps_the_others_waiting(
    app: Flask, db_session: Session
) -> None:
    _, _, experts, young, request = world(db_session)
    first, second, third = choose(db_session, young, request, experts)
    assert [p.status for p in (first, second, third)] == [S.ASKED, S.CHOSEN, S.CHOSEN]
    assert [p.choice_rank for p in (first, second, third)] == [1, 2, 3]
    assert first.respond_by == NOW + dt.timedelta(hours=72)
    assert set(first.explanation["factors"]) >= {"shared_experience", "fair_spread"}
    assert first.explanation["factors"]["shared_experience"]["weight"] == W.shared_experience
    assert any(r["key"] == "reason.shared_domain" for r in first.explanation["reasons"])
    notice = db_session.scalar(
        select(Notification).where(Notification.user_id == experts[0].user_id)
    )
    assert notice is not None and notice.kind == "match.asked"
    render_queued(app, db_session)
    mail = db_session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_user_id == experts[0].user_id)
    )
    assert mail is not None and mail.kind == "match_asked"
    assert "slaap" not in mail.body_text  # no own words in email
    assert actions(db_session, first.id) == ["chosen", "ask"]


def test_the_response_time_comes_from_the_peer_experts_organisation(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    experts[0].organisation.proposal_response_hours = 24
    (proposal,) = choose(db_session, young, request, experts[:1])
    assert proposal.respond_by == NOW + dt.timedelta(hours=24)


def test_choosing_someone_not_eligible_is_refused_and_changes_nothing(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    other = peer(db_session, languages=["en"])
    with pytest.raises(Conflict) as err:
        choose(db_session, young, request, [experts[0], other])
    assert err.value.key == "match.error.no_longer_available"
    assert svc.proposals_for_request(db_session, request.id, young)[1] == []


def test_more_than_three_choices_or_twice_the_same_is_refused(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session, peers=4)
    with pytest.raises(InvalidInput):
        choose(db_session, young, request, experts)
    with pytest.raises(InvalidInput):
        svc.choose(
            db_session, request.id, young, [experts[0].id] * 2, now=NOW, origin=ORIGIN, weights=W
        )


def test_choosing_again_while_a_choice_is_open_is_refused(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    choose(db_session, young, request, experts[:1])
    with pytest.raises(Conflict):
        choose(db_session, young, request, experts[1:2])


def test_someone_else_cannot_choose_for_a_request(db_session: Session) -> None:
    _, _, experts, _, request = world(db_session)
    with pytest.raises(NotFound):
        choose(db_session, youth(db_session), request, experts[:1])


def test_with_policy_always_an_accepted_proposal_waits_for_approval(db_session: Session) -> None:
    _, coordinator, experts, young, request = world(db_session)
    (proposal,) = choose(db_session, young, request, experts[:1])
    svc.accept(db_session, proposal.id, experts[0].user, now=NOW, origin=ORIGIN)
    assert proposal.status is S.AWAITING_APPROVAL
    assert [i.proposal.id for i in svc.approval_queue(db_session, coordinator, now=NOW)] == [
        proposal.id
    ]
    kinds = {
        n.kind
        for n in db_session.scalars(
            select(Notification).where(Notification.user_id == coordinator.id)
        )
    }
    assert kinds == {"match.awaiting_approval"}


def test_with_policy_never_an_accepted_proposal_is_approved_at_once(db_session: Session) -> None:
    org, _, experts, young, request = world(db_session, policy=ApprovalPolicy.NEVER)
    org.trajectory_max_sessions = 4
    (proposal,) = choose(db_session, young, request, experts[:1])
    svc.accept(db_session, proposal.id, experts[0].user, now=NOW, origin=ORIGIN)
    assert proposal.status is S.APPROVED
    assert proposal.max_sessions == 4
    assert request.status is RequestStatus.MATCHED
    assert actions(db_session, proposal.id) == ["chosen", "ask", "accept", "approve"]


@pytest.mark.parametrize(("age", "expected"), [(17, S.AWAITING_APPROVAL), (19, S.APPROVED)])
def test_with_policy_minors_only_only_minors_wait_for_approval(
    db_session: Session, age: int, expected: ProposalStatus
) -> None:
    _, _, experts, young, request = world(db_session, policy=ApprovalPolicy.MINORS_ONLY, age=age)
    (proposal,) = choose(db_session, young, request, experts[:1])
    svc.accept(db_session, proposal.id, experts[0].user, now=NOW, origin=ORIGIN)
    assert proposal.status is expected


def test_illegal_transitions_are_refused_with_a_clear_error(db_session: Session) -> None:
    _, coordinator, experts, young, request = world(db_session)
    first, second, _ = choose(db_session, young, request, experts)
    with pytest.raises(Conflict) as err:
        svc.approve(db_session, first.id, coordinator, now=NOW, origin=ORIGIN)
    assert err.value.key == "match.error.cannot_approve"
    with pytest.raises(Conflict):
        svc.accept(db_session, second.id, experts[1].user, now=NOW, origin=ORIGIN)
    svc.accept(db_session, first.id, experts[0].user, now=NOW, origin=ORIGIN)
    with pytest.raises(Conflict) as err:
        svc.decline(db_session, first.id, experts[0].user, reason=None, now=NOW, origin=ORIGIN)
    assert err.value.key == "match.error.cannot_decline"
    svc.approve(db_session, first.id, coordinator, now=NOW, origin=ORIGIN)
    with pytest.raises(Conflict):
        svc.reject(db_session, first.id, coordinator, reason="x", now=NOW, origin=ORIGIN)


def test_only_the_asked_peer_expert_can_answer(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    (proposal,) = choose(db_session, young, request, experts[:1])
    with pytest.raises(NotFound):
        svc.accept(db_session, proposal.id, experts[1].user, now=NOW, origin=ORIGIN)
    with pytest.raises(NotFound):
        svc.accept(db_session, proposal.id, young, now=NOW, origin=ORIGIN)


def test_a_decline_asks_the_next_choice_and_its_reason_stays_with_coordinators(
    db_session: Session,
) -> None:
    _, coordinator, experts, young, request = world(db_session)
    first, second, _ = choose(db_session, young, request, experts)
    svc.decline(
        db_session,
        first.id,
        experts[0].user,
        reason="Te dichtbij mijn eigen verhaal",
        now=NOW,
        origin=ORIGIN,
    )
    assert first.status is S.DECLINED
    assert second.status is S.ASKED
    assert svc.view(db_session, first.id, young, now=NOW, origin=ORIGIN).decline_reason is None
    seen = svc.view(db_session, first.id, coordinator, now=NOW, origin=ORIGIN)
    assert seen.decline_reason == "Te dichtbij mijn eigen verhaal"
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "match.decline"))
    assert all("dichtbij" not in str(e.details) for e in events)


def test_answering_after_the_deadline_is_refused(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    (proposal,) = choose(db_session, young, request, experts[:1])
    with pytest.raises(Conflict) as err:
        svc.accept(
            db_session,
            proposal.id,
            experts[0].user,
            now=NOW + dt.timedelta(hours=73),
            origin=ORIGIN,
        )
    assert err.value.key == "match.error.answer_too_late"


def test_expiry_asks_the_next_choice(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    first, second, third = choose(db_session, young, request, experts)
    assert svc.expire_overdue(db_session, NOW + dt.timedelta(hours=71)) == 0
    assert svc.expire_overdue(db_session, NOW + dt.timedelta(hours=72)) == 1
    assert (first.status, second.status, third.status) == (S.EXPIRED, S.ASKED, S.CHOSEN)
    assert second.respond_by == NOW + dt.timedelta(hours=144)


def test_when_no_choice_is_left_the_youth_is_asked_to_choose_again(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    (proposal,) = choose(db_session, young, request, experts[:1])
    svc.decline(db_session, proposal.id, experts[0].user, reason=None, now=NOW, origin=ORIGIN)
    kinds = [
        n.kind
        for n in db_session.scalars(select(Notification).where(Notification.user_id == young.id))
    ]
    # One message, not "we ask your next choice" next to "choose again".
    assert "match.not_this_time_choose_again" in kinds
    assert "match.not_this_time" not in kinds and "match.choose_again" not in kinds
    # A fresh choice works, and the one who declined is not offered again for this request.
    again = svc.choose(
        db_session, request.id, young, [experts[1].id], now=NOW, origin=ORIGIN, weights=W
    )
    assert again[0].status is S.ASKED
    with pytest.raises(Conflict):
        svc.refuse_suggestion(db_session, again[0].id, young, now=NOW, origin=ORIGIN)


def test_a_coordinator_of_another_organisation_cannot_decide(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    (proposal,) = choose(db_session, young, request, experts[:1])
    svc.accept(db_session, proposal.id, experts[0].user, now=NOW, origin=ORIGIN)
    elsewhere = make_coordinator(db_session)
    request.organisation_id = make_organisation(db_session).id
    with pytest.raises(NotFound):
        svc.approve(db_session, proposal.id, elsewhere, now=NOW, origin=ORIGIN)
    assert svc.approval_queue(db_session, elsewhere, now=NOW) == []
    # A coordinator of the youth's organisation may look, but only the peer expert's decides.
    youth_org = make_organisation(db_session)
    request.organisation_id = youth_org.id
    youth_coordinator = make_coordinator(db_session, youth_org)
    with pytest.raises(Forbidden):
        svc.approve(db_session, proposal.id, youth_coordinator, now=NOW, origin=ORIGIN)
    assert proposal.status is S.AWAITING_APPROVAL


def test_opening_a_queue_item_reads_the_own_words_with_an_audit_event(db_session: Session) -> None:
    _, coordinator, experts, young, request = world(db_session)
    (proposal,) = choose(db_session, young, request, experts[:1])
    svc.accept(db_session, proposal.id, experts[0].user, now=NOW, origin=ORIGIN)
    later = NOW + dt.timedelta(hours=5)
    page = svc.approval_view(
        db_session, proposal.id, coordinator, now=later, origin=ORIGIN, weights=W
    )
    assert page.view.own_words == "Ik slaap slecht sinds de verhuizing."
    assert page.item.waited == dt.timedelta(hours=5)
    viewed = db_session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "request.own_words_viewed", AuditEvent.actor_id == coordinator.id
        )
    ).all()
    assert len(viewed) == 1 and viewed[0].subject_id == request.id


def test_a_peer_expert_reads_the_own_words_only_after_accepting(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    (proposal,) = choose(db_session, young, request, experts[:1])
    expert = experts[0].user
    assert svc.view(db_session, proposal.id, expert, now=NOW, origin=ORIGIN).own_words is None
    svc.accept(db_session, proposal.id, expert, now=NOW, origin=ORIGIN)
    assert svc.view(db_session, proposal.id, expert, now=NOW, origin=ORIGIN).own_words is not None


def test_the_queue_is_ordered_by_waiting_time(db_session: Session) -> None:
    _, coordinator, experts, _, _ = world(db_session, peers=2)
    ids = []
    for hours, expert in ((3, experts[0]), (1, experts[1])):
        young = youth(db_session)
        request = open_request(db_session, young)
        (proposal,) = choose(db_session, young, request, [expert])
        svc.accept(
            db_session, proposal.id, expert.user, now=NOW - dt.timedelta(hours=hours), origin=ORIGIN
        )
        ids.append(proposal.id)
    assert [i.proposal.id for i in svc.approval_queue(db_session, coordinator, now=NOW)] == ids


def test_approval_opens_the_booking_step_and_ends_the_reserve_choices(db_session: Session) -> None:
    org, coordinator, experts, young, request = world(db_session)
    first, second, third = choose(db_session, young, request, experts)
    svc.accept(db_session, first.id, experts[0].user, now=NOW, origin=ORIGIN)
    svc.approve(db_session, first.id, coordinator, now=NOW, origin=ORIGIN)
    assert first.status is S.APPROVED and first.decided_by_id == coordinator.id
    assert first.max_sessions == org.trajectory_max_sessions
    assert request.status is RequestStatus.MATCHED
    assert second.status is S.WITHDRAWN and third.status is S.WITHDRAWN


def test_a_rejection_has_a_reason_the_youth_can_read_and_moves_on(db_session: Session) -> None:
    _, coordinator, experts, young, request = world(db_session)
    first, second, _ = choose(db_session, young, request, experts)
    svc.accept(db_session, first.id, experts[0].user, now=NOW, origin=ORIGIN)
    with pytest.raises(InvalidInput):
        svc.reject(db_session, first.id, coordinator, reason="  ", now=NOW, origin=ORIGIN)
    svc.reject(
        db_session,
        first.id,
        coordinator,
        reason="Jullie wonen in hetzelfde dorp.",
        now=NOW,
        origin=ORIGIN,
    )
    assert (
        svc.view(db_session, first.id, young, now=NOW, origin=ORIGIN).proposal.coordinator_reason
        == "Jullie wonen in hetzelfde dorp."
    )
    assert second.status is S.ASKED


def test_a_coordinator_can_propose_another_candidate_which_the_youth_confirms(
    db_session: Session,
) -> None:
    _, coordinator, experts, young, request = world(db_session)
    (first,) = choose(db_session, young, request, experts[:1])
    svc.accept(db_session, first.id, experts[0].user, now=NOW, origin=ORIGIN)
    with pytest.raises(Conflict):
        svc.propose_other(
            db_session,
            first.id,
            coordinator,
            peer(db_session, languages=["en"]).id,
            now=NOW,
            origin=ORIGIN,
            weights=W,
        )
    suggestion = svc.propose_other(
        db_session, first.id, coordinator, experts[2].id, now=NOW, origin=ORIGIN, weights=W
    )
    assert first.status is S.WITHDRAWN
    assert (
        suggestion.status is S.CHOSEN and suggestion.explanation["suggested_by"] == coordinator.id
    )
    svc.confirm_suggestion(db_session, suggestion.id, young, now=NOW, origin=ORIGIN)
    assert suggestion.status is S.ASKED


def test_a_youth_may_turn_down_a_suggestion_and_choose_again(db_session: Session) -> None:
    _, coordinator, experts, young, request = world(db_session)
    (first,) = choose(db_session, young, request, experts[:1])
    svc.accept(db_session, first.id, experts[0].user, now=NOW, origin=ORIGIN)
    suggestion = svc.propose_other(
        db_session, first.id, coordinator, experts[1].id, now=NOW, origin=ORIGIN, weights=W
    )
    svc.refuse_suggestion(db_session, suggestion.id, young, now=NOW, origin=ORIGIN)
    assert suggestion.status is S.WITHDRAWN
    kinds = [
        n.kind
        for n in db_session.scalars(select(Notification).where(Notification.user_id == young.id))
    ]
    assert kinds[-1] == "match.choose_again"


def test_a_coordinator_asks_a_question_and_only_the_one_asked_answers(db_session: Session) -> None:
    _, coordinator, experts, young, request = world(db_session)
    (proposal,) = choose(db_session, young, request, experts[:1])
    svc.accept(db_session, proposal.id, experts[0].user, now=NOW, origin=ORIGIN)
    svc.ask_question(
        db_session,
        proposal.id,
        coordinator,
        to="requester",
        body="Past woensdag ook?",
        now=NOW,
        origin=ORIGIN,
    )
    with pytest.raises(Conflict):
        svc.answer(db_session, proposal.id, experts[0].user, body="ja", now=NOW, origin=ORIGIN)
    assert svc.view(db_session, proposal.id, young, now=NOW, origin=ORIGIN).awaiting_answer
    svc.answer(db_session, proposal.id, young, body="Ja, woensdag past.", now=NOW, origin=ORIGIN)
    bodies = [m.body for m in svc.messages_for(db_session, proposal, coordinator)]
    assert bodies == ["Past woensdag ook?", "Ja, woensdag past."]
    assert svc.messages_for(db_session, proposal, experts[0].user) == []


def test_withdrawing_the_request_leaves_no_open_proposal(db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    proposals = choose(db_session, young, request, experts)
    requests_service.withdraw(db_session, request, young, now=NOW, origin=ORIGIN)
    assert all(p.status is S.WITHDRAWN for p in proposals)
    assert svc.expire_overdue(db_session, NOW + dt.timedelta(days=10)) == 0


def test_a_team_asks_as_many_peer_experts_as_it_wants_at_once(db_session: Session) -> None:
    org = make_organisation(db_session)
    member = make_user(db_session, birth_year=None)
    team = make_team(db_session, org, member)
    experts = [peer(db_session, org) for _ in range(3)]
    request = team_request(db_session, member, team.id, org, peer_experts_wanted=2)
    picked = svc.choose(
        db_session, request.id, member, [e.id for e in experts], now=NOW, origin=ORIGIN, weights=W
    )
    assert [p.status for p in picked] == [S.ASKED, S.ASKED, S.CHOSEN]


def test_batch_matching_maximises_the_total_under_capacity(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    only = peer(db_session, org, max_active_matches=1)
    requests = [
        open_request(db_session, youth(db_session), organisation_id=org.id) for _ in range(2)
    ]
    plan = svc.batch_plan(db_session, coordinator, [r.id for r in requests], now=NOW, weights=W)
    assert len(plan.optimal.pairs) == 1  # one peer expert with room for one match
    assert plan.optimal.total >= plan.greedy.total
    assert [row.profile is not None for row in plan.rows].count(True) == 1
    created = svc.send_batch(
        db_session, coordinator, [r.id for r in requests], now=NOW, origin=ORIGIN, weights=W
    )
    assert [(p.profile_id, p.status) for p in created] == [(only.id, S.ASKED)]
    assert created[0].explanation["via"] == "batch"
    with pytest.raises(InvalidInput):
        svc.batch_plan(
            db_session, make_coordinator(db_session), [requests[0].id], now=NOW, weights=W
        )


def test_the_cli_expires_overdue_proposals(app: Flask, db_session: Session) -> None:
    _, _, experts, young, request = world(db_session)
    first, second, _ = choose(db_session, young, request, experts)
    app.extensions["peermatch_clock"].set(NOW + dt.timedelta(hours=73))
    result = app.test_cli_runner().invoke(args=["matches", "expire"])
    assert result.exit_code == 0, result.output
    assert "Expired 1 proposal(s)." in result.output
    db_session.expire_all()
    assert (first.status, second.status) == (S.EXPIRED, S.ASKED)


def test_the_approval_queue_reads_its_peer_experts_in_a_fixed_number_of_statements(
    db_session: Session,
    count_queries: QueryCounter,
) -> None:
    from peermatch.models import PeerExpertProfile, User

    _, coordinator, experts, _, _ = world(db_session, peers=4)
    expert_ids, coordinator_id = [e.id for e in experts], coordinator.id

    def wait_for_approval(expert_id: int) -> None:
        expert = db_session.get(PeerExpertProfile, expert_id)
        requester = youth(db_session)
        (proposal,) = choose(db_session, requester, open_request(db_session, requester), [expert])
        svc.accept(db_session, proposal.id, expert.user, now=NOW, origin=ORIGIN)

    def queue_statements() -> tuple[int, int]:
        db_session.flush()
        db_session.expunge_all()  # read as a fresh request would
        me = db_session.get(User, coordinator_id)
        assert me is not None
        _ = me.memberships
        with count_queries() as statements:
            queue = svc.approval_queue(db_session, me, now=NOW)
            names = [item.proposal.profile.user.display_name for item in queue]
        return len(names), len(statements)

    wait_for_approval(expert_ids[0])
    one = queue_statements()
    for expert_id in expert_ids[1:]:
        wait_for_approval(expert_id)
    many = queue_statements()
    assert (one[0], many[0]) == (1, 4)
    assert one[1] == many[1]
