"""The cheaper loading of the youth's candidates call reads the same data as before:
plain rows through the session's connection still see unflushed changes, the ids bound as
one array text (and tested as a whole on PostgreSQL) select exactly those ids, the
prefilter's subqueries built once per process still see every later change of matches and
entries, session lengths read as JSON text and enum columns read as their values give the
same engine inputs. On both databases."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS
from peermatch.models import AvailabilityRule, MatchProposal, PeerExpertProfile
from peermatch.models.enums import DomainEntryStatus, Gender, ProposalStatus
from peermatch.services.availability import free_slot_pairs_for_many
from peermatch.services.matching import (
    candidates_for,
    domains_by_id,
    load_candidates,
    prefilter,
    taxonomy_of,
)
from peermatch.services.matching.request_inputs import build_match_request
from peermatch.services.rows import plain_rows
from tests.factories import add_entry, make_organisation
from tests.integration.matches.builders import NOW, open_request, peer, youth


def test_plain_rows_see_changes_not_yet_flushed(db_session: Session) -> None:
    profile = peer(db_session, free=False)
    db_session.add(
        AvailabilityRule(
            profile_id=profile.id, weekday=0, start_time=dt.time(9), end_time=dt.time(12)
        )
    )  # pending: only an autoflush sends it
    count = select(func.count()).where(AvailabilityRule.profile_id == profile.id)
    assert [tuple(row) for row in plain_rows(db_session, count)] == [(1,)]


def test_ids_bound_as_one_array_select_exactly_those_ids(db_session: Session) -> None:
    org = make_organisation(db_session)
    first, second, third = (peer(db_session, org) for _ in range(3))

    def selected(ids: list[int]) -> set[int]:
        condition = prefilter.id_among(db_session, PeerExpertProfile.id, ids)
        return set(db_session.scalars(select(PeerExpertProfile.id).where(condition)))

    assert selected([first.id, third.id]) == {first.id, third.id}
    assert selected([second.id]) == {second.id}
    assert selected([]) == set()


def _prefiltered(session: Session, request_id: int) -> set[int]:
    from peermatch.models import ContactRequest

    request = session.get(ContactRequest, request_id)
    assert request is not None
    match_request = build_match_request(session, request, now=NOW)
    taxonomy = taxonomy_of(domains_by_id(session))
    return set(prefilter.profile_ids(session, prefilter.conditions(match_request, taxonomy, NOW)))


def test_the_prefilter_subqueries_built_once_see_later_changes(db_session: Session) -> None:
    young = youth(db_session)
    org = make_organisation(db_session)
    busy = peer(db_session, org, max_active_matches=1)
    elsewhere = peer(db_session, org, slug="foster-care")
    request = open_request(db_session, young)
    assert _prefiltered(db_session, request.id) >= {busy.id}
    assert elsewhere.id not in _prefiltered(db_session, request.id)
    # the cached subqueries are the ones used again
    assert prefilter._full_profiles() is prefilter._full_profiles()

    # a match fills the peer expert up; closing it frees them again
    other = open_request(db_session, youth(db_session))
    match = MatchProposal(request_id=other.id, profile_id=busy.id, status=ProposalStatus.APPROVED)
    db_session.add(match)
    db_session.flush()
    assert busy.id not in _prefiltered(db_session, request.id)
    match.closed_at = NOW
    db_session.flush()
    assert busy.id in _prefiltered(db_session, request.id)

    # an entry in the asked-for domain lets a peer expert in; pausing it leaves them out
    entry = add_entry(db_session, elsewhere, "anxiety")
    db_session.flush()
    assert elsewhere.id in _prefiltered(db_session, request.id)
    entry.status = DomainEntryStatus.PAUSED
    db_session.flush()
    assert elsewhere.id not in _prefiltered(db_session, request.id)


def test_session_lengths_read_as_text_set_the_slot_length(db_session: Session) -> None:
    org = make_organisation(db_session)
    long_talks = peer(db_session, org, session_lengths=[90, 60])
    no_lengths = peer(db_session, org, session_lengths=[])
    usual = peer(db_session, org)
    slots = free_slot_pairs_for_many(db_session, [long_talks.id, no_lengths.id, usual.id], now=NOW)
    lengths = {
        profile_id: {end - start for start, end in pairs} for profile_id, pairs in slots.items()
    }
    assert lengths[long_talks.id] == {dt.timedelta(minutes=90)}
    assert lengths[no_lengths.id] == {dt.timedelta(minutes=60)}
    assert lengths[usual.id] == {dt.timedelta(minutes=60)}


def test_enum_columns_reach_the_core_as_their_values(db_session: Session) -> None:
    org = make_organisation(db_session)
    told = peer(db_session, org, gender=Gender.NON_BINARY)
    untold = peer(db_session, org)
    add_entry(db_session, untold, "depression", status=DomainEntryStatus.PAUSED)
    found = {c.peer_id: c for c in load_candidates(db_session, audience="youth_16_17", now=NOW)}
    assert found[told.id].gender == "non_binary"
    assert found[untold.id].gender is None
    assert found[told.id].active_verified and found[untold.id].active_verified
    # only the active entry is usable, and its status is the enum's value
    assert [(e.status, type(e.status)) for e in found[untold.id].domains] == [("active", str)]


def test_narrowed_ids_are_tested_as_a_whole_and_profiles_not_streamed(
    db_session: Session, connection: Connection
) -> None:
    """Every statement of the candidates call that selects by the narrowed ids binds them
    once, as one array text, and tests membership as a whole (IN ... IS TRUE): PostgreSQL
    then hashes the set, whatever a generic plan or missing statistics make of its size
    (see `prefilter._in_id_set`). They select exactly those profiles."""
    org = make_organisation(db_session)
    young = youth(db_session)
    request = open_request(db_session, young)
    first, second, third = (peer(db_session, org) for _ in range(3))
    selection = prefilter.id_selection(db_session, [first.id, third.id])
    if db_session.get_bind().dialect.name != "postgresql":
        assert selection is None  # SQLite binds a list of values cheaply
        return
    assert selection is not None
    assert set(db_session.scalars(selection)) == {first.id, third.id}

    sent: list[tuple[str, Any]] = []
    streamed: list[str] = []

    def before(
        _conn: object, _cursor: object, statement: str, params: Any, context: Any, *_: object
    ) -> None:
        sent.append((statement, params))
        if context.execution_options.get("stream_results"):
            streamed.append(statement)

    event.listen(connection, "before_cursor_execute", before)
    try:
        view = candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    finally:
        event.remove(connection, "before_cursor_execute", before)
    assert view.eligible_count == 3
    narrowed = [(s, p) for s, p in sent if "unnest" in s]
    # the profiles, their entries, sessions, workload, ratings and the four slot statements
    assert len(narrowed) >= 9
    for statement, params in narrowed:
        bound = [v for v in params.values() if isinstance(v, str) and v.startswith("{")]
        assert [set(map(int, ids.strip("{}").split(","))) for ids in bound] == [
            {first.id, second.id, third.id}
        ], statement
        assert statement.count("unnest(") == 1
        assert re.search(r"IN \(SELECT unnest\(.*?\)\) AS unnest_1\)\) IS true", statement), (
            statement
        )
    # Nor are the profiles and their entries read through a server-side cursor, which
    # PostgreSQL plans for its first rows: without fresh statistics that plan read a
    # thousand profiles in 13 ms instead of 2.
    assert not [s for s in streamed if "public_key" in s or "FROM profile_domains" in s]


def test_the_bookings_of_the_narrowed_ids_are_read_through_a_hashed_id_set(
    db_session: Session, connection: Connection
) -> None:
    """Joined to the ids as a set, PostgreSQL without statistics expected one booking and
    compared every booking with every id (0.8-1.6 s at 10,000 peer experts); tested as a
    whole the ids are hashed once, whatever the statistics say."""
    org = make_organisation(db_session)
    experts = [peer(db_session, org) for _ in range(3)]
    selection = prefilter.id_selection(db_session, [e.id for e in experts])
    if selection is None:
        return  # SQLite: the ids are bound as a plain list
    sent: list[tuple[str, Any]] = []

    def before(_conn: object, _cursor: object, statement: str, params: Any, *_: object) -> None:
        sent.append((statement, params))

    event.listen(connection, "before_cursor_execute", before)
    try:
        free_slot_pairs_for_many(db_session, selection, now=NOW)
    finally:
        event.remove(connection, "before_cursor_execute", before)
    [(statement, params)] = [(s, p) for s, p in sent if "FROM booking_participants" in s]
    plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, params))
    assert "hashed SubPlan" in plan, plan
    assert "Join Filter" not in plan, plan
