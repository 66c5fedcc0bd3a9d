"""A coordinator opens the reports for a period in a real browser: every figure is an SVG
chart with its table, and the downloaded CSVs (activity, satisfaction, hours) hold exactly
the numbers of a world built here, with small groups shown as "<3"."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from peermatch.models import Booking, Feedback, MatchProposal, PeerExpertProfile
from peermatch.models.enums import BookingStatus, ParticipantRole, ProposalStatus, RequestStatus
from tests.browser.conftest import LiveServer, login_as
from tests.browser.world import live_db, unique_email, youth_aged
from tests.factories import PASSWORD, make_coordinator, make_organisation
from tests.integration.matches.builders import open_request, peer


def utc(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


def _booking(
    session: Session, proposal: MatchProposal, status: BookingStatus, start: dt.datetime,
    minutes: int = 60, *, late: bool = False,
) -> Booking:  # fmt: skip
    booking = Booking(
        proposal_id=proposal.id, status=status, cancelled_late=late,
        starts_at=start, ends_at=start + dt.timedelta(minutes=minutes),
    )  # fmt: skip
    session.add(booking)
    session.flush()
    return booking


def _feedback(session: Session, booking: Booking, author_id: int, rating: int, at: Any) -> None:
    session.add(
        Feedback(booking_id=booking.id, author_id=author_id, author_role=ParticipantRole.YOUTH,
                 rating=rating, created_at=at)
    )  # fmt: skip


def build_world(session: Session, org: Any) -> None:
    """September: 5 requests, 4 approved matches (Noor 2, Bram 2), 4 sessions held (1 h,
    one per match) with 4 answers (5, 4, 4, 3), 3 cancelled late, 3 cancelled in time,
    3 no-shows. October: 2 sessions held (45 min, one each) with 2 answers: under 3."""
    experts: list[PeerExpertProfile] = [peer(session, org, name=n) for n in ("Noor", "Bram")]
    proposals = []
    for n in range(5):
        young = youth_aged(session, 19, f"Jongere {n}")
        request = open_request(session, young, organisation_id=org.id)
        request.submitted_at = utc(9, 1 + n)
        if n == 4:
            continue  # still waiting
        request.status = RequestStatus.MATCHED
        proposal = MatchProposal(
            request_id=request.id, profile_id=experts[n // 2].id, status=ProposalStatus.APPROVED,
            asked_at=utc(9, 1 + n, 12), responded_at=utc(9, 2 + n), decided_at=utc(9, 2 + n, 12),
        )  # fmt: skip
        session.add(proposal)
        session.flush()
        proposals.append((proposal, young.id))
    for n, (proposal, youth_id) in enumerate(proposals):
        held = _booking(session, proposal, BookingStatus.COMPLETED, utc(9, 10 + n))
        _feedback(session, held, youth_id, (5, 4, 4, 3)[n], utc(9, 20))
    for n in range(3):
        proposal = proposals[n][0]
        _booking(session, proposal, BookingStatus.CANCELLED, utc(9, 15 + n), late=True)
        _booking(session, proposal, BookingStatus.CANCELLED, utc(9, 18 + n))
        _booking(session, proposal, BookingStatus.NO_SHOW, utc(9, 21 + n))
    for n in (0, 2):  # one October session each for Noor and Bram
        proposal, youth_id = proposals[n]
        held = _booking(session, proposal, BookingStatus.COMPLETED, utc(10, 5 + n), 45)
        _feedback(session, held, youth_id, 5, utc(10, 10))
    session.flush()


def _download(page: Any, section: Any) -> list[list[str]]:
    with page.expect_download() as info:
        section.get_by_role("link", name="Download als CSV").click()
    with open(info.value.path(), encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _section(page: Any, figure_id: str) -> Any:
    return page.locator(f"section.report-figure:has(#fig-{figure_id})")


def test_reports_draw_charts_with_tables_and_the_csvs_match_the_world(
    browser: Any, live_server: LiveServer
) -> None:
    email = unique_email("coordinator")
    with live_db(live_server) as session:
        org = make_organisation(session)
        make_coordinator(session, org, email=email, locale="nl")
        build_world(session, org)
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 390, "height": 844}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url
    login_as(page, base, email, PASSWORD)

    # Choose the period on the page.
    page.goto(f"{base}/reports")
    page.locator("#from").fill("2026-09")
    page.locator("#to").fill("2026-10")
    page.get_by_role("button", name="Bekijk").click()
    page.wait_for_url("**/reports?from=2026-09&to=2026-10*")

    # Every figure with numbers is a chart and a table of the same numbers.
    figures = page.locator("section.report-figure")
    assert figures.count() >= 5
    for i in range(figures.count()):
        figure = figures.nth(i)
        if figure.locator("table").count():
            assert figure.locator("svg.chart").count() == 1, figure.inner_text()[:200]
    activity = _section(page, "activity")
    assert activity.locator("svg.chart").is_visible()
    table = [
        [cell.inner_text() for cell in row.locator("th, td").all()]
        for row in activity.locator("tbody tr").all()
    ]
    assert [row[1:] for row in table] == [
        ["5", "4", "4", "3", "3", "3"],
        ["0", "0", "< 3", "0", "0", "0"],
    ]

    # The CSVs: the same numbers, exactly.
    rows = _download(page, activity)
    assert len(rows[0]) == 7
    assert [r[1:] for r in rows[1:]] == [
        ["5", "4", "4", "3", "3", "3"],
        ["0", "0", "<3", "0", "0", "0"],
    ]
    assert [r[0] for r in rows[1:]] == [row[0] for row in table]
    satisfaction = _download(page, _section(page, "satisfaction"))
    assert [r[1:] for r in satisfaction[1:]] == [["4", "4.0"], ["<3", "<3"]]
    assert "< 3" in _section(page, "satisfaction").locator("tbody").inner_text()

    page.get_by_role(
        "link", name="Uren per ervaringsdeskundige (voor de vrijwilligersvergoeding)"
    ).click()
    page.wait_for_url("**/reports/hours?*")
    hours = _download(page, page.locator("section.report-figure"))
    assert [[r[0], r[2], r[3]] for r in hours[1:]] == [
        ["Bram", "2", "120"], ["Bram", "1", "45"], ["Noor", "2", "120"], ["Noor", "1", "45"],
    ]  # fmt: skip
    context.close()
