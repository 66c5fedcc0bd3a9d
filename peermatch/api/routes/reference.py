"""Reference data over the API: the ids and codes that request and profile bodies refer to.

API clients cannot read the choosers on the web pages, so these read-only lists give them
the same choices from the same sources (taxonomy service, place catalogue, onboarding's
organisation list, the shared language vocabulary), labelled in the caller's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from flask import Response

from peermatch.api.http import json_response, parse_query
from peermatch.api.openapi import endpoint
from peermatch.api.validation import Doc, Length, Range
from peermatch.auth.access import authenticated
from peermatch.edge.context import Call, current_locale
from peermatch.edge.labels import LANGUAGE_LABELS
from peermatch.models import ExperienceDomain
from peermatch.models.enums import OrganisationKind
from peermatch.places import search_places
from peermatch.services import profiles, taxonomy
from peermatch.vocabulary import LANGUAGES

TAG = "reference"
MAX_PLACES = 50


@dataclass(frozen=True, slots=True)
class DomainOut:
    """An experience domain; use ``id`` as ``domain_id`` in requests and profiles."""

    id: int
    slug: str
    label: Annotated[str, Doc("In the caller's language")]
    youth_label: Annotated[str, Doc("First-person wording shown to youths")]
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class DomainCategoryOut:
    """A top-level category with its active domains, in the taxonomy's own order."""

    id: int
    slug: str
    label: str
    youth_label: str
    parent_id: Annotated[int | None, Doc("Always null: categories are top-level")]
    domains: list[DomainOut]


@dataclass(frozen=True, slots=True)
class PlacesQuery:
    q: Annotated[str, Length(max=100), Doc("Start of (or part of) a place name")] = ""
    limit: Annotated[int, Range(1, MAX_PLACES)] = 10


@dataclass(frozen=True, slots=True)
class PlaceOut:
    """A Dutch place; use ``id`` as ``place_id``."""

    id: int
    name: str
    province: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class OrganisationOut:
    """An organisation a peer expert can join in onboarding (``about.organisation_id``)."""

    id: int
    name: str
    kind: OrganisationKind


@dataclass(frozen=True, slots=True)
class LanguageOut:
    """A language code used in ``languages`` of requests and profiles."""

    code: str
    label: Annotated[str, Doc("In the caller's language")]


def _domain(domain: ExperienceDomain, locale: str) -> DomainOut:
    return DomainOut(
        id=domain.id,
        slug=domain.slug,
        label=domain.label(locale),
        youth_label=domain.youth_label(locale),
        parent_id=domain.parent_id,
    )


@endpoint(
    "GET",
    "/domains",
    summary="The active experience taxonomy, grouped by category",
    response=list[DomainCategoryOut],
    tag=TAG,
)
@authenticated
def domains_list(call: Call) -> Response:
    locale = current_locale()
    return json_response(
        [
            DomainCategoryOut(
                id=group.category.id,
                slug=group.category.slug,
                label=group.category.label(locale),
                youth_label=group.category.youth_label(locale),
                parent_id=None,
                domains=[_domain(d, locale) for d in group.domains],
            )
            for group in taxonomy.domain_groups(call.session)
        ]
    )


@endpoint(
    "GET",
    "/places",
    summary="Search Dutch places by name",
    query=PlacesQuery,
    response=list[PlaceOut],
    tag=TAG,
    description="Prefix matches come before substring matches; an empty `q` finds nothing.",
)
@authenticated
def places_search(call: Call) -> Response:
    query = parse_query(PlacesQuery)
    return json_response(
        [
            PlaceOut(p.id, p.name, p.province, p.lat, p.lon)
            for p in search_places(query.q, query.limit)
        ]
    )


@endpoint(
    "GET",
    "/organisations",
    summary="Organisations a peer expert can choose in onboarding",
    response=list[OrganisationOut],
    tag=TAG,
)
@authenticated
def organisations_list(call: Call) -> Response:
    return json_response(
        [OrganisationOut(o.id, o.name, o.kind) for o in profiles.organisations(call.session)]
    )


@endpoint(
    "GET",
    "/languages",
    summary="Language codes with their names in the caller's language",
    response=list[LanguageOut],
    tag=TAG,
)
@authenticated
def languages_list(call: Call) -> Response:
    return json_response([LanguageOut(code, str(LANGUAGE_LABELS[code])) for code in LANGUAGES])
