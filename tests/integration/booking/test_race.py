"""Many people booking the same peer expert at the same moment: the database decides.

A fresh migrated database per backend with real commits (not the rollback fixture), and 50
attempts spread over 8 spawned processes, each attempt on its own connection. Half pick the
very same slot, the other half overlapping slots (buffers included) from other youths.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from peermatch import migrate
from peermatch.db import make_engine, make_sessionmaker
from peermatch.models import Booking, BookingParticipant
from peermatch.models.enums import BookingStatus, Role
from tests.dbutil import create_test_database, drop_test_database
from tests.factories import make_organisation, make_user
from tests.integration.booking.builders import NOW, approved_match, at, peer_expert
from tests.integration.booking.race_worker import attempt, warm_up

ATTEMPTS = 50
PROCESSES = 6
YOUTHS = 25
# The same slot, and slots overlapping it or its 15-minute buffers (all within 90 minutes).
STARTS = [at(0, 10), at(0, 10, 15), at(0, 9, 30), at(0, 10, 45), at(0, 9, 45)]


@pytest.fixture
def race_url(backend: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    url = create_test_database(backend, "pm_race", tmp_path_factory)
    migrate.upgrade(url)
    yield url
    drop_test_database(backend, url)


def test_exactly_one_of_fifty_simultaneous_bookings_wins(
    race_url: str, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(race_url)
    with make_sessionmaker(engine)() as session:
        profile = peer_expert(session, make_organisation(session))
        matches = [
            approved_match(session, profile, make_user(session, Role.YOUTH)) for _ in range(YOUTHS)
        ]
        jobs = [
            {
                "url": race_url,
                "proposal_id": matches[i % YOUTHS].id,
                "user_id": matches[i % YOUTHS].request.requester_id,
                "start": (STARTS[0] if i % 2 == 0 else STARTS[(i // 2) % len(STARTS)]).isoformat(),
                "now": NOW.isoformat(),
            }
            for i in range(ATTEMPTS)
        ]
        peer_user_id = profile.user_id
        session.commit()

    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES, initializer=warm_up, initargs=(race_url,)) as pool:
        # Warm every worker, then give them one shared start moment.
        pool.map(time.sleep, [0.2] * PROCESSES)
        go_at = time.time() + 1.0
        started = time.perf_counter()
        results = pool.map(attempt, [{**job, "go_at": go_at} for job in jobs], chunksize=1)
        seconds = time.perf_counter() - started - 1.0

    with make_sessionmaker(engine)() as session:
        active = session.scalar(
            select(func.count())
            .select_from(BookingParticipant)
            .where(BookingParticipant.user_id == peer_user_id, BookingParticipant.active)
        )
        confirmed = session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(Booking.status == BookingStatus.CONFIRMED)
        )
    engine.dispose()

    tally = Counter(results)
    with capsys.disabled():
        print(
            f"\n[race {backend}] attempts={ATTEMPTS} processes={PROCESSES} "
            f"winners={tally['won']} conflicts={tally['taken']} "
            f"other={ATTEMPTS - tally['won'] - tally['taken']} seconds={seconds:.2f}"
        )
    assert set(tally) <= {"won", "taken"}, tally
    assert tally["won"] == 1
    assert tally["taken"] == ATTEMPTS - 1
    assert active == 1
    assert confirmed == 1
