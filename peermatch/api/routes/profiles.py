"""Peer-expert profiles over the API: the same service calls as the web pages.

PATCH /profile takes whole onboarding sections (about, meet, story, credentials,
capacity); each section present is saved by its step function, so the API checks exactly
what the pages check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from flask import Response

from peermatch.api.http import json_response, no_content, parse_body
from peermatch.api.openapi import endpoint
from peermatch.api.validation import Doc, Length, Range
from peermatch.auth.access import roles
from peermatch.edge.context import Call
from peermatch.i18n.messages import message
from peermatch.models import PeerExpertProfile, ProfileDomain
from peermatch.models.enums import (
    Audience,
    DomainEntryStatus,
    DomainVisibility,
    Gender,
    ProfileStatus,
    Role,
    TrainingStatus,
)
from peermatch.services import profiles as service
from peermatch.services.disclosure import visible_share_text, vog_valid_until

TAG = "profiles"
TEXT = Length(max=service.MAX_TEXT)


@dataclass(frozen=True, slots=True)
class AboutIn:
    display_name: Annotated[str, Length(min=1, max=80)]
    birth_year: Annotated[int, Range(1900, 2100)]
    pronouns: Annotated[str | None, Length(max=40)] = None
    gender: Gender | None = None
    organisation_id: Annotated[
        int | None, Doc("Only for peer experts without exactly one organisation")
    ] = None


@dataclass(frozen=True, slots=True)
class MeetIn:
    languages: Annotated[list[str], Doc("ISO 639 codes: " + ", ".join(service.LANGUAGES))]
    modes: list[Literal["video", "phone", "chat", "in_person"]]
    audiences: list[Audience]
    place_id: Annotated[int | None, Doc("GeoNames id; needed for in_person")] = None
    max_travel_km: Annotated[int | None, Range(1, 300)] = None


@dataclass(frozen=True, slots=True)
class StoryIn:
    introduction: Annotated[str, TEXT]
    what_helped: Annotated[str | None, TEXT] = None


@dataclass(frozen=True, slots=True)
class CredentialsIn:
    """Changing these on an active profile sends it back for verification."""

    training_status: TrainingStatus
    training_year: int | None = None
    vog_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CapacityIn:
    session_lengths: Annotated[list[int], Doc("Minutes: 30, 45, 60 or 90")]
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_hours: int
    horizon_weeks: int
    max_sessions_per_week: int
    max_active_matches: int
    max_sessions_per_day: Annotated[
        int | None, Doc("At most this many sessions on one local day; null: no daily maximum")
    ] = None


@dataclass(frozen=True, slots=True)
class ProfilePatch:
    """Whole onboarding sections to save; sections left out stay as they are."""

    about: AboutIn | None = None
    meet: MeetIn | None = None
    story: StoryIn | None = None
    credentials: CredentialsIn | None = None
    capacity: CapacityIn | None = None


@dataclass(frozen=True, slots=True)
class DomainEntryOut:
    id: int
    domain_id: int
    domain_slug: str
    share_text: str | None
    visibility: DomainVisibility
    audiences: list[Audience]
    ready_to_share: bool
    status: DomainEntryStatus


@dataclass(frozen=True, slots=True)
class ProfileOut:
    id: int
    status: ProfileStatus
    onboarding_step: int
    missing: Annotated[list[str], Doc("Message keys of what is needed before submitting")]
    missing_text: Annotated[list[str], Doc("The same, as sentences in the caller's language")]
    review_message: str | None
    organisation_id: int | None
    display_name: str
    birth_year: int | None
    pronouns: str | None
    gender: Gender | None
    languages: list[str]
    modes: list[str]
    audiences: list[Audience]
    place_id: int | None
    max_travel_km: int | None
    introduction: str | None
    what_helped: str | None
    training_status: TrainingStatus
    training_year: int | None
    vog_date: dt.date | None
    vog_valid_until: dt.date | None
    session_lengths: list[int]
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_hours: int
    horizon_weeks: int
    max_sessions_per_week: int
    max_sessions_per_day: int | None
    max_active_matches: int
    domains: list[DomainEntryOut]


@dataclass(frozen=True, slots=True)
class DomainEntryIn:
    domain_id: int
    visibility: DomainVisibility
    audiences: list[Audience]
    ready_to_share: bool
    share_text: Annotated[str | None, TEXT] = None


@dataclass(frozen=True, slots=True)
class DomainEntryPatch:
    """The entry's new content; ``status`` pauses (paused) or resumes (active) it."""

    visibility: DomainVisibility
    audiences: list[Audience]
    ready_to_share: bool
    share_text: Annotated[str | None, TEXT] = None
    status: Literal["active", "paused"] | None = None


