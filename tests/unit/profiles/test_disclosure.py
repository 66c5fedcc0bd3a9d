"""THE disclosure rule: who may read which of a peer expert's own words."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peermatch.models import ExperienceDomain, PeerExpertProfile, ProfileDomain
from peermatch.models.enums import Audience, DomainEntryStatus, DomainVisibility
from peermatch.services.disclosure import (
    VIEWER_KINDS,
    ViewerKind,
    audience_for_age,
    usable_entries,
    visible_share_text,
    vog_valid_on,
    vog_valid_until,
)
from peermatch.services.profile_preview import PREVIEW_VIEWERS, build_preview

V = DomainVisibility
TEXT = "mijn eigen woorden"
ALL = [a.value for a in Audience]


def _profile(audiences: list[str] | None = None) -> PeerExpertProfile:
    return PeerExpertProfile(audiences=ALL if audiences is None else audiences, domains=[])


def _entry(
    profile: PeerExpertProfile,
    *,
    visibility: V = V.CANDIDATE_VIEWERS,
    audiences: list[str] | None = None,
    ready: bool = True,
    status: DomainEntryStatus = DomainEntryStatus.ACTIVE,
    text: str | None = TEXT,
) -> ProfileDomain:
    entry = ProfileDomain(
        domain=ExperienceDomain(slug="x", label_nl="x", label_en="x"),
        share_text=text,
        visibility=visibility,
        audiences=ALL if audiences is None else audiences,
        ready_to_share=ready,
        status=status,
    )
    profile.domains.append(entry)
    return entry


# viewer kind x visibility -> shown (for an audience the entry is opened for)
TABLE: list[tuple[ViewerKind, V, bool]] = [
    ("candidate_viewer", V.CANDIDATE_VIEWERS, True),
    ("candidate_viewer", V.AFTER_MATCH, False),
    ("candidate_viewer", V.COORDINATORS_ONLY, False),
    ("matched", V.CANDIDATE_VIEWERS, True),
    ("matched", V.AFTER_MATCH, True),
    ("matched", V.COORDINATORS_ONLY, False),
    ("coordinator", V.CANDIDATE_VIEWERS, True),
    ("coordinator", V.AFTER_MATCH, True),
    ("coordinator", V.COORDINATORS_ONLY, True),
    ("self", V.CANDIDATE_VIEWERS, True),
    ("self", V.AFTER_MATCH, True),
    ("self", V.COORDINATORS_ONLY, True),
]


@pytest.mark.parametrize(("viewer", "visibility", "shown"), TABLE)
@pytest.mark.parametrize("audience", list(Audience))
def test_who_reads_which_text(
    viewer: ViewerKind, visibility: V, shown: bool, audience: Audience
) -> None:
    entry = _entry(_profile(), visibility=visibility)
    text = visible_share_text(entry, viewer_kind=viewer, audience=audience)
    assert text == (TEXT if shown else None)


@pytest.mark.parametrize("viewer", ["candidate_viewer", "matched"])
def test_a_domain_not_opened_for_an_audience_is_never_revealed(viewer: ViewerKind) -> None:
    profile = _profile()
    entry = _entry(profile, audiences=["adult_18_plus"])
    assert visible_share_text(entry, viewer_kind=viewer, audience=Audience.YOUTH_12_15) is None
    assert usable_entries(profile, Audience.YOUTH_12_15) == []
    assert usable_entries(profile, Audience.ADULT_18_PLUS) == [entry]


def test_an_audience_the_profile_no_longer_meets_sees_nothing_even_if_the_entry_allows_it() -> None:
    profile = _profile(audiences=["adult_18_plus"])
    entry = _entry(profile, audiences=ALL)
    assert usable_entries(profile, Audience.YOUTH_16_17) == []
    assert visible_share_text(entry, viewer_kind="matched", audience=Audience.YOUTH_16_17) is None


@pytest.mark.parametrize(
    "change",
    [
        {"ready": False},
        {"status": DomainEntryStatus.PAUSED},
        {"status": DomainEntryStatus.WITHDRAWN},
    ],
)
def test_entries_that_are_not_ready_or_not_active_are_not_used(change: dict[str, object]) -> None:
    profile = _profile()
    entry = _entry(profile, **change)  # type: ignore[arg-type]
    assert usable_entries(profile, Audience.ADULT_18_PLUS) == []
    for viewer in ("candidate_viewer", "matched"):
        assert (
            visible_share_text(entry, viewer_kind=viewer, audience=Audience.ADULT_18_PLUS) is None
        )


def test_withdrawn_text_is_shown_to_nobody() -> None:
    entry = _entry(_profile(), status=DomainEntryStatus.WITHDRAWN)
    for viewer in VIEWER_KINDS:
        assert visible_share_text(entry, viewer_kind=viewer, audience=Audience.TEAM) is None


def test_coordinators_only_text_is_never_shown_to_youths_or_teams() -> None:
    entry = _entry(_profile(), visibility=V.COORDINATORS_ONLY)
    for audience in Audience:
        for viewer in ("candidate_viewer", "matched"):
            assert visible_share_text(entry, viewer_kind=viewer, audience=audience) is None


def test_viewers_who_see_an_audience_text_must_say_which_audience() -> None:
    entry = _entry(_profile())
    with pytest.raises(ValueError):
        visible_share_text(entry, viewer_kind="candidate_viewer")


@given(
    profile_audiences=st.lists(st.sampled_from(ALL), unique=True),
    entry_audiences=st.lists(st.sampled_from(ALL), unique=True),
    visibility=st.sampled_from(list(V)),
    status=st.sampled_from(list(DomainEntryStatus)),
    ready=st.booleans(),
    viewer=st.sampled_from(["candidate_viewer", "matched"]),
    audience=st.sampled_from(list(Audience)),
)
def test_no_text_is_ever_returned_that_the_rule_forbids(
    profile_audiences: list[str],
    entry_audiences: list[str],
    visibility: V,
    status: DomainEntryStatus,
    ready: bool,
    viewer: ViewerKind,
    audience: Audience,
) -> None:
    profile = _profile(profile_audiences)
    entry = _entry(
        profile, visibility=visibility, audiences=entry_audiences, ready=ready, status=status
    )
    text = visible_share_text(entry, viewer_kind=viewer, audience=audience)
    opened = audience.value in profile_audiences and audience.value in entry_audiences
    if text is not None:
        assert opened and ready and status is DomainEntryStatus.ACTIVE
        assert visibility is not V.COORDINATORS_ONLY
        assert not (viewer == "candidate_viewer" and visibility is V.AFTER_MATCH)
    if entry in usable_entries(profile, audience):
        assert opened and ready and status is DomainEntryStatus.ACTIVE
    else:
        assert text is None
    # The preview for that audience shows exactly the same.
    preview = build_preview(profile, audience.value)  # type: ignore[arg-type]
    shown = {id(p.entry): (p.before_match, p.after_match) for p in preview.entries}
    if id(entry) in shown:
        before, after = shown[id(entry)]
        assert before == visible_share_text(
            entry, viewer_kind="candidate_viewer", audience=audience
        )
        assert after == visible_share_text(entry, viewer_kind="matched", audience=audience)
    else:
        assert entry not in usable_entries(profile, audience)


@pytest.mark.parametrize(
    ("age", "team", "expected"),
    [
        (12, False, Audience.YOUTH_12_15),
        (15, False, Audience.YOUTH_12_15),
        (16, False, Audience.YOUTH_16_17),
        (17, False, Audience.YOUTH_16_17),
        (18, False, Audience.ADULT_18_PLUS),
        (25, False, Audience.ADULT_18_PLUS),
        (None, False, Audience.YOUTH_12_15),
        (30, True, Audience.TEAM),
        (None, True, Audience.TEAM),
    ],
)
def test_audience_for_age(age: int | None, team: bool, expected: Audience) -> None:
    assert audience_for_age(age, team) is expected


def test_a_vog_is_valid_for_three_years_and_expires_after() -> None:
    profile = PeerExpertProfile(vog_date=dt.date(2023, 11, 23))
    assert vog_valid_until(profile.vog_date) == dt.date(2026, 11, 23)
    assert vog_valid_on(profile, dt.date(2026, 11, 23))
    assert not vog_valid_on(profile, dt.date(2026, 11, 24))
    assert not vog_valid_on(profile, dt.date(2023, 11, 22))  # not yet issued


def test_a_vog_from_a_leap_day_counts_until_the_28th_of_february() -> None:
    assert vog_valid_until(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)


def test_no_vog_is_never_valid() -> None:
    assert vog_valid_until(None) is None
    assert not vog_valid_on(PeerExpertProfile(vog_date=None), dt.date(2026, 1, 1))


def test_the_coordinator_preview_shows_every_text_that_was_not_withdrawn() -> None:
    profile = _profile()
    kept = _entry(profile, visibility=V.COORDINATORS_ONLY, ready=False)
    _entry(profile, status=DomainEntryStatus.WITHDRAWN, text=None)
    preview = build_preview(profile, "coordinator")
    assert [p.entry for p in preview.entries] == [kept]
    assert preview.entries[0].after_match == TEXT
    assert set(PREVIEW_VIEWERS) == {*ALL, "coordinator"}
