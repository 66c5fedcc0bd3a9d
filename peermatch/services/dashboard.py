"""What each person should do now: the one next action for their dashboard, in one place.

The dashboard opens with a single card that answers "what do I do now?"; the rest of the
page follows as cards. Every rule that decides the next action lives here, so the youth's
dashboard, the peer expert's and the coordinator's never disagree with the pages they link
to. Every query is bounded and loads what the page shows in the same statement (or one
``selectinload``), so a person with thirty matches costs the same statements as one with
three (``tests/web/operations/test_dashboard_statements.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, joinedload, load_only

from peermatch.dutch_calendar import dutch_date
from peermatch.lifecycles.proposals import ProposalStatus
from peermatch.models import (
    AvailabilityRule,
    Booking,
    BookingParticipant,
    ContactRequest,
    MatchProposal,
    Notification,
    OutboxMessage,
    PeerExpertProfile,
    User,
)
from peermatch.models.enums import (
    BookingStatus,
    OutboxStatus,
    ProfileStatus,
    RequestStatus,
    Role,
)
from peermatch.services import accounts, notifications, profiles

S = ProposalStatus
#: Sessions that are still ahead of the person (asked for, held or confirmed).
UPCOMING = (BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED)
#: Proposals a requester still follows on the dashboard.
FOLLOWED = (S.CHOSEN, S.ASKED, S.AWAITING_APPROVAL, S.APPROVED)
#: Requests a requester still works on.
LIVE_REQUESTS = (RequestStatus.DRAFT, RequestStatus.AWAITING_CONSENT, RequestStatus.OPEN)
#: At most this many rows of each list on the dashboard; the full lists have their own pages.
SHOWN = 5
#: The onboarding has six steps; a draft never links past the last one.
LAST_ONBOARDING_STEP = 6


@dataclass(frozen=True, slots=True)
class NextAction:
    """One thing to do now. ``kind`` names the words and the page (``web/dashboard``);
    ``ids`` are the page's URL arguments; ``params`` fill in the sentence."""

    kind: str
    ids: dict[str, int] = field(default_factory=dict)
    params: dict[str, str | int] = field(default_factory=dict)
    at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class RequesterPart:
    requests: list[ContactRequest]
    proposals: list[MatchProposal]
    upcoming: dict[int, Booking]  # proposal id -> the next session of that match


@dataclass(frozen=True, slots=True)
class PeerPart:
    profile: PeerExpertProfile | None
    asked: list[MatchProposal]
    asked_count: int
    windows: int


@dataclass(frozen=True, slots=True)
class CoordinatorPart:
    approvals: int
    first_approval: int | None
    verifications: int
    vogs: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    actions: list[NextAction]
    next_session: Booking | None
    requester: RequesterPart | None
    peer: PeerPart | None
    coordinator: CoordinatorPart | None
    failed_emails: int | None
    unread: list[Notification]
    #: All unread notices (``unread`` holds the newest few), for the header badge too.
    unread_total: int

    @property
    def next_action(self) -> NextAction | None:
        return self.actions[0] if self.actions else None


def first_name(user: User) -> str:
    return (user.display_name or "").split(" ")[0]


# The youth's and team member's statements, built once with parameters: building them
# (with their eager loads) per request cost more CPU than running their cached SQL. Each loads
# only the columns the dashboard reads: every column costs Python work per statement (the
# driver's description, the ORM's row processors) even when no row comes back.
_NEXT_SESSION = (
    select(Booking)
    .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
    .where(
        BookingParticipant.user_id == bindparam("user_id"),
        Booking.status.in_(UPCOMING),
        Booking.ends_at > bindparam("now"),
    )
    .options(load_only(Booking.id, Booking.starts_at))
    .order_by(Booking.starts_at)
    .limit(1)
)
_LIVE_REQUESTS = (
    select(ContactRequest)
    .where(
        ContactRequest.requester_id == bindparam("user_id"),
        ContactRequest.status.in_((*LIVE_REQUESTS, RequestStatus.MATCHED)),
    )
    .options(load_only(ContactRequest.id, ContactRequest.status))
    .order_by(ContactRequest.id.desc())
    .limit(SHOWN)
)
_FOLLOWED_PROPOSALS = (
    select(MatchProposal)
    .join(ContactRequest, MatchProposal.request_id == ContactRequest.id)
    .where(
        ContactRequest.requester_id == bindparam("user_id"),
        MatchProposal.status.in_(FOLLOWED),
    )
    .options(
        load_only(
            MatchProposal.id,
            MatchProposal.request_id,
            MatchProposal.status,
            MatchProposal.explanation,
        ),
        joinedload(MatchProposal.profile)
        .load_only(PeerExpertProfile.user_id)
        .joinedload(PeerExpertProfile.user)
        .load_only(User.display_name),
    )
    .order_by(MatchProposal.id.desc())
    .limit(SHOWN)
)


