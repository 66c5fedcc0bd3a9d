"""A small intervision world: one organisation, its coordinator and peer experts, and a
stranger organisation with its own coordinator and peer expert."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from peermatch.models import Intervision, Organisation, PeerExpertProfile, User
from peermatch.services import intervision
from peermatch.services.audit import SYSTEM
from tests.factories import make_coordinator, make_organisation, make_peer_expert

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
#: Thursday 3 December 2026, 14:00-16:00 UTC (15:00-17:00 in Amsterdam)
START = dt.datetime(2026, 12, 3, 14, 0, tzinfo=dt.UTC)


@dataclass
class World:
    org: Organisation
    coordinator: User
    peers: list[PeerExpertProfile]
    other_org: Organisation
    other_coordinator: User
    other_peer: PeerExpertProfile


def world(session: Session, peers: int = 3, **org_kw: object) -> World:
    org = make_organisation(session, **org_kw)
    coordinator = make_coordinator(session, org, locale="nl")
    profiles = [make_peer_expert(session, org) for _ in range(peers)]
    other = make_organisation(session)
    return World(
        org,
        coordinator,
        profiles,
        other,
        make_coordinator(session, other),
        make_peer_expert(session, other),
    )


def plan(users: list[User], start: dt.datetime = START, **kw: object) -> intervision.Plan:
    return intervision.Plan(
        title=str(kw.pop("title", "Grenzen bewaken")),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        mode=str(kw.pop("mode", "video")),
        peer_user_ids=tuple(u.id for u in users),
        **kw,  # type: ignore[arg-type]
    )


def scheduled(session: Session, w: World, count: int = 2, **kw: object) -> Intervision:
    return intervision.schedule(
        session,
        w.coordinator,
        w.org.id,
        plan([p.user for p in w.peers[:count]], **kw),
        now=NOW,
        origin=SYSTEM,
    )
