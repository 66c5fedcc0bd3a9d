"""Team (clinician) requests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from peermatch.models import ContactRequest, Team, User
from peermatch.models.enums import RequestKind, RequestStatus, Role
from peermatch.services import audit
from peermatch.services.errors import Forbidden, InvalidInput, NotFound
from peermatch.services.requests.access import _team_ids, may_manage
from peermatch.services.requests.inputs import (
    MAX_OWN_WORDS,
    MAX_PEER_EXPERTS,
    MODES,
    TEAM_PURPOSES,
    DomainChoice,
    TeamRequestInput,
)
from peermatch.services.requests.validation import (
    _check_subset,
    _ensure_editable,
    _load_domains,
    _place,
    _set_domains,
    time_preferences_json,
)
from peermatch.vocabulary import LANGUAGES


def save_team_request(
    session: Session,
    member: User,
    data: TeamRequestInput,
    *,
    now: dt.datetime,
    origin: audit.Origin,
    request: ContactRequest | None = None,
) -> ContactRequest:
    """Create or update a team's request (a draft until :func:`submit`)."""
    if not member.has_role(Role.TEAM_MEMBER):
        raise Forbidden("request.error.team_member_only")
    team_ids = _team_ids(session, member)
    if not team_ids:
        raise Forbidden("request.error.no_team")
    team_id = data.team_id if data.team_id is not None else team_ids[0]
    if team_id not in team_ids:
        raise Forbidden("request.error.not_your_team")
    if request is not None:
        if request.kind is not RequestKind.TEAM or not may_manage(session, request, member):
            raise NotFound("request.error.not_found")
        _ensure_editable(session, request)
    if data.purpose is not None and data.purpose not in TEAM_PURPOSES:
        raise InvalidInput("request.error.purpose_required")
    if not 1 <= data.peer_experts_wanted <= MAX_PEER_EXPERTS:
        raise InvalidInput("request.error.peer_experts_wanted", max=MAX_PEER_EXPERTS)
    notes = (data.notes or "").strip() or None
    if notes is not None and len(notes) > MAX_OWN_WORDS:
        raise InvalidInput("request.error.own_words_too_long", max=MAX_OWN_WORDS)
    domain_ids = list(dict.fromkeys(data.domain_ids))
    kept = [d.domain_id for d in request.domains] if request is not None else []
    _load_domains(session, domain_ids, kept=kept)
    modes = _check_subset(data.modes, MODES, "request.error.mode_unknown")
    languages = _check_subset(data.languages, LANGUAGES, "request.error.language_unknown")
    place, distance = _place(data.place_id, data.max_distance_km)
    times = time_preferences_json((), data.windows, now=now)
    team = session.get(Team, team_id)
    assert team is not None

    if request is None:
        request = ContactRequest(
            kind=RequestKind.TEAM,
            status=RequestStatus.DRAFT,
            requester_id=member.id,
            created_at=now,
        )
        session.add(request)
    request.team_id = team.id
    request.organisation_id = team.organisation_id
    request.purpose = data.purpose
    # The same column as a youth's own words, so it is read through the one audited function.
    request.own_words = notes
    _set_domains(request, [DomainChoice(i) for i in domain_ids])
    request.peer_experts_wanted = data.peer_experts_wanted
    request.modes = modes
    request.languages = languages
    request.place_id = place.id if place else None
    request.latitude = place.lat if place else None
    request.longitude = place.lon if place else None
    request.max_distance_km = distance
    request.time_preferences = times
    request.updated_at = now
    session.flush()
    return request