def _next_session(session: Session, user: User, now: dt.datetime) -> Booking | None:
    return session.scalars(_NEXT_SESSION, {"user_id": user.id, "now": now}).first()


# --- youths and team members --------------------------------------------------------------


def _requester_part(session: Session, user: User, now: dt.datetime) -> RequesterPart:
    requests = list(session.scalars(_LIVE_REQUESTS, {"user_id": user.id}))
    proposals = list(session.scalars(_FOLLOWED_PROPOSALS, {"user_id": user.id}))
    upcoming: dict[int, Booking] = {}
    approved = [p.id for p in proposals if p.status is S.APPROVED]
    if approved:
        for booking in session.scalars(
            select(Booking)
            .options(load_only(Booking.id, Booking.proposal_id, Booking.starts_at))
            .where(
                Booking.proposal_id.in_(approved),
                Booking.status.in_(UPCOMING),
                Booking.ends_at > now,
            )
            .order_by(Booking.starts_at.desc())
        ):
            upcoming[booking.proposal_id] = booking  # the soonest wins (ordered last)
    return RequesterPart(requests, proposals, upcoming)


def requester_actions(part: RequesterPart) -> list[NextAction]:
    """A requester's steps in the order they matter: book with an approved match, answer a
    coordinator's suggestion, choose for an open request, then what they wait for."""
    actions: list[NextAction] = []
    proposals = part.proposals
    for p in proposals:
        name = first_name(p.profile.user)
        if p.status is S.APPROVED and p.id not in part.upcoming:
            actions.append(NextAction("book", {"proposal_id": p.id}, {"name": name}))
    for p in proposals:
        if p.status is S.CHOSEN and p.explanation.get("suggested_by"):
            name = first_name(p.profile.user)
            actions.append(NextAction("confirm_suggestion", {"proposal_id": p.id}, {"name": name}))
    followed = {p.request_id for p in proposals}
    for r in part.requests:
        if r.status is RequestStatus.OPEN and r.id not in followed:
            actions.append(NextAction("choose", {"request_id": r.id}))
        elif r.status is RequestStatus.DRAFT:
            actions.append(NextAction("finish_request"))
        elif r.status is RequestStatus.AWAITING_CONSENT:
            actions.append(NextAction("await_consent", {"request_id": r.id}))
    for p in proposals:
        if p.status in (S.ASKED, S.AWAITING_APPROVAL) or (
            p.status is S.CHOSEN and not p.explanation.get("suggested_by")
        ):
            name = first_name(p.profile.user)
            actions.append(NextAction("waiting", {"proposal_id": p.id}, {"name": name}))
    if not part.requests and not proposals:
        actions.append(NextAction("new_request"))
    return actions


# --- peer experts --------------------------------------------------------------------------


def _peer_part(session: Session, user: User) -> PeerPart:
    profile = session.scalar(select(PeerExpertProfile).where(PeerExpertProfile.user_id == user.id))
    if profile is None:
        return PeerPart(None, [], 0, 0)
    asked_query = select(MatchProposal).where(
        MatchProposal.profile_id == profile.id, MatchProposal.status == S.ASKED
    )
    asked = list(
        session.scalars(
            asked_query.order_by(MatchProposal.respond_by, MatchProposal.id).limit(SHOWN)
        )
    )
    # Always counted (not only when the list is full), so the statements never depend on rows.
    count = int(session.scalar(select(func.count()).select_from(asked_query.subquery())) or 0)
    windows = int(
        session.scalar(
            select(func.count())
            .select_from(AvailabilityRule)
            .where(AvailabilityRule.profile_id == profile.id)
        )
        or 0
    )
    return PeerPart(profile, asked, count, windows)


def peer_actions(part: PeerPart) -> list[NextAction]:
    """Profile first (nobody can ask before it is verified), then requests waiting for an
    answer, then the time blocks that make booking possible."""
    profile = part.profile
    if profile is None:
        return [NextAction("start_profile", {"step": 1})]
    actions: list[NextAction] = []
    if profile.status in (ProfileStatus.DRAFT, ProfileStatus.CHANGES_REQUESTED):
        step = max(1, min(profile.onboarding_step, LAST_ONBOARDING_STEP))
        actions.append(NextAction("finish_profile", {"step": step}, {"n": step}))
    if part.asked:
        first = part.asked[0]
        if part.asked_count == 1:
            actions.append(NextAction("answer", {"proposal_id": first.id}, at=first.respond_by))
        else:
            actions.append(
                NextAction("answer_many", params={"count": part.asked_count}, at=first.respond_by)
            )
    if profile.status is ProfileStatus.SUBMITTED:
        actions.append(NextAction("profile_in_review"))
    if not part.windows:
        actions.append(NextAction("availability"))
    return actions


