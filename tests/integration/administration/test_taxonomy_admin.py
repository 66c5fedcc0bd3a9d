"""Managing the taxonomy: add, rename, move, retire; a retired domain is refused when chosen
anew but stays (and still matches) where it was chosen before."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, ExperienceDomain
from peermatch.models.enums import DomainVisibility, Role
from peermatch.services import matching, profiles, taxonomy
from peermatch.services import requests as svc
from peermatch.services.administration import domains
from peermatch.services.audit import Origin
from peermatch.services.errors import Conflict, Forbidden, InvalidInput
from tests.factories import domain, make_coordinator, make_user
from tests.factories.profiles import complete_draft
from tests.integration.requests.builders import complete_input, draft_for, youth_of_age

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
ORIGIN = Origin(ip_address="127.0.0.1", channel="test")


def retire(session: Session, slug: str) -> ExperienceDomain:
    return domains.set_retired(
        session, domain(session, slug), True, actor=None, origin=ORIGIN, now=NOW
    )


def test_an_added_domain_can_be_chosen_and_is_audited(db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    category = domain(db_session, "anxiety").parent
    assert category is not None
    added = domains.add_domain(
        db_session,
        domains.Labels("Faalangst", "Fear of failure"),
        parent_id=category.id,
        actor=admin,
        origin=ORIGIN,
        now=NOW,
    )
    assert added.slug == "fear-of-failure"
    assert added.youth_label_nl == "Faalangst"
    groups = {g.category.id: [d.id for d in g.domains] for g in taxonomy.domain_groups(db_session)}
    assert added.id in groups[category.id]
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "taxonomy.domain_added")
    ).one()
    assert (event.actor_id, event.subject_id) == (admin.id, added.id)


def test_only_admins_change_the_taxonomy(db_session: Session) -> None:
    with pytest.raises(Forbidden):
        domains.rename_domain(
            db_session,
            domain(db_session, "anxiety"),
            domains.Labels("Angst", "Anxiety"),
            actor=make_coordinator(db_session),
            origin=ORIGIN,
            now=NOW,
        )


def test_renaming_needs_both_languages(db_session: Session) -> None:
    anxiety = domain(db_session, "anxiety")
    with pytest.raises(InvalidInput):
        domains.rename_domain(
            db_session, anxiety, domains.Labels("  ", "Worry"), actor=None, origin=ORIGIN, now=NOW
        )
    domains.rename_domain(
        db_session, anxiety, domains.Labels("Piekeren", "Worry"), actor=None, origin=ORIGIN, now=NOW
    )
    assert (anxiety.label_nl, anxiety.label_en) == ("Piekeren", "Worry")


def test_moving_keeps_two_levels(db_session: Session) -> None:
    anxiety = domain(db_session, "anxiety")
    other_category = next(
        c for c, _children in domains.tree(db_session) if c.id != anxiety.parent_id
    )
    domains.move_domain(db_session, anxiety, other_category.id, actor=None, origin=ORIGIN, now=NOW)
    assert anxiety.parent_id == other_category.id
    with pytest.raises(InvalidInput):  # under a domain that is not a category
        domains.move_domain(
            db_session,
            domain(db_session, "panic"),
            anxiety.id,
            actor=None,
            origin=ORIGIN,
            now=NOW,
        )
    with pytest.raises(Conflict):  # a category with domains cannot go under another one
        domains.move_domain(
            db_session,
            domain(db_session, "mental-health"),
            other_category.id,
            actor=None,
            origin=ORIGIN,
            now=NOW,
        )


def test_a_category_with_active_domains_cannot_retire(db_session: Session) -> None:
    category = domain(db_session, "anxiety").parent
    assert category is not None
    with pytest.raises(Conflict):
        domains.set_retired(db_session, category, True, actor=None, origin=ORIGIN, now=NOW)


def test_a_retired_domain_is_refused_in_a_new_request(db_session: Session) -> None:
    retire(db_session, "anxiety")
    with pytest.raises(InvalidInput) as refused:
        draft_for(db_session, youth_of_age(db_session, 17))
    assert refused.value.key == "taxonomy.error.domain_retired"
    groups = taxonomy.domain_groups(db_session)
    assert all(d.slug != "anxiety" for g in groups for d in g.domains)


def test_a_retired_domain_stays_on_a_request_that_had_it(db_session: Session) -> None:
    young = youth_of_age(db_session, 17)
    request = draft_for(db_session, young)
    retire(db_session, "anxiety")
    svc.save_youth_draft(
        db_session, young, complete_input(db_session), now=NOW, origin=ORIGIN, request=request
    )
    assert domain(db_session, "anxiety").id in {d.domain_id for d in request.domains}


def test_a_retired_domain_is_refused_on_a_profile_but_kept_where_it_was(
    db_session: Session,
) -> None:
    profile = complete_draft(db_session)  # has "anxiety"
    retire(db_session, "anxiety")
    retire(db_session, "panic")
    data = profiles.DomainEntryInput(
        domain_id=domain(db_session, "panic").id,
        share_text="Wat mij hielp.",
        visibility=DomainVisibility.CANDIDATE_VIEWERS,
        audiences=list(profile.audiences),
        ready_to_share=True,
    )
    with pytest.raises(InvalidInput) as refused:
        profiles.add_entry(db_session, profile, data, actor=profile.user, origin=ORIGIN)
    assert refused.value.key == "taxonomy.error.domain_retired"
    assert [e.domain.slug for e in profile.domains] == ["anxiety"]


def test_matching_still_reads_retired_domains(db_session: Session) -> None:
    anxiety = retire(db_session, "anxiety")
    known = matching.taxonomy_of(matching.domains_by_id(db_session))
    assert anxiety.id in known


def test_a_retired_domain_comes_back(db_session: Session) -> None:
    anxiety = retire(db_session, "anxiety")
    assert anxiety.retired_at == NOW
    domains.set_retired(db_session, anxiety, False, actor=None, origin=ORIGIN, now=NOW)
    assert anxiety.is_active and anxiety.retired_at is None
    draft_for(db_session, youth_of_age(db_session, 17))
