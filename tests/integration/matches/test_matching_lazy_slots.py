"""Ranking a request generates free slots only for peer experts every earlier hard filter
lets through; the answer is exactly the one of ranking everyone with all their slots."""

from __future__ import annotations

from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS, ExclusionReason, rank_candidates
from peermatch.services import matching
from peermatch.services.matching.request_inputs import (
    build_match_request,
    domains_by_id,
    taxonomy_of,
)
from tests.integration.matches.builders import NOW, open_request, peer, youth


def _world(db_session: Session) -> None:
    peer(db_session)  # fits
    peer(db_session, name="Sam Bezet", free=False)  # no free time: no slot
    peer(db_session, slug="foster-care")  # unrelated experience: excluded before the slots
    peer(db_session, languages=["en"])  # another language
    peer(db_session, modes=["phone"])  # another mode
    peer(db_session, max_active_matches=0)  # no capacity


def test_the_lazy_ranking_equals_ranking_everyone_with_all_slots(db_session: Session) -> None:
    young = youth(db_session)
    _world(db_session)
    request = open_request(db_session, young)
    # the path before: every active peer expert with every slot inside the windows
    match_request = build_match_request(db_session, request, now=NOW)
    everyone = matching.load_candidates(
        db_session,
        audience=match_request.audience,
        now=NOW,
        requester_id=request.requester_id,
        requester_windows=match_request.windows,
    )
    before = rank_candidates(
        match_request,
        everyone,
        taxonomy=taxonomy_of(domains_by_id(db_session)),
        now=NOW,
        weights=DEFAULT_WEIGHTS,
    )
    _, candidates, now_ranked, _ = matching.rank_request(
        db_session, request, now=NOW, weights=DEFAULT_WEIGHTS
    )
    assert now_ranked == before
    reasons = {e.reason for e in before.excluded}
    assert {ExclusionReason.NO_OPEN_DOMAIN, ExclusionReason.NO_SLOT} <= reasons
    # and the slots of those excluded earlier were indeed not generated
    skipped = {
        e.peer_id
        for e in before.excluded
        if e.reason not in (ExclusionReason.NO_SLOT, ExclusionReason.VOG)
    }
    assert skipped
    assert all(not c.free_slots for c in candidates if c.peer_id in skipped)
    assert any(c.free_slots for c in everyone if c.peer_id in skipped)


def test_relaxations_count_those_whose_slots_were_skipped(db_session: Session) -> None:
    young = youth(db_session)
    for _ in range(3):
        peer(db_session, languages=["en"])
    request = open_request(db_session, young)
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    assert view.nobody_fits
    # excluded for their language, so their slots were skipped at first
    assert view.exclusion_counts == {ExclusionReason.LANGUAGE: 3}
    assert [(r.key, r.eligible_count) for r in view.relaxations] == [("relax.any_language", 3)]
