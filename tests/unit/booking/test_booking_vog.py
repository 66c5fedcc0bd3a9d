"""The booking side of the VOG rule, at its boundaries (pure, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from peermatch.booking import TimeSlot
from peermatch.booking.vog import all_covered, is_minor, vog_covers, vog_ends_at

LAST_DAY = date(2026, 11, 26)
VOG_DATE = date(2023, 11, 26)


def _hour(day: date, hour: int, minute: int = 0) -> TimeSlot:
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
    return TimeSlot(start, start + timedelta(hours=1))


def test_a_session_on_the_vogs_last_valid_day_is_covered_and_the_next_day_is_not() -> None:
    assert vog_covers(VOG_DATE, LAST_DAY, _hour(LAST_DAY, 10))
    assert not vog_covers(VOG_DATE, LAST_DAY - timedelta(days=1), _hour(LAST_DAY, 10))
    assert not vog_covers(VOG_DATE, LAST_DAY, _hour(LAST_DAY + timedelta(days=1), 10))


def test_the_last_day_ends_at_midnight_in_amsterdam() -> None:
    # 23:00 UTC on 26 November is midnight in Amsterdam (CET, UTC+1).
    assert vog_ends_at(LAST_DAY) == datetime(2026, 11, 26, 23, 0, tzinfo=UTC)
    assert vog_covers(VOG_DATE, LAST_DAY, _hour(LAST_DAY, 22))
    assert not vog_covers(VOG_DATE, LAST_DAY, _hour(LAST_DAY, 22, 30))


def test_no_vog_or_one_dated_after_the_session_covers_nothing() -> None:
    assert not vog_covers(None, None, _hour(LAST_DAY, 10))
    assert not vog_covers(LAST_DAY, date(2029, 11, 26), _hour(LAST_DAY - timedelta(days=1), 10))


def test_a_team_session_needs_every_peer_experts_vog() -> None:
    slot = _hour(LAST_DAY, 10)
    assert all_covered([(VOG_DATE, LAST_DAY), (VOG_DATE, date(2028, 1, 1))], [slot])
    assert not all_covered([(VOG_DATE, LAST_DAY), (None, None)], [slot])


def test_unknown_ages_count_as_minors() -> None:
    assert is_minor(None) and is_minor(17) and not is_minor(18)
