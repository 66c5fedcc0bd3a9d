"""Credentials over the API: the same use cases as the credentials pages, through the same
service (``peermatch.services.credentials``); nothing is decided here.

Peer experts add, change and remove their own trainings and certificates; every change puts
one back to "to check". Coordinators list those of an organisation they coordinate (a read
of verification data, written to the access log by the service, as for the page) and check
one the way a VOG is checked: original seen (a short note, never a copy), or not accepted
with a reason the peer expert reads, or a reminder to renew. Anyone else gets the same 404
as for a credential that does not exist; the service's input refusals land on their field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from flask import Response, request

from peermatch.api.http import json_response, no_content, parse_body, parse_query
from peermatch.api.openapi import endpoint
from peermatch.api.refusals import refusal_fields
from peermatch.api.validation import Doc, Length
from peermatch.auth.access import roles
from peermatch.dutch_calendar import dutch_date
from peermatch.edge.context import Call
from peermatch.models import Credential
from peermatch.models.credentials import MAX_NAME, MAX_NOTE
from peermatch.models.enums import CredentialKind, Role
from peermatch.services import credentials as svc

TAG = "credentials"
Kind = Literal["training", "first_aid", "other"]
Status = Literal["to_check", "verified", "rejected"]
State = Literal["to_check", "verified", "expires_soon", "expired", "rejected"]
Show = Literal["to_check", "expiring", "expired", "all"]

refusal_fields(
    {
        "credential.error.name_required": "name",
        "credential.error.name_too_long": "name",
        "credential.error.kind": "kind",
        "credential.error.obtained_in_future": "obtained_on",
        "credential.error.obtained_too_early": "obtained_on",
        "credential.error.expires_before_obtained": "expires_on",
        "credential.error.reason_required": "reason",
    }
)


# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True, slots=True)
class CredentialOut:
    """A training or certificate and where its check stands (dates are calendar days)."""

    id: int
    peer_expert_id: Annotated[int, Doc("The peer expert's profile id")]
    kind: Kind
    name: str
    obtained_on: dt.date
    expires_on: Annotated[dt.date | None, Doc("The last day it counts; null: it does not expire")]
    status: Annotated[Status, Doc("The coordinator's check; any change restarts it")]
    state: Annotated[State, Doc("One word for today (Dutch calendar): expired wins over the check")]
    verified_at: Annotated[dt.datetime | None, Doc("When a coordinator saw the original")]
    rejection_reason: Annotated[
        str | None, Doc("Why a coordinator could not accept it, in their words")
    ]
    peer_name: Annotated[str | None, Doc("Coordinators only: whose it is; null for your own")]
    seen_note: Annotated[str | None, Doc("Coordinators only: the note made on seeing the original")]


@dataclass(frozen=True, slots=True)
class CredentialIn:
    """A new training or certificate; a coordinator of your organisation checks it."""

    kind: Kind
    name: Annotated[str, Length(1, MAX_NAME), Doc("As it says on the certificate")]
    obtained_on: Annotated[dt.date, Doc("Not in the future")]
    expires_on: Annotated[
        dt.date | None, Doc("The last day it counts, after obtained_on; null if it does not expire")
    ] = None


@dataclass(frozen=True, slots=True)
class CredentialChangeIn:
    """Only the fields sent change; ``expires_on`` sent as null clears it. Any change puts
    the credential back to "to check"."""

    kind: Kind | None = None
    name: Annotated[str | None, Length(1, MAX_NAME)] = None
    obtained_on: dt.date | None = None
    expires_on: Annotated[dt.date | None, Doc("null: it does not expire")] = None


@dataclass(frozen=True, slots=True)
class CredentialListQuery:
    state: Annotated[
        Show,
        Doc("to_check: waiting for a check; expiring: within the reminder window; expired; all"),
    ] = "to_check"


@dataclass(frozen=True, slots=True)
class CredentialVerificationIn:
    note: Annotated[
        str | None, Length(0, MAX_NOTE), Doc("For example where you saw the original")
    ] = None


@dataclass(frozen=True, slots=True)
class CredentialRejectionIn:
    reason: Annotated[
        str, Length(1, MAX_NOTE), Doc("The peer expert reads this next to their certificate")
    ]


# --------------------------------------------------------------------------- answers


def _out(call: Call, credential: Credential, *, coordinator: bool = False) -> CredentialOut:
    today = dutch_date(call.now)
    return CredentialOut(
        id=credential.id,
        peer_expert_id=credential.profile_id,
        kind=credential.kind.value,
        name=credential.name,
        obtained_on=credential.obtained_on,
        expires_on=credential.expires_on,
        status=credential.status.value,
        state=svc.credential_state(credential.status, credential.expires_on, today).value,
        verified_at=credential.verified_at,
        rejection_reason=credential.rejection_reason,
        peer_name=credential.profile.user.display_name if coordinator else None,
        seen_note=credential.seen_note if coordinator else None,
    )


# --------------------------------------------------------------------------- peer expert


@endpoint("GET", "/me/credentials", summary="My trainings and certificates",
          response=list[CredentialOut], errors=(404,), tag=TAG,
          description="The newest first, each with where its check stands and, when it was "
          "not accepted, why.")  # fmt: skip
@roles(Role.PEER_EXPERT)
def credentials_mine(call: Call) -> Response:
    return json_response([_out(call, c) for c in svc.list_own(call.session, call.user)])


@endpoint("POST", "/me/credentials", summary="Add a training or certificate",
          body=CredentialIn, response=CredentialOut, status=201, errors=(404, 409, 422),
          tag=TAG,
          description="A coordinator of your organisation checks it by seeing the original; "
          "no copy is kept.")  # fmt: skip
@roles(Role.PEER_EXPERT)
def credentials_add(call: Call) -> Response:
    data = parse_body(CredentialIn)
    added = svc.add(
        call.session,
        call.user,
        svc.CredentialInput(
            kind=CredentialKind(data.kind),
            name=data.name,
            obtained_on=data.obtained_on,
            expires_on=data.expires_on,
        ),
        now=call.now,
        origin=call.origin,
    )
    return json_response(_out(call, added), 201)


@endpoint("PATCH", "/me/credentials/<int:credential_id>",
          summary="Change one of my trainings or certificates", body=CredentialChangeIn,
          response=CredentialOut, errors=(404, 409, 422), tag=TAG,
          description="Your coordinator checks it again afterwards.")  # fmt: skip
@roles(Role.PEER_EXPERT)
def credentials_change(call: Call, credential_id: int) -> Response:
    data = parse_body(CredentialChangeIn)
    current = svc.own_credential(call.session, call.user, credential_id)
    raw = request.get_json(silent=True)
    sent = set(raw) if isinstance(raw, dict) else set()
    changed = svc.edit(
        call.session,
        call.user,
        credential_id,
        svc.CredentialInput(
            kind=CredentialKind(data.kind) if data.kind is not None else current.kind,
            name=data.name if data.name is not None else current.name,
            obtained_on=data.obtained_on or current.obtained_on,
            expires_on=data.expires_on if "expires_on" in sent else current.expires_on,
        ),
        now=call.now,
        origin=call.origin,
    )
    return json_response(_out(call, changed))


@endpoint("DELETE", "/me/credentials/<int:credential_id>",
          summary="Remove one of my trainings or certificates", status=204, errors=(404,),
          tag=TAG)  # fmt: skip
@roles(Role.PEER_EXPERT)
def credentials_remove(call: Call, credential_id: int) -> Response:
    svc.remove(call.session, call.user, credential_id, origin=call.origin)
    return no_content()


# --------------------------------------------------------------------------- coordinator


@endpoint("GET", "/organisations/<int:organisation_id>/credentials",
          summary="Trainings and certificates of an organisation I coordinate",
          query=CredentialListQuery, response=list[CredentialOut], errors=(404,), tag=TAG,
          description="Soonest expiry first, then by name; retired and draft profiles are "
          "left out. Reading it is written to the access log, as on the page.")  # fmt: skip
@roles(Role.COORDINATOR)
def credentials_organisation_list(call: Call, organisation_id: int) -> Response:
    query = parse_query(CredentialListQuery)
    rows = svc.organisation_list(
        call.session,
        call.user,
        show=query.state,
        now=call.now,
        origin=call.origin,
        organisation_id=organisation_id,
    )
    return json_response([_out(call, c, coordinator=True) for c in rows])


@endpoint("POST", "/credentials/<int:credential_id>/verify",
          summary="Record that I saw the original", body=CredentialVerificationIn, response=CredentialOut,
          errors=(404, 409, 422), tag=TAG,
          description="Records when, by whom and your note; never a copy. The peer expert "
          "is told.")  # fmt: skip
@roles(Role.COORDINATOR)
def credentials_verify(call: Call, credential_id: int) -> Response:
    data = parse_body(CredentialVerificationIn)
    done = svc.verify(
        call.session, call.user, credential_id, seen_note=data.note, now=call.now,
        origin=call.origin,
    )  # fmt: skip
    return json_response(_out(call, done, coordinator=True))


@endpoint("POST", "/credentials/<int:credential_id>/reject",
          summary="Say I cannot accept it, and why", body=CredentialRejectionIn, response=CredentialOut,
          errors=(404, 409, 422), tag=TAG,
          description="The peer expert is told and reads your reason next to it.")  # fmt: skip
@roles(Role.COORDINATOR)
def credentials_reject(call: Call, credential_id: int) -> Response:
    data = parse_body(CredentialRejectionIn)
    done = svc.reject(
        call.session, call.user, credential_id, reason=data.reason, now=call.now,
        origin=call.origin,
    )  # fmt: skip
    return json_response(_out(call, done, coordinator=True))


@endpoint("POST", "/credentials/<int:credential_id>/remind",
          summary="Ask the peer expert to renew it", response=CredentialOut, errors=(404,),
          tag=TAG, description="An email and a notice to the peer expert.")  # fmt: skip
@roles(Role.COORDINATOR)
def credentials_remind(call: Call, credential_id: int) -> Response:
    done = svc.remind(call.session, call.user, credential_id, now=call.now, origin=call.origin)
    return json_response(_out(call, done, coordinator=True))
