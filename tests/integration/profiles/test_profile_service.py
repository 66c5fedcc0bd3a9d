"""Profile service: onboarding steps, entries, status machine, coordinator access."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peermatch.models import AuditEvent, Notification, OutboxMessage
from peermatch.models.enums import (
    DomainEntryStatus,
    DomainVisibility,
    MembershipRole,
    ProfileStatus,
    Role,
    TrainingStatus,
)
from peermatch.places import search_places
from peermatch.services import audit
from peermatch.services import profiles as svc
from peermatch.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from tests.factories import (
    NOW,
    add_entry,
    add_member,
    complete_draft,
    domain,
    make_coordinator,
    make_organisation,
    make_user,
)
from tests.outbox import render_queued

ORIGIN = audit.SYSTEM


def _count(session: Session, model: type, *where: object) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


# --- onboarding ------------------------------------------------------------------------


def test_opening_onboarding_creates_a_draft_linked_to_the_only_organisation(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    user = make_user(db_session, Role.PEER_EXPERT)
    add_member(db_session, org, user)
    profile = svc.open_onboarding(db_session, user, now=NOW, origin=ORIGIN)
    assert profile.status is ProfileStatus.DRAFT
    assert profile.organisation_id == org.id
    assert svc.open_onboarding(db_session, user, now=NOW, origin=ORIGIN).id == profile.id
    assert not svc.needs_organisation_choice(profile, user)


def test_a_self_registered_peer_expert_chooses_their_organisation_in_step_one(
    db_session: Session,
) -> None:
    org = make_organisation(db_session)
    user = make_user(db_session, Role.PEER_EXPERT)
    profile = svc.open_onboarding(db_session, user, now=NOW, origin=ORIGIN)
    assert profile.organisation_id is None and svc.needs_organisation_choice(profile, user)
    about = svc.AboutYou(display_name="Robin", birth_year=2002)
    with pytest.raises(InvalidInput) as err:
        svc.save_about_you(db_session, profile, about, actor=user, now=NOW, origin=ORIGIN)
    assert err.value.key == "profile.error.organisation_required"
    svc.save_about_you(
        db_session,
        profile,
        svc.AboutYou(display_name="Robin", birth_year=2002, organisation_id=org.id),
        actor=user,
        now=NOW,
        origin=ORIGIN,
    )
    assert profile.organisation_id == org.id and user.display_name == "Robin"
    assert profile.onboarding_step == 2


def test_a_youth_cannot_open_onboarding(db_session: Session) -> None:
    youth = make_user(db_session, Role.YOUTH)
    with pytest.raises(Forbidden):
        svc.open_onboarding(db_session, youth, now=NOW, origin=ORIGIN)


def test_a_peer_expert_must_be_at_least_sixteen(db_session: Session) -> None:
    profile = complete_draft(db_session)
    with pytest.raises(InvalidInput) as err:
        svc.save_about_you(
            db_session,
            profile,
            svc.AboutYou(display_name="Kim", birth_year=2014),
            actor=profile.user,
            now=NOW,
            origin=ORIGIN,
        )
    assert err.value.key == "account.error.peer_too_young"


def test_meeting_in_person_needs_a_place_and_a_travel_distance(db_session: Session) -> None:
    profile = complete_draft(db_session)
    data = svc.HowYouMeet(languages=["nl"], modes=["in_person"], audiences=["team"])
    with pytest.raises(InvalidInput) as err:
        svc.save_how_you_meet(db_session, profile, data, actor=profile.user, origin=ORIGIN)
    assert err.value.key == "profile.error.place_required"
    assert profile.modes == ["video"]  # nothing changed
    utrecht = search_places("Utrecht", limit=1)[0]
    svc.save_how_you_meet(
        db_session,
        profile,
        svc.HowYouMeet(
            languages=["nl", "ar"],
            modes=["in_person", "video"],
            audiences=["team", "youth_16_17"],
            place_id=utrecht.id,
            max_travel_km=25,
        ),
        actor=profile.user,
        origin=ORIGIN,
    )
    assert (profile.latitude, profile.longitude) == (utrecht.lat, utrecht.lon)
    assert profile.modes == ["video", "in_person"]
    assert profile.audiences == ["youth_16_17", "team"]


@pytest.mark.parametrize(
    ("languages", "modes", "audiences", "key"),
    [
        ([], ["video"], ["team"], "profile.error.languages"),
        (["xx"], ["video"], ["team"], "profile.error.languages"),
        (["nl"], [], ["team"], "profile.error.modes"),
        (["nl"], ["video"], ["everyone"], "profile.error.audiences"),
    ],
)
def test_step_two_refuses_values_outside_the_lists(
    db_session: Session, languages: list[str], modes: list[str], audiences: list[str], key: str
) -> None:
    profile = complete_draft(db_session)
    with pytest.raises(InvalidInput) as err:
        svc.save_how_you_meet(
            db_session,
            profile,
            svc.HowYouMeet(languages=languages, modes=modes, audiences=audiences),
            actor=profile.user,
            origin=ORIGIN,
        )
    assert err.value.key == key


def test_capacity_bounds_are_checked_and_nothing_is_saved_on_error(db_session: Session) -> None:
    profile = complete_draft(db_session)
    bad = svc.Capacity([60], 15, 15, 48, 0, 3, 3)
    with pytest.raises(InvalidInput) as err:
        svc.save_capacity(db_session, profile, bad, actor=profile.user, origin=ORIGIN)
    assert err.value.key == "profile.error.horizon"
    with pytest.raises(InvalidInput):
        svc.save_capacity(
            db_session,
            profile,
            svc.Capacity([50], 15, 15, 48, 6, 3, 3),
            actor=profile.user,
            origin=ORIGIN,
        )
    assert profile.session_lengths == [60] and profile.horizon_weeks == 6


def test_a_completed_training_needs_a_year_and_a_vog_cannot_be_in_the_future(
    db_session: Session,
) -> None:
    profile = complete_draft(db_session)
    with pytest.raises(InvalidInput) as err:
        svc.save_credentials(
            db_session,
            profile,
            svc.Credentials(TrainingStatus.COMPLETED, None, None),
            actor=profile.user,
            now=NOW,
            origin=ORIGIN,
        )
    assert err.value.key == "profile.error.training_year_required"
    with pytest.raises(InvalidInput) as err:
        svc.save_credentials(
            db_session,
            profile,
            svc.Credentials(TrainingStatus.IN_TRAINING, 2026, dt.date(2027, 1, 1)),
            actor=profile.user,
            now=NOW,
            origin=ORIGIN,
        )
    assert err.value.key == "profile.error.vog_future"


# --- entries ---------------------------------------------------------------------------


def _entry_input(**kw: object) -> svc.DomainEntryInput:
    values: dict[str, object] = {
        "share_text": "Ik deel graag wat mij hielp.",
        "visibility": DomainVisibility.AFTER_MATCH,
        "audiences": ["adult_18_plus"],
        "ready_to_share": True,
    }
    values.update(kw)
    return svc.DomainEntryInput(**values)  # type: ignore[arg-type]


def test_an_entry_may_only_be_used_for_audiences_the_profile_meets(db_session: Session) -> None:
    profile = complete_draft(db_session)  # meets youth_16_17 and adult_18_plus
    bullying = domain(db_session, "bullying")
    with pytest.raises(InvalidInput) as err:
        svc.add_entry(
            db_session,
            profile,
            _entry_input(domain_id=bullying.id, audiences=["team"]),
            actor=profile.user,
            origin=ORIGIN,
        )
    assert err.value.key == "profile.error.entry_audiences_outside"
    entry = svc.add_entry(
        db_session, profile, _entry_input(domain_id=bullying.id), actor=profile.user, origin=ORIGIN
    )
    assert entry.audiences == ["adult_18_plus"]
    with pytest.raises(Conflict):
        svc.add_entry(
            db_session,
            profile,
            _entry_input(domain_id=bullying.id),
            actor=profile.user,
            origin=ORIGIN,
        )


def test_withdrawing_deletes_the_text_and_the_domain_can_be_added_again(
    db_session: Session,
) -> None:
    profile = complete_draft(db_session)
    entry = profile.domains[0]
    svc.change_entry_status(db_session, entry, "pause", actor=profile.user, origin=ORIGIN)
    assert entry.status is DomainEntryStatus.PAUSED
    with pytest.raises(Conflict):
        svc.change_entry_status(db_session, entry, "pause", actor=profile.user, origin=ORIGIN)
    svc.change_entry_status(db_session, entry, "resume", actor=profile.user, origin=ORIGIN)
    svc.change_entry_status(db_session, entry, "withdraw", actor=profile.user, origin=ORIGIN)
    assert entry.status is DomainEntryStatus.WITHDRAWN and entry.share_text is None
    with pytest.raises(Conflict):
        svc.update_entry(db_session, entry, _entry_input(), actor=profile.user, origin=ORIGIN)
    again = svc.add_entry(
        db_session,
        profile,
        _entry_input(domain_id=entry.domain_id, share_text="Nieuw"),
        actor=profile.user,
        origin=ORIGIN,
    )
    assert again.id == entry.id and again.status is DomainEntryStatus.ACTIVE
    logged = db_session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.action.like("profile.domain_%"))
        .order_by(AuditEvent.id)
    ).all()
    assert logged == [
        "profile.domain_paused",
        "profile.domain_resumed",
        "profile.domain_withdrawn",
        "profile.domain_added",
    ]


def test_another_peer_experts_entry_is_not_found(db_session: Session) -> None:
    mine = complete_draft(db_session)
    theirs = complete_draft(db_session)
    with pytest.raises(NotFound):
        svc.own_entry(db_session, mine, theirs.domains[0].id)


def test_editing_domains_of_an_active_profile_keeps_it_active(db_session: Session) -> None:
    profile = complete_draft(db_session, status=ProfileStatus.ACTIVE)
    svc.update_entry(
        db_session, profile.domains[0], _entry_input(), actor=profile.user, origin=ORIGIN
    )
    svc.save_story(
        db_session, profile, svc.YourStory("Nieuw verhaal"), actor=profile.user, origin=ORIGIN
    )
    assert profile.status is ProfileStatus.ACTIVE


def test_editing_credentials_of_an_active_profile_sends_it_back_for_verification(
    db_session: Session,
) -> None:
    profile = complete_draft(db_session, status=ProfileStatus.ACTIVE)
    same = svc.Credentials(TrainingStatus.COMPLETED, 2024, profile.vog_date)
    svc.save_credentials(db_session, profile, same, actor=profile.user, now=NOW, origin=ORIGIN)
    assert profile.status is ProfileStatus.ACTIVE  # unchanged values: nothing to re-verify
    new = svc.Credentials(TrainingStatus.COMPLETED, 2024, dt.date(2026, 11, 1))
    svc.save_credentials(db_session, profile, new, actor=profile.user, now=NOW, origin=ORIGIN)
    assert profile.status is ProfileStatus.SUBMITTED
    assert profile.verified_at is None and profile.submitted_at == NOW
    assert _count(db_session, AuditEvent, AuditEvent.action == "profile.credentials_changed") == 1


def test_a_retired_profile_can_no_longer_be_edited(db_session: Session) -> None:
    profile = complete_draft(db_session, status=ProfileStatus.RETIRED)
    with pytest.raises(Conflict):
        svc.save_story(db_session, profile, svc.YourStory("x"), actor=profile.user, origin=ORIGIN)


# --- status machine --------------------------------------------------------------------


def test_submitting_an_incomplete_profile_says_what_is_missing(db_session: Session) -> None:
    org = make_organisation(db_session)
    user = make_user(db_session, Role.PEER_EXPERT)
    add_member(db_session, org, user)
    profile = svc.open_onboarding(db_session, user, now=NOW, origin=ORIGIN)
    missing = svc.missing_for_submit(profile, today=NOW.date())
    assert missing == [
        "profile.missing.meet",
        "profile.missing.story",
        "profile.missing.experiences",
        "profile.missing.credentials",
        "profile.missing.capacity",
    ]
    with pytest.raises(InvalidInput) as err:
        svc.submit(db_session, profile, actor=user, now=NOW, origin=ORIGIN)
    assert err.value.key == "profile.error.incomplete"
    assert profile.status is ProfileStatus.DRAFT


def test_meeting_minors_needs_a_vog_that_is_still_valid(db_session: Session) -> None:
    profile = complete_draft(db_session, vog_date=dt.date(2023, 11, 1))
    assert svc.missing_for_submit(profile, today=NOW.date()) == ["profile.missing.vog"]
    adults = complete_draft(db_session, vog_date=None, audiences=["adult_18_plus", "team"])
    assert svc.missing_for_submit(adults, today=NOW.date()) == []


def test_an_entry_that_is_not_ready_does_not_count_for_submitting(db_session: Session) -> None:
    profile = complete_draft(db_session)
    profile.domains[0].ready_to_share = False
    assert svc.missing_for_submit(profile, today=NOW.date()) == ["profile.missing.experiences"]


def test_the_full_verification_flow_is_audited_and_notified(
    app: Flask, db_session: Session
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org)
    svc.submit(db_session, profile, actor=profile.user, now=NOW, origin=ORIGIN)
    assert profile.status is ProfileStatus.SUBMITTED and profile.submitted_at == NOW
    with app.app_context():
        svc.request_changes(
            db_session,
            profile.id,
            "Vul je VOG aan.",
            coordinator=coordinator,
            now=NOW,
            origin=ORIGIN,
        )
        assert profile.status is ProfileStatus.CHANGES_REQUESTED
        assert profile.review_message == "Vul je VOG aan."
        svc.submit(db_session, profile, actor=profile.user, now=NOW, origin=ORIGIN)
        svc.verify(db_session, profile.id, coordinator=coordinator, now=NOW, origin=ORIGIN)
    assert profile.status is ProfileStatus.ACTIVE
    assert profile.verified_by_id == coordinator.id and profile.review_message is None
    actions = db_session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_type == "profile", AuditEvent.subject_id == profile.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "profile.submit",
        "profile.request_changes",
        "profile.submit",
        "profile.verify",
    ]
    kinds = db_session.scalars(
        select(Notification.kind).where(Notification.user_id == profile.user_id)
    ).all()
    assert sorted(kinds) == ["profile.notice.changes_requested", "profile.notice.verified"]
    render_queued(app, db_session)
    mails = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_user_id == profile.user_id)
    ).all()
    assert sorted(m.kind for m in mails) == ["profile_changes_requested", "profile_verified"]
    for mail in mails:
        assert "Vul je VOG aan" not in mail.body_text
        assert "ademhalen" not in mail.body_text


def test_asking_for_changes_needs_a_message(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=ProfileStatus.SUBMITTED)
    with app.app_context(), pytest.raises(InvalidInput):
        svc.request_changes(
            db_session, profile.id, "  ", coordinator=coordinator, now=NOW, origin=ORIGIN
        )
    assert profile.status is ProfileStatus.SUBMITTED


def test_a_coordinator_of_another_organisation_cannot_verify_a_profile(
    app: Flask, db_session: Session
) -> None:
    profile = complete_draft(db_session, status=ProfileStatus.SUBMITTED)
    outsider = make_coordinator(db_session)
    with app.app_context():
        with pytest.raises(NotFound):
            svc.verify(db_session, profile.id, coordinator=outsider, now=NOW, origin=ORIGIN)
        with pytest.raises(NotFound):
            svc.retire(db_session, profile, actor=outsider, now=NOW, origin=ORIGIN)
    assert svc.verification_queue(db_session, outsider) == []
    assert profile.status is ProfileStatus.SUBMITTED


def test_a_plain_member_of_the_organisation_cannot_verify(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    profile = complete_draft(db_session, org, status=ProfileStatus.SUBMITTED)
    member = make_user(db_session, Role.COORDINATOR)
    add_member(db_session, org, member, MembershipRole.MEMBER)
    with app.app_context(), pytest.raises(NotFound):
        svc.verify(db_session, profile.id, coordinator=member, now=NOW, origin=ORIGIN)


@pytest.mark.parametrize(
    ("status", "operation"),
    [
        (ProfileStatus.DRAFT, "verify"),
        (ProfileStatus.ACTIVE, "verify"),
        (ProfileStatus.ACTIVE, "submit"),
        (ProfileStatus.DRAFT, "pause"),
        (ProfileStatus.ACTIVE, "resume"),
        (ProfileStatus.RETIRED, "resume"),
        (ProfileStatus.RETIRED, "retire"),
        (ProfileStatus.RETIRED, "submit"),
    ],
)
def test_illegal_transitions_are_refused(
    app: Flask, db_session: Session, status: ProfileStatus, operation: str
) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=status)

    def attempt() -> None:
        if operation == "verify":
            svc.verify(db_session, profile.id, coordinator=coordinator, now=NOW, origin=ORIGIN)
        else:
            getattr(svc, operation)(db_session, profile, actor=profile.user, now=NOW, origin=ORIGIN)

    with app.app_context(), pytest.raises(Conflict) as err:
        attempt()
    assert err.value.key == "profile.error.transition"
    assert profile.status is status


def test_pause_resume_and_retire(app: Flask, db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=ProfileStatus.ACTIVE)
    svc.pause(db_session, profile, actor=profile.user, now=NOW, origin=ORIGIN)
    assert profile.status is ProfileStatus.PAUSED
    svc.resume(db_session, profile, actor=profile.user, now=NOW, origin=ORIGIN)
    assert profile.status is ProfileStatus.ACTIVE
    svc.retire(db_session, profile, actor=coordinator, now=NOW, origin=ORIGIN)
    assert profile.status is ProfileStatus.RETIRED
    assert _count(db_session, Notification, Notification.kind == "profile.notice.retired") == 1


def test_someone_else_cannot_pause_or_submit_my_profile(db_session: Session) -> None:
    profile = complete_draft(db_session, status=ProfileStatus.ACTIVE)
    other = complete_draft(db_session)
    with pytest.raises(Forbidden):
        svc.pause(db_session, profile, actor=other.user, now=NOW, origin=ORIGIN)
    with pytest.raises(Forbidden):
        svc.submit(db_session, profile, actor=other.user, now=NOW, origin=ORIGIN)


# --- coordinator lists ---------------------------------------------------------------------


def test_the_queue_shows_own_organisation_oldest_first(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    newer = complete_draft(db_session, org, status=ProfileStatus.SUBMITTED, submitted_at=NOW)
    older = complete_draft(
        db_session,
        org,
        status=ProfileStatus.SUBMITTED,
        submitted_at=NOW - dt.timedelta(days=2),
    )
    complete_draft(db_session, org, status=ProfileStatus.DRAFT)
    complete_draft(db_session, status=ProfileStatus.SUBMITTED, submitted_at=NOW)  # elsewhere
    assert [p.id for p in svc.verification_queue(db_session, coordinator)] == [older.id, newer.id]


def test_reading_coordinators_only_texts_is_audited(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    profile = complete_draft(db_session, org, status=ProfileStatus.SUBMITTED)
    svc.review_profile(db_session, coordinator, profile.id, origin=ORIGIN)
    assert _count(db_session, AuditEvent, AuditEvent.action == "profile.sensitive_viewed") == 0
    add_entry(db_session, profile, "bullying", visibility=DomainVisibility.COORDINATORS_ONLY)
    svc.review_profile(db_session, coordinator, profile.id, origin=ORIGIN)
    assert _count(db_session, AuditEvent, AuditEvent.action == "profile.sensitive_viewed") == 1


def test_vog_list_shows_expiring_and_expired_vogs_of_active_profiles(db_session: Session) -> None:
    org = make_organisation(db_session)
    coordinator = make_coordinator(db_session, org)
    today = NOW.date()
    expired = complete_draft(
        db_session, org, status=ProfileStatus.ACTIVE, vog_date=dt.date(2023, 11, 1)
    )
    soon = complete_draft(
        db_session, org, status=ProfileStatus.ACTIVE, vog_date=dt.date(2024, 1, 10)
    )
    complete_draft(db_session, org, status=ProfileStatus.ACTIVE, vog_date=dt.date(2024, 2, 1))
    missing = complete_draft(db_session, org, status=ProfileStatus.ACTIVE, vog_date=None)
    complete_draft(  # adults only: no VOG needed
        db_session, org, status=ProfileStatus.ACTIVE, vog_date=None, audiences=["adult_18_plus"]
    )
    complete_draft(db_session, org, status=ProfileStatus.DRAFT, vog_date=dt.date(2023, 1, 1))
    complete_draft(db_session, status=ProfileStatus.ACTIVE, vog_date=dt.date(2023, 1, 1))
    rows = svc.vog_attention(db_session, coordinator, today=today)
    assert [r.profile.id for r in rows] == [missing.id, expired.id, soon.id]
    assert rows[1].valid_until == dt.date(2026, 11, 1) and rows[1].expired_on(today)
    assert rows[2].valid_until == dt.date(2027, 1, 10) and not rows[2].expired_on(today)
