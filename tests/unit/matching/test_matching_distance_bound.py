"""The ranking skips the trigonometry for peer experts whose latitude alone lies beyond the
distance limit (`Origin.km_at_least`). That bound must never exceed the distance `km_to`
computes, even due north or south where the two are equal but for rounding, so a peer
expert exactly at the limit still meets in person."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_builders import UTRECHT, excluded_reason, peer, rank, ranked, youth_request

from peermatch.matching.distance import Origin

latitudes = st.floats(min_value=-89.0, max_value=89.0, allow_nan=False)
longitudes = st.floats(min_value=-179.0, max_value=179.0, allow_nan=False)


@settings(max_examples=500, deadline=None)
@given(latitudes, longitudes, latitudes, longitudes | st.none())
def test_the_latitude_bound_never_exceeds_the_distance(
    lat0: float, lon0: float, lat: float, lon: float | None
) -> None:
    origin = Origin(lat0, lon0)
    lon = lon0 if lon is None else lon  # due north or south: the bound is at its tightest
    assert origin.km_at_least(lat) <= origin.km_to(lat, lon)


@pytest.mark.parametrize("offset", [0.05, 0.1, 0.2, 0.3123456789, 0.5, 1.0])
@pytest.mark.parametrize("north", [True, False])
def test_a_peer_expert_due_north_or_south_exactly_at_the_limit_meets_in_person(
    offset: float, north: bool
) -> None:
    place = (UTRECHT[0] + (offset if north else -offset), UTRECHT[1])
    exact = Origin(*UTRECHT).km_to(*place)
    request = youth_request(modes=frozenset({"in_person"}), max_distance_km=exact)
    at_limit = peer(1, place=place, max_travel_km=None)
    own_limit = peer(2, place=place, max_travel_km=exact)
    beyond = peer(3, place=place, max_travel_km=exact * 0.999)
    ranking = rank(request, at_limit, own_limit, beyond)
    assert ranked(ranking, 1).modes == frozenset({"in_person"})
    assert ranked(ranking, 2).modes == frozenset({"in_person"})
    assert excluded_reason(ranking, 3) is not None
    assert excluded_reason(ranking, 3).value == "distance"  # type: ignore[union-attr]
