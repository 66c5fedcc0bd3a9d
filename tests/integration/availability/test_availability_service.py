"""Availability rules and slot loading through the service, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import AvailabilityException, AvailabilityRule
from peermatch.models.enums import BookingStatus, ExceptionKind
from peermatch.services import availability as service
from peermatch.services.availability import ExceptionInput, WindowInput
from peermatch.services.errors import InvalidInput, NotFound
from tests.conftest import QueryCounter
from tests.factories import make_user
from tests.integration.availability.builders import book, peer_with_windows

UTC = dt.UTC
MONDAY, TUESDAY = 0, 1
T = dt.time.fromisoformat


def _rules(session: Session, profile_id: int) -> list[tuple[int, str, str]]:
    rows = session.scalars(
        select(AvailabilityRule)
        .where(AvailabilityRule.profile_id == profile_id)
        .order_by(AvailabilityRule.weekday, AvailabilityRule.start_time)
    )
    return [
        (r.weekday, r.start_time.isoformat("minutes"), r.end_time.isoformat("minutes"))
        for r in rows
    ]


def test_a_window_must_end_after_it_starts(db_session: Session) -> None:
    profile = peer_with_windows(db_session)
    with pytest.raises(InvalidInput) as info:
        service.add_rule(db_session, profile, WindowInput(MONDAY, T("12:00"), T("10:00")))
    assert info.value.key == "availability.error.end_before_start"
    assert _rules(db_session, profile.id) == []


def test_windows_on_the_same_weekday_may_not_overlap_but_may_touch(db_session: Session) -> None:
    profile = peer_with_windows(db_session, ((MONDAY, "10:00", "12:00"),))
    with pytest.raises(InvalidInput) as info:
        service.add_rule(db_session, profile, WindowInput(MONDAY, T("11:00"), T("13:00")))
    assert info.value.key == "availability.error.overlap"
    assert info.value.params == {"first": "10:00-12:00", "second": "11:00-13:00"}
    service.add_rule(db_session, profile, WindowInput(MONDAY, T("12:00"), T("13:00")))
    service.add_rule(db_session, profile, WindowInput(TUESDAY, T("11:00"), T("13:00")))
    assert _rules(db_session, profile.id) == [
        (0, "10:00", "12:00"),
        (0, "12:00", "13:00"),
        (1, "11:00", "13:00"),
    ]


def test_at_most_twenty_windows_a_day(db_session: Session) -> None:
    windows = [
        WindowInput(MONDAY, dt.time(h // 2, 30 * (h % 2)), dt.time(h // 2, 30 * (h % 2) + 15))
        for h in range(21)
    ]
    profile = peer_with_windows(db_session)
    service.replace_rules(db_session, profile, windows[:20])
    with pytest.raises(InvalidInput) as info:
        service.replace_rules(db_session, profile, windows)
    assert info.value.key == "availability.error.too_many_windows"
    assert len(_rules(db_session, profile.id)) == 20


def test_replacing_the_week_with_an_invalid_set_changes_nothing(db_session: Session) -> None:
    profile = peer_with_windows(db_session, ((MONDAY, "10:00", "12:00"),))
    with pytest.raises(InvalidInput):
        service.replace_rules(
            db_session,
            profile,
            [
                WindowInput(TUESDAY, T("09:00"), T("11:00")),
                WindowInput(TUESDAY, T("10:00"), T("12:00")),
            ],
        )
    assert _rules(db_session, profile.id) == [(0, "10:00", "12:00")]
    service.replace_rules(db_session, profile, [WindowInput(TUESDAY, T("09:00"), T("11:00"))])
    assert _rules(db_session, profile.id) == [(1, "09:00", "11:00")]


def test_someone_elses_window_or_exception_cannot_be_removed(db_session: Session) -> None:
    owner = peer_with_windows(db_session, ((MONDAY, "10:00", "12:00"),))
    other = peer_with_windows(db_session)
    rule_id = db_session.scalars(select(AvailabilityRule.id)).one()
    with pytest.raises(NotFound):
        service.remove_rule(db_session, other, rule_id)
    assert _rules(db_session, owner.id) == [(0, "10:00", "12:00")]
    now = dt.datetime(2026, 5, 1, tzinfo=UTC)
    exception = service.add_exception(
        db_session,
        owner,
        ExceptionInput(ExceptionKind.UNAVAILABLE, dt.date(2026, 5, 4), dt.date(2026, 5, 4)),
        now=now,
    )
    with pytest.raises(NotFound):
        service.remove_exception(db_session, other, exception.id)
    assert db_session.get(AvailabilityException, exception.id) is not None


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (
            ExceptionInput(ExceptionKind.UNAVAILABLE, dt.date(2026, 5, 10), dt.date(2026, 5, 4)),
            "availability.error.end_date_before_start",
        ),
        (
            ExceptionInput(ExceptionKind.UNAVAILABLE, dt.date(2026, 5, 4), dt.date(2027, 6, 4)),
            "availability.error.range_too_long",
        ),
        (
            ExceptionInput(ExceptionKind.UNAVAILABLE, dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
            "availability.error.in_the_past",
        ),
        (
            ExceptionInput(
                ExceptionKind.UNAVAILABLE, dt.date(2026, 5, 4), dt.date(2026, 5, 4), T("10:00")
            ),
            "availability.error.both_times",
        ),
        (
            ExceptionInput(ExceptionKind.EXTRA, dt.date(2026, 5, 4), dt.date(2026, 5, 4)),
            "availability.error.extra_needs_times",
        ),
        (
            ExceptionInput(
                ExceptionKind.EXTRA,
                dt.date(2026, 5, 4),
                dt.date(2026, 5, 4),
                T("14:00"),
                T("13:00"),
            ),
            "availability.error.end_before_start",
        ),
    ],
)
def test_exceptions_with_impossible_dates_or_times_are_refused(
    db_session: Session, data: ExceptionInput, key: str
) -> None:
    profile = peer_with_windows(db_session)
    with pytest.raises(InvalidInput) as info:
        service.add_exception(db_session, profile, data, now=dt.datetime(2026, 5, 1, tzinfo=UTC))
    assert info.value.key == key
    assert db_session.scalar(select(func.count()).select_from(AvailabilityException)) == 0


def test_extra_windows_on_one_date_may_not_overlap(db_session: Session) -> None:
    profile = peer_with_windows(db_session)
    now = dt.datetime(2026, 5, 1, tzinfo=UTC)
    day = dt.date(2026, 5, 9)
    service.add_exception(
        db_session,
        profile,
        ExceptionInput(ExceptionKind.EXTRA, day, day, T("10:00"), T("12:00")),
        now=now,
    )
    with pytest.raises(InvalidInput) as info:
        service.add_exception(
            db_session,
            profile,
            ExceptionInput(ExceptionKind.EXTRA, day, day, T("11:00"), T("13:00")),
            now=now,
        )
    assert info.value.key == "availability.error.overlap"
    other_day = dt.date(2026, 5, 10)
    service.add_exception(
        db_session,
        profile,
        ExceptionInput(ExceptionKind.EXTRA, other_day, other_day, T("11:00"), T("13:00")),
        now=now,
    )


def _starts(slots: list[service.Interval]) -> list[dt.datetime]:
    return [s.start for s in slots]


@pytest.mark.parametrize(
    ("now", "before", "after"),
    [
        # Summer time starts Sunday 29 March 2026: 10:00 Amsterdam is 09:00 UTC, then 08:00 UTC.
        (
            dt.datetime(2026, 3, 20, tzinfo=UTC),
            dt.datetime(2026, 3, 23, 9, tzinfo=UTC),
            dt.datetime(2026, 3, 30, 8, tzinfo=UTC),
        ),
        # Summer time ends Sunday 25 October 2026: 08:00 UTC, then 09:00 UTC.
        (
            dt.datetime(2026, 10, 16, tzinfo=UTC),
            dt.datetime(2026, 10, 19, 8, tzinfo=UTC),
            dt.datetime(2026, 10, 26, 9, tzinfo=UTC),
        ),
    ],
)
def test_a_monday_ten_oclock_window_stays_ten_oclock_across_dst(
    db_session: Session, now: dt.datetime, before: dt.datetime, after: dt.datetime
) -> None:
    profile = peer_with_windows(db_session, ((MONDAY, "10:00", "11:00"),), horizon_weeks=2)
    slots = service.free_slots_for(db_session, profile, now=now)
    assert _starts(slots) == [before, after]
    days = service.preview(db_session, profile, now=now)
    assert [(d.day.isoformat(), [s.start.isoformat("minutes") for s in d.slots]) for d in days] == [
        (before.date().isoformat(), ["10:00"]),
        (after.date().isoformat(), ["10:00"]),
    ]


def test_the_peer_experts_own_time_zone_is_used(db_session: Session) -> None:
    profile = peer_with_windows(
        db_session, ((MONDAY, "10:00", "11:00"),), horizon_weeks=1, time_zone="Asia/Tokyo"
    )
    slots = service.free_slots_for(db_session, profile, now=dt.datetime(2026, 5, 1, tzinfo=UTC))
    assert _starts(slots) == [dt.datetime(2026, 5, 4, 1, tzinfo=UTC)]


def test_active_bookings_block_time_with_their_buffers_and_cancelled_ones_do_not(
    db_session: Session,
) -> None:
    profile = peer_with_windows(
        db_session, ((MONDAY, "10:00", "14:00"),), horizon_weeks=1,
        buffer_before_minutes=15, buffer_after_minutes=15,
    )  # fmt: skip
    now = dt.datetime(2026, 5, 1, tzinfo=UTC)
    # Monday 4 May 2026, 11:00-12:00 Amsterdam = 09:00-10:00 UTC.
    start, end = dt.datetime(2026, 5, 4, 9, tzinfo=UTC), dt.datetime(2026, 5, 4, 10, tzinfo=UTC)
    free_before = _starts(service.free_slots_for(db_session, profile, now=now))
    book(db_session, profile, start, end, status=BookingStatus.CANCELLED, buffer_minutes=15)
    assert _starts(service.free_slots_for(db_session, profile, now=now)) == free_before
    book(db_session, profile, start, end, status=BookingStatus.HELD, buffer_minutes=15)
    starts = _starts(service.free_slots_for(db_session, profile, now=now))
    # Window 08:00-12:00 UTC. A slot's block [s-15m, s+75m) may touch the booking's block
    # [08:45, 10:15) UTC but not overlap it: nothing fits before, 10:30 is the first after.
    assert free_before[0] == dt.datetime(2026, 5, 4, 8, tzinfo=UTC)
    assert starts == [dt.datetime(2026, 5, 4, 10, m, tzinfo=UTC) for m in (30, 45)] + [
        dt.datetime(2026, 5, 4, 11, tzinfo=UTC)
    ]


def test_unavailable_days_remove_slots_and_extra_windows_add_them(db_session: Session) -> None:
    profile = peer_with_windows(db_session, ((MONDAY, "10:00", "11:00"),), horizon_weeks=2)
    now = dt.datetime(2026, 5, 1, tzinfo=UTC)
    service.add_exception(
        db_session,
        profile,
        ExceptionInput(ExceptionKind.UNAVAILABLE, dt.date(2026, 5, 4), dt.date(2026, 5, 4)),
        now=now,
    )
    service.add_exception(
        db_session,
        profile,
        ExceptionInput(
            ExceptionKind.EXTRA, dt.date(2026, 5, 6), dt.date(2026, 5, 6), T("15:00"), T("16:00")
        ),
        now=now,
    )
    assert _starts(service.free_slots_for(db_session, profile, now=now)) == [
        dt.datetime(2026, 5, 6, 13, tzinfo=UTC),
        dt.datetime(2026, 5, 11, 8, tzinfo=UTC),
    ]


def test_batch_loading_matches_one_by_one_and_skips_unknown_ids(db_session: Session) -> None:
    now = dt.datetime(2026, 5, 1, tzinfo=UTC)
    a = peer_with_windows(db_session, ((MONDAY, "10:00", "12:00"),), horizon_weeks=2)
    b = peer_with_windows(
        db_session, ((TUESDAY, "18:00", "20:00"),), horizon_weeks=2, time_zone="Europe/London"
    )
    empty = peer_with_windows(db_session)
    book(
        db_session,
        a,
        dt.datetime(2026, 5, 4, 8, tzinfo=UTC),
        dt.datetime(2026, 5, 4, 9, tzinfo=UTC),
    )
    batch = service.free_slots_for_many(db_session, [a.id, b.id, empty.id, 999_999], now=now)
    assert set(batch) == {a.id, b.id, empty.id}
    assert batch[a.id] == service.free_slots_for(db_session, a, now=now)
    assert batch[b.id] == service.free_slots_for(db_session, b, now=now)
    assert batch[a.id] and batch[b.id] and batch[empty.id] == []


def _count_statements(
    session: Session, count_queries: QueryCounter, profile_ids: list[int], now: dt.datetime
) -> int:
    session.expire_all()
    with count_queries() as statements:
        result = service.free_slots_for_many(session, profile_ids, now=now)
    assert set(result) == set(profile_ids)
    return len(statements)


def test_batch_loading_uses_the_same_number_of_queries_for_3_or_30_profiles(
    db_session: Session,
    count_queries: QueryCounter,
) -> None:
    now = dt.datetime(2026, 5, 1, tzinfo=UTC)
    profiles = []
    for i in range(30):
        profile = peer_with_windows(db_session, ((i % 7, "09:00", "17:00"),), horizon_weeks=3)
        book(
            db_session,
            profile,
            dt.datetime(2026, 5, 4 + i % 7, 9, tzinfo=UTC),
            dt.datetime(2026, 5, 4 + i % 7, 10, tzinfo=UTC),
        )
        profiles.append(profile.id)
    db_session.flush()
    few = _count_statements(db_session, count_queries, profiles[:3], now)
    many = _count_statements(db_session, count_queries, profiles, now)
    assert few == many
    assert few <= 4


def test_a_user_without_profile_has_no_availability_to_edit(db_session: Session) -> None:
    user = make_user(db_session)
    with pytest.raises(NotFound) as info:
        service.require_profile(db_session, user)
    assert info.value.key == "availability.error.no_profile"
