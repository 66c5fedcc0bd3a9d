"""Answers, attendance, reminders, the calendar feed and the hours report for intervision."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch import reports
from peermatch.models import AuditEvent, OutboxMessage
from peermatch.notifications.calendar_events import feed_ics
from peermatch.notifications.reminders import queue_reminders
from peermatch.services import calendar_feed, email_preferences, intervision
from peermatch.services import reports as report_svc
from peermatch.services.audit import SYSTEM
from peermatch.services.errors import Conflict, InvalidInput, NotFound
from tests.integration.intervision.builders import NOW, START, scheduled, world

AFTER = START + dt.timedelta(hours=3)


def test_a_peer_expert_accepts_or_declines_until_it_begins(db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    peer = w.peers[0].user
    _, mine = intervision.respond(db_session, peer, meeting.id, "accepted", now=NOW, origin=SYSTEM)
    assert mine.response == "accepted" and mine.responded_at == NOW
    intervision.respond(db_session, peer, meeting.id, "declined", now=NOW, origin=SYSTEM)
    assert mine.response == "declined"
    with pytest.raises(InvalidInput):
        intervision.respond(db_session, peer, meeting.id, "maybe", now=NOW, origin=SYSTEM)
    with pytest.raises(Conflict):
        intervision.respond(db_session, peer, meeting.id, "accepted", now=START, origin=SYSTEM)
    audited = db_session.scalars(
        select(AuditEvent.action).where(AuditEvent.action == "intervision.responded")
    ).all()
    assert len(audited) == 2


def test_attendance_is_recorded_by_the_coordinator_after_the_start_only(
    db_session: Session,
) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    came, absent = w.peers[0].user, w.peers[1].user
    with pytest.raises(Conflict) as err:
        intervision.record_attendance(
            db_session, w.coordinator, meeting.id, {came.id: True}, now=NOW, origin=SYSTEM
        )
    assert err.value.key == "intervision.error.not_started"
    with pytest.raises(NotFound):
        intervision.record_attendance(
            db_session, w.other_coordinator, meeting.id, {came.id: True}, now=AFTER, origin=SYSTEM
        )
    with pytest.raises(InvalidInput):
        intervision.record_attendance(
            db_session,
            w.coordinator,
            meeting.id,
            {w.peers[2].user_id: True},
            now=AFTER,
            origin=SYSTEM,
        )
    _, changed = intervision.record_attendance(
        db_session,
        w.coordinator,
        meeting.id,
        {came.id: True, absent.id: False},
        now=AFTER,
        origin=SYSTEM,
    )
    assert changed == 2
    by_user = {p.user_id: p for p in meeting.participants}
    assert by_user[came.id].attended is True and by_user[absent.id].attended is False
    assert by_user[came.id].attendance_recorded_by_id == w.coordinator.id


def test_hours_count_the_intervision_each_peer_expert_attended(db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)  # 2 hours, in December
    called_off = scheduled(db_session, w, start=START + dt.timedelta(days=1))
    intervision.cancel(db_session, w.coordinator, called_off.id, now=NOW, origin=SYSTEM)
    came, absent = w.peers[0].user, w.peers[1].user
    intervision.record_attendance(
        db_session,
        w.coordinator,
        meeting.id,
        {came.id: True, absent.id: False},
        now=AFTER,
        origin=SYSTEM,
    )
    period = report_svc.period_of("2026-11", "2026-12")
    _, figure = report_svc.hours(
        db_session, w.coordinator, organisation_id=None, period=period, now=AFTER
    )
    assert figure.columns[-2:] == ("intervision_attended", "intervision_minutes")
    rows = {(r[0], r[1]): r[4:] for r in figure.rows}
    assert rows[(came.display_name, "2026-12")] == (1, 120)
    assert rows[(came.display_name, "2026-11")] == (0, 0)
    assert rows[(absent.display_name, "2026-12")] == (0, 0)
    own = report_svc.own_hours(db_session, came, period=period, now=AFTER)
    assert [r[4:] for r in own.rows] == [(0, 0), (1, 120)]
    # another organisation's report does not see it
    _, other = report_svc.hours(
        db_session, w.other_coordinator, organisation_id=None, period=period, now=AFTER
    )
    assert all(r[4] == 0 for r in other.rows)


def test_the_pure_hours_figure_adds_intervision_per_month() -> None:
    peer = reports.PeerFact(9, "Lotte", 2, "valid", "completed")
    utc = dt.UTC
    facts = [
        reports.IntervisionFact(
            9,
            dt.datetime(2026, 10, 5, 10, tzinfo=utc),
            dt.datetime(2026, 10, 5, 11, 30, tzinfo=utc),
        ),
        reports.IntervisionFact(
            9,
            dt.datetime(2026, 10, 31, 23, 30, tzinfo=utc),
            dt.datetime(2026, 11, 1, 0, 30, tzinfo=utc),
        ),
    ]
    months = reports.month_keys(dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    figure = reports.hours(months, ZoneInfo("Europe/Amsterdam"), [peer], [], facts)
    # 23:30 UTC on 31 October is already 1 November in Amsterdam
    assert figure.rows == (("Lotte", "2026-10", 0, 0, 1, 90), ("Lotte", "2026-11", 0, 0, 1, 60))


def test_reminders_reach_the_invited_who_did_not_decline_once(db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w, count=3)
    declined, opted_out = w.peers[1].user, w.peers[2].user
    intervision.respond(db_session, declined, meeting.id, "declined", now=NOW, origin=SYSTEM)
    email_preferences.update(db_session, opted_out, {"reminders": False}, now=NOW, origin=SYSTEM)
    day_before = START - dt.timedelta(hours=20)
    assert queue_reminders(db_session, now=NOW) == 0  # ten days ahead: not yet
    assert queue_reminders(db_session, now=day_before) == 1
    assert queue_reminders(db_session, now=day_before) == 0
    reminded = db_session.scalars(
        select(OutboxMessage.to_user_id).where(OutboxMessage.kind == "intervision_reminder")
    ).all()
    assert reminded == [w.peers[0].user_id]


def test_the_feed_holds_accepted_and_open_invitations_and_drops_declined(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    accepted, declined = w.peers[0].user, w.peers[1].user
    intervision.respond(db_session, accepted, meeting.id, "accepted", now=NOW, origin=SYSTEM)

    def statuses(user_id: int) -> dict[str, str]:
        user = next(p.user for p in w.peers if p.user_id == user_id)
        body = feed_ics(
            calendar_feed.feed_bookings(db_session, user, now=NOW),
            user=user,
            now=NOW,
            intervision_entries=calendar_feed.feed_intervision(db_session, user, now=NOW),
        )
        calendar = icalendar.Calendar.from_ical(body)
        return {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}

    assert statuses(accepted.id) == {meeting.ical_uid: "CONFIRMED"}
    assert statuses(declined.id) == {meeting.ical_uid: "CONFIRMED"}  # not answered yet
    assert statuses(w.peers[2].user_id) == {}
    intervision.respond(db_session, declined, meeting.id, "declined", now=NOW, origin=SYSTEM)
    assert statuses(declined.id) == {meeting.ical_uid: "CANCELLED"}
    intervision.cancel(db_session, w.coordinator, meeting.id, now=NOW, origin=SYSTEM)
    assert statuses(accepted.id) == {meeting.ical_uid: "CANCELLED"}
    assert intervision.upcoming_for(db_session, accepted, now=NOW) == []


def test_a_peer_experts_own_data_download_lists_their_invitations(db_session: Session) -> None:
    from peermatch.services import privacy

    w = world(db_session)
    meeting = scheduled(db_session, w)
    peer = w.peers[0].user
    intervision.respond(db_session, peer, meeting.id, "accepted", now=NOW, origin=SYSTEM)
    [row] = privacy.export_data(db_session, peer, NOW)["intervision"]
    assert row["id"] == meeting.id and row["my_response"] == "accepted"
    assert row["starts_at"] == START.isoformat() and row["attended"] is None
    assert privacy.export_data(db_session, w.peers[2].user, NOW)["intervision"] == []
