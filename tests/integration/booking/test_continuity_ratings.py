"""The continuity rating matching may learn from feedback: one definition, one or many pairs."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from peermatch.services import bookings, feedback
from tests.conftest import QueryCounter
from tests.integration.booking.builders import (
    NOW,
    approved_match,
    at,
    peer_expert,
    world,
)


def _rate(session: Session, proposal_id: int, youth, rating: int, day: int) -> None:  # type: ignore[no-untyped-def]
    booking = bookings.book_slot(session, proposal_id, youth, start=at(day, 10), now=NOW)
    bookings.complete(session, booking.id, youth, now=at(day, 12))
    feedback.give_feedback(session, booking.id, youth, rating=rating, comment="", now=NOW)


def test_the_continuity_rating_is_the_best_rating_the_youth_gave_that_peer_expert(
    ctx: Flask, db_session: Session
) -> None:
    w = world(db_session)
    _rate(db_session, w.proposal.id, w.youth, 2, day=1)
    _rate(db_session, w.proposal.id, w.youth, 5, day=2)
    assert feedback.continuity_rating(db_session, w.youth.id, w.profile.id) == 5.0
    assert feedback.continuity_ratings(db_session, w.youth.id, [w.profile.id]) == {
        w.profile.id: 5.0
    }


def test_continuity_ratings_answer_for_many_peer_experts_in_one_statement(
    ctx: Flask, db_session: Session, count_queries: QueryCounter
) -> None:
    w = world(db_session)
    other = peer_expert(db_session, w.org)
    never_rated = peer_expert(db_session, w.org)
    _rate(db_session, w.proposal.id, w.youth, 4, day=1)
    _rate(db_session, approved_match(db_session, other, w.youth).id, w.youth, 3, day=2)
    someone_else = approved_match(db_session, w.profile)
    _rate(db_session, someone_else.id, someone_else.request.requester, 1, day=3)
    ids = [w.profile.id, other.id, never_rated.id]
    with count_queries() as statements:
        ratings = feedback.continuity_ratings(db_session, w.youth.id, ids)
    assert ratings == {w.profile.id: 4.0, other.id: 3.0}
    assert len(statements) == 1
    # The same rule as for one pair, and only the peer experts asked about.
    assert ratings == {
        pid: rating
        for pid in ids
        if (rating := feedback.continuity_rating(db_session, w.youth.id, pid)) is not None
    }
    assert feedback.continuity_ratings(db_session, w.youth.id, [other.id]) == {other.id: 3.0}
