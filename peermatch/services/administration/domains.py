"""Managing the experience taxonomy: add, rename (Dutch and English), move, retire, restore.

The taxonomy has two levels, as the choosers show it: categories (no parent) and their
domains. A retired domain stays on the profiles and requests that have it, and matching
keeps reading it there, but nobody can choose it anew (``taxonomy.check_choosable``).
Never a notion of severity: only names and a place in the tree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import ExperienceDomain, User
from peermatch.services import audit, taxonomy
from peermatch.services.administration.common import ensure_admin, record
from peermatch.services.administration.organisations import slugify
from peermatch.services.errors import Conflict, InvalidInput, NotFound

MAX_LABEL = 120
MAX_YOUTH_LABEL = 200


@dataclass(frozen=True, slots=True)
class Labels:
    """The names of a domain. Youth labels (first person, plain) default to the labels."""

    label_nl: str
    label_en: str
    youth_label_nl: str = ""
    youth_label_en: str = ""


def _text(value: str, limit: int, *, required: bool = True) -> str:
    value = " ".join(value.split())
    if required and not value:
        raise InvalidInput("taxonomy.error.label_required")
    if len(value) > limit:
        raise InvalidInput("taxonomy.error.label_too_long", max=limit)
    return value


def _clean(labels: Labels) -> Labels:
    nl = _text(labels.label_nl, MAX_LABEL)
    en = _text(labels.label_en, MAX_LABEL)
    return Labels(
        label_nl=nl,
        label_en=en,
        youth_label_nl=_text(labels.youth_label_nl, MAX_YOUTH_LABEL, required=False) or nl,
        youth_label_en=_text(labels.youth_label_en, MAX_YOUTH_LABEL, required=False) or en,
    )


def all_domains(session: Session) -> list[ExperienceDomain]:
    """Every domain, retired ones too, in the taxonomy's order (the tree is small)."""
    return list(
        session.scalars(
            select(ExperienceDomain).order_by(ExperienceDomain.position, ExperienceDomain.id)
        )
    )


def tree(session: Session) -> list[tuple[ExperienceDomain, list[ExperienceDomain]]]:
    rows = all_domains(session)
    children: dict[int, list[ExperienceDomain]] = {d.id: [] for d in rows if d.parent_id is None}
    for d in rows:
        if d.parent_id is not None:
            children.setdefault(d.parent_id, []).append(d)
    return [(d, children[d.id]) for d in rows if d.parent_id is None]


def get_domain(session: Session, domain_id: int) -> ExperienceDomain:
    domain = session.get(ExperienceDomain, domain_id)
    if domain is None:
        raise NotFound("taxonomy.error.not_found")
    return domain


def _check_parent(
    session: Session, parent_id: int | None, moving: ExperienceDomain | None
) -> ExperienceDomain | None:
    """A parent is an active category (a top-level domain); a category with domains of its
    own cannot go under another one (the tree keeps its two levels)."""
    if parent_id is None:
        return None
    parent = session.get(ExperienceDomain, parent_id)
    if parent is None or parent.parent_id is not None:
        raise InvalidInput("taxonomy.error.parent_not_category")
    if not parent.is_active:
        raise InvalidInput("taxonomy.error.parent_retired")
    if moving is not None:
        if parent.id == moving.id:
            raise InvalidInput("taxonomy.error.parent_not_category")
        has_children = session.scalar(
            select(ExperienceDomain.id).where(ExperienceDomain.parent_id == moving.id).limit(1)
        )
        if has_children is not None:
            raise Conflict("taxonomy.error.category_has_domains")
    return parent


def _unique_slug(session: Session, base: str) -> str:
    base = slugify(base, 56) or "domain"
    slug, n = base, 1
    while session.scalar(select(ExperienceDomain.id).where(ExperienceDomain.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def add_domain(
    session: Session,
    labels: Labels,
    *,
    parent_id: int | None,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> ExperienceDomain:
    ensure_admin(actor)
    labels = _clean(labels)
    parent = _check_parent(session, parent_id, None)
    last = session.scalar(select(func.max(ExperienceDomain.position))) or 0
    domain = ExperienceDomain(
        slug=_unique_slug(session, labels.label_en),
        parent_id=parent.id if parent else None,
        label_nl=labels.label_nl,
        label_en=labels.label_en,
        youth_label_nl=labels.youth_label_nl,
        youth_label_en=labels.youth_label_en,
        position=last + 1,
        is_active=True,
    )
    session.add(domain)
    session.flush()
    _changed(session, "taxonomy.domain_added", domain, actor, origin, now, parent_id=parent_id)
    return domain


def rename_domain(
    session: Session,
    domain: ExperienceDomain,
    labels: Labels,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> ExperienceDomain:
    ensure_admin(actor)
    labels = _clean(labels)
    old = {"label_nl": domain.label_nl, "label_en": domain.label_en}
    domain.label_nl = labels.label_nl
    domain.label_en = labels.label_en
    domain.youth_label_nl = labels.youth_label_nl
    domain.youth_label_en = labels.youth_label_en
    session.flush()
    _changed(session, "taxonomy.domain_renamed", domain, actor, origin, now, old=old)
    return domain


def move_domain(
    session: Session,
    domain: ExperienceDomain,
    parent_id: int | None,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> ExperienceDomain:
    ensure_admin(actor)
    if parent_id == domain.parent_id:
        return domain
    parent = _check_parent(session, parent_id, domain)
    old_parent = domain.parent_id
    domain.parent_id = parent.id if parent else None
    session.flush()
    _changed(
        session,
        "taxonomy.domain_moved",
        domain,
        actor,
        origin,
        now,
        old_parent_id=old_parent,
        parent_id=domain.parent_id,
    )
    return domain


def set_retired(
    session: Session,
    domain: ExperienceDomain,
    retired: bool,
    *,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
) -> ExperienceDomain:
    """Retire (or bring back) a domain. A category still holding chosen-able domains cannot
    retire: its domains would vanish from every chooser without anyone deciding so."""
    ensure_admin(actor)
    if domain.is_active != retired:
        raise Conflict(
            "taxonomy.error.already_retired" if retired else "taxonomy.error.not_retired"
        )
    if retired:
        active_child = session.scalar(
            select(ExperienceDomain.id)
            .where(ExperienceDomain.parent_id == domain.id, ExperienceDomain.is_active.is_(True))
            .limit(1)
        )
        if active_child is not None:
            raise Conflict("taxonomy.error.category_has_domains")
    elif domain.parent is not None and not domain.parent.is_active:
        raise Conflict("taxonomy.error.parent_retired")
    domain.is_active = not retired
    domain.retired_at = now if retired else None
    session.flush()
    _changed(
        session,
        "taxonomy.domain_retired" if retired else "taxonomy.domain_restored",
        domain,
        actor,
        origin,
        now,
    )
    return domain


def _changed(
    session: Session,
    action: str,
    domain: ExperienceDomain,
    actor: User | None,
    origin: audit.Origin,
    now: dt.datetime,
    **details: object,
) -> None:
    taxonomy.changed(session)
    record(
        session,
        action,
        actor=actor,
        origin=origin,
        now=now,
        subject_type="experience_domain",
        subject_id=domain.id,
        **details,
    )
