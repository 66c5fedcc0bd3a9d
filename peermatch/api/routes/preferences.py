"""The caller's email settings: which optional groups of emails they get."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response

from peermatch.api.http import json_response, parse_body
from peermatch.api.openapi import endpoint
from peermatch.auth.access import authenticated
from peermatch.edge.context import Call
from peermatch.services import email_preferences


@dataclass(frozen=True, slots=True)
class NotificationSettingsOut:
    """True: these emails are sent. Emails about account safety, password reset, address
    verification, guardian consent, changes to sessions and safeguarding are always sent
    and are not listed."""

    reminders: bool
    match_news: bool
    profile_news: bool


@dataclass(frozen=True, slots=True)
class NotificationSettingsIn:
    """Groups to switch on (true) or off (false); groups left out keep their setting."""

    reminders: bool | None = None
    match_news: bool | None = None
    profile_news: bool | None = None


def _out(settings: dict[str, bool]) -> NotificationSettingsOut:
    return NotificationSettingsOut(**settings)


@endpoint(
    "GET",
    "/me/notification-settings",
    summary="Which optional emails you get",
    response=NotificationSettingsOut,
    tag="account",
)
@authenticated
def notification_settings_get(call: Call) -> Response:
    return json_response(_out(email_preferences.settings(call.session, call.user)))


@endpoint(
    "PUT",
    "/me/notification-settings",
    summary="Switch optional emails on or off",
    body=NotificationSettingsIn,
    response=NotificationSettingsOut,
    tag="account",
    errors=(422,),
)
@authenticated
def notification_settings_put(call: Call) -> Response:
    data = parse_body(NotificationSettingsIn)
    wanted = {
        group: value
        for group in email_preferences.GROUPS
        if (value := getattr(data, group)) is not None
    }
    settings = email_preferences.update(
        call.session, call.user, wanted, now=call.now, origin=call.origin
    )
    return json_response(_out(settings))
