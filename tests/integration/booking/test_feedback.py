"""Feedback after a held session, and what matching may learn from it."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from peermatch.services import bookings, feedback
from peermatch.services.errors import Conflict, InvalidInput
from tests.integration.booking.builders import NOW, approved_match, at, world


def _held_session(session: Session, w, youth=None, day: int = 1):  # type: ignore[no-untyped-def]
    proposal = w.proposal if youth is None else approved_match(session, w.profile, youth)
    who = youth or w.youth
    booking = bookings.book_slot(session, proposal.id, who, start=at(day, 10), now=NOW)
    bookings.complete(session, booking.id, who, now=at(day, 12))
    return booking


def test_both_sides_give_feedback_once_after_a_held_session(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    booking = bookings.book_slot(db_session, w.proposal.id, w.youth, start=at(1, 10), now=NOW)
    with pytest.raises(Conflict):
        feedback.give_feedback(db_session, booking.id, w.youth, rating=5, comment="", now=NOW)
    bookings.complete(db_session, booking.id, w.peer, now=at(1, 12))
    with pytest.raises(InvalidInput):
        feedback.give_feedback(db_session, booking.id, w.youth, rating=6, comment="", now=NOW)
    feedback.give_feedback(db_session, booking.id, w.youth, rating=4, comment="Fijn", now=NOW)
    feedback.give_feedback(
        db_session, booking.id, w.peer, rating=5, comment=None, do_not_match_again=True, now=NOW
    )
    with pytest.raises(Conflict):
        feedback.give_feedback(db_session, booking.id, w.youth, rating=3, comment="", now=NOW)
    assert feedback.continuity_rating(db_session, w.youth.id, w.profile.id) == 4.0
    # The peer expert's wish is theirs (matching.blocking_requester), not the youth's.
    assert feedback.blocked_pairs(db_session) == set()


def test_a_youths_do_not_match_again_feeds_the_hard_filter(ctx: Flask, db_session: Session) -> None:
    w = world(db_session)
    booking = _held_session(db_session, w)
    feedback.give_feedback(
        db_session, booking.id, w.youth, rating=2, comment="", do_not_match_again=True, now=NOW
    )
    assert feedback.blocked_pairs(db_session, [w.youth.id]) == {(w.youth.id, w.profile.id)}
    assert feedback.continuity_rating(db_session, w.youth.id, w.profile.id) == 2.0


def test_the_peer_expert_sees_an_aggregate_only_from_three_feedbacks(
    ctx: Flask, db_session: Session
) -> None:
    from tests.factories import make_user

    w = world(db_session)
    ratings = [5, 4, 3]
    for day, rating in enumerate(ratings):
        youth = make_user(db_session)
        booking = _held_session(db_session, w, youth, day=day + 1)
        feedback.give_feedback(db_session, booking.id, youth, rating=rating, comment="", now=NOW)
        shown = feedback.aggregate_for_peer_expert(db_session, w.profile)
        if day < 2:
            assert shown is None
    assert shown == feedback.Aggregate(3, 4.0)
    assert len(feedback.feedback_for_coordinator(db_session, w.coordinator, w.profile.id)) == 3
