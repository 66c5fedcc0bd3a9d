"""One home for "which organisations does this user coordinate, and who coordinates them"."""

from __future__ import annotations

from sqlalchemy.orm import Session

from peermatch.models.enums import MembershipRole, Role
from peermatch.services import accounts
from tests.factories import add_member, make_coordinator, make_organisation, make_user


def test_a_coordinator_coordinates_only_their_own_organisations(db_session: Session) -> None:
    mine, other = make_organisation(db_session), make_organisation(db_session)
    coordinator = make_coordinator(db_session, mine)
    add_member(db_session, other, coordinator)  # a plain member there, not its coordinator
    assert accounts.coordinator_organisation_ids(coordinator) == {mine.id}
    assert accounts.coordinates_any(coordinator, {mine.id, None})
    assert not accounts.coordinates_any(coordinator, {other.id, None})
    assert not accounts.coordinates_any(coordinator, set())


def test_a_coordinator_membership_without_the_role_coordinates_nothing(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    youth = make_user(db_session, Role.YOUTH)
    add_member(db_session, org, youth, MembershipRole.COORDINATOR)
    assert not accounts.coordinates_any(youth, {org.id})


def test_coordinators_of_lists_each_coordinator_once_in_id_order(db_session: Session) -> None:
    a, b, c = (make_organisation(db_session) for _ in range(3))
    first = make_coordinator(db_session, a)
    second = make_coordinator(db_session, b)
    add_member(db_session, b, first, MembershipRole.COORDINATOR)
    make_coordinator(db_session, c)
    make_peer = make_user(db_session, Role.PEER_EXPERT)
    add_member(db_session, a, make_peer)
    assert accounts.coordinators_of(db_session, {a.id, b.id}) == [first, second]
    assert accounts.coordinators_of(db_session, {b.id}) == [first, second]
    assert accounts.coordinators_of(db_session, set()) == []
    everyone = accounts.coordinators_of(db_session, None)
    assert {first, second} <= set(everyone)
    assert make_peer not in everyone
