"""The report's arithmetic on plain facts: months in the viewer's zone, nearest-rank
percentiles, and nothing resting on fewer than three people or answers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peermatch.reports import (
    BookingFact,
    FeedbackFact,
    PeerFact,
    ProposalFact,
    RequestFact,
    build_report,
    hours,
    month_keys,
    percentile,
    suppress,
)

AMS = ZoneInfo("Europe/Amsterdam")
START, END = dt.date(2026, 10, 1), dt.date(2026, 11, 30)


def utc(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=dt.UTC)


def test_suppress_keeps_zero_and_hides_one_and_two() -> None:
    assert [suppress(n) for n in range(5)] == [0, None, None, 3, 4]


def test_months_span_years() -> None:
    assert month_keys(dt.date(2025, 11, 5), dt.date(2026, 2, 1)) == (
        "2025-11", "2025-12", "2026-01", "2026-02",
    )  # fmt: skip


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=50))
def test_percentile_is_one_of_the_values_and_bounded(values: list[float]) -> None:
    p90 = percentile(values, 0.9)
    assert p90 in values
    assert sum(v <= p90 for v in values) >= 0.9 * len(values)


def test_percentile_nearest_rank() -> None:
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert percentile([5], 0.9) == 5


def _report(**facts: object) -> object:
    base: dict[str, object] = {
        "requests": [], "proposals": [], "bookings": [], "peers": [], "feedback": [],
        "domain_names": {1: "Angst", 2: "Rouw"},
    }  # fmt: skip
    base.update(facts)
    return build_report(start=START, end=END, zone=AMS, **base)  # type: ignore[arg-type]


def test_waiting_times_need_three_requests_per_month_and_step() -> None:
    requests = [RequestFact(i, utc(10, 1), "youth_16_17") for i in (1, 2, 3)] + [
        RequestFact(4, utc(11, 2), "youth_16_17")
    ]
    proposals = [
        ProposalFact(1, 9, utc(10, 2), utc(10, 3), utc(10, 4)),
        ProposalFact(2, 9, utc(10, 3), utc(10, 5), utc(10, 6)),
        ProposalFact(3, 9, utc(10, 5), None, None),
        ProposalFact(4, 9, utc(11, 3), utc(11, 4), utc(11, 5)),
    ]
    report = _report(requests=requests, proposals=proposals)
    rows = {(r[0], r[1]): r[2:] for r in report.figure("waiting").rows}  # type: ignore[attr-defined]
    assert rows[("2026-10", "request_to_proposal")] == (3, 2.0, 4.0)  # 1, 2, 4 days
    assert rows[("2026-10", "proposal_to_accepted")] == (None, None, None)  # only 2
    assert rows[("2026-11", "request_to_proposal")] == (None, None, None)  # only 1
    assert rows[("2026-11", "request_to_session")] == (0, None, None)


def test_activity_counts_by_month_in_the_viewers_zone() -> None:
    # 31 October 23:30 UTC is 1 November 00:30 in Amsterdam.
    late = dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.UTC)
    requests = [RequestFact(i, late, "adult_18_plus") for i in range(1, 5)]
    bookings = [BookingFact(1, 9, utc(11, d), utc(11, d, 11), "completed") for d in (3, 4, 5)] + [
        BookingFact(1, 9, utc(11, 6), utc(11, 6, 11), "cancelled", cancelled_late=True),
        BookingFact(1, 9, utc(10, 6), utc(10, 6, 11), "no_show"),
    ]
    rows = {
        r[0]: r[1:] for r in _report(requests=requests, bookings=bookings).figure("activity").rows
    }  # type: ignore[attr-defined]
    assert rows["2026-10"] == (0, 0, 0, 0, 0, None)
    assert rows["2026-11"] == (4, 0, 3, None, 0, 0)


def test_supply_and_demand_counts_domains_per_audience_and_hides_small_numbers() -> None:
    requests = [RequestFact(i, utc(10, 2), "youth_16_17", (1,)) for i in range(1, 5)] + [
        RequestFact(9, utc(10, 2), "team", (2,))
    ]
    peers = [
        PeerFact(p, f"P{p}", 3, "valid", "completed", {"youth_16_17": frozenset({1})})
        for p in range(1, 4)
    ]
    rows = _report(requests=requests, peers=peers).figure("supply").rows  # type: ignore[attr-defined]
    assert rows == (("Angst", "youth_16_17", 4, 3), ("Rouw", "team", None, 0))


def test_satisfaction_only_from_three_answers() -> None:
    feedback = [FeedbackFact(utc(10, 3), r) for r in (4, 5, 3)] + [FeedbackFact(utc(11, 3), 1)]
    rows = _report(feedback=feedback).figure("satisfaction").rows  # type: ignore[attr-defined]
    assert rows == (("2026-10", 3, 4.0), ("2026-11", None, None))


def test_workload_counts_only_the_period_against_the_cap() -> None:
    peer = PeerFact(9, "Lotte", 2, "valid", "completed")
    bookings = [
        BookingFact(1, 9, utc(10, 5), utc(10, 5, 11), "completed"),
        BookingFact(1, 9, utc(10, 6), utc(10, 6, 11), "confirmed"),
        BookingFact(1, 9, utc(12, 6), utc(12, 6, 11), "confirmed"),  # after the period
        BookingFact(1, 9, utc(10, 7), utc(10, 7, 11), "cancelled"),
    ]
    proposals = [
        ProposalFact(1, 9, None, None, utc(10, 1)),
        ProposalFact(2, 9, None, None, utc(12, 1)),
    ]
    rows = _report(peers=[peer], bookings=bookings, proposals=proposals).figure("workload").rows  # type: ignore[attr-defined]
    weeks = ((END - START).days + 1) / 7
    assert rows == (("Lotte", 2, round(2 / weeks, 1), 2, 1),)


def test_hours_count_held_sessions_and_their_minutes() -> None:
    peer = PeerFact(9, "Lotte", 2, "valid", "completed")
    bookings = [
        BookingFact(1, 9, utc(10, 5, 10), utc(10, 5, 11), "completed"),
        BookingFact(
            1, 9, utc(10, 6, 10), dt.datetime(2026, 10, 6, 10, 45, tzinfo=dt.UTC), "completed"
        ),
        BookingFact(1, 9, utc(11, 6), utc(11, 6, 11), "no_show"),
    ]
    figure = hours(month_keys(START, END), AMS, [peer], bookings)
    assert figure.rows == (("Lotte", "2026-10", 2, 105, 0, 0), ("Lotte", "2026-11", 0, 0, 0, 0))


@pytest.mark.parametrize("credential", ["vog", "training"])
def test_credential_counts_are_suppressed_below_three(credential: str) -> None:
    peers = [
        PeerFact(i, "x", 1, "expired" if i == 1 else "valid", "completed") for i in range(1, 5)
    ]
    rows = {(r[0], r[1]): r[2] for r in _report(peers=peers).figure("credentials").rows}  # type: ignore[attr-defined]
    assert rows[("vog", "expired")] is None and rows[("vog", "valid")] == 3
    assert (
        rows[("training", "completed")] == 4
        and rows[(credential, "none" if credential == "training" else "none_on_file")] == 0
    )
