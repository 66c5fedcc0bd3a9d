"""Peer experts' daily maximum under simultaneous bookings: the count holds.

Different youths book different, non-overlapping times on the same day of a peer expert who
wants at most two sessions a day; each attempt in its own process with its own connection
and commit, so no exclusion constraint can help: the per-peer-expert row lock (PostgreSQL)
or the write lock (SQLite) makes the second check see the first booking.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from peermatch import migrate
from peermatch.db import make_engine, make_sessionmaker
from peermatch.models import BookingParticipant
from peermatch.models.enums import Role
from tests.dbutil import create_test_database, drop_test_database
from tests.factories import make_organisation, make_user
from tests.integration.booking.builders import NOW, approved_match, at, peer_expert
from tests.integration.booking.daily_cap_worker import attempt
from tests.integration.booking.race_worker import warm_up

PROCESSES = 4
# Five times on one day, 90 minutes apart: buffers included, none overlaps another.
STARTS = [at(0, 8), at(0, 9, 30), at(0, 11), at(0, 12, 30), at(0, 14)]
DAILY_MAXIMUM = 2


@pytest.fixture
def race_url(backend: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    url = create_test_database(backend, "pm_daycap", tmp_path_factory)
    migrate.upgrade(url)
    yield url
    drop_test_database(backend, url)


def test_no_more_sessions_on_one_day_than_the_peer_expert_allows(race_url: str) -> None:
    engine = make_engine(race_url)
    with make_sessionmaker(engine)() as session:
        profile = peer_expert(
            session, make_organisation(session), max_sessions_per_day=DAILY_MAXIMUM
        )
        matches = [approved_match(session, profile, make_user(session, Role.YOUTH)) for _ in STARTS]
        jobs = [
            {
                "url": race_url,
                "proposal_id": match.id,
                "user_id": match.request.requester_id,
                "start": start.isoformat(),
                "now": NOW.isoformat(),
            }
            for match, start in zip(matches, STARTS, strict=True)
        ]
        peer_user_id = profile.user_id
        session.commit()

    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES, initializer=warm_up, initargs=(race_url,)) as pool:
        pool.map(time.sleep, [0.2] * PROCESSES)
        go_at = time.time() + 1.0
        results = pool.map(attempt, [{**job, "go_at": go_at} for job in jobs], chunksize=1)

    with make_sessionmaker(engine)() as session:
        active = session.scalar(
            select(func.count())
            .select_from(BookingParticipant)
            .where(BookingParticipant.user_id == peer_user_id, BookingParticipant.active)
        )
    engine.dispose()
    tally = Counter(results)
    assert set(tally) <= {"won", "booking.error.day_full"}, tally
    assert tally["won"] == DAILY_MAXIMUM
    assert active == DAILY_MAXIMUM
