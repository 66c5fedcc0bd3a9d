"""Ranking runs with the cyclic garbage collector paused, and gives it back as it found it."""

from __future__ import annotations

import gc

import pytest
from matching_builders import peer, rank, youth_request

from peermatch.matching import ranking


def test_ranking_pauses_the_collector_and_switches_it_back_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    real = ranking._rank

    def watching(*args: object) -> object:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(ranking, "_rank", watching)
    assert gc.isenabled()
    assert [r.peer_id for r in rank(youth_request(), peer(1)).ranked] == [1]
    assert seen == [False]
    assert gc.isenabled()
