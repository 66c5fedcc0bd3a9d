"""A VOG's status in words and which reminder is due: "no VOG known" is not "expired", and a
runner that was down catches up with the current threshold only."""

from __future__ import annotations

import datetime as dt

import pytest

from peermatch.services.vog_followup import reminder_threshold
from peermatch.services.vog_state import VogStatus, vog_status

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("vog_date", "expected"),
    [
        (None, VogStatus.NONE_ON_FILE),
        (dt.date(2023, 11, 29), VogStatus.EXPIRED),  # valid up to 29 Nov 2026
        (dt.date(2023, 11, 30), VogStatus.EXPIRES_SOON),  # last valid day is today
        (dt.date(2024, 1, 29), VogStatus.EXPIRES_SOON),  # 60 days left
        (dt.date(2024, 1, 30), VogStatus.VALID),  # 61 days left
        (dt.date(2026, 1, 1), VogStatus.VALID),
    ],
)
def test_status_in_one_word(vog_date: dt.date | None, expected: VogStatus) -> None:
    assert vog_status(vog_date, TODAY) is expected


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(90, None), (61, None), (60, 60), (45, 60), (31, 60), (30, 30), (8, 30), (7, 7), (1, 7),
     (0, 7), (-1, 0), (-400, 0)],
)  # fmt: skip
def test_the_due_reminder_is_the_nearest_threshold_passed(
    days_left: int, expected: int | None
) -> None:
    assert reminder_threshold(TODAY + dt.timedelta(days=days_left), TODAY) == expected