# --- coordinators and admins ---------------------------------------------------------------


def _coordinator_part(session: Session, user: User, now: dt.datetime) -> CoordinatorPart:
    orgs = accounts.coordinator_organisation_ids(user)
    if not orgs:
        return CoordinatorPart(0, None, 0, 0)
    waiting = list(
        session.scalars(
            select(MatchProposal.id)
            .join(PeerExpertProfile, MatchProposal.profile_id == PeerExpertProfile.id)
            .where(
                MatchProposal.status == S.AWAITING_APPROVAL,
                PeerExpertProfile.organisation_id.in_(orgs),
            )
            .order_by(MatchProposal.responded_at, MatchProposal.id)
        )
    )
    verifications = int(
        session.scalar(
            select(func.count())
            .select_from(PeerExpertProfile)
            .where(
                PeerExpertProfile.status == ProfileStatus.SUBMITTED,
                PeerExpertProfile.organisation_id.in_(orgs),
            )
        )
        or 0
    )
    vogs = len(profiles.vog_attention(session, user, today=dutch_date(now)))
    return CoordinatorPart(len(waiting), waiting[0] if waiting else None, verifications, vogs)


def coordinator_actions(part: CoordinatorPart) -> list[NextAction]:
    actions: list[NextAction] = []
    if part.approvals == 1 and part.first_approval is not None:
        actions.append(NextAction("approve_one", {"proposal_id": part.first_approval}))
    elif part.approvals:
        actions.append(NextAction("approve_many", params={"count": part.approvals}))
    if part.verifications:
        actions.append(NextAction("verify", params={"count": part.verifications}))
    return actions


def _failed_emails(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.FAILED)
        )
        or 0
    )


# --- the whole page ----------------------------------------------------------------------


def _session_action(upcoming: Booking | None) -> list[NextAction]:
    if upcoming is None:
        return []
    return [NextAction("session", {"booking_id": upcoming.id}, at=upcoming.starts_at)]


def dashboard_for(session: Session, user: User, *, now: dt.datetime) -> Dashboard:
    """Everything the dashboard shows, and the next actions first (most urgent first).

    A person with several roles gets the actions of each; staff work comes before their own
    sessions, and a planned session is only the next action when nothing else is waiting.
    """
    roles = user.role_names
    upcoming = None
    if {Role.YOUTH, Role.PEER_EXPERT, Role.TEAM_MEMBER} & set(roles):
        upcoming = _next_session(session, user, now)
    actions: list[NextAction] = []
    requester = peer = coordinator = None
    failed = None
    if Role.COORDINATOR in roles:
        coordinator = _coordinator_part(session, user, now)
        actions += coordinator_actions(coordinator)
    if Role.PEER_EXPERT in roles:
        peer = _peer_part(session, user)
        actions += peer_actions(peer)
    if Role.YOUTH in roles or Role.TEAM_MEMBER in roles:
        requester = _requester_part(session, user, now)
        found = requester_actions(requester)
        if Role.YOUTH not in roles:
            found = [a for a in found if a.kind != "new_request"] or [NextAction("team_request")]
        actions += found
    if Role.ADMIN in roles:
        failed = _failed_emails(session)
        if failed:
            actions.append(NextAction("failed_emails", params={"count": failed}))
    # Waiting is not doing: a planned session comes before "we wait for Lotte".
    doing = [a for a in actions if a.kind not in ("waiting", "profile_in_review", "await_consent")]
    waiting = [a for a in actions if a not in doing]
    actions = doing + _session_action(upcoming) + waiting
    unread, unread_total = notifications.unread_with_total(session, user.id, limit=SHOWN)
    return Dashboard(
        actions=actions,
        next_session=upcoming,
        requester=requester,
        peer=peer,
        coordinator=coordinator,
        failed_emails=failed,
        unread=unread,
        unread_total=unread_total,
    )


__all__ = [
    "Dashboard",
    "NextAction",
    "coordinator_actions",
    "dashboard_for",
    "first_name",
    "peer_actions",
    "requester_actions",
]
