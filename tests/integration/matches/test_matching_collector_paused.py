"""The youth's candidates call runs with the cyclic garbage collector paused: everything it
builds outlives the loading, so collections on the way were wasted work that grew faster
than the peer experts (a third of the CPU time at 5,000). It is switched on again after,
also when the call fails, and left off when the caller had switched it off."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS
from peermatch.matching.collector import collector_paused
from peermatch.services.matching import candidates_for
from peermatch.services.matching import views as matching_views
from tests.factories import make_organisation
from tests.integration.matches.builders import NOW, open_request, peer, youth


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


def test_the_candidates_call_loads_and_ranks_with_the_collector_paused(
    db_session: Session, collecting: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make_organisation(db_session)
    young = youth(db_session)
    request = open_request(db_session, young)
    for _ in range(3):
        peer(db_session, org)
    seen: list[bool] = []
    needing_slots = matching_views.needing_slots

    def spy(*args: object, **kwargs: object) -> set[int]:
        seen.append(gc.isenabled())
        return needing_slots(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(matching_views, "needing_slots", spy)
    view = candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    assert view.eligible_count == 3
    assert seen == [False]  # while loading the candidates
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_failure_and_stays_off_if_it_was(
    collecting: None,
) -> None:
    @collector_paused
    def fails() -> None:
        assert not gc.isenabled()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fails()
    assert gc.isenabled()

    @collector_paused
    def succeeds() -> bool:
        return gc.isenabled()

    gc.disable()
    assert succeeds() is False
    assert not gc.isenabled()  # the caller's choice stands
    gc.enable()
