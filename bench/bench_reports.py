"""The coordinator's report page for a large organisation: 200 peer experts, 2,500 requests
and 5,000 sessions over a year.

    python -m bench.bench_reports                    # SQLite (temporary file)
    python -m bench.bench_reports --postgres URL     # also PostgreSQL (own database)

Prints the median milliseconds of the whole page (logged-in GET /reports for twelve months,
rendered) and of the service alone, and the SQL statements the page sends; the statement
count does not grow with the organisation (a test proves that too).
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

from config import load_config
from peermatch import create_app, migrate
from peermatch.auth.passwords import hash_password
from peermatch.db import make_engine
from peermatch.lifecycles.proposals import ProposalStatus
from peermatch.models import (
    Booking,
    ContactRequest,
    ExperienceDomain,
    Feedback,
    MatchProposal,
    Organisation,
    OrganisationMembership,
    PeerExpertProfile,
    ProfileDomain,
    RequestDomain,
    User,
    UserRole,
)
from peermatch.models.enums import (
    BookingStatus,
    MembershipRole,
    OrganisationKind,
    ParticipantRole,
    ProfileStatus,
    RequestKind,
    RequestStatus,
    Role,
)
from peermatch.services import reports

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
PEERS, REQUESTS, SESSIONS_PER_REQUEST = 200, 2500, 2
PASSWORD = "bench-password-for-reports"
RUNS = 7
STATUSES = [BookingStatus.COMPLETED] * 6 + [
    BookingStatus.CANCELLED,
    BookingStatus.NO_SHOW,
    BookingStatus.CONFIRMED,
]


def _world(session: Session) -> str:
    rng = random.Random(7)
    org = Organisation(
        name="Bench council", slug="bench-council", kind=OrganisationKind.YOUTH_COUNCIL
    )
    session.add(org)
    session.flush()
    coordinator = User(
        email="coordinator@bench.example",
        display_name="Coordinator",
        password_hash=hash_password(PASSWORD),
        email_verified_at=NOW,
        roles=[UserRole(role=Role.COORDINATOR)],
    )
    session.add(coordinator)
    session.flush()
    session.add(
        OrganisationMembership(
            organisation_id=org.id, user_id=coordinator.id, role=MembershipRole.COORDINATOR
        )
    )
    domains = list(session.scalars(select(ExperienceDomain.id)))
    profiles: list[PeerExpertProfile] = []
    for n in range(PEERS):
        user = User(email=f"peer{n}@bench.example", display_name=f"Peer {n}", birth_year=2000)
        profile = PeerExpertProfile(
            user=user,
            organisation_id=org.id,
            status=ProfileStatus.ACTIVE,
            languages=["nl"],
            modes=["video"],
            audiences=["youth_16_17", "adult_18_plus"],
            vog_date=dt.date(2025, 1, 1) if n % 7 else None,
        )
        for domain_id in rng.sample(domains, 3):
            profile.domains.append(
                ProfileDomain(
                    domain_id=domain_id,
                    audiences=["youth_16_17", "adult_18_plus"],
                    ready_to_share=True,
                )
            )
        profiles.append(profile)
    session.add_all(profiles)
    session.flush()
    for n in range(REQUESTS):
        youth = User(
            email=f"youth{n}@bench.example", display_name=f"Youth {n}", birth_year=2005 + n % 8
        )
        session.add(youth)
        session.flush()
        sent = NOW - dt.timedelta(days=rng.uniform(5, 360))
        request = ContactRequest(
            kind=RequestKind.YOUTH,
            status=RequestStatus.MATCHED,
            requester_id=youth.id,
            organisation_id=org.id,
            submitted_at=sent,
            modes=["video"],
        )
        session.add(request)
        session.flush()
        session.add(RequestDomain(request_id=request.id, domain_id=rng.choice(domains)))
        proposal = MatchProposal(
            request_id=request.id,
            profile_id=profiles[n % PEERS].id,
            status=ProposalStatus.APPROVED,
            asked_at=sent + dt.timedelta(days=rng.uniform(0.1, 3)),
            responded_at=sent + dt.timedelta(days=rng.uniform(3, 6)),
            decided_at=sent + dt.timedelta(days=rng.uniform(6, 8)),
        )
        session.add(proposal)
        session.flush()
        for k in range(SESSIONS_PER_REQUEST):
            start = sent + dt.timedelta(days=10 + 7 * k, hours=rng.randint(0, 8))
            booking = Booking(
                proposal_id=proposal.id,
                status=rng.choice(STATUSES),
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=45),
            )
            session.add(booking)
            if k == 0:
                session.flush()
                session.add(
                    Feedback(
                        booking_id=booking.id,
                        author_id=youth.id,
                        author_role=ParticipantRole.YOUTH,
                        rating=rng.randint(3, 5),
                        created_at=start + dt.timedelta(days=1),
                    )
                )
    session.commit()
    return "coordinator@bench.example"


def run(url: str, label: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        email = _world(session)
        coordinator = session.scalars(select(User).where(User.email == email)).one()
        period = reports.period_of("2025-12", "2026-11")
        service_times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            reports.build(
                session, coordinator, organisation_id=None, period=period, now=NOW, locale="nl"
            )
            service_times.append((time.perf_counter() - started) * 1000)
    values = load_config("testing")
    values.update(DATABASE_URL=url)
    app = create_app(values)
    app.extensions["peermatch_clock"].set(NOW)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    app_engine = app.extensions["peermatch_db"].engine
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    page_times = []
    for _ in range(RUNS):
        statements.clear()
        event.listen(app_engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get("/reports?from=2025-12&to=2026-11")
        page_times.append((time.perf_counter() - started) * 1000)
        event.remove(app_engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
    app_engine.dispose()
    engine.dispose()
    print(
        f"{label:10} {PEERS} peer experts, {REQUESTS * SESSIONS_PER_REQUEST} sessions, 12 months: "
        f"page median {statistics.median(page_times):7.1f} ms ({len(statements)} SQL statements), "
        f"service median {statistics.median(service_times):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PEERMATCH_TEST_POSTGRES_URL"),
        help="admin URL (default: $PEERMATCH_TEST_POSTGRES_URL)",
    )
    args, _ = parser.parse_known_args()  # `python -m bench` passes its own arguments
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "SQLite")
    if args.postgres:
        base = make_url(args.postgres)
        name = "peermatch_bench_reports"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run(base.set(database=name).render_as_string(hide_password=False), "PostgreSQL")
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
