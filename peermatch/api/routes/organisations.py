"""An organisation's own settings, for its coordinators: for now its video service.

The same service as the organisation settings page (``services.organisation_settings``):
only https addresses, and strangers get 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from flask import Response

from peermatch.api.http import json_response, parse_body
from peermatch.api.openapi import endpoint
from peermatch.api.validation import Doc, Length
from peermatch.auth.access import roles
from peermatch.edge.context import Call
from peermatch.models import Organisation
from peermatch.models.enums import Role
from peermatch.services import organisation_settings

TAG = "organisations"


@dataclass(frozen=True, slots=True)
class OrganisationSettingsOut:
    id: int
    name: str
    video_base_url: Annotated[
        str | None, Doc("Each video session gets its own room under this https address")
    ]


@dataclass(frozen=True, slots=True)
class OrganisationSettingsIn:
    """null or empty clears the video service (peer experts paste a link again)."""

    video_base_url: Annotated[
        str | None,
        Length(0, organisation_settings.VIDEO_BASE_URL_MAX),
        Doc("An https address, e.g. https://meet.example.nl/"),
    ]


def _out(org: Organisation) -> OrganisationSettingsOut:
    return OrganisationSettingsOut(org.id, org.name, org.video_base_url)


@endpoint("GET", "/organisations/<int:organisation_id>/settings",
          summary="Settings of an organisation you coordinate",
          response=OrganisationSettingsOut, errors=(404,), tag=TAG)  # fmt: skip
@roles(Role.COORDINATOR)
def organisation_settings_get(call: Call, organisation_id: int) -> Response:
    org = organisation_settings.organisation_for_coordinator(
        call.session, organisation_id, call.user
    )
    return json_response(_out(org))


@endpoint("PATCH", "/organisations/<int:organisation_id>/settings",
          summary="Set the video service of an organisation you coordinate",
          body=OrganisationSettingsIn, response=OrganisationSettingsOut, errors=(404, 422),
          tag=TAG)  # fmt: skip
@roles(Role.COORDINATOR)
def organisation_settings_patch(call: Call, organisation_id: int) -> Response:
    data = parse_body(OrganisationSettingsIn)
    org = organisation_settings.set_video_base_url(
        call.session, organisation_id, call.user, url=data.video_base_url, origin=call.origin
    )
    return json_response(_out(org))
