"""The access log (NEN 7513): recording reads of sensitive data, and showing them back.

Services call :func:`record` at the one place where sensitive data is handed out for
display (``read_own_words``, the session view, the verification pages); pages that don't
display the data must not call the readers at all, so the log holds real reads only.

Who sees what:
- the person whose data it is: :func:`entries_for_subject` (no IP addresses);
- a coordinator: :func:`for_coordinator`, the entries of their organisations;
- an admin: :func:`export_rows` (CSV, with IP addresses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import ColumnElement

from peermatch.models import AccessLogEntry, OrganisationMembership, User
from peermatch.services import accounts, audit
from peermatch.services.errors import NotFound

OWN_WORDS = "own_words"
VERIFICATION = "verification"
MEETING_DETAILS = "meeting_details"
PROFILE_TEXT = "profile_text"
KINDS = (OWN_WORDS, VERIFICATION, MEETING_DETAILS, PROFILE_TEXT)

PAGE_SIZE = 50
#: a coordinator's filter period is bounded, so a query never scans years at once
MAX_PERIOD_DAYS = 366


def record(
    session: Session,
    *,
    reader: User,
    reader_role: str,
    subject_id: int | None,
    organisation_id: int | None,
    kind: str,
    record_type: str,
    record_id: int,
    origin: audit.Origin,
    now: dt.datetime,
) -> AccessLogEntry:
    """One read of one person's data by someone else; flushed with the request's work."""
    entry = _entry(
        reader=reader,
        reader_role=reader_role,
        subject_id=subject_id,
        organisation_id=organisation_id,
        kind=kind,
        record_type=record_type,
        record_id=record_id,
        origin=origin,
        now=now,
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class Read:
    """One person's record on a page that lists many (see :func:`record_many`)."""

    subject_id: int | None
    organisation_id: int | None
    record_type: str
    record_id: int


def record_many(
    session: Session,
    reads: Sequence[Read],
    *,
    reader: User,
    reader_role: str,
    kind: str,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """The reads of a list page, written as one bulk INSERT (an executemany), so a longer
    list costs no more statements."""
    if not reads:
        return
    entries = [
        _entry(
            reader=reader,
            reader_role=reader_role,
            subject_id=read.subject_id,
            organisation_id=read.organisation_id,
            kind=kind,
            record_type=read.record_type,
            record_id=read.record_id,
            origin=origin,
            now=now,
        )
        for read in reads
    ]
    columns = [c.key for c in AccessLogEntry.__table__.columns if c.key != "id"]
    session.execute(
        insert(AccessLogEntry), [{key: getattr(e, key) for key in columns} for e in entries]
    )


def _entry(
    *,
    reader: User,
    reader_role: str,
    subject_id: int | None,
    organisation_id: int | None,
    kind: str,
    record_type: str,
    record_id: int,
    origin: audit.Origin,
    now: dt.datetime,
) -> AccessLogEntry:
    return AccessLogEntry(
        at=now,
        reader_id=reader.id,
        reader_role=reader_role,
        subject_id=subject_id,
        organisation_id=organisation_id,
        data_kind=kind,
        record_type=record_type,
        record_id=record_id,
        purpose=(origin.endpoint or origin.channel)[:120],
        channel=origin.channel[:16],
        ip_address=origin.ip_address,
    )


@dataclass(frozen=True, slots=True)
class SubjectEntry:
    """A read of my data, as I may see it: who (role, first name or organisation), when, why."""

    at: dt.datetime
    reader_role: str
    reader_name: str | None
    organisation_name: str | None
    kind: str
    purpose: str


def _first_name(user: User | None) -> str | None:
    if user is None or not user.display_name:
        return None
    return user.display_name.split()[0]


def entries_for_subject(
    session: Session, user: User, *, limit: int | None = None
) -> list[SubjectEntry]:
    """Who read this person's data, newest first; for their account page and data export.

    No IP addresses and no full names: a peer expert's first name, a coordinator's
    organisation. ``limit`` None: all (export)."""
    query = (
        select(AccessLogEntry)
        .where(AccessLogEntry.subject_id == user.id)
        .options(selectinload(AccessLogEntry.reader), selectinload(AccessLogEntry.organisation))
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    rows = []
    for entry in session.scalars(query):
        staff = entry.reader_role in ("coordinator", "admin")
        rows.append(
            SubjectEntry(
                at=entry.at,
                reader_role=entry.reader_role,
                reader_name=None if staff else _first_name(entry.reader),
                organisation_name=entry.organisation.name if entry.organisation else None,
                kind=entry.data_kind,
                purpose=entry.purpose,
            )
        )
    return rows


def count_for_subject(session: Session, user: User) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(AccessLogEntry)
            .where(AccessLogEntry.subject_id == user.id)
        )
        or 0
    )


