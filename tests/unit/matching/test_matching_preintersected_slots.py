"""The matching service asks the slot engine only for slots inside the requester's windows
(to save work); ranking on those must give exactly the ranking on every free slot.

A seeded, varied world: peer experts in several zones with windows, exceptions, bookings,
weekly caps and VOG dates that expire inside the horizon, against requests with weekly
parts of day, concrete windows, windows that touch, and none at all.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime, time, timedelta

import pytest

from peermatch.availability import (
    Availability,
    BookedSession,
    DateException,
    Interval,
    SlotSettings,
    WeeklyPart,
    WeeklyWindow,
    free_slot_pairs_each,
    free_slots,
    requester_intervals,
)
from peermatch.matching import Candidate, ExclusionReason, MatchRequest, Ranking, rank_candidates
from tests.unit.matching.matching_builders import (
    ANXIETY,
    DEPRESSION,
    DIVORCE,
    FOSTER_CARE,
    TAXONOMY,
    peer,
    youth_request,
)

NOW = datetime(2026, 10, 19, 9, 0, tzinfo=UTC)  # the horizon crosses the autumn clock change
ZONES = ["Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Tokyo"]
HORIZON_DAYS = 28


def _availability(rnd: random.Random) -> tuple[Availability, list[BookedSession], SlotSettings]:
    windows = []
    for weekday in rnd.sample(range(7), rnd.randint(0, 4)):
        start = rnd.choice([8, 9, 13, 16, 17, 19])
        windows.append(WeeklyWindow(weekday, time(start), time(min(23, start + rnd.randint(1, 4)))))
    first = NOW.date()
    exceptions = []
    for _ in range(rnd.randint(0, 2)):
        day = first + timedelta(days=rnd.randint(0, 27))
        if rnd.random() < 0.5:
            exceptions.append(
                DateException(day, day + timedelta(days=rnd.randint(0, 3)), "unavailable")
            )
        else:
            start = rnd.choice([10, 18])
            exceptions.append(DateException(day, day, "extra", time(start), time(start + 2)))
    bookings = []
    for _ in range(rnd.randint(0, 3)):
        start = NOW + timedelta(days=rnd.randint(2, 20), hours=rnd.randint(0, 23))
        bookings.append(BookedSession(start, start + timedelta(hours=1)))
    settings = SlotSettings(
        session_minutes=rnd.choice([45, 60, 90]),
        buffer_before_minutes=rnd.choice([0, 15]),
        buffer_after_minutes=rnd.choice([0, 15]),
        min_notice_hours=rnd.choice([0, 24, 48]),
        horizon_weeks=rnd.choice([2, 4, 6]),
        max_sessions_per_week=rnd.choice([None, 1, 3]),
        time_zone=rnd.choice(ZONES),
    )
    return Availability(tuple(windows), tuple(exceptions)), bookings, settings


def _world(seed: int) -> list[tuple[int, Availability, list[BookedSession], SlotSettings, date]]:
    rnd = random.Random(seed)
    world = []
    for peer_id in range(1, 121):
        availability, bookings, settings = _availability(rnd)
        vog_until = NOW.date() + timedelta(days=rnd.choice([-1, 3, 10, 400]))
        world.append((peer_id, availability, bookings, settings, vog_until))
    return world


def _candidates(
    world: list[tuple[int, Availability, list[BookedSession], SlotSettings, date]],
    windows: list[Interval] | None,
) -> list[Candidate]:
    rnd = random.Random(7)
    found = []
    for peer_id, availability, bookings, settings, vog_until in world:
        slots = free_slots(availability, bookings, settings, now=NOW, requester_windows=windows)
        found.append(
            peer(
                peer_id,
                rnd.choice([FOSTER_CARE, DIVORCE, DEPRESSION, ANXIETY]),
                free_slots=tuple((s.start, s.end) for s in slots),
                vog_valid_until=vog_until,
                upcoming_sessions=rnd.randint(0, 3),
                recent_proposals=rnd.randint(0, 3),
                age=rnd.randint(18, 30),
            )
        )
    return found


def _requests() -> list[tuple[str, list[Interval] | None]]:
    end = NOW + timedelta(days=HORIZON_DAYS)
    evenings = requester_intervals(
        [WeeklyPart(d, "evening") for d in range(5)],
        time_zone="Europe/Amsterdam",
        start=NOW,
        end=end,
    )
    touching = requester_intervals(
        [WeeklyPart(2, "morning"), WeeklyPart(2, "afternoon"), WeeklyPart(5, "evening")],
        time_zone="America/New_York",
        start=NOW,
        end=end,
        concrete=[Interval(NOW + timedelta(days=3, hours=7), NOW + timedelta(days=3, hours=10))],
    )
    concrete = [
        Interval(NOW + timedelta(days=d, hours=h), NOW + timedelta(days=d, hours=h + 5))
        for d, h in [(2, 0), (6, 7), (9, 8), (9, 13), (15, 3), (21, 6)]
    ]
    passed = [Interval(NOW - timedelta(hours=2), NOW - timedelta(hours=1))]
    return [
        ("evenings", evenings),
        ("touching", touching),
        ("concrete", concrete),
        ("passed", passed),
        ("any time", None),
    ]


def _summary(ranking: Ranking) -> tuple[object, ...]:
    return (
        [
            (r.peer_id, r.score, r.soonest_slot, r.modes, r.factor_values, r.reasons)
            for r in ranking.ranked
        ],
        ranking.excluded,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    ("label", "windows"), _requests(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_ranking_on_slots_inside_the_windows_equals_ranking_on_every_free_slot(
    seed: int, label: str, windows: list[Interval] | None
) -> None:
    world = _world(seed)
    request: MatchRequest = youth_request(
        age=16,
        most=(FOSTER_CARE,),
        also=(DEPRESSION,),
        earliest_session_date=NOW.date(),
        windows=tuple((w.start, w.end) for w in windows or ()),
        horizon_days=HORIZON_DAYS,
        max_distance_km=None,
    )
    full = rank_candidates(request, _candidates(world, None), taxonomy=TAXONOMY, now=NOW)
    narrowed = rank_candidates(request, _candidates(world, windows), taxonomy=TAXONOMY, now=NOW)
    assert _summary(narrowed) == _summary(full)
    if label != "passed":  # the world is varied enough to rank some and exclude others
        assert full.ranked and full.excluded


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    ("label", "windows"), _requests(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_ranking_on_the_soonest_slot_alone_equals_ranking_on_every_slot_in_the_windows(
    seed: int, label: str, windows: list[Interval] | None
) -> None:
    """The youth's candidates call asks the engine for each peer expert's soonest slot
    inside the windows only (`soonest_only`): with VOG dates expiring inside the horizon,
    zones, caps and exceptions, the ranking is the one on every slot."""
    world = _world(seed)
    request: MatchRequest = youth_request(
        age=16,
        most=(FOSTER_CARE,),
        also=(DEPRESSION,),
        earliest_session_date=NOW.date(),
        windows=tuple((w.start, w.end) for w in windows or ()),
        horizon_days=HORIZON_DAYS,
        max_distance_km=None,
    )
    every = _candidates(world, windows)
    soonest = dict(
        free_slot_pairs_each(
            ((peer_id, a, b, s) for peer_id, a, b, s, _ in world),
            now=NOW,
            requester_windows=windows,
            soonest_only=True,
        )
    )
    assert all(soonest[c.peer_id] == c.free_slots[:1] for c in every)
    alone = [dataclasses.replace(c, free_slots=soonest[c.peer_id]) for c in every]
    full = rank_candidates(request, every, taxonomy=TAXONOMY, now=NOW)
    assert _summary(rank_candidates(request, alone, taxonomy=TAXONOMY, now=NOW)) == _summary(full)
    if label != "passed":
        assert full.ranked and any(
            e.reason is ExclusionReason.VOG for e in full.excluded
        )  # an expiring VOG is among the cases
