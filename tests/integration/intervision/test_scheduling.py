"""A coordinator plans, moves and calls off a group intervision: each invited peer expert
gets a real email over SMTP with a calendar part that keeps one UID and a growing SEQUENCE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import icalendar
import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, Notification, OutboxMessage
from peermatch.models.enums import ProfileStatus
from peermatch.notifications.delivery import deliver_pending
from peermatch.services import intervision
from peermatch.services.audit import SYSTEM
from peermatch.services.errors import Conflict, InvalidInput, NotFound
from tests.integration.intervision.builders import NOW, START, plan, scheduled, world
from tests.smtp import Received, SmtpServer


def _calendar(received: Received) -> tuple[icalendar.Calendar, icalendar.Event]:
    [attachment] = list(received.message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    return calendar, event


def _text(received: Received) -> str:
    body = received.message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _by_person(smtp: SmtpServer) -> dict[str, list[Received]]:
    found: dict[str, list[Received]] = {}
    for received in smtp.received:
        found.setdefault(received.rcpt_tos[0], []).append(received)
    return found


def test_invited_peer_experts_get_an_invitation_then_a_move_then_a_cancellation(
    ctx: Flask,
    db_session: Session,
    session_factory: Callable[[], Session],
    smtp_server: SmtpServer,
) -> None:
    w = world(db_session, video_base_url="https://meet.example.org")
    first, second = w.peers[0].user, w.peers[1].user
    second.locale, second.time_zone = "en", "America/New_York"
    meeting = scheduled(db_session, w, topic="Wat neem je mee naar huis?")
    assert meeting.video_room_url and meeting.video_room_url.startswith("https://meet.example.org/")
    moved, changes = intervision.reschedule(
        db_session,
        w.coordinator,
        meeting.id,
        plan([first, second], START + dt.timedelta(days=1)),
        now=NOW,
        origin=SYSTEM,
    )
    assert changes.moved and not changes.added and not changes.removed
    intervision.cancel(db_session, w.coordinator, meeting.id, now=NOW, origin=SYSTEM)
    db_session.commit()

    report = deliver_pending(session_factory, now=NOW, backend=smtp_server.backend())
    assert report.sent == 6 and report.failed == 0
    mails = _by_person(smtp_server)
    assert set(mails) == {first.email, second.email}
    for email, received in mails.items():
        calendars = [_calendar(m) for m in received]
        assert [str(c["METHOD"]) for c, _ in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
        assert {str(e["UID"]) for _, e in calendars} == {meeting.ical_uid}
        assert [int(e["SEQUENCE"]) for _, e in calendars] == [0, 1, 2]
        assert calendars[0][1].decoded("DTSTART") == START
        assert calendars[1][1].decoded("DTSTART") == START + dt.timedelta(days=1)
        assert str(calendars[2][1]["STATUS"]) == "CANCELLED"
        for m in received:
            raw = m.message.as_string()
            # the room, the title and the topic stay in the app
            assert "meet.example.org" not in raw
            assert "Grenzen" not in raw and "naar huis" not in raw
            assert f"/intervision/{meeting.id}" in _text(m)
        summary = str(calendars[0][1]["SUMMARY"])
        if email == first.email:
            assert summary == "PeerMatch-intervisie"
            subject = str(received[0].message["Subject"])
            assert subject.startswith("Uitnodiging voor intervisie: donderdag 3 december")
            assert "15:00 tot 17:00" in _text(received[0])
        else:
            assert summary == "PeerMatch intervision"
            assert "9:00\u202fAM to 11:00\u202fAM" in _text(received[0])
    assert moved.sequence == 2


def test_changing_who_is_invited_tells_the_new_and_the_removed_only(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    stays, leaves, joins = w.peers[0].user, w.peers[1].user, w.peers[2].user
    _, changes = intervision.reschedule(
        db_session,
        w.coordinator,
        meeting.id,
        plan([stays, joins], title="Nieuwe titel"),
        now=NOW,
        origin=SYSTEM,
    )
    assert (changes.moved, changes.added, changes.removed) == (False, 1, 1)
    assert meeting.sequence == 0 and meeting.title == "Nieuwe titel"
    sent = db_session.execute(
        select(OutboxMessage.to_user_id, OutboxMessage.kind, OutboxMessage.ics_method).where(
            OutboxMessage.kind.like("intervision%")
        )
    ).all()
    assert sorted(sent) == sorted(
        [
            (stays.id, "intervision_invited", "REQUEST"),
            (leaves.id, "intervision_invited", "REQUEST"),
            (joins.id, "intervision_invited", "REQUEST"),
            (leaves.id, "intervision_cancelled", "CANCEL"),
        ]
    )
    assert {p.user_id for p in meeting.participants} == {stays.id, joins.id}


def test_every_change_is_audited_and_noticed(db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    intervision.cancel(db_session, w.coordinator, meeting.id, now=NOW, origin=SYSTEM)
    actions = db_session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.subject_type == "intervision", AuditEvent.subject_id == meeting.id
        )
    ).all()
    assert sorted(actions) == ["intervision.cancelled", "intervision.scheduled"]
    kinds = db_session.scalars(
        select(Notification.kind).where(Notification.user_id == w.peers[0].user_id)
    ).all()
    assert sorted(kinds) == ["intervision.notice.cancelled", "intervision.notice.invited"]


def test_only_verified_active_peer_experts_of_the_own_organisation_can_be_invited(
    db_session: Session,
) -> None:
    w = world(db_session)
    draft = w.peers[2]
    draft.status = ProfileStatus.SUBMITTED
    w.peers[1].user.is_active = False
    db_session.flush()
    for outsider in (w.other_peer.user, draft.user, w.peers[1].user):
        with pytest.raises(InvalidInput) as err:
            intervision.schedule(
                db_session,
                w.coordinator,
                w.org.id,
                plan([w.peers[0].user, outsider]),
                now=NOW,
                origin=SYSTEM,
            )
        assert err.value.key == "intervision.error.not_invitable"
    w.peers[0].status = ProfileStatus.PAUSED  # on a break: intervision is still for them
    db_session.flush()
    assert scheduled(db_session, w, count=1).participants[0].user_id == w.peers[0].user_id
    invitable = {u.id for u in intervision.invitable_peers(db_session, [w.org.id])}
    assert invitable == {w.peers[0].user_id}


def test_another_organisation_sees_nothing(db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    with pytest.raises(NotFound):
        intervision.schedule(
            db_session,
            w.other_coordinator,
            w.org.id,
            plan([w.peers[0].user]),
            now=NOW,
            origin=SYSTEM,
        )
    for action in (
        lambda: intervision.cancel(
            db_session, w.other_coordinator, meeting.id, now=NOW, origin=SYSTEM
        ),
        lambda: intervision.for_coordinator(db_session, w.other_coordinator, meeting.id),
        lambda: intervision.for_participant(db_session, w.other_peer.user, meeting.id),
        lambda: intervision.respond(
            db_session, w.peers[2].user, meeting.id, "accepted", now=NOW, origin=SYSTEM
        ),
    ):
        with pytest.raises(NotFound):
            action()
    assert meeting.cancelled_at is None


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"start": NOW - dt.timedelta(hours=1)}, "intervision.error.in_the_past"),
        ({"start": NOW + dt.timedelta(days=400)}, "intervision.error.too_far_ahead"),
        ({"title": "   "}, "intervision.error.title_missing"),
        ({"title": "x" * 121}, "intervision.error.title_too_long"),
        ({"mode": "chat"}, "intervision.error.mode"),
        ({"mode": "in_person"}, "intervision.error.place_missing"),
        ({"capacity": 1}, "intervision.error.capacity"),
        ({"capacity": 2, "count": 3}, "intervision.error.too_many"),
        ({"count": 0}, "intervision.error.nobody_invited"),
    ],
)
def test_a_bad_plan_is_refused_and_changes_nothing(
    db_session: Session, change: dict[str, object], key: str
) -> None:
    w = world(db_session)
    change = dict(change)  # the parameters are shared by both databases' runs
    count = int(change.pop("count", 2))  # type: ignore[call-overload]
    start = change.pop("start", START)
    assert isinstance(start, dt.datetime)
    with pytest.raises(InvalidInput) as err:
        intervision.schedule(
            db_session,
            w.coordinator,
            w.org.id,
            plan([p.user for p in w.peers[:count]], start, **change),
            now=NOW,
            origin=SYSTEM,
        )
    assert err.value.key == key
    assert db_session.scalar(select(OutboxMessage.id)) is None


def test_a_meeting_that_began_or_was_called_off_cannot_change(db_session: Session) -> None:
    w = world(db_session)
    meeting = scheduled(db_session, w)
    later = START + dt.timedelta(minutes=5)
    with pytest.raises(Conflict):
        intervision.cancel(db_session, w.coordinator, meeting.id, now=later, origin=SYSTEM)
    intervision.cancel(db_session, w.coordinator, meeting.id, now=NOW, origin=SYSTEM)
    with pytest.raises(Conflict):
        intervision.reschedule(
            db_session,
            w.coordinator,
            meeting.id,
            plan([w.peers[0].user], START + dt.timedelta(days=2)),
            now=NOW,
            origin=SYSTEM,
        )
