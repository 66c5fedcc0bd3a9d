"""Managing the experience taxonomy over the API (admins): the pages' services, in JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from flask import Response

from peermatch.api.http import json_response, parse_body
from peermatch.api.openapi import endpoint
from peermatch.api.validation import Doc, Length
from peermatch.auth.access import roles
from peermatch.edge.context import Call
from peermatch.models import ExperienceDomain
from peermatch.models.enums import Role
from peermatch.services.administration import domains

TAG = "administration"


@dataclass(frozen=True, slots=True)
class DomainAdminOut:
    id: int
    slug: str
    parent_id: int | None
    label_nl: str
    label_en: str
    youth_label_nl: str
    youth_label_en: str
    retired: bool
    retired_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class DomainLabelsIn:
    """Names in Dutch and English; youth labels (first person) default to the names."""

    label_nl: Annotated[str, Length(1, domains.MAX_LABEL)]
    label_en: Annotated[str, Length(1, domains.MAX_LABEL)]
    youth_label_nl: Annotated[str, Length(0, domains.MAX_YOUTH_LABEL)] = ""
    youth_label_en: Annotated[str, Length(0, domains.MAX_YOUTH_LABEL)] = ""


@dataclass(frozen=True, slots=True)
class DomainNewIn:
    label_nl: Annotated[str, Length(1, domains.MAX_LABEL)]
    label_en: Annotated[str, Length(1, domains.MAX_LABEL)]
    youth_label_nl: Annotated[str, Length(0, domains.MAX_YOUTH_LABEL)] = ""
    youth_label_en: Annotated[str, Length(0, domains.MAX_YOUTH_LABEL)] = ""
    parent_id: Annotated[int | None, Doc("A category's id; null: a new category")] = None


@dataclass(frozen=True, slots=True)
class DomainMoveIn:
    parent_id: Annotated[int | None, Doc("A category's id; null: the top level")] = None


def _out(d: ExperienceDomain) -> DomainAdminOut:
    return DomainAdminOut(
        id=d.id,
        slug=d.slug,
        parent_id=d.parent_id,
        label_nl=d.label_nl,
        label_en=d.label_en,
        youth_label_nl=d.youth_label_nl,
        youth_label_en=d.youth_label_en,
        retired=not d.is_active,
        retired_at=d.retired_at,
    )


@endpoint(
    "GET",
    "/admin/domains",
    summary="Every experience domain, retired ones too",
    response=list[DomainAdminOut],
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_domains(call: Call) -> Response:
    return json_response([_out(d) for d in domains.all_domains(call.session)])


@endpoint(
    "POST",
    "/admin/domains",
    summary="Add an experience domain",
    body=DomainNewIn,
    response=DomainAdminOut,
    status=201,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_domain_add(call: Call) -> Response:
    data = parse_body(DomainNewIn)
    domain = domains.add_domain(
        call.session,
        domains.Labels(data.label_nl, data.label_en, data.youth_label_nl, data.youth_label_en),
        parent_id=data.parent_id,
        actor=call.user,
        origin=call.origin,
        now=call.now,
    )
    return json_response(_out(domain), status=201)


@endpoint(
    "PATCH",
    "/admin/domains/<int:domain_id>",
    summary="Rename an experience domain (Dutch and English)",
    body=DomainLabelsIn,
    response=DomainAdminOut,
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_domain_rename(call: Call, domain_id: int) -> Response:
    data = parse_body(DomainLabelsIn)
    domain = domains.get_domain(call.session, domain_id)
    domains.rename_domain(
        call.session,
        domain,
        domains.Labels(data.label_nl, data.label_en, data.youth_label_nl, data.youth_label_en),
        actor=call.user,
        origin=call.origin,
        now=call.now,
    )
    return json_response(_out(domain))


@endpoint(
    "PUT",
    "/admin/domains/<int:domain_id>/parent",
    summary="Move an experience domain under another category",
    body=DomainMoveIn,
    response=DomainAdminOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_domain_move(call: Call, domain_id: int) -> Response:
    data = parse_body(DomainMoveIn)
    domain = domains.get_domain(call.session, domain_id)
    domains.move_domain(
        call.session, domain, data.parent_id, actor=call.user, origin=call.origin, now=call.now
    )
    return json_response(_out(domain))


def _retire(call: Call, domain_id: int, retired: bool) -> Response:
    domain = domains.get_domain(call.session, domain_id)
    domains.set_retired(
        call.session, domain, retired, actor=call.user, origin=call.origin, now=call.now
    )
    return json_response(_out(domain))


@endpoint(
    "POST",
    "/admin/domains/<int:domain_id>/retire",
    summary="Retire a domain: kept where chosen, cannot be chosen anew",
    response=DomainAdminOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_domain_retire(call: Call, domain_id: int) -> Response:
    return _retire(call, domain_id, True)


@endpoint(
    "POST",
    "/admin/domains/<int:domain_id>/restore",
    summary="Bring a retired domain back",
    response=DomainAdminOut,
    errors=(409,),
    tag=TAG,
)
@roles(Role.ADMIN)
def admin_domain_restore(call: Call, domain_id: int) -> Response:
    return _retire(call, domain_id, False)