@dataclass(frozen=True, slots=True)
class LogPage:
    entries: list[AccessLogEntry]
    page: int
    pages: int
    total: int


def _bounded_period(
    since: dt.datetime | None, until: dt.datetime | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    if (
        since is not None
        and until is not None
        and until - since > dt.timedelta(days=MAX_PERIOD_DAYS)
    ):
        since = until - dt.timedelta(days=MAX_PERIOD_DAYS)
    return since, until


def person_in_organisations(session: Session, person_id: int, org_ids: set[int]) -> bool:
    """A member of one of these organisations, or someone whose data was read under one."""
    if not org_ids:
        return False
    member = session.scalar(
        select(func.count())
        .select_from(OrganisationMembership)
        .where(
            OrganisationMembership.user_id == person_id,
            OrganisationMembership.organisation_id.in_(org_ids),
        )
    )
    if member:
        return True
    logged = session.scalar(
        select(AccessLogEntry.id)
        .where(
            or_(AccessLogEntry.subject_id == person_id, AccessLogEntry.reader_id == person_id),
            AccessLogEntry.organisation_id.in_(org_ids),
        )
        .limit(1)
    )
    return logged is not None


def for_coordinator(
    session: Session,
    coordinator: User,
    *,
    person_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    page: int = 1,
) -> LogPage:
    """The log of the coordinator's organisations, newest first, one page at a time.

    Filtering on someone outside their organisations is a 404 (no hint that they exist)."""
    org_ids = accounts.coordinator_organisation_ids(coordinator)
    if not org_ids:
        raise NotFound("access_log.error.not_found")
    if person_id is not None and not person_in_organisations(session, person_id, org_ids):
        raise NotFound("access_log.error.not_found")
    since, until = _bounded_period(since, until)
    where: list[ColumnElement[bool]] = [AccessLogEntry.organisation_id.in_(org_ids)]
    if person_id is not None:
        where.append(
            or_(AccessLogEntry.subject_id == person_id, AccessLogEntry.reader_id == person_id)
        )
    if since is not None:
        where.append(AccessLogEntry.at >= since)
    if until is not None:
        where.append(AccessLogEntry.at < until)
    total = int(session.scalar(select(func.count()).select_from(AccessLogEntry).where(*where)) or 0)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    entries = list(
        session.scalars(
            select(AccessLogEntry)
            .where(*where)
            .options(
                selectinload(AccessLogEntry.reader),
                selectinload(AccessLogEntry.subject),
                selectinload(AccessLogEntry.organisation),
            )
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return LogPage(entries, page, pages, total)


CSV_HEADER = (
    "id",
    "at_utc",
    "reader_id",
    "reader_role",
    "subject_id",
    "organisation_id",
    "data_kind",
    "record_type",
    "record_id",
    "purpose",
    "channel",
    "ip_address",
)


def export_rows(
    session: Session, *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> Iterator[tuple[str, ...]]:
    """Every entry (admins), oldest first, streamed in batches: ids, never names or text."""
    yield CSV_HEADER
    where: list[ColumnElement[bool]] = []
    if since is not None:
        where.append(AccessLogEntry.at >= since)
    if until is not None:
        where.append(AccessLogEntry.at < until)
    last_id = 0
    while True:
        batch = list(
            session.scalars(
                select(AccessLogEntry)
                .where(AccessLogEntry.id > last_id, *where)
                .order_by(AccessLogEntry.id)
                .limit(1000)
            )
        )
        if not batch:
            return
        for e in batch:
            yield (
                str(e.id),
                e.at.astimezone(dt.UTC).isoformat(),
                "" if e.reader_id is None else str(e.reader_id),
                e.reader_role,
                "" if e.subject_id is None else str(e.subject_id),
                "" if e.organisation_id is None else str(e.organisation_id),
                e.data_kind,
                e.record_type,
                str(e.record_id),
                e.purpose,
                e.channel,
                e.ip_address or "",
            )
        last_id = batch[-1].id


def purge_older_than(session: Session, cutoff: dt.datetime) -> int:
    """Retention: delete entries older than ``cutoff``; returns how many went."""
    result = session.execute(delete(AccessLogEntry).where(AccessLogEntry.at < cutoff))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def retention_cutoff(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)
