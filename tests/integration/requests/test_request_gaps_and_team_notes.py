"""Every gap of a draft at once (so a form names them together), and a team's notes stored
and read like a youth's own words: through the one checked, audited function."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, User
from peermatch.models.access_log import AccessLogEntry
from peermatch.models.enums import Role
from peermatch.services import requests as svc
from peermatch.services.errors import InvalidInput
from tests.factories import domain, make_organisation, make_peer_expert, make_team, make_user
from tests.integration.requests.builders import NOW, ORIGIN, youth_of_age

NOTES = "Wij zoeken iemand voor een intervisie met ons FACT-team."


def test_an_empty_youth_draft_lists_every_gap_in_form_order(db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    draft = svc.save_youth_draft(
        db_session, youth, svc.YouthRequestInput(languages=()), now=NOW, origin=ORIGIN
    )
    gaps = svc.missing_before_send(db_session, draft, youth, now=NOW)
    assert [g.key for g in gaps] == [
        "request.error.domains_required",
        "request.error.hopes_required",
        "request.error.languages_required",
        "request.error.modes_required",
        "request.error.times_required",
    ]
    # The API and submit still refuse with the first one.
    with pytest.raises(InvalidInput) as refused:
        svc.check_ready(db_session, draft, youth, now=NOW)
    assert refused.value.key == "request.error.domains_required"


def test_a_complete_draft_has_no_gaps(db_session: Session) -> None:
    youth = youth_of_age(db_session, 17)
    draft = svc.save_youth_draft(
        db_session,
        youth,
        svc.YouthRequestInput(
            domains=(svc.DomainChoice(domain(db_session, "anxiety").id),),
            hopes=("one_talk",),
            modes=("video",),
            weekly=(svc.WeeklyPart(2, "evening"),),
        ),
        now=NOW,
        origin=ORIGIN,
    )
    assert svc.missing_before_send(db_session, draft, youth, now=NOW) == []


def _team_request(session: Session) -> tuple[ContactRequest, User, User]:
    org = make_organisation(session)
    author = make_user(session, Role.TEAM_MEMBER, birth_year=None)
    colleague = make_user(session, Role.TEAM_MEMBER, birth_year=None)
    make_team(session, org, author, colleague)
    start = NOW + dt.timedelta(days=7)
    request = svc.save_team_request(
        session,
        author,
        svc.TeamRequestInput(
            purpose="intervision",
            domain_ids=(domain(session, "anxiety").id,),
            windows=(svc.TimeWindow(start, start + dt.timedelta(hours=2)),),
            modes=("video",),
            notes=f"  {NOTES}  ",
        ),
        now=NOW,
        origin=ORIGIN,
    )
    return request, author, colleague


def test_team_notes_are_stored_as_own_words_and_read_through_the_audited_path(
    db_session: Session,
) -> None:
    request, author, colleague = _team_request(db_session)
    assert request.own_words == NOTES
    assert svc.read_own_words(db_session, request, author, origin=ORIGIN, now=NOW) == NOTES
    assert svc.read_own_words(db_session, request, colleague, origin=ORIGIN, now=NOW) == NOTES
    stranger = make_peer_expert(db_session, make_organisation(db_session)).user
    assert svc.read_own_words(db_session, request, stranger, origin=ORIGIN, now=NOW) is None
    # A colleague's read is in the access log (NEN 7513), as a team member's.
    reads = db_session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.record_id == request.id)
    ).all()
    assert [(e.reader_id, e.reader_role) for e in reads] == [(colleague.id, "team_member")]


def test_team_notes_have_the_same_length_limit(db_session: Session) -> None:
    org = make_organisation(db_session)
    author = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    make_team(db_session, org, author)
    with pytest.raises(InvalidInput) as refused:
        svc.save_team_request(
            db_session,
            author,
            svc.TeamRequestInput(notes="x" * (svc.MAX_OWN_WORDS + 1)),
            now=NOW,
            origin=ORIGIN,
        )
    assert refused.value.key == "request.error.own_words_too_long"
