"""Weights from configuration, and the distance formula."""

from __future__ import annotations

import pytest
from matching_builders import AMERSFOORT, AMSTERDAM, GRONINGEN, UTRECHT

from peermatch.matching import DEFAULT_WEIGHTS, Weights, haversine_km


def test_weights_from_config_override_defaults_and_keep_the_rest() -> None:
    weights = Weights.from_config({"fair_spread": 3, "gender": "2.5"})
    assert weights.fair_spread == 3.0
    assert weights.gender == 2.5
    assert weights.shared_experience == DEFAULT_WEIGHTS.shared_experience


@pytest.mark.parametrize(
    "config",
    [
        {"severity": 1.0},
        {"gender": -1},
        {"gender": "lots"},
        {"gender": True},
        {"gender": None},
        {"language": float("nan")},
    ],
)
def test_bad_weight_config_is_rejected(config: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Weights.from_config(config)


def test_haversine_matches_known_distances() -> None:
    assert haversine_km(*UTRECHT, *UTRECHT) == 0.0
    assert haversine_km(*UTRECHT, *AMSTERDAM) == pytest.approx(35.0, abs=1.5)
    assert haversine_km(*UTRECHT, *AMERSFOORT) == pytest.approx(19.5, abs=1.5)
    assert haversine_km(*UTRECHT, *GRONINGEN) == pytest.approx(160, abs=10)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(6371.0088 * 3.14159265, rel=1e-6)
