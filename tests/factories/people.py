"""Small factory functions for people, organisations and teams: each builds just what a test
needs, flushed, not committed."""

from __future__ import annotations

import datetime as dt
import itertools
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.auth.passwords import hash_password
from peermatch.models import (
    ExperienceDomain,
    Organisation,
    OrganisationMembership,
    PeerExpertProfile,
    Team,
    TeamMembership,
    User,
    UserRole,
)
from peermatch.models.enums import MembershipRole, OrganisationKind, ProfileStatus, Role

PASSWORD = "correct horse battery"
VERIFIED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_seq = itertools.count(1)


@cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def make_user(
    session: Session, role: Role = Role.YOUTH, *, birth_year: int | None = 2005, **kw: Any
) -> User:
    n = next(_seq)
    # Verified by default, as staff-made accounts are; ``email_verified_at=None`` for a fresh
    # self-registered one (set after the insert, since an explicit None takes the default).
    verified_at = kw.pop("email_verified_at", VERIFIED_AT)
    user = User(
        email=kw.pop("email", f"user{n}@example.org"),
        display_name=kw.pop("display_name", f"Persoon {n}"),
        password_hash=kw.pop("password_hash", password_hash()),
        birth_year=birth_year,
        roles=[UserRole(role=role)],
        email_verified_at=verified_at,
        **kw,
    )
    session.add(user)
    session.flush()
    if verified_at is None:
        user.email_verified_at = None
        session.flush()
    return user


def make_organisation(session: Session, **kw: Any) -> Organisation:
    n = next(_seq)
    org = Organisation(
        name=kw.pop("name", f"Jongerenraad {n}"),
        slug=kw.pop("slug", f"org-{n}"),
        kind=kw.pop("kind", OrganisationKind.YOUTH_COUNCIL),
        **kw,
    )
    session.add(org)
    session.flush()
    return org


def add_member(
    session: Session, org: Organisation, user: User, role: MembershipRole = MembershipRole.MEMBER
) -> OrganisationMembership:
    m = OrganisationMembership(organisation_id=org.id, user_id=user.id, role=role)
    session.add(m)
    session.flush()
    session.refresh(user)
    return m


def make_coordinator(session: Session, org: Organisation | None = None, **kw: Any) -> User:
    org = org or make_organisation(session)
    user = make_user(session, Role.COORDINATOR, birth_year=None, **kw)
    add_member(session, org, user, MembershipRole.COORDINATOR)
    return user


def make_team(session: Session, org: Organisation, *members: User) -> Team:
    team = Team(organisation_id=org.id, name=f"Team {next(_seq)}")
    session.add(team)
    session.flush()
    for member in members:
        session.add(TeamMembership(team_id=team.id, user_id=member.id))
    session.flush()
    return team


def make_peer_expert(
    session: Session,
    org: Organisation | None = None,
    *,
    status: ProfileStatus = ProfileStatus.ACTIVE,
    **profile_kw: Any,
) -> PeerExpertProfile:
    org = org or make_organisation(session)
    user = make_user(session, Role.PEER_EXPERT, birth_year=2001)
    add_member(session, org, user)
    profile = PeerExpertProfile(
        user_id=user.id,
        organisation_id=org.id,
        status=status,
        languages=profile_kw.pop("languages", ["nl"]),
        modes=profile_kw.pop("modes", ["video"]),
        audiences=profile_kw.pop("audiences", ["youth_16_17", "adult_18_plus"]),
        vog_date=profile_kw.pop("vog_date", dt.date(2026, 1, 1)),
        **profile_kw,
    )
    session.add(profile)
    session.flush()
    return profile


def domain(session: Session, slug: str) -> ExperienceDomain:
    return session.scalars(select(ExperienceDomain).where(ExperienceDomain.slug == slug)).one()


def login(client: Any, user: User, password: str = PASSWORD) -> Any:
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
