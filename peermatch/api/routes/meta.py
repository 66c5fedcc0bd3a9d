"""The API's own description and the signed-in caller."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, current_app, jsonify

from peermatch.api.http import json_response
from peermatch.api.openapi import build_document, endpoint
from peermatch.auth.access import authenticated, public
from peermatch.edge.context import Call
from peermatch.models.enums import Role
from peermatch.services import privacy_consent, two_factor


@dataclass(frozen=True, slots=True)
class MeOut:
    """The caller: who the bearer token belongs to."""

    id: int
    display_name: str
    email: str
    roles: list[Role]
    locale: str
    time_zone: str
    #: Whether the person logs in on the web with a second step (TOTP); the API's own
    #: authentication is the bearer token.
    two_factor_enabled: bool
    #: Whether their role requires two-step login (coordinators and admins).
    two_factor_required: bool
    #: Whether they must (again) consent to the privacy statement: after a new version, or
    #: after withdrawing it. The web asks at login; an API client can show the statement.
    privacy_consent_needed: bool


@endpoint("GET", "/openapi.json", summary="This API's OpenAPI 3.1 document", tag="meta")
@public
def openapi(call: Call) -> Response:
    return jsonify(build_document(current_app))


@endpoint("GET", "/me", summary="The user the bearer token belongs to", response=MeOut, tag="meta")
@authenticated
def me(call: Call) -> Response:
    return json_response(
        MeOut(
            id=call.user.id,
            display_name=call.user.display_name,
            email=call.user.email,
            roles=sorted(call.user.role_names),
            locale=call.user.locale,
            time_zone=call.user.time_zone,
            two_factor_enabled=two_factor.is_active(call.session, call.user),
            two_factor_required=two_factor.required_for(call.user),
            privacy_consent_needed=privacy_consent.must_ask(
                call.session, call.user, str(current_app.config["PRIVACY_STATEMENT_VERSION"])
            ),
        )
    )
