"""Reading the experience taxonomy for choosers (profiles, requests)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from peermatch.models import ExperienceDomain


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
