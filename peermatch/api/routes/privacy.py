"""Your own data over the API (AVG art. 20): the same document as the account page's download."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response

from peermatch.api.http import json_response
from peermatch.api.openapi import endpoint
from peermatch.auth.access import authenticated
from peermatch.edge.context import Call
from peermatch.services import privacy


@dataclass(frozen=True, slots=True)
class ExportOut:
    """Everything PeerMatch keeps about the token's owner, one member per section. Other
    people appear by role or first name only; times are ISO 8601 UTC."""

    format: str
    generated_at: str
    account: dict[str, Any]
    consents: list[dict[str, Any]]
    profile: dict[str, Any] | None
    requests: list[dict[str, Any]]
    matches: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    #: group intervision meetings one was invited to, with one's answer and attendance
    intervision: list[dict[str, Any]]
    feedback_given: list[dict[str, Any]]
    messages: list[dict[str, Any]]
    notifications: list[dict[str, Any]]
    emails: list[dict[str, Any]]
    api_tokens: list[dict[str, Any]]
    access_events: list[dict[str, Any]]
    #: reads of one's own words, verification data or meeting details (the access log)
    reads: list[dict[str, Any]]


@endpoint(
    "GET",
    "/me/export",
    summary="Download everything PeerMatch keeps about you",
    response=ExportOut,
    tag="account",
    description=(
        "Your account, consents, profile, requests in your own words, matches, sessions, "
        "feedback you gave, messages, notifications, emails and the access log of your data "
        "(AVG articles 15 and 20). The account page offers the same as a file and a page."
    ),
)
@authenticated
def me_export(call: Call) -> Response:
    document = privacy.export_data(call.session, call.user, call.now)
    response = json_response(ExportOut(**document))
    response.headers["Cache-Control"] = "no-store"
    return response
