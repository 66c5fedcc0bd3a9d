"""A peer expert's break keeps them out of every ranking until its last day, tells their
coordinators and ends by itself; low check-ins reach only their coordinators."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.lifecycles.profiles import ProfileStatus
from peermatch.matching import DEFAULT_WEIGHTS
from peermatch.models import Notification, OutboxMessage
from peermatch.services import matching, wellbeing
from peermatch.services.errors import InvalidInput, NotFound
from tests.factories import login, make_coordinator, make_organisation
from tests.integration.matches.builders import NOW, ORIGIN, met_before, open_request, peer, youth
from tests.outbox import render_queued


def _ranked_ids(session: Session, now: dt.datetime) -> set[int]:
    request = open_request(session, youth(session))
    _, _, ranking, _ = matching.rank_request(session, request, now=now, weights=DEFAULT_WEIGHTS)
    return {r.candidate.peer_id for r in ranking.ranked}


def test_a_break_keeps_the_peer_expert_out_of_rankings_until_its_last_day(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    resting = peer(db_session, org)
    working = peer(db_session, org)
    assert {resting.id, working.id} <= _ranked_ids(db_session, NOW)

    until = NOW.date() + dt.timedelta(days=10)
    wellbeing.take_break(
        db_session, resting, until=until, actor=resting.user, now=NOW, origin=ORIGIN
    )
    assert resting.status is ProfileStatus.PAUSED and resting.paused_until == until
    ranked = _ranked_ids(db_session, NOW + dt.timedelta(days=1))
    assert resting.id not in ranked and working.id in ranked

    # The coordinator heard, in words and by email with the date.
    note = db_session.scalars(
        select(Notification).where(Notification.user_id == coordinator.id)
    ).one()
    assert note.kind == "wellbeing.notice.break"
    render_queued(app, db_session)
    mail = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_user_id == coordinator.id)
    ).one()
    assert resting.user.display_name in mail.subject and "December" in mail.subject

    # On the last day it still runs; the day after, the runner ends it.
    assert wellbeing.end_breaks_due(db_session, now=NOW + dt.timedelta(days=10)) == 0
    assert wellbeing.end_breaks_due(db_session, now=NOW + dt.timedelta(days=11)) == 1
    assert resting.status is ProfileStatus.ACTIVE and resting.paused_until is None
    assert resting.id in _ranked_ids(db_session, NOW + dt.timedelta(days=11))
    assert wellbeing.end_breaks_due(db_session, now=NOW + dt.timedelta(days=12)) == 0


@pytest.mark.parametrize(
    ("days", "key"), [(0, "until_past"), (-3, "until_past"), (400, "until_far")]
)
def test_a_break_needs_a_last_day_after_today_and_within_a_year(
    db_session: Session, days: int, key: str
) -> None:
    profile = peer(db_session)
    with pytest.raises(InvalidInput) as refused:
        wellbeing.take_break(
            db_session, profile, until=NOW.date() + dt.timedelta(days=days),
            actor=profile.user, now=NOW, origin=ORIGIN,
        )  # fmt: skip
    assert refused.value.key == f"wellbeing.error.{key}"
    assert profile.status is ProfileStatus.ACTIVE and profile.paused_until is None


def test_low_check_ins_reach_only_their_coordinators_until_seen(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    stranger = make_coordinator(db_session, make_organisation(db_session))
    profile = peer(db_session, org)
    request = open_request(db_session, youth(db_session))
    low = met_before(db_session, request, profile, author=profile.user, rating=2)
    met_before(db_session, request, profile, author=profile.user, rating=4)  # fine: no flag
    met_before(db_session, request, profile, author=request.requester, rating=1)  # the youth's

    flagged = wellbeing.low_check_ins(db_session, coordinator)
    assert [c.feedback_id for c in flagged] == [low.id]
    assert wellbeing.low_check_ins(db_session, stranger) == []
    with pytest.raises(NotFound):
        wellbeing.acknowledge(db_session, stranger, low.id, now=NOW, origin=ORIGIN)

    wellbeing.acknowledge(db_session, coordinator, low.id, now=NOW, origin=ORIGIN)
    assert low.acknowledged_by_id == coordinator.id
    assert wellbeing.low_check_ins(db_session, coordinator) == []


def test_the_break_page_asks_to_confirm_and_the_dashboard_flags_low_answers(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org, locale="en")
    profile = peer(db_session, org)
    profile.user.locale = "en"
    request = open_request(db_session, youth(db_session))
    met_before(db_session, request, profile, author=profile.user, rating=1)
    app.extensions["peermatch_clock"].set(NOW)

    client = app.test_client()
    login(client, profile.user)
    until = (NOW.date() + dt.timedelta(days=7)).isoformat()
    ask = client.post("/profile/break", data={"until": until})
    assert "Check before you go" in ask.get_data(as_text=True)
    assert profile.status is ProfileStatus.ACTIVE
    bad = client.post("/profile/break", data={"until": NOW.date().isoformat(), "confirm": "yes"})
    assert bad.status_code == 422 and "after today" in bad.get_data(as_text=True)
    done = client.post(
        "/profile/break", data={"until": until, "confirm": "yes"}, follow_redirects=True
    )
    assert "Enjoy your break" in done.get_data(as_text=True)
    db_session.refresh(profile)
    assert profile.status is ProfileStatus.PAUSED

    staff = app.test_client()
    login(staff, coordinator)
    dashboard = staff.get("/dashboard").get_data(as_text=True)
    assert "1 low answer after a session to follow up" in dashboard
    assert staff.get("/wellbeing").status_code == 200
