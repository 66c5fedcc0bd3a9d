"""Inputs that make no sense are refused at the boundary."""

from __future__ import annotations

from datetime import datetime

import pytest
from matching_builders import NOW, TAXONOMY, peer, slot, team_request, youth_request

from peermatch.matching import audience_for, rank_candidates, stable_tie_break_key


@pytest.mark.parametrize(
    ("age", "audience"),
    [
        (12, "youth_12_15"),
        (15, "youth_12_15"),
        (16, "youth_16_17"),
        (17, "youth_16_17"),
        (18, "adult_18_plus"),
        (25, "adult_18_plus"),
    ],
)
def test_audience_follows_age(age: int, audience: str) -> None:
    assert audience_for("youth", age) == audience


def test_audience_for_teams_and_bad_ages() -> None:
    assert audience_for("team", None) == "team"
    for bad in (None, 11, 26):
        with pytest.raises(ValueError):
            audience_for("youth", bad)


@pytest.mark.parametrize(
    "overrides",
    [
        {"audience": "youth_16_17"},  # a 15-year-old
        {"audience": "team"},
        {"modes": frozenset({"carrier_pigeon"})},
        {"gender_preference": "specific", "preferred_gender": None},
        {"horizon_days": 0},
        {"max_distance_km": -1.0},
        {"windows": ((datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 10)),)},
        {"windows": ((slot(1)[1], slot(1)[0]),)},
    ],
)
def test_nonsense_requests_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        youth_request(age=15, **overrides)


def test_team_request_must_use_team_audience() -> None:
    with pytest.raises(ValueError):
        team_request(audience="adult_18_plus")


@pytest.mark.parametrize(
    "overrides",
    [
        {"free_slots": (slot(2), slot(1))},
        {"active_matches": -1},
        {"recent_proposals": -1},
        {"past_rating": 6.0},
        {"free_slots": ((datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 10)),)},
    ],
)
def test_nonsense_candidates_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        peer(1, **overrides)


def test_the_same_peer_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        rank_candidates(youth_request(), [peer(1), peer(1)], taxonomy=TAXONOMY, now=NOW)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        rank_candidates(youth_request(), [peer(1)], taxonomy=TAXONOMY, now=datetime(2026, 11, 23))


def test_tie_break_key_is_stable_and_salted() -> None:
    assert stable_tie_break_key(7, "a") == stable_tie_break_key(7, "a")
    assert stable_tie_break_key(7, "a") != stable_tie_break_key(7, "b")
