"""The service asks the slot engine only for slots inside the request's times; the ranking
must be exactly the one on every free slot, and relaxing the times must still see them all."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS, Ranking, rank_candidates
from peermatch.models import AvailabilityRule, PeerExpertProfile
from peermatch.services import matching
from tests.integration.matches.builders import NOW, open_request, peer, youth

EVENINGS = {"weekly": [{"weekday": d, "part": "evening"} for d in (0, 2, 4)], "windows": []}


def _hours(session: Session, profile: PeerExpertProfile, *windows: tuple[int, int, int]) -> None:
    for weekday, start, end in windows:
        session.add(
            AvailabilityRule(
                profile_id=profile.id,
                weekday=weekday,
                start_time=dt.time(start),
                end_time=dt.time(end),
            )
        )
    session.flush()


def _summary(ranking: Ranking) -> tuple[object, ...]:
    return (
        [(r.peer_id, r.score, r.soonest_slot, r.factor_values, r.reasons) for r in ranking.ranked],
        ranking.excluded,
    )


def test_the_service_ranks_exactly_as_on_every_free_slot(db_session: Session) -> None:
    evening = peer(db_session, free=False)
    _hours(db_session, evening, (0, 17, 21), (4, 16, 19))
    straddling = peer(db_session, free=False)  # only partly inside the evening
    _hours(db_session, straddling, (2, 15, 19), (5, 17, 20))
    morning = peer(db_session, free=False)
    _hours(db_session, morning, (0, 9, 12), (2, 9, 12))
    peer(db_session)  # every day 10-20
    peer(db_session, languages=["en"])
    young = youth(db_session)
    request = open_request(db_session, young, time_preferences=EVENINGS)

    built, candidates, ranking, domains = matching.rank_request(
        db_session, request, now=NOW, weights=DEFAULT_WEIGHTS
    )
    everything = matching.load_candidates(
        db_session, audience=built.audience, now=NOW, requester_id=young.id
    )
    full = rank_candidates(
        built, everything, taxonomy=matching.taxonomy_of(domains), now=NOW, weights=DEFAULT_WEIGHTS
    )
    assert _summary(ranking) == _summary(full)
    assert {r.peer_id for r in ranking.ranked} == {evening.id, straddling.id} | {
        r.peer_id for r in full.ranked
    }
    assert morning.id not in {r.peer_id for r in ranking.ranked}
    # ... and it did so on far fewer slots.
    assert sum(len(c.free_slots) for c in candidates) < sum(len(c.free_slots) for c in everything)
    assert not next(c for c in candidates if c.peer_id == morning.id).free_slots


def test_relaxing_the_times_counts_the_slots_outside_them(db_session: Session) -> None:
    young = youth(db_session)
    mornings = []
    for _ in range(2):
        expert = peer(db_session, free=False)
        _hours(db_session, expert, *((d, 9, 12) for d in range(7)))
        mornings.append(expert)
    request = open_request(db_session, young, time_preferences=EVENINGS)
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    assert view.nobody_fits
    found = {r.key: r.eligible_count for r in view.relaxations}
    assert found["relax.any_time"] == len(mornings)
