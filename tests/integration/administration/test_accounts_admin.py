"""Administration services on both databases: deactivation, roles, search, memberships."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import ApiToken, AuditEvent
from peermatch.models.enums import MembershipRole, OrganisationKind, Role
from peermatch.services import matching
from peermatch.services.administration import members, organisations, people
from peermatch.services.api_tokens import create_token
from peermatch.services.audit import Origin
from peermatch.services.errors import Conflict, Forbidden, NotFound
from tests.factories import add_member, make_coordinator, make_organisation, make_user
from tests.integration.matches.builders import peer

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
ORIGIN = Origin(ip_address="127.0.0.1", channel="test")


def audited(session: Session, action: str, subject_id: int) -> AuditEvent:
    return session.scalars(
        select(AuditEvent).where(AuditEvent.action == action, AuditEvent.subject_id == subject_id)
    ).one()


def test_deactivating_ends_sessions_revokes_tokens_and_is_audited(db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    person = make_user(db_session, Role.PEER_EXPERT)
    create_token(db_session, person, "laptop", now=NOW, origin=ORIGIN)
    old_login_id = person.login_id

    people.deactivate(db_session, person, actor=admin, origin=ORIGIN, now=NOW)

    assert not person.is_active
    assert person.deactivated_at == NOW
    assert person.login_id != old_login_id
    tokens = db_session.scalars(select(ApiToken).where(ApiToken.user_id == person.id)).all()
    assert [t.revoked_at for t in tokens] == [NOW]
    event = audited(db_session, "account.deactivated", person.id)
    assert event.actor_id == admin.id
    assert event.details["tokens_revoked"] == 1


def test_reactivating_lets_them_in_again_and_is_audited(db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    person = make_user(db_session, Role.YOUTH)
    people.deactivate(db_session, person, actor=admin, origin=ORIGIN, now=NOW)
    people.reactivate(db_session, person, actor=admin, origin=ORIGIN, now=NOW)
    assert person.is_active and person.deactivated_at is None
    assert audited(db_session, "account.reactivated", person.id).actor_id == admin.id
    with pytest.raises(Conflict):
        people.reactivate(db_session, person, actor=admin, origin=ORIGIN, now=NOW)


def test_nobody_deactivates_themselves_or_the_last_admin(db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    with pytest.raises(Conflict) as own:
        people.deactivate(db_session, admin, actor=admin, origin=ORIGIN, now=NOW)
    assert own.value.key == "admin.error.not_yourself"
    with pytest.raises(Conflict) as last:
        people.deactivate(db_session, admin, actor=None, origin=ORIGIN, now=NOW)
    assert last.value.key == "admin.error.last_admin"
    assert admin.is_active


def test_only_admins_deactivate_through_the_admin_service(db_session: Session) -> None:
    coordinator = make_coordinator(db_session)
    person = make_user(db_session, Role.YOUTH)
    with pytest.raises(Forbidden):
        people.deactivate(db_session, person, actor=coordinator, origin=ORIGIN, now=NOW)


def test_a_deactivated_peer_expert_is_no_longer_a_candidate(db_session: Session) -> None:
    kept = peer(db_session)
    gone = peer(db_session)
    people.deactivate(db_session, gone.user, actor=None, origin=ORIGIN, now=NOW)
    loaded = {c.peer_id for c in matching.load_candidates(db_session, audience="team", now=NOW)}
    assert kept.id in loaded
    assert gone.id not in loaded


def test_peer_experts_of_a_deactivated_organisation_are_not_candidates(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    expert = peer(db_session, org)
    organisations.set_organisation_active(
        db_session, org, False, actor=None, origin=ORIGIN, now=NOW
    )
    loaded = {c.peer_id for c in matching.load_candidates(db_session, audience="team", now=NOW)}
    assert expert.id not in loaded
    organisations.set_organisation_active(db_session, org, True, actor=None, origin=ORIGIN, now=NOW)
    loaded = {c.peer_id for c in matching.load_candidates(db_session, audience="team", now=NOW)}
    assert expert.id in loaded


def test_setting_roles_rotates_the_login_id_and_audits_each_change(db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    person = make_user(db_session, Role.PEER_EXPERT)
    old = person.login_id
    people.set_roles(
        db_session,
        person,
        frozenset({Role.COORDINATOR}),
        actor=admin,
        origin=ORIGIN,
        now=NOW,
    )
    assert person.role_names == {Role.COORDINATOR}
    assert person.login_id != old
    assert audited(db_session, "role.granted", person.id).details["role"] == "coordinator"
    assert audited(db_session, "role.revoked", person.id).details["role"] == "peer_expert"


def test_an_admin_cannot_drop_their_own_admin_role(db_session: Session) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    make_user(db_session, Role.ADMIN, birth_year=None)
    with pytest.raises(Conflict):
        people.set_roles(
            db_session, admin, frozenset({Role.YOUTH}), actor=admin, origin=ORIGIN, now=NOW
        )
    assert admin.has_role(Role.ADMIN)


def test_search_filters_by_text_role_organisation_and_status_and_pages(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    noor = make_user(db_session, Role.PEER_EXPERT, display_name="Noor de Vries")
    add_member(db_session, org, noor)
    make_user(db_session, Role.YOUTH, display_name="Noortje", email="noortje@example.org")
    sam = make_user(db_session, Role.PEER_EXPERT, display_name="Sam")
    people.deactivate(db_session, sam, actor=None, origin=ORIGIN, now=NOW)

    def names(**kw: object) -> list[str]:
        found = people.search_users(db_session, people.UserFilter(**kw))  # type: ignore[arg-type]
        return [u.display_name for u in found.users]

    assert names(text="noor") == ["Noor de Vries", "Noortje"]
    assert names(text="NOORTJE@example") == ["Noortje"]
    assert names(text="noor", role=Role.PEER_EXPERT) == ["Noor de Vries"]
    assert names(organisation_id=org.id) == ["Noor de Vries"]
    assert names(active=False) == ["Sam"]
    assert names(text="100%_") == []  # wildcards are text, not patterns
    first = people.search_users(db_session, people.UserFilter(text="noor"), per_page=1)
    second = people.search_users(db_session, people.UserFilter(text="noor"), page=2, per_page=1)
    assert first.has_more and not second.has_more
    assert [u.display_name for u in second.users] == ["Noortje"]


def test_organisations_are_created_renamed_and_deactivated_with_audit(
    db_session: Session,
) -> None:
    admin = make_user(db_session, Role.ADMIN, birth_year=None)
    org = organisations.create_organisation(
        db_session,
        name="  Jongerenraad   Zwolle ",
        kind=OrganisationKind.YOUTH_COUNCIL,
        actor=admin,
        origin=ORIGIN,
        now=NOW,
    )
    assert (org.name, org.slug) == ("Jongerenraad Zwolle", "jongerenraad-zwolle")
    with pytest.raises(Conflict):
        organisations.create_organisation(
            db_session,
            name="Jongerenraad Zwolle",
            kind=OrganisationKind.YOUTH_COUNCIL,
            actor=admin,
            origin=ORIGIN,
            now=NOW,
        )
    organisations.rename_organisation(
        db_session, org, "Jongerenraad IJsselland", actor=admin, origin=ORIGIN, now=NOW
    )
    renamed = audited(db_session, "organisation.renamed", org.id)
    assert renamed.details["old_name"] == "Jongerenraad Zwolle"
    organisations.set_organisation_active(
        db_session, org, False, actor=admin, origin=ORIGIN, now=NOW
    )
    assert not org.is_active
    assert audited(db_session, "organisation.deactivated", org.id).actor_id == admin.id
    assert org not in members.manageable(db_session, make_coordinator(db_session))


def test_a_coordinator_manages_only_their_own_organisation(db_session: Session) -> None:
    own = make_organisation(db_session)
    other = make_organisation(db_session)
    coordinator = make_coordinator(db_session, own)
    assert members.managed_organisation(db_session, coordinator, own.id) is own
    with pytest.raises(NotFound):
        members.managed_organisation(db_session, coordinator, other.id)


def test_a_coordinator_adds_removes_and_deactivates_members_of_their_own(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    expert = make_user(db_session, Role.PEER_EXPERT, email="lotte@example.org")
    membership = members.add_member(
        db_session,
        org,
        "Lotte@example.org",
        MembershipRole.MEMBER,
        actor=coordinator,
        origin=ORIGIN,
        now=NOW,
    )
    with pytest.raises(Conflict):
        members.add_member(
            db_session,
            org,
            "lotte@example.org",
            MembershipRole.MEMBER,
            actor=coordinator,
            origin=ORIGIN,
            now=NOW,
        )
    members.set_member_active(
        db_session, org, membership.id, False, actor=coordinator, origin=ORIGIN, now=NOW
    )
    assert not expert.is_active
    members.set_member_active(
        db_session, org, membership.id, True, actor=coordinator, origin=ORIGIN, now=NOW
    )
    members.remove_member(db_session, org, membership.id, actor=coordinator, origin=ORIGIN, now=NOW)
    assert expert.memberships == []
    assert audited(db_session, "organisation.member_removed", expert.id).actor_id == coordinator.id


def test_coordinators_leave_other_coordinators_and_shared_people_to_admins(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    elsewhere = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    colleague = make_coordinator(db_session, org)
    shared = make_user(db_session, Role.PEER_EXPERT)
    shared_membership = add_member(db_session, org, shared)
    add_member(db_session, elsewhere, shared)
    colleague_membership = next(m for m in colleague.memberships if m.organisation_id == org.id)

    with pytest.raises(Conflict):
        members.remove_member(
            db_session, org, colleague_membership.id, actor=coordinator, origin=ORIGIN, now=NOW
        )
    with pytest.raises(Conflict) as shared_refusal:
        members.set_member_active(
            db_session, org, shared_membership.id, False, actor=coordinator, origin=ORIGIN, now=NOW
        )
    assert shared_refusal.value.key == "admin.error.member_elsewhere"
    with pytest.raises(Conflict):
        members.add_member(
            db_session,
            org,
            shared.email,
            MembershipRole.COORDINATOR,
            actor=coordinator,
            origin=ORIGIN,
            now=NOW,
        )
    assert shared.is_active


def test_a_membership_of_another_organisation_is_not_found(db_session: Session) -> None:
    org = make_organisation(db_session)
    other = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    outsider = add_member(db_session, other, make_user(db_session, Role.PEER_EXPERT))
    with pytest.raises(NotFound):
        members.remove_member(
            db_session, org, outsider.id, actor=coordinator, origin=ORIGIN, now=NOW
        )


def test_teams_take_team_members_of_the_organisation(db_session: Session) -> None:
    org = make_organisation(db_session, kind=OrganisationKind.CARE_INSTITUTION)
    coordinator = make_coordinator(db_session, org)
    clinician = make_user(db_session, Role.TEAM_MEMBER, birth_year=None)
    membership = add_member(db_session, org, clinician)
    team = members.add_team(
        db_session, org, "FACT Noord", actor=coordinator, origin=ORIGIN, now=NOW
    )
    members.add_to_team(
        db_session, org, team.id, membership.id, actor=coordinator, origin=ORIGIN, now=NOW
    )
    assert members.team_members(db_session, org)[team.id] == [clinician]
    members.remove_member(db_session, org, membership.id, actor=coordinator, origin=ORIGIN, now=NOW)
    assert members.team_members(db_session, org)[team.id] == []
