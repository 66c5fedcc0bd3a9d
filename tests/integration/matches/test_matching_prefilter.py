"""A requester's candidates load only the peer experts who may pass the hard filters a
database can check (`services/matching/prefilter.py`). That must never change the ranking:
on a varied world, the SQL-narrowed ranking equals the one filtered in Python alone, on both
databases; and the candidates call issues the same statements for 3 and 30 peer experts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from peermatch.matching import DEFAULT_WEIGHTS, Ranking
from peermatch.models import ContactRequest, MatchProposal, PeerExpertProfile, User
from peermatch.models.enums import DomainEntryStatus, ProfileStatus, ProposalStatus
from peermatch.services import matching
from peermatch.services.matching import domains_by_id, prefilter, taxonomy_of
from peermatch.services.matching.request_inputs import build_match_request
from peermatch.services.matching.views import _rank
from tests.conftest import QueryCounter
from tests.factories import add_entry, make_organisation
from tests.integration.matches.builders import NOW, met_before, open_request, peer, youth


def _varied_world(session: Session, young: User) -> None:
    """Peer experts failing each database-checkable filter, one by one, and some passing."""
    org = make_organisation(session)
    peer(session, org)
    peer(session, org, languages=["nl", "en"], modes=["video", "phone"])
    peer(session, org, languages=["en"])
    peer(session, org, languages=["ar"], modes=["chat"])
    peer(session, org, modes=["phone"])
    peer(session, org, modes=["in_person", "video"], latitude=52.09, longitude=5.12)
    peer(session, org, audiences=["adult_18_plus", "team"])
    peer(session, org, audiences=["youth_12_15"])
    peer(session, org, vog_date=None)
    peer(session, org, vog_date=dt.date(2023, 1, 1))  # expired
    # valid through 24 and through 23 November 2026 (NOW's day): without notice, today's
    # slots fit either, so the date bound in SQL must be exact
    peer(session, org, vog_date=dt.date(2023, 11, 24), min_notice_hours=0)
    peer(session, org, vog_date=dt.date(2023, 11, 23), min_notice_hours=0)
    peer(session, org, vog_date=dt.date(2023, 11, 22), min_notice_hours=0)
    peer(session, org, vog_date=dt.date(2024, 2, 29))  # a leap day
    peer(session, org, slug="depression")
    peer(session, org, slug="foster-care")
    paused_entry = peer(session, org, slug="foster-care")
    add_entry(session, paused_entry, "anxiety", status=DomainEntryStatus.PAUSED)
    peer(session, org, entry_audiences=["adult_18_plus"])
    peer(session, org, status=ProfileStatus.PAUSED)
    peer(session, org, free=False)
    full = peer(session, org, max_active_matches=1)
    roomy = peer(session, org, max_active_matches=2)
    other = open_request(session, youth(session))
    for profile in (full, roomy):
        session.add(
            MatchProposal(
                request_id=other.id, profile_id=profile.id, status=ProposalStatus.APPROVED
            )
        )
    earlier = open_request(session, young)
    blocked = peer(session, org)
    met_before(session, earlier, blocked, author=young, do_not_match_again=True)
    liked = peer(session, org)
    met_before(session, earlier, liked, author=young, rating=5)
    earlier.status = earlier.status.CLOSED
    session.flush()


def _same(narrow: Ranking, full: Ranking) -> None:
    def key(ranking: Ranking) -> list[tuple[Any, ...]]:
        return [
            (r.peer_id, r.score, r.soonest_slot, r.modes, r.factor_values, r.reasons)
            for r in ranking.ranked
        ]

    assert key(narrow) == key(full)


REQUESTS: list[dict[str, Any]] = [
    {},
    {"languages": ["en"], "modes": ["phone", "video"]},
    {"languages": [], "modes": [], "slugs": ("anxiety", "depression")},
    {"modes": ["in_person"], "latitude": 52.1, "longitude": 5.1, "max_distance_km": 30},
    {"slugs": ()},
]


@pytest.mark.parametrize("age", [17, 14, 20])
@pytest.mark.parametrize("asked", REQUESTS)
def test_the_sql_narrowed_ranking_equals_the_python_filtered_one(
    db_session: Session, age: int, asked: dict[str, Any]
) -> None:
    young = youth(db_session, age=age)
    _varied_world(db_session, young)
    request = open_request(db_session, young, **asked)
    _, narrow_candidates, narrow, _, _ = _rank(
        db_session, request, now=NOW, weights=DEFAULT_WEIGHTS, narrow=True
    )
    _, all_candidates, full, _, _ = _rank(db_session, request, now=NOW, weights=DEFAULT_WEIGHTS)
    _same(narrow, full)
    assert full.ranked or not asked.get("slugs", True)  # the world is worth comparing
    # the database did part of the filtering: fewer peer experts were loaded
    assert {c.peer_id for c in narrow_candidates} < {c.peer_id for c in all_candidates}


def test_the_requester_view_is_the_same_with_and_without_narrowing(db_session: Session) -> None:
    young = youth(db_session)
    _varied_world(db_session, young)
    request = open_request(db_session, young)
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    _, _, full, _, _ = _rank(db_session, request, now=NOW, weights=DEFAULT_WEIGHTS)
    assert view.eligible_count == len(full.ranked) >= 3
    assert [c.profile.id for c in view.cards] == [r.peer_id for r in full.ranked[:5]]
    assert view.relaxations == []


def test_too_few_fits_loads_everyone_for_the_relaxation_hints(db_session: Session) -> None:
    young = youth(db_session)
    org = make_organisation(db_session)
    peer(db_session, org, modes=["phone"])
    peer(db_session, org, modes=["phone"])
    request = open_request(db_session, young, modes=["video"])
    view = matching.candidates_for(db_session, request, young, now=NOW, weights=DEFAULT_WEIGHTS)
    assert view.nobody_fits
    assert {r.key: r.eligible_count for r in view.relaxations}["relax.any_mode"] == 2


@pytest.mark.parametrize(
    "first_session",
    [dt.date(2026, 11, 24), dt.date(2027, 2, 28), dt.date(2027, 3, 1), dt.date(2028, 2, 29)],
)
def test_the_earliest_valid_vog_date_is_exact(first_session: dt.date) -> None:
    from peermatch.services import disclosure

    earliest = prefilter.earliest_valid_vog_date(first_session)
    covers = disclosure.vog_valid_until
    assert covers(earliest) is not None and covers(earliest) >= first_session  # type: ignore[operator]
    before = covers(earliest - dt.timedelta(days=1))
    assert before is not None and before < first_session


def test_the_candidates_call_issues_the_same_statements_for_3_and_30_peer_experts(
    db_session: Session, count_queries: QueryCounter
) -> None:
    org = make_organisation(db_session)
    young = youth(db_session)
    request = open_request(db_session, young)
    counts = []
    for total in (3, 30):
        while len(matching.load_candidates(db_session, audience="youth_16_17", now=NOW)) < total:
            peer(db_session, org)
        request_id, young_id = request.id, young.id
        db_session.expire_all()
        with count_queries() as statements:
            found = db_session.get(ContactRequest, request_id)
            viewer = db_session.get(User, young_id)
            assert found is not None and viewer is not None
            view = matching.candidates_for(
                db_session, found, viewer, now=NOW, weights=DEFAULT_WEIGHTS
            )
        assert view.eligible_count == total
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("slugs", [("anxiety",), ()])
def test_the_prefilter_hashes_its_subqueries_instead_of_joining_per_profile(
    db_session: Session, slugs: tuple[str, ...]
) -> None:
    """PostgreSQL turned "has an active entry in an asked-for domain" into a semi-join and,
    without fresh statistics, probed the entries once per profile: 110 ms at 5,000 peer
    experts. Tested as a whole, the subquery is run once and hashed, whatever the
    statistics say (SQLite looks the ids up in a table it builds once either way)."""
    young = youth(db_session)
    _varied_world(db_session, young)
    request = open_request(db_session, young, slugs=slugs)
    match_request = build_match_request(db_session, request, now=NOW)
    taxonomy = taxonomy_of(domains_by_id(db_session))
    where = prefilter.conditions(match_request, taxonomy, NOW)
    query = select(PeerExpertProfile.id).where(*where)
    if db_session.get_bind().dialect.name != "postgresql":
        assert prefilter.profile_ids(db_session, where)  # the same statement runs there
        return
    compiled = query.compile(db_session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = "\n".join(row[0] for row in db_session.execute(text(f"EXPLAIN {compiled}")))
    assert "Semi Join" not in plan, plan
    assert plan.count("hashed SubPlan") == 2, plan  # the entries and the full profiles