@dataclass(frozen=True, slots=True)
class ReviewIn:
    message: Annotated[str, Length(min=1, max=service.MAX_TEXT)]


@dataclass(frozen=True, slots=True)
class ReviewOut:
    id: int
    status: ProfileStatus


def _entry(entry: ProfileDomain) -> DomainEntryOut:
    return DomainEntryOut(
        id=entry.id,
        domain_id=entry.domain_id,
        domain_slug=entry.domain.slug,
        share_text=visible_share_text(entry, viewer_kind="self"),
        visibility=entry.visibility,
        audiences=[Audience(a) for a in entry.audiences],
        ready_to_share=entry.ready_to_share,
        status=entry.status,
    )


def _profile(call: Call, profile: PeerExpertProfile) -> ProfileOut:
    user = profile.user
    missing = service.missing_for_submit(profile, today=call.now.date())
    return ProfileOut(
        id=profile.id,
        status=profile.status,
        onboarding_step=profile.onboarding_step,
        missing=missing,
        missing_text=[message(key) for key in missing],
        review_message=profile.review_message,
        organisation_id=profile.organisation_id,
        display_name=user.display_name,
        birth_year=user.birth_year,
        pronouns=profile.pronouns,
        gender=profile.gender,
        languages=list(profile.languages),
        modes=list(profile.modes),
        audiences=[Audience(a) for a in profile.audiences],
        place_id=profile.place_id,
        max_travel_km=profile.max_travel_km,
        introduction=profile.introduction,
        what_helped=profile.what_helped,
        training_status=profile.training_status,
        training_year=profile.training_year,
        vog_date=profile.vog_date,
        vog_valid_until=vog_valid_until(profile.vog_date),
        session_lengths=list(profile.session_lengths),
        buffer_before_minutes=profile.buffer_before_minutes,
        buffer_after_minutes=profile.buffer_after_minutes,
        min_notice_hours=profile.min_notice_hours,
        horizon_weeks=profile.horizon_weeks,
        max_sessions_per_week=profile.max_sessions_per_week,
        max_sessions_per_day=profile.max_sessions_per_day,
        max_active_matches=profile.max_active_matches,
        domains=[_entry(e) for e in profile.domains],
    )


@endpoint(
    "GET",
    "/profile",
    summary="Your peer-expert profile",
    response=ProfileOut,
    tag=TAG,
    errors=(404,),
)
@roles(Role.PEER_EXPERT)
def profile_get(call: Call) -> Response:
    return json_response(_profile(call, service.own_profile(call.session, call.user)))


@endpoint(
    "PATCH",
    "/profile",
    summary="Save onboarding sections of your profile (created as a draft if needed)",
    body=ProfilePatch,
    response=ProfileOut,
    tag=TAG,
    errors=(409, 422),
)
@roles(Role.PEER_EXPERT)
def profile_patch(call: Call) -> Response:
    data = parse_body(ProfilePatch)
    profile = service.open_onboarding(call.session, call.user, now=call.now, origin=call.origin)
    if data.about is not None:
        a = data.about
        service.save_about_you(
            call.session,
            profile,
            service.AboutYou(a.display_name, a.birth_year, a.pronouns, a.gender, a.organisation_id),
            actor=call.user,
            now=call.now,
            origin=call.origin,
        )
    if data.meet is not None:
        m = data.meet
        service.save_how_you_meet(
            call.session,
            profile,
            service.HowYouMeet(
                list(m.languages),
                list(m.modes),
                [a.value for a in m.audiences],
                m.place_id,
                m.max_travel_km,
            ),
            actor=call.user,
            origin=call.origin,
        )
    if data.story is not None:
        service.save_story(
            call.session,
            profile,
            service.YourStory(data.story.introduction, data.story.what_helped),
            actor=call.user,
            origin=call.origin,
        )
    if data.credentials is not None:
        c = data.credentials
        service.save_credentials(
            call.session,
            profile,
            service.Credentials(c.training_status, c.training_year, c.vog_date),
            actor=call.user,
            now=call.now,
            origin=call.origin,
        )
    if data.capacity is not None:
        k = data.capacity
        service.save_capacity(
            call.session,
            profile,
            service.Capacity(
                list(k.session_lengths),
                k.buffer_before_minutes,
                k.buffer_after_minutes,
                k.min_notice_hours,
                k.horizon_weeks,
                k.max_sessions_per_week,
                k.max_active_matches,
                k.max_sessions_per_day,
            ),
            actor=call.user,
            origin=call.origin,
        )
    return json_response(_profile(call, profile))


