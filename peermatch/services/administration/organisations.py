"""Organisations (youth councils, care institutions) and their clinician teams."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import Organisation, Team, User
from peermatch.models.enums import OrganisationKind
from peermatch.services import audit
from peermatch.services.administration.common import ensure_admin, record
from peermatch.services.errors import Conflict, InvalidInput, NotFound

MAX_NAME = 120
MAX_SLUG = 64
MAX_ORGANISATIONS_LISTED = 500


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """Lower-case ASCII words joined by hyphens ("Jongerenraad Zwolle" -> "jongerenraad-zwolle")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-")


def _clean_name(name: str, key: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(f"{key}.error.name_required")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"{key}.error.name_too_long", max=MAX_NAME)
    return name


def list_organisations(session: Session, *, include_inactive: bool = True) -> list[Organisation]:
    query = select(Organisation).order_by(func.lower(Organisation.name), Organisation.id)
    if not include_inactive:
        query = query.where(Organisation.deactivated_at.is_(None))
    return list(session.scalars(query.limit(MAX_ORGANISATIONS_LISTED)))


def get_organisation(session: Session, organisation_id: int) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation.error.not_found", organisation=organisation_id)
    return org


def create_organisation(
    session: Session,
    *,
    name: str,
    kind: OrganisationKind,
    slug: str | None = None,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> Organisation:
    ensure_admin(actor)
    name = _clean_name(name, "organisation")
    wanted = slugify(slug or name)
    if not wanted:
        raise InvalidInput("organisation.error.slug_invalid")
    if session.scalar(select(Organisation.id).where(Organisation.slug == wanted)) is not None:
        raise Conflict("organisation.error.slug_taken", slug=wanted)
    if session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == name.lower())):
        raise Conflict("organisation.error.name_taken", name=name)
    org = Organisation(name=name, slug=wanted, kind=kind, created_at=now)
    session.add(org)
    session.flush()
    record(
        session,
        "organisation.created",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="organisation",
        subject_id=org.id,
        kind=kind.value,
    )
    return org


def rename_organisation(
    session: Session,
    org: Organisation,
    name: str,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> Organisation:
    ensure_admin(actor)
    name = _clean_name(name, "organisation")
    if name == org.name:
        return org
    clash = session.scalar(
        select(Organisation.id).where(
            func.lower(Organisation.name) == name.lower(), Organisation.id != org.id
        )
    )
    if clash is not None:
        raise Conflict("organisation.error.name_taken", name=name)
    old = org.name
    org.name = name
    session.flush()
    record(
        session,
        "organisation.renamed",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="organisation",
        subject_id=org.id,
        old_name=old,
        new_name=name,
    )
    return org


def set_organisation_active(
    session: Session,
    org: Organisation,
    active: bool,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> Organisation:
    """Deactivating keeps everything (history, accounts) but takes no new accounts, and its
    peer experts are no longer proposed; reactivating undoes exactly that."""
    ensure_admin(actor)
    if org.is_active == active:
        raise Conflict(
            "organisation.error.already_active" if active else "organisation.error.already_inactive"
        )
    org.deactivated_at = None if active else now
    session.flush()
    record(
        session,
        "organisation.reactivated" if active else "organisation.deactivated",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="organisation",
        subject_id=org.id,
    )
    return org


def teams_of(session: Session, org: Organisation) -> list[Team]:
    return list(
        session.scalars(
            select(Team).where(Team.organisation_id == org.id).order_by(func.lower(Team.name))
        )
    )


def create_team(
    session: Session,
    org: Organisation,
    name: str,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> Team:
    """Admins, or the organisation's coordinators (checked by the caller's ``members``)."""
    name = _clean_name(name, "team")
    if not org.is_active:
        raise Conflict("organisation.error.inactive")
    clash = session.scalar(
        select(Team.id).where(Team.organisation_id == org.id, func.lower(Team.name) == name.lower())
    )
    if clash is not None:
        raise Conflict("team.error.name_taken", name=name)
    team = Team(organisation_id=org.id, name=name, created_at=now)
    session.add(team)
    session.flush()
    record(
        session,
        "team.created",
        actor=actor,
        origin=origin,
        now=now,
        subject_type="team",
        subject_id=team.id,
        organisation_id=org.id,
    )
    return team
