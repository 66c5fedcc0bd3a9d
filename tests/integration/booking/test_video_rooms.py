"""An organisation's own video service: every video session booked for it gets its own
unguessable room; only https addresses are accepted."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from peermatch.services import bookings, organisation_settings
from peermatch.services.errors import InvalidInput, NotFound
from tests.factories import make_coordinator, make_organisation
from tests.integration.booking.builders import NOW, approved_match, at, world

BASE = "https://meet.example.nl/"


def test_each_video_session_gets_its_own_room_under_the_organisations_address(
    db_session: Session,
) -> None:
    w = world(db_session, video_base_url=BASE)
    first = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    second = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(2, 10), now=NOW)
    rooms = [first.video_room_url, second.video_room_url]
    for room in rooms:
        assert room is not None and room.startswith(f"{BASE}peermatch-")
        assert len(room) - len(f"{BASE}peermatch-") >= 22  # 128 random bits
    assert rooms[0] != rooms[1]
    moved = bookings.reschedule(db_session, first.id, w.youth, start=at(3, 10), now=NOW)
    assert moved.video_room_url == rooms[0]  # a moved session keeps its room


def test_without_a_video_service_or_for_another_way_of_meeting_there_is_no_room(
    db_session: Session,
) -> None:
    w = world(db_session)
    plain = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    assert plain.video_room_url is None
    w.org.video_base_url = BASE
    phone = approved_match(db_session, w.profile)
    phone.request.modes = ["phone"]
    booking = bookings.book_slot(
        db_session, phone.id, phone.request.requester, start=at(2, 10), now=NOW
    )
    assert booking.mode == "phone" and booking.video_room_url is None


def test_a_room_is_shown_to_participants_only_and_from_an_hour_before(db_session: Session) -> None:
    w = world(db_session, video_base_url=BASE)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    early = bookings.view_session(db_session, booking.id, w.youth, now=NOW)
    assert early.room_url is None and early.room_opens_at == at(1, 9)
    soon = bookings.view_session(db_session, booking.id, w.peer, now=at(1, 9))
    assert soon.room_url == booking.video_room_url
    staff = bookings.view_session(db_session, booking.id, w.coordinator, now=at(1, 9, 30))
    assert staff.room_url is None and staff.room_opens_at is None
    over = bookings.view_session(db_session, booking.id, w.youth, now=at(1, 11))
    assert over.room_url is None


@pytest.mark.parametrize(
    "raw",
    [
        "http://meet.example.nl/",
        "javascript:alert(1)",
        "https://",
        "meet.example.nl",
        "https://user:pw@meet.example.nl/",
        "https://meet.example.nl/?x=1",
        "https://meet.example.nl/a b",
        "https://" + "a" * 200 + ".nl/",
    ],
)
def test_only_a_plain_https_address_is_accepted(raw: str) -> None:
    with pytest.raises(InvalidInput):
        organisation_settings.clean_video_base_url(raw)


def test_https_addresses_are_kept_with_a_closing_slash_and_empty_clears() -> None:
    clean = organisation_settings.clean_video_base_url
    assert clean(" https://meet.example.nl ") == "https://meet.example.nl/"
    assert clean("https://meet.example.nl/rooms/") == "https://meet.example.nl/rooms/"
    assert clean("") is None and clean(None) is None


def test_only_a_coordinator_of_the_organisation_sets_it(db_session: Session) -> None:
    org = make_organisation(db_session)
    own = make_coordinator(db_session, org)
    other = make_coordinator(db_session, make_organisation(db_session))
    with pytest.raises(NotFound):
        organisation_settings.set_video_base_url(db_session, org.id, other, url=BASE)
    with pytest.raises(InvalidInput):
        organisation_settings.set_video_base_url(db_session, org.id, own, url="http://x.nl/")
    assert org.video_base_url is None
    organisation_settings.set_video_base_url(db_session, org.id, own, url=BASE)
    assert org.video_base_url == BASE
