"""The iCalendar builder: parses back, one UID per session, SEQUENCE grows, UTC times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from peermatch.notifications.ical import FeedEvent, build_feed_ics, build_session_ics

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
ATTENDEES = [("sam@example.nl", "Sam"), ("noor@example.nl", "Noor")]


def session(**overrides: object) -> bytes:
    kwargs: dict[str, object] = {
        "uid": "session-42@peermatch.nl",
        "sequence": 0,
        "method": "REQUEST",
        "start": START,
        "end": START + timedelta(hours=1),
        "summary": "PeerMatch-gesprek",
        "description": "Bekijk je afspraak in PeerMatch.",
        "location": None,
        "organizer_email": "noreply@peermatch.nl",
        "attendees": ATTENDEES,
        "now": NOW,
    }
    kwargs.update(overrides)
    return build_session_ics(**kwargs)  # type: ignore[arg-type]


def parse(raw: bytes) -> tuple[Calendar, list[Event]]:
    cal = Calendar.from_ical(raw)
    return cal, list(cal.walk("VEVENT"))


def test_invitation_parses_back_with_the_required_properties() -> None:
    cal, [event] = parse(session())
    assert str(cal["prodid"]) == "-//PeerMatch//NL"
    assert str(cal["version"]) == "2.0"
    assert str(cal["method"]) == "REQUEST"
    assert str(event["uid"]) == "session-42@peermatch.nl"
    assert event["sequence"] == 0
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstamp") == NOW
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + timedelta(hours=1)
    assert str(event["summary"]) == "PeerMatch-gesprek"
    assert "LOCATION" not in event
    assert str(event["organizer"]) == "mailto:noreply@peermatch.nl"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:sam@example.nl", "mailto:noor@example.nl"]
    assert [a.params["cn"] for a in attendees] == ["Sam", "Noor"]


def test_uid_is_stable_and_sequence_grows_from_confirm_to_reschedule_to_cancel() -> None:
    confirm = session(sequence=0)
    moved = session(
        sequence=1, start=START + timedelta(days=1), end=START + timedelta(days=1, hours=1)
    )
    cancel = session(
        sequence=2,
        method="CANCEL",
        start=START + timedelta(days=1),
        end=START + timedelta(days=1, hours=1),
    )
    parsed = [parse(raw) for raw in (confirm, moved, cancel)]
    assert {str(ev["uid"]) for _, [ev] in parsed} == {"session-42@peermatch.nl"}
    assert [ev["sequence"] for _, [ev] in parsed] == [0, 1, 2]
    assert [str(cal["method"]) for cal, _ in parsed] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [str(ev["status"]) for _, [ev] in parsed] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert parsed[1][1][0].decoded("dtstart") == START + timedelta(days=1)


@pytest.mark.parametrize(
    ("local", "utc_text"),
    [
        (datetime(2026, 7, 15, 10, 0, tzinfo=AMS), "20260715T080000Z"),  # CEST, UTC+2
        (datetime(2026, 1, 15, 10, 0, tzinfo=AMS), "20260115T090000Z"),  # CET, UTC+1
    ],
)
def test_times_are_written_in_utc(local: datetime, utc_text: str) -> None:
    raw = session(start=local.astimezone(UTC), end=(local + timedelta(hours=1)).astimezone(UTC))
    assert f"DTSTART:{utc_text}".encode() in raw
    _, [event] = parse(raw)
    assert event.decoded("dtstart") == local
    assert event.decoded("dtstart").utcoffset() == timedelta(0)


def test_aware_local_times_are_converted_not_mislabelled() -> None:
    local = datetime(2026, 7, 15, 10, 0, tzinfo=AMS)
    raw = session(start=local, end=local + timedelta(hours=1))
    assert b"DTSTART:20260715T080000Z" in raw
    assert b"TZID" not in raw


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        session(start=datetime(2026, 6, 10, 10, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        session(now=datetime(2026, 6, 1, 9, 0))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": START}, "after start"),
        ({"uid": " "}, "uid"),
        ({"sequence": -1}, "sequence"),
        ({"method": "PUBLISH"}, "method"),
    ],
)
def test_bad_input_is_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        session(**overrides)


def test_commas_and_semicolons_are_escaped_and_long_lines_folded() -> None:
    text = "Praat met Sam, Noor; of met het team, gewoon online. " * 4
    raw = session(description=text, location="Utrecht, Stationsplein 1; zaal 2")
    assert b"LOCATION:Utrecht\\, Stationsplein 1\\; zaal 2" in raw
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # a folded continuation line
    _, [event] = parse(raw)
    assert str(event["description"]) == text
    assert str(event["location"]) == "Utrecht, Stationsplein 1; zaal 2"


def test_attendee_names_with_commas_survive() -> None:
    _, [event] = parse(session(attendees=[("t@example.nl", "Team Noord, Utrecht")]))
    assert event["attendee"].params["cn"] == "Team Noord, Utrecht"


def test_feed_lists_every_session_without_a_method() -> None:
    events = [
        FeedEvent("s1@peermatch.nl", 0, START, START + timedelta(hours=1), "PeerMatch-gesprek"),
        FeedEvent(
            "s2@peermatch.nl",
            3,
            START + timedelta(days=7),
            START + timedelta(days=7, hours=1),
            "PeerMatch-gesprek",
            description="Tweede gesprek",
            location="Online",
        ),
        FeedEvent(
            "s3@peermatch.nl",
            2,
            START + timedelta(days=14),
            START + timedelta(days=14, hours=1),
            "PeerMatch-gesprek",
            cancelled=True,
        ),
    ]
    cal, parsed = parse(build_feed_ics(events, NOW, "PeerMatch – Sam"))
    assert "METHOD" not in cal
    assert str(cal["x-wr-calname"]) == "PeerMatch – Sam"
    assert str(cal["prodid"]) == "-//PeerMatch//NL"
    assert [str(e["uid"]) for e in parsed] == [
        "s1@peermatch.nl",
        "s2@peermatch.nl",
        "s3@peermatch.nl",
    ]
    assert [e["sequence"] for e in parsed] == [0, 3, 2]
    assert [str(e["status"]) for e in parsed] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert all(e.decoded("dtstamp") == NOW for e in parsed)
    assert str(parsed[1]["location"]) == "Online"
    assert "ORGANIZER" not in parsed[0]


def test_empty_feed_is_still_a_valid_calendar() -> None:
    cal, parsed = parse(build_feed_ics([], NOW, "PeerMatch"))
    assert parsed == []
    assert str(cal["version"]) == "2.0"
