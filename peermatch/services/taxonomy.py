"""Reading the experience taxonomy for choosers (profiles, requests)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import ExperienceDomain
from peermatch.services.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class DomainGroup:
    category: ExperienceDomain
    domains: list[ExperienceDomain] = field(default_factory=list)


def domain_groups(session: Session) -> list[DomainGroup]:
    """Active domains grouped by their top-level category, in the taxonomy's own order."""
    rows = list(
        session.scalars(
            select(ExperienceDomain)
            .where(ExperienceDomain.is_active.is_(True))
            .order_by(ExperienceDomain.position, ExperienceDomain.id)
        )
    )
    groups = {d.id: DomainGroup(category=d) for d in rows if d.parent_id is None}
    for d in rows:
        if d.parent_id is not None and d.parent_id in groups:
            groups[d.parent_id].domains.append(d)
    return [g for g in groups.values() if g.domains]


def check_choosable(
    session: Session, ids: Collection[int], *, kept: Collection[int] = ()
) -> dict[int, ExperienceDomain]:
    """THE rule for choosing domains anew (profiles, requests): each must exist and not be
    retired. ``kept`` are domains the profile or request already has: a retired one may stay
    there, so editing something old never forces a change nobody asked for."""
    wanted = set(ids)
    found = {
        d.id: d
        for d in session.scalars(select(ExperienceDomain).where(ExperienceDomain.id.in_(wanted)))
    }
    if len(found) != len(wanted):
        raise InvalidInput("taxonomy.error.domain_unknown")
    retired = sorted(
        (d for d in found.values() if not d.is_active and d.id not in kept), key=lambda d: d.id
    )
    if retired:
        raise InvalidInput("taxonomy.error.domain_retired")
    return found


def changed(session: Session) -> None:
    """Called after every change to the taxonomy (administration): the one place that tells
    readers which cache anything built from the taxonomy must drop."""
    session.flush()
