"""The matching service: from database rows to the pure core's inputs, and back to views."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS, ExclusionReason, Weights
from peermatch.models import Booking, BookingParticipant, MatchProposal
from peermatch.models.enums import (
    BookingStatus,
    DomainVisibility,
    Gender,
    ParticipantRole,
    ProposalStatus,
    RequestStatus,
)
from peermatch.services import matching
from peermatch.services.errors import Conflict, NotFound
from tests.conftest import QueryCounter
from tests.factories import domain, make_coordinator, make_organisation, make_user
from tests.integration.matches.builders import NOW, met_before, open_request, peer, youth


def test_the_audience_follows_the_younger_possible_age_of_the_youth(db_session: Session) -> None:
    request = open_request(db_session, youth(db_session, age=15))
    assert matching.build_match_request(db_session, request, now=NOW).audience == "youth_12_15"
    older = open_request(db_session, youth(db_session, age=16))
    assert matching.build_match_request(db_session, older, now=NOW).audience == "youth_16_17"


def test_a_youth_without_birth_year_counts_as_the_youngest_group(db_session: Session) -> None:
    request = open_request(db_session, youth(db_session))
    request.requester.birth_year = None
    assert matching.build_match_request(db_session, request, now=NOW).audience == "youth_12_15"


def test_weekly_parts_become_windows_in_the_youths_own_time_zone(db_session: Session) -> None:
    # Wednesday evening in Amsterdam (UTC+1 in winter) is 16:00-20:00 UTC.
    request = open_request(
        db_session,
        youth(db_session),
        time_preferences={"weekly": [{"weekday": 2, "part": "evening"}], "windows": []},
    )
    windows = matching.build_match_request(db_session, request, now=NOW).windows
    assert windows[0] == (
        dt.datetime(2026, 11, 25, 16, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 25, 20, tzinfo=dt.UTC),
    )
    assert len(windows) == 4


def test_times_that_all_lie_in_the_past_fit_nobody_instead_of_any_time(db_session: Session) -> None:
    peer(db_session)
    past = {"start": "2026-11-01T10:00:00+00:00", "end": "2026-11-01T12:00:00+00:00"}
    request = open_request(
        db_session, youth(db_session), time_preferences={"weekly": [], "windows": [past]}
    )
    _, _, ranking, _ = matching.rank_request(db_session, request, now=NOW, weights=DEFAULT_WEIGHTS)
    assert ranking.ranked == ()
    assert ranking.exclusion_counts == {ExclusionReason.NO_SLOT: 1}


def test_do_not_match_again_feedback_blocks_both_ways(db_session: Session) -> None:
    young = youth(db_session)
    request = open_request(db_session, young)
    avoided = peer(db_session)
    avoiding = peer(db_session)
    met_before(db_session, request, avoided, author=young, rating=2, do_not_match_again=True)
    met_before(db_session, request, avoiding, author=avoiding.user, do_not_match_again=True)
    built = matching.build_match_request(db_session, request, now=NOW)
    assert built.blocked_peer_ids == {avoided.id}
    assert avoiding.id in built.peer_ids_blocking_requester


def test_a_decline_never_lowers_a_peer_expert_on_another_request(db_session: Session) -> None:
    expert = peer(db_session)
    first = open_request(db_session, youth(db_session))
    db_session.add(
        MatchProposal(request_id=first.id, profile_id=expert.id, status=ProposalStatus.DECLINED)
    )
    db_session.flush()
    second = open_request(db_session, youth(db_session))
    built = matching.build_match_request(db_session, second, now=NOW)
    assert expert.id not in built.blocked_peer_ids | built.peer_ids_blocking_requester
    # ... but on the same request they are not offered again.
    again = matching.build_match_request(db_session, first, now=NOW)
    assert expert.id in again.peer_ids_blocking_requester


def test_candidates_carry_capacity_sessions_rating_and_free_slots(db_session: Session) -> None:
    young = youth(db_session)
    request = open_request(db_session, young)
    expert = peer(db_session, max_active_matches=2)
    met_before(db_session, request, expert, author=young, rating=4)
    db_session.add(
        MatchProposal(
            request_id=request.id,
            profile_id=expert.id,
            status=ProposalStatus.APPROVED,
            created_at=NOW - dt.timedelta(days=3),
        )
    )
    start = NOW + dt.timedelta(days=3, hours=2)
    booking = Booking(
        proposal_id=db_session.query(MatchProposal).filter_by(request_id=request.id).one().id,
        status=BookingStatus.CONFIRMED,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    db_session.add(booking)
    db_session.flush()
    db_session.add(
        BookingParticipant(
            booking_id=booking.id,
            user_id=expert.user_id,
            role=ParticipantRole.PEER_EXPERT,
            block_start=start,
            block_end=start + dt.timedelta(hours=1),
        )
    )
    db_session.flush()
    (candidate,) = matching.load_candidates(
        db_session, audience="youth_16_17", now=NOW, requester_id=young.id
    )
    assert candidate.active_matches == 1
    assert candidate.max_active_matches == 2
    assert candidate.recent_proposals == 1
    assert candidate.upcoming_sessions == 1
    assert candidate.past_rating == 4.0
    assert candidate.free_slots
    assert all(
        not (s < start + dt.timedelta(hours=1) and start < e) for s, e in candidate.free_slots
    )


def test_only_active_profiles_are_loaded(db_session: Session) -> None:
    from peermatch.models.enums import ProfileStatus

    active = peer(db_session)
    peer(db_session, status=ProfileStatus.PAUSED)
    peer(db_session, status=ProfileStatus.SUBMITTED)
    loaded = matching.load_candidates(db_session, audience="youth_16_17", now=NOW)
    assert [c.peer_id for c in loaded] == [active.id]


def test_a_domain_not_opened_for_the_audience_never_reaches_the_core(db_session: Session) -> None:
    expert = peer(db_session, entry_audiences=["adult_18_plus"])
    (candidate,) = matching.load_candidates(db_session, audience="youth_16_17", now=NOW)
    assert candidate.peer_id == expert.id
    (entry,) = candidate.domains
    assert entry.open_for == {"adult_18_plus"}
    assert not entry.usable_for("youth_16_17")


@pytest.mark.parametrize("count", [3, 30])
def test_loading_candidates_issues_a_constant_number_of_statements(
    db_session: Session, count_queries: QueryCounter, count: int
) -> None:
    org = make_organisation(db_session)
    young = youth(db_session)
    request = open_request(db_session, young)
    for _ in range(count):
        expert = peer(db_session, org)
        met_before(db_session, request, expert, author=young, rating=5)
    young_id = young.id
    db_session.expire_all()
    with count_queries() as statements:
        loaded = matching.load_candidates(
            db_session, audience="youth_16_17", now=NOW, requester_id=young_id
        )
    assert len(loaded) == count
    assert all(c.free_slots and c.past_rating == 5.0 for c in loaded)
    # profiles, their domains, sessions, workload, ratings + 4 in availability.free_slots_for_many
    assert len(statements) == 9, statements


def test_the_same_statements_for_3_and_30_peer_experts(
    db_session: Session, count_queries: QueryCounter
) -> None:
    org = make_organisation(db_session)
    counts = []
    for total in (3, 30):
        while len(matching.load_candidates(db_session, audience="team", now=NOW)) < total:
            peer(db_session, org)
        db_session.expire_all()
        with count_queries() as statements:
            matching.load_candidates(db_session, audience="team", now=NOW, requester_id=1)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_a_youth_gets_at_most_five_explained_cards(app, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    young = youth(db_session)
    for _ in range(7):
        peer(db_session)
    request = open_request(db_session, young)
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    assert view.viewer_kind == "requester"
    assert len(view.cards) == matching.CARDS_FOR_REQUESTER
    assert view.eligible_count == 7
    card = view.cards[0]
    assert card.shared[0].domain.slug == "anxiety"
    assert card.shared[0].share_text == "Wat mij hielp was ademhalen."
    assert any(r.key == "reason.shared_domain" for r in card.reasons)
    scores = [c.ranked.score for c in view.cards]
    assert scores == sorted(scores, reverse=True)


def test_share_text_after_match_is_not_on_a_card(db_session: Session) -> None:
    young = youth(db_session)
    peer(db_session, visibility=DomainVisibility.AFTER_MATCH, text="Pas na de match te lezen.")
    view = matching.candidates_for(
        db_session, open_request(db_session, young), young, now=NOW, weights=DEFAULT_WEIGHTS
    )
    assert view.cards[0].shared[0].share_text is None


def test_a_hidden_domain_is_not_named_on_the_card(db_session: Session) -> None:
    young = youth(db_session)
    expert = peer(db_session, slug="anxiety")
    from tests.factories import add_entry

    add_entry(db_session, expert, "depression", audiences=["adult_18_plus"], text="Verborgen")
    request = open_request(db_session, young, slugs=("anxiety", "depression"))
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    (card,) = view.cards
    hidden = domain(db_session, "depression").id
    assert all(r.params.get("domain_id") != hidden for r in card.reasons)
    assert [s.domain.slug for s in card.shared] == ["anxiety"]


def test_minors_only_meet_peer_experts_with_a_vog_valid_on_the_session_date(
    db_session: Session,
) -> None:
    young = youth(db_session, age=14)
    valid = peer(db_session)
    expired = peer(db_session, vog_date=dt.date(2023, 11, 20))
    request = open_request(db_session, young)
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    assert [c.profile.id for c in view.cards] == [valid.id]
    assert expired.id not in [c.profile.id for c in view.cards]


def test_nobody_fits_suggests_what_would_help(db_session: Session) -> None:
    young = youth(db_session)
    for _ in range(4):
        peer(db_session, modes=["video"])
    request = open_request(db_session, young, modes=["in_person"])
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    assert view.nobody_fits
    assert view.relaxations[0].key == "relax.add_video"
    assert view.relaxations[0].eligible_count == 4


def test_a_coordinator_sees_exclusions_counted_by_reason(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    young = youth(db_session)
    peer(db_session, org)
    peer(db_session, org, languages=["en"])
    peer(db_session, org, free=False)
    request = open_request(db_session, young, organisation_id=org.id)
    view = matching.candidates_for(
        db_session, request, coordinator, now=NOW, weights=DEFAULT_WEIGHTS
    )
    assert view.viewer_kind == "coordinator"
    assert view.exclusion_counts == {ExclusionReason.LANGUAGE: 1, ExclusionReason.NO_SLOT: 1}


def test_someone_else_cannot_see_the_candidates_of_a_request(db_session: Session) -> None:
    request = open_request(db_session, youth(db_session))
    with pytest.raises(NotFound):
        matching.candidates_for(
            db_session, request, youth(db_session), now=NOW, weights=DEFAULT_WEIGHTS
        )
    coordinator_elsewhere = make_coordinator(db_session)
    request.organisation_id = make_organisation(db_session).id
    with pytest.raises(NotFound):
        matching.candidates_for(
            db_session, request, coordinator_elsewhere, now=NOW, weights=DEFAULT_WEIGHTS
        )


def test_a_withdrawn_request_has_no_candidates(db_session: Session) -> None:
    young = youth(db_session)
    request = open_request(db_session, young)
    request.status = RequestStatus.WITHDRAWN
    with pytest.raises(Conflict):
        matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)


def test_weights_come_from_configuration(db_session: Session) -> None:
    assert matching.configured_weights({"MATCHING_WEIGHTS": {"gender": 3}}) == Weights(gender=3)
    with pytest.raises(ValueError, match="unknown"):
        matching.configured_weights({"MATCHING_WEIGHTS": {"severity": 1}})


def test_a_gender_wish_is_a_soft_preference(db_session: Session) -> None:
    young = youth(db_session)
    woman = peer(db_session, gender=Gender.WOMAN)
    man = peer(db_session, gender=Gender.MAN)
    request = open_request(
        db_session, young, gender_preference="specific", preferred_gender=Gender.WOMAN
    )
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    assert [c.profile.id for c in view.cards] == [woman.id, man.id]
    assert make_user  # factories stay importable for other tests


def test_declining_or_letting_proposals_expire_keeps_score_and_position(
    db_session: Session,
) -> None:
    """Declining is free: only sessions and accepted matches are workload."""
    young = youth(db_session)
    request = open_request(db_session, young)
    experts = [peer(db_session) for _ in range(4)]
    _, _, before, _ = matching.rank_request(db_session, request, now=NOW, weights=DEFAULT_WEIGHTS)
    declining = experts[1]
    for status in (ProposalStatus.DECLINED, ProposalStatus.EXPIRED, ProposalStatus.DECLINED):
        other = open_request(db_session, youth(db_session))
        db_session.add(
            MatchProposal(
                request_id=other.id,
                profile_id=declining.id,
                status=status,
                created_at=NOW - dt.timedelta(days=2),
            )
        )
    db_session.flush()
    _, _, after, _ = matching.rank_request(db_session, request, now=NOW, weights=DEFAULT_WEIGHTS)
    assert [(r.peer_id, r.score) for r in after.ranked] == [
        (r.peer_id, r.score) for r in before.ranked
    ]
    assert declining.id in [r.peer_id for r in after.ranked]
    # An accepted match is work, and does count.
    other = open_request(db_session, youth(db_session))
    db_session.add(
        MatchProposal(
            request_id=other.id,
            profile_id=declining.id,
            status=ProposalStatus.APPROVED,
            created_at=NOW - dt.timedelta(days=2),
        )
    )
    db_session.flush()
    _, _, busier, _ = matching.rank_request(db_session, request, now=NOW, weights=DEFAULT_WEIGHTS)
    score = {r.peer_id: r.score for r in busier.ranked}
    assert score[declining.id] < {r.peer_id: r.score for r in before.ranked}[declining.id]
