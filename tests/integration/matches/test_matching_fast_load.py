"""Loading candidates reads JSON lists as text (decoded once per distinct value) and takes
slots from the engine as shared pairs: the candidates must be exactly what the ORM
objects and the plain slot engine say, on both databases."""

from __future__ import annotations

from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS, Weights
from peermatch.models import PeerExpertProfile
from peermatch.services import availability, matching
from tests.integration.matches.builders import NOW, open_request, peer, youth


def test_loaded_candidates_equal_what_the_profiles_and_the_engine_say(
    db_session: Session,
) -> None:
    experts = [
        peer(db_session, languages=["nl"], modes=["video"]),
        peer(db_session, languages=["nl", "en"], modes=["video", "phone"]),
        peer(db_session, languages=["en"], modes=["chat"], audiences=["team"]),
        peer(db_session, entry_audiences=["adult_18_plus"], modes=["video", "in_person"]),
    ]
    loaded = {c.peer_id: c for c in matching.load_candidates(db_session, audience="team", now=NOW)}
    assert set(loaded) == {e.id for e in experts}
    for expert in experts:
        profile = db_session.get(PeerExpertProfile, expert.id)
        assert profile is not None
        candidate = loaded[expert.id]
        assert candidate.audiences == frozenset(profile.audiences)
        assert candidate.languages == frozenset(profile.languages)
        assert candidate.modes == frozenset(profile.modes)
        assert [e.domain_id for e in candidate.domains] == [d.domain_id for d in profile.domains]
        slots = availability.free_slots_for(db_session, profile, now=NOW)
        assert slots
        assert candidate.free_slots == tuple((s.start, s.end) for s in slots)


def test_the_candidates_call_ranks_as_the_reference_loop_does(db_session: Session) -> None:
    """The whole service path against the readable reference ranking loop."""
    from tests.unit.matching.reference_ranking import reference_rank

    for n in range(6):
        peer(db_session, languages=["nl"] if n % 2 else ["nl", "en"], max_active_matches=1 + n)
    request = open_request(db_session, youth(db_session))
    weights = Weights(fair_spread=2.0)
    match_request, candidates, ranking, domains = matching.rank_request(
        db_session, request, now=NOW, weights=weights
    )
    expected = reference_rank(
        match_request,
        candidates,
        taxonomy=matching.taxonomy_of(domains),
        now=NOW,
        weights=weights,
    )
    assert [(r.peer_id, r.score, r.factor_values) for r in ranking.ranked] == [
        (r.peer_id, r.score, r.factor_values) for r in expected.ranked
    ]
    assert len(ranking.ranked) == 6
    assert weights != DEFAULT_WEIGHTS


def test_a_candidate_given_its_slots_equals_what_replace_gives() -> None:
    """Slots are added by copying every field without validating again: the copy must
    hold every field of the original (also one added to `Candidate` later) and the slots."""
    import dataclasses
    import datetime as dt

    from peermatch.matching import Candidate, DomainEntry
    from peermatch.services.matching.candidates import _with_free_slots

    start = NOW + dt.timedelta(days=2)
    slots = ((start, start + dt.timedelta(hours=1)),)
    original = Candidate(
        peer_id=7,
        tie_break_key="0123abcd",
        active_verified=True,
        audiences=frozenset({"team"}),
        domains=(DomainEntry(3, frozenset({"team"})),),
        vog_valid_until=dt.date(2027, 1, 1),
        languages=frozenset({"nl"}),
        modes=frozenset({"video"}),
        lat=52.1,
        lon=5.1,
        max_travel_km=20.0,
        gender="woman",
        age=23,
        active_matches=1,
        max_active_matches=3,
        upcoming_sessions=2,
        recent_proposals=1,
        past_rating=4.0,
    )
    copy = _with_free_slots(original, slots)
    assert copy == dataclasses.replace(original, free_slots=slots)
    assert all(
        getattr(copy, f.name) is getattr(original, f.name)
        for f in dataclasses.fields(Candidate)
        if f.name != "free_slots"
    )
    assert copy.free_slots is slots and original.free_slots == ()
