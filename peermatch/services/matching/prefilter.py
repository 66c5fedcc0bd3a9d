"""The hard filters a database can check, as SQL conditions, so only peer experts who may
pass them are loaded for a requester's candidates.

Each condition is a NECESSARY condition of a matching rule (`peermatch.matching.filters`),
never the rule itself: a peer expert left out here would have been excluded by the pure
core anyway, and everyone loaded is still judged by the core. So the ranking is the same
with or without these conditions (tests/integration/matches/test_matching_prefilter.py
proves it on a varied world); only the exclusion counts shrink, which is why a
coordinator's overview (which shows them) and the relaxation hints (which count the
excluded) load everyone.

Lists stored as JSON are tested on their text (`'%"nl"%'`): a JSON list of plain strings
contains the string iff its text contains it in quotes; the core decodes and decides.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Integer, Select, Text, bindparam, cast, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from peermatch.matching import MatchRequest, Taxonomy
from peermatch.matching.context import build_context
from peermatch.models import MatchProposal, PeerExpertProfile, ProfileDomain
from peermatch.models.enums import DomainEntryStatus, ProfileStatus, ProposalStatus
from peermatch.services import disclosure


def _json_list_holds_any(column: Any, values: frozenset[str]) -> Any:
    text = cast(column, Text)
    return or_(*(text.like(f'%"{value}"%') for value in sorted(values)))


def earliest_valid_vog_date(first_session_date: dt.date) -> dt.date:
    """The earliest VOG date whose validity (`disclosure.vog_valid_until`) still covers
    ``first_session_date``: validity grows with the VOG date, so "covers" is "on or after"."""
    day = first_session_date
    try:
        day = day.replace(year=day.year - disclosure.VOG_VALID_YEARS)
    except ValueError:  # 29 February
        day = day.replace(year=day.year - disclosure.VOG_VALID_YEARS, day=28)
    covers = disclosure.vog_valid_until
    while (earlier := covers(day - dt.timedelta(days=1))) is not None and (
        earlier >= first_session_date
    ):
        day -= dt.timedelta(days=1)
    while (until := covers(day)) is not None and until < first_session_date:
        day += dt.timedelta(days=1)
    return day


# The subqueries that depend on nothing (or only on the request's domains) are built once
# per process: SQL expressions hold no rows and never change once built, so sharing one
# is safe across requests and threads, and each request saves building them (an aliased
# entity, joins, a grouping) on every candidates call. The rows are read when the
# statement runs, so a change in the data is always seen
# (tests/integration/matches/test_matching_plain_rows.py).


@cache
def _full_profiles() -> Any:
    """The profiles with as many open approved matches as their maximum, or more."""
    owner = aliased(PeerExpertProfile)
    return (
        select(MatchProposal.profile_id)
        .join(owner, owner.id == MatchProposal.profile_id)
        .where(MatchProposal.status == ProposalStatus.APPROVED, MatchProposal.closed_at.is_(None))
        .group_by(MatchProposal.profile_id, owner.max_active_matches)
        .having(func.count(MatchProposal.id) >= owner.max_active_matches)
    )


@lru_cache(maxsize=256)
def _with_active_entry(domain_ids: frozenset[int] | None) -> Any:
    """The profiles with an active entry in one of ``domain_ids`` (any, when None)."""
    with_entry = select(ProfileDomain.profile_id).where(
        ProfileDomain.status == DomainEntryStatus.ACTIVE
    )
    if domain_ids is not None:
        with_entry = with_entry.where(ProfileDomain.domain_id.in_(sorted(domain_ids)))
    return with_entry


def conditions(request: MatchRequest, taxonomy: Taxonomy, now: dt.datetime) -> list[Any]:
    """Conditions on `PeerExpertProfile` every peer expert the core could rank meets."""
    ctx = build_context(request, taxonomy, now)
    found: list[Any] = [PeerExpertProfile.status == ProfileStatus.ACTIVE]
    blocked = request.blocked_peer_ids | request.peer_ids_blocking_requester
    if blocked:
        found.append(PeerExpertProfile.id.not_in(sorted(blocked)))
    found.append(_json_list_holds_any(PeerExpertProfile.audiences, frozenset({ctx.audience})))
    # an active entry that relates to the request (any active entry for a request without
    # domains); whether it is opened for this audience is the disclosure rule's to say.
    # Uncorrelated subqueries: the database hashes them once instead of asking per profile.
    # Tested as a whole ("IS TRUE", the same answer in a WHERE clause): PostgreSQL then
    # hashes the subquery's ids once and looks each profile up (as it does for the
    # capacity's NOT IN below), where a plain IN became a semi-join that, without fresh
    # statistics, probed the entries' index once per profile for each requested domain:
    # 50-110 ms at 5,000 peer experts instead of a few.
    found.append(
        PeerExpertProfile.id.in_(
            _with_active_entry(frozenset(ctx.relations) if request.domains else None)
        ).is_(True)
    )
    if request.languages:
        found.append(_json_list_holds_any(PeerExpertProfile.languages, request.languages))
    if request.modes:
        found.append(_json_list_holds_any(PeerExpertProfile.modes, frozenset(request.modes)))
    # capacity: fewer open approved matches than the peer expert's maximum
    found.append(PeerExpertProfile.id.not_in(_full_profiles()))
    if ctx.requires_vog:
        found.append(PeerExpertProfile.vog_date >= earliest_valid_vog_date(ctx.first_session_date))
    return found


def profile_ids(session: Session, where: list[Any]) -> list[int]:
    """The ids of the profiles meeting ``where``, in one statement: the loading statements
    then select by these ids instead of repeating the subqueries per statement."""
    return list(session.scalars(select(PeerExpertProfile.id).where(*where)))


def _id_set(ids: list[int]) -> Any:
    """The ids as a set (``SELECT unnest(CAST(:ids AS INTEGER[]))``), bound as the array's
    text ('{1,2,3}') and cast by the server: psycopg dumps a list of ints element by element
    in Python for every statement it is bound in, a string it sends as it is (the loading
    statements bind it about nine times)."""
    literal = "{" + ",".join(map(str, ids)) + "}"
    array = cast(bindparam(None, literal, type_=Text), ARRAY(Integer))
    return select(func.unnest(array)).scalar_subquery()


def _in_id_set(column: Any, ids: list[int]) -> Any:
    """``column IN (the id set)``, tested as a whole (``IS TRUE``, the same answer in a
    WHERE clause): PostgreSQL then runs the set once, hashes it and looks every row up,
    whatever it believes about the set's size or the tables'. As a plain IN it became a
    join whose plan rested on those beliefs, and they are poor: a bound array looks like
    ten ids to the generic plan psycopg's prepared statements get after five runs, and
    without statistics (a new database, autovacuum off) a table looks nearly empty. The
    bookings statement then compared every booking with every id: 10-15 ms at 1,000 peer
    experts, 0.8-1.6 s at 10,000 (1 ms and 13 ms now, generic or custom plan alike)."""
    return column.in_(_id_set(ids)).is_(True)


def id_selection(session: Session, ids: list[int]) -> Select[Any] | None:
    """A query selecting the profiles with these ids, on PostgreSQL, for the statements
    that select by a query of profile ids (free slots, ratings); None elsewhere."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return select(PeerExpertProfile.id).where(_in_id_set(PeerExpertProfile.id, ids))


def id_among(session: Session, column: Any, ids: list[int]) -> Any:
    """``column IN ids``. On PostgreSQL as ONE bound array instead of one value per id
    (see `_id_set`, `_in_id_set`): with a thousand ids in every loading statement, binding
    and planning them one by one cost more than the rows they select. Not ``= ANY(array)``
    either: that is tested element by element for every row, 20-30 times slower. SQLite
    binds a list of values cheaply (and plans a JSON list worse), so it keeps the plain
    list."""
    if session.get_bind().dialect.name == "postgresql":
        return _in_id_set(column, ids)
    return column.in_(ids)
