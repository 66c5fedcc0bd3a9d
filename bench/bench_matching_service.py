"""The whole matching service path against a real database: load active peer experts with
their weekly availability and bookings, compute free slots, rank one request.

    python -m bench.bench_matching_service                    # SQLite (temporary file)
    python -m bench.bench_matching_service --postgres URL     # also PostgreSQL (own database)

Prints the median milliseconds and the number of SQL statements for 100, 1,000, 5,000 and
10,000 peer experts (``--max-peers`` to stop earlier), for the youth's candidates call and
for the full ranking; the cost must grow linearly and the statement count not at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from peermatch import migrate
from peermatch.db import make_engine
from peermatch.matching import DEFAULT_WEIGHTS
from peermatch.models import (
    AvailabilityRule,
    Booking,
    BookingParticipant,
    ContactRequest,
    ExperienceDomain,
    MatchProposal,
    Organisation,
    PeerExpertProfile,
    ProfileDomain,
    RequestDomain,
    User,
    UserRole,
)
from peermatch.models.enums import (
    BookingStatus,
    DomainVisibility,
    OrganisationKind,
    ParticipantRole,
    ProfileStatus,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from peermatch.services import matching

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
AUDIENCES = ["youth_12_15", "youth_16_17", "adult_18_plus", "team"]
RUNS = 7


def _add_peers(
    session: Session, org: Organisation, domains: list[int], start: int, count: int
) -> None:
    rng = random.Random(start)
    youth_user = session.scalar(select(User).where(User.email == "youth@bench"))
    assert youth_user is not None
    for n in range(start, start + count):
        user = User(
            email=f"peer{n}@bench",
            display_name=f"Peer {n}",
            birth_year=1998 + n % 8,
            roles=[UserRole(role=Role.PEER_EXPERT)],
        )
        profile = PeerExpertProfile(
            user=user,
            organisation_id=org.id,
            status=ProfileStatus.ACTIVE,
            languages=["nl"] if n % 5 else ["nl", "en"],
            modes=["video", "phone"],
            audiences=AUDIENCES,
            vog_date=dt.date(2025, 6, 1),
            horizon_weeks=4,
            max_active_matches=3,
        )
        for domain_id in rng.sample(domains, 3):
            profile.domains.append(
                ProfileDomain(
                    domain_id=domain_id,
                    visibility=DomainVisibility.CANDIDATE_VIEWERS,
                    audiences=AUDIENCES,
                    ready_to_share=True,
                )
            )
        for weekday in rng.sample(range(7), 3):
            hour = rng.choice((9, 13, 17))
            profile.availability_rules.append(
                AvailabilityRule(
                    weekday=weekday, start_time=dt.time(hour), end_time=dt.time(hour + 3)
                )
            )
        session.add(profile)
        session.flush()
        if n % 4 == 0:  # some bookings
            request = ContactRequest(
                kind=RequestKind.YOUTH, status=RequestStatus.MATCHED, requester_id=youth_user.id
            )
            session.add(request)
            session.flush()
            proposal = MatchProposal(
                request_id=request.id, profile_id=profile.id, status=ProposalStatus.APPROVED
            )
            session.add(proposal)
            session.flush()
            start_at = NOW + dt.timedelta(days=3 + n % 10, hours=1)
            booking = Booking(
                proposal_id=proposal.id,
                status=BookingStatus.CONFIRMED,
                starts_at=start_at,
                ends_at=start_at + dt.timedelta(hours=1),
            )
            session.add(booking)
            session.flush()
            session.add(
                BookingParticipant(
                    booking_id=booking.id,
                    user_id=user.id,
                    role=ParticipantRole.PEER_EXPERT,
                    block_start=start_at,
                    block_end=start_at + dt.timedelta(hours=1),
                )
            )
    session.flush()


def _setup(session: Session) -> tuple[Organisation, list[int], ContactRequest]:
    org = Organisation(name="Bench", slug="bench", kind=OrganisationKind.YOUTH_COUNCIL)
    session.add(org)
    youth = User(
        email="youth@bench",
        display_name="Jongere",
        birth_year=2008,
        roles=[UserRole(role=Role.YOUTH)],
    )
    session.add(youth)
    session.flush()
    domains = list(
        session.scalars(select(ExperienceDomain.id).where(ExperienceDomain.parent_id.is_not(None)))
    )
    request = ContactRequest(
        kind=RequestKind.YOUTH,
        status=RequestStatus.OPEN,
        requester_id=youth.id,
        languages=["nl"],
        modes=["video"],
        time_preferences={
            "weekly": [{"weekday": d, "part": "evening"} for d in range(5)],
            "windows": [],
        },
    )
    session.add(request)
    session.flush()
    for domain_id in domains[:2]:
        session.add(RequestDomain(request_id=request.id, domain_id=domain_id))
    session.flush()
    return org, domains, request


def _measure(session: Session, request_id: int, *, youth_view: bool) -> tuple[float, int, int]:
    """Median milliseconds, SQL statements and eligible count of one call: the youth's
    candidates call (``youth_view``, what the candidates page and API run) or the full
    ranking (everyone loaded, as a coordinator's overview and the relaxation hints need)."""
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append("x")

    engine = session.get_bind()
    timings = []
    eligible = 0
    for _ in range(RUNS):
        session.expire_all()
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        request = session.get(ContactRequest, request_id)
        assert request is not None
        if youth_view:
            view = matching.candidates_for(
                session, request, request.requester, now=NOW, weights=DEFAULT_WEIGHTS
            )
            eligible = view.eligible_count
        else:
            _, _, ranking, _ = matching.rank_request(
                session, request, now=NOW, weights=DEFAULT_WEIGHTS
            )
            eligible = len(ranking.ranked)
        timings.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", count)
    return statistics.median(timings), len(statements), eligible


def run(url: str, label: str, sizes: tuple[int, ...]) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        org, domains, request = _setup(session)
        done = 0
        for total in sizes:
            _add_peers(session, org, domains, done, total - done)
            done = total
            session.commit()
            for name, youth_view in (("candidates call", True), ("full ranking", False)):
                median, statements, eligible = _measure(session, request.id, youth_view=youth_view)
                print(
                    f"{label:10} {total:6,} peer experts, {name:15}: median {median:7.1f} ms "
                    f"({median / total * 1000:6.1f} us per peer expert), "
                    f"{statements} SQL statements, {eligible} eligible",
                    flush=True,
                )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PEERMATCH_TEST_POSTGRES_URL"),
        help="admin URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test "
        "(default: $PEERMATCH_TEST_POSTGRES_URL)",
    )
    parser.add_argument("--max-peers", type=int, default=10_000)
    args, _ = parser.parse_known_args()  # `python -m bench` passes its own arguments
    sizes = tuple(n for n in (100, 1_000, 5_000, 10_000) if n <= args.max_peers)
    print(
        "The cost must grow linearly with the peer experts (the us per peer expert stays flat)"
        " and the statements must not grow at all."
    )
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "SQLite", sizes)
    if args.postgres:
        base = make_url(args.postgres)
        name = f"peermatch_bench_matchsvc_{os.getpid()}"  # benches may run side by side
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run(base.set(database=name).render_as_string(hide_password=False), "PostgreSQL", sizes)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