@endpoint(
    "GET",
    "/profile/domains",
    summary="Your experience entries (withdrawn ones included, without text)",
    response=list[DomainEntryOut],
    tag=TAG,
    errors=(404,),
)
@roles(Role.PEER_EXPERT)
def profile_domains_get(call: Call) -> Response:
    profile = service.own_profile(call.session, call.user)
    return json_response([_entry(e) for e in profile.domains])


@endpoint(
    "POST",
    "/profile/domains",
    summary="Add an experience entry",
    body=DomainEntryIn,
    response=DomainEntryOut,
    status=201,
    tag=TAG,
    errors=(404, 409, 422),
)
@roles(Role.PEER_EXPERT)
def profile_domains_post(call: Call) -> Response:
    data = parse_body(DomainEntryIn)
    profile = service.own_profile(call.session, call.user)
    entry = service.add_entry(
        call.session,
        profile,
        service.DomainEntryInput(
            share_text=data.share_text,
            visibility=data.visibility,
            audiences=[a.value for a in data.audiences],
            ready_to_share=data.ready_to_share,
            domain_id=data.domain_id,
        ),
        actor=call.user,
        origin=call.origin,
    )
    return json_response(_entry(entry), status=201)


@endpoint(
    "PATCH",
    "/profile/domains/<int:entry_id>",
    summary="Change an experience entry, or pause/resume it",
    body=DomainEntryPatch,
    response=DomainEntryOut,
    tag=TAG,
    errors=(404, 409, 422),
)
@roles(Role.PEER_EXPERT)
def profile_domain_patch(call: Call, entry_id: int) -> Response:
    data = parse_body(DomainEntryPatch)
    profile = service.own_profile(call.session, call.user)
    entry = service.own_entry(call.session, profile, entry_id)
    service.update_entry(
        call.session,
        entry,
        service.DomainEntryInput(
            share_text=data.share_text,
            visibility=data.visibility,
            audiences=[a.value for a in data.audiences],
            ready_to_share=data.ready_to_share,
        ),
        actor=call.user,
        origin=call.origin,
    )
    if data.status is not None and data.status != entry.status.value:
        move = "pause" if data.status == "paused" else "resume"
        service.change_entry_status(call.session, entry, move, actor=call.user, origin=call.origin)
    return json_response(_entry(entry))


@endpoint(
    "DELETE",
    "/profile/domains/<int:entry_id>",
    summary="Withdraw an experience entry (its text is deleted)",
    status=204,
    tag=TAG,
    errors=(404, 409),
)
@roles(Role.PEER_EXPERT)
def profile_domain_delete(call: Call, entry_id: int) -> Response:
    profile = service.own_profile(call.session, call.user)
    entry = service.own_entry(call.session, profile, entry_id)
    service.change_entry_status(
        call.session, entry, "withdraw", actor=call.user, origin=call.origin
    )
    return no_content()


@endpoint(
    "POST",
    "/profile/submit",
    summary="Send your profile for verification",
    response=ProfileOut,
    tag=TAG,
    errors=(404, 409, 422),
)
@roles(Role.PEER_EXPERT)
def profile_submit(call: Call) -> Response:
    profile = service.own_profile(call.session, call.user)
    service.submit(call.session, profile, actor=call.user, now=call.now, origin=call.origin)
    return json_response(_profile(call, profile))


@endpoint(
    "POST",
    "/profiles/<int:profile_id>/verify",
    summary="Verify a submitted profile of your organisation",
    response=ReviewOut,
    tag=TAG,
    errors=(404, 409),
)
@roles(Role.COORDINATOR)
def profiles_verify(call: Call, profile_id: int) -> Response:
    profile = service.verify(
        call.session, profile_id, coordinator=call.user, now=call.now, origin=call.origin
    )
    return json_response(ReviewOut(profile.id, profile.status))


@endpoint(
    "POST",
    "/profiles/<int:profile_id>/request-changes",
    summary="Ask the peer expert for changes, with a message they will see",
    body=ReviewIn,
    response=ReviewOut,
    tag=TAG,
    errors=(404, 409),
)
@roles(Role.COORDINATOR)
def profiles_request_changes(call: Call, profile_id: int) -> Response:
    data = parse_body(ReviewIn)
    profile = service.request_changes(
        call.session,
        profile_id,
        data.message,
        coordinator=call.user,
        now=call.now,
        origin=call.origin,
    )
    return json_response(ReviewOut(profile.id, profile.status))
