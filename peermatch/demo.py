"""Demo data for ``make run``: clearly fictional people, one of every role.

Loading is idempotent: the demo organisation's slug marks that it is already there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Config
from peermatch.auth.passwords import hash_password
from peermatch.models import (
    AvailabilityRule,
    ExperienceDomain,
    Organisation,
    OrganisationMembership,
    PeerExpertProfile,
    ProfileDomain,
    Team,
    TeamMembership,
    TwoFactorEnrolment,
    User,
    UserRole,
)
from peermatch.models.enums import (
    ApprovalPolicy,
    Audience,
    DomainVisibility,
    Gender,
    MembershipRole,
    Mode,
    OrganisationKind,
    ProfileStatus,
    Role,
    TrainingStatus,
)
from peermatch.services.two_factor import REQUIRED_ROLES as TWO_FACTOR_REQUIRED_ROLES

DEMO_ORG_SLUG = "demo-jongerenraad"
DEMO_PASSWORD = "demo-wachtwoord"  # noqa: S105 - printed on purpose: demo accounts only
#: The demo coordinators' and admins' two-step login key (they must use one): printed on
#: purpose, like the password. Add it to an authenticator app, or compute a code with
#: ``python -c "import pyotp; print(pyotp.TOTP('<key>').now())"``.
DEMO_TOTP_SECRET = "PEERMATCHDEMOKEYPEERMATCHDEMOKEY"  # noqa: S105 - demo accounts only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    note: str = ""


STAFF = [
    DemoAccount("admin@example.org", "Demo-beheerder", Role.ADMIN),
    DemoAccount("coordinator@example.org", "Coco (demo-coördinator)", Role.COORDINATOR),
    DemoAccount("team@example.org", "Tim (demo-behandelaar)", Role.TEAM_MEMBER),
]
# (email, name, age, gender)
YOUTHS = [
    ("jongere@example.org", "Sam (demo)", 19, Gender.NON_BINARY),
    ("jongere15@example.org", "Noor (demo)", 15, Gender.WOMAN),
    ("jongere22@example.org", "Daan (demo)", 22, Gender.MAN),
]


@dataclass(frozen=True)
class DemoPeer:
    email: str
    name: str
    age: int
    gender: Gender
    pronouns: str
    place: str
    languages: tuple[str, ...]
    modes: tuple[Mode, ...]
    audiences: tuple[Audience, ...]
    domains: tuple[tuple[str, DomainVisibility, str], ...]
    vog_years_ago: float | None
    windows: tuple[tuple[int, str, str], ...]
    intro: str


ALL_AUDIENCES = (Audience.YOUTH_12_15, Audience.YOUTH_16_17, Audience.ADULT_18_PLUS, Audience.TEAM)
OLDER = (Audience.YOUTH_16_17, Audience.ADULT_18_PLUS)
OPEN = DomainVisibility.CANDIDATE_VIEWERS
LATER = DomainVisibility.AFTER_MATCH

PEERS = [
    DemoPeer(
        "lotte@example.org",
        "Lotte (demo)",
        23,
        Gender.WOMAN,
        "zij/haar",
        "Utrecht",
        ("nl", "en"),
        (Mode.VIDEO, Mode.IN_PERSON),
        ALL_AUDIENCES,
        (
            (
                "anxiety",
                OPEN,
                "Ik weet hoe het is als je hoofd niet stopt met piekeren. Ademhalen en kleine stappen hielpen mij.",
            ),
            (
                "foster-care",
                OPEN,
                "Ik ben opgegroeid in twee pleeggezinnen en vertel graag wat mij hielp.",
            ),
        ),
        1.0,
        ((0, "16:00", "20:00"), (2, "16:00", "20:00"), (5, "10:00", "13:00")),
        "Ik ben Lotte, ik studeer social work en werk bij de jongerenraad.",
    ),
    DemoPeer(
        "milan@example.org",
        "Milan (demo)",
        25,
        Gender.MAN,
        "hij/hem",
        "Rotterdam",
        ("nl",),
        (Mode.VIDEO, Mode.PHONE, Mode.IN_PERSON),
        ALL_AUDIENCES,
        (
            (
                "depression",
                OPEN,
                "Ik heb een lange donkere periode gehad en weet wat je kan helpen om weer op te krabbelen.",
            ),
            (
                "bullying",
                OPEN,
                "Op de middelbare school werd ik gepest. Nu help ik anderen daarmee.",
            ),
            ("residential-care", LATER, "Ik heb een jaar op een leefgroep gewoond."),
        ),
        0.5,
        ((1, "18:00", "21:00"), (3, "18:00", "21:00")),
        "Ik ben Milan, ervaringsdeskundige en muziekliefhebber.",
    ),
    DemoPeer(
        "fatima@example.org",
        "Fatima (demo)",
        24,
        Gender.WOMAN,
        "zij/haar",
        "Amsterdam",
        ("nl", "en", "ar"),
        (Mode.VIDEO, Mode.CHAT),
        ALL_AUDIENCES,
        (
            (
                "migration-background",
                OPEN,
                "Ik kwam op mijn tiende naar Nederland en weet hoe het is om tussen twee werelden te leven.",
            ),
            ("anxiety", OPEN, "Spanning en paniek ken ik goed; ik deel graag wat werkte."),
        ),
        2.0,
        ((0, "09:00", "12:00"), (1, "09:00", "12:00"), (4, "13:00", "17:00")),
        "Ik ben Fatima, ik werk als ervaringsdeskundige in de jeugd-ggz.",
    ),
    DemoPeer(
        "jens@example.org",
        "Jens (demo)",
        21,
        Gender.MAN,
        "hij/hem",
        "Groningen",
        ("nl",),
        (Mode.VIDEO, Mode.PHONE),
        OLDER,
        (
            ("adhd", OPEN, "Met ADHD vond ik mijn eigen manier van plannen en leren."),
            ("school-dropout", OPEN, "Ik ben gestopt met school en later opnieuw begonnen."),
        ),
        None,
        ((2, "19:00", "21:30"), (6, "14:00", "17:00")),
        "Ik ben Jens, ik zit in de jongerenraad en doe een mbo-opleiding.",
    ),
    DemoPeer(
        "sanne@example.org",
        "Sanne (demo)",
        26,
        Gender.WOMAN,
        "zij/haar",
        "Eindhoven",
        ("nl", "en"),
        (Mode.VIDEO, Mode.IN_PERSON),
        ALL_AUDIENCES,
        (
            (
                "burnout",
                OPEN,
                "Ik raakte opgebrand tijdens mijn studie en leerde mijn grenzen kennen.",
            ),
            (
                "eating-disorder",
                LATER,
                "Ik heb een eetstoornis gehad; daar praat ik over als het past.",
            ),
        ),
        0.2,
        ((0, "10:00", "14:00"), (3, "10:00", "14:00")),
        "Ik ben Sanne, ervaringsdeskundige en trainer.",
    ),
    DemoPeer(
        "yara@example.org",
        "Yara (demo)",
        22,
        Gender.NON_BINARY,
        "hen/die",
        "Den Haag",
        ("nl", "en"),
        (Mode.VIDEO, Mode.CHAT, Mode.PHONE),
        ALL_AUDIENCES,
        (
            ("lgbtqia", OPEN, "Ik ben queer en weet hoe fijn het is als iemand je gewoon snapt."),
            (
                "self-harm",
                LATER,
                "Ik heb mezelf pijn gedaan en heb geleerd wat mij hielp om te stoppen.",
            ),
        ),
        4.0,
        ((1, "15:00", "19:00"), (4, "15:00", "19:00")),
        "Ik ben Yara, ik geef voorlichting op scholen.",
    ),
    DemoPeer(
        "bram@example.org",
        "Bram (demo)",
        24,
        Gender.MAN,
        "hij/hem",
        "Zwolle",
        ("nl",),
        (Mode.IN_PERSON, Mode.PHONE),
        ALL_AUDIENCES,
        (
            (
                "bereavement",
                OPEN,
                "Mijn vader overleed toen ik veertien was. Ik weet hoe rouw eruit kan zien.",
            ),
            ("young-carer", OPEN, "Ik zorgde jarenlang mee voor mijn moeder."),
        ),
        1.5,
        ((0, "18:00", "21:00"), (2, "18:00", "21:00"), (5, "10:00", "12:00")),
        "Ik ben Bram, ervaringsdeskundige en voetbaltrainer.",
    ),
    DemoPeer(
        "iris@example.org",
        "Iris (demo)",
        20,
        Gender.WOMAN,
        "zij/haar",
        "Nijmegen",
        ("nl", "en"),
        (Mode.VIDEO, Mode.CHAT),
        OLDER,
        (
            ("autism", OPEN, "Ik ben autistisch en help je graag je eigen weg te vinden."),
            ("parents-divorce", OPEN, "Mijn ouders gingen uit elkaar toen ik twaalf was."),
        ),
        None,
        ((1, "10:00", "12:00"), (3, "13:00", "16:00")),
        "Ik ben Iris, ik studeer psychologie en zit in de cliëntenraad.",
    ),
]


def _user(
    email: str,
    name: str,
    role: Role,
    *,
    birth_year: int | None,
    gender: Gender | None,
    password_hash: str,
) -> User:
    return User(
        email=email,
        display_name=name,
        password_hash=password_hash,
        birth_year=birth_year,
        gender=gender,
        roles=[UserRole(role=role)],
        privacy_consent_version=Config.PRIVACY_STATEMENT_VERSION,
    )


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def load(session: Session, *, today: dt.date | None = None) -> bool:
    """Insert the demo world once; returns False when it is already there."""
    if session.scalar(select(Organisation.id).where(Organisation.slug == DEMO_ORG_SLUG)):
        return False
    from peermatch.places import search_places

    today = today or dt.datetime.now(dt.UTC).date()
    pw = hash_password(DEMO_PASSWORD)
    org = Organisation(
        name="Jongerenraad Demostad (demo)",
        slug=DEMO_ORG_SLUG,
        kind=OrganisationKind.YOUTH_COUNCIL,
        approval_policy=ApprovalPolicy.ALWAYS,
    )
    session.add(org)
    session.flush()
    team = Team(organisation_id=org.id, name="Team Jeugd-GGZ Demostad")
    session.add(team)
    for account in STAFF:
        user = _user(
            account.email,
            account.name,
            account.role,
            birth_year=None,
            gender=None,
            password_hash=pw,
        )
        session.add(user)
        session.flush()
        if account.role is not Role.ADMIN:
            session.add(
                OrganisationMembership(
                    organisation_id=org.id,
                    user_id=user.id,
                    role=MembershipRole.COORDINATOR
                    if account.role is Role.COORDINATOR
                    else MembershipRole.MEMBER,
                )
            )
        if account.role is Role.TEAM_MEMBER:
            session.add(TeamMembership(team=team, user_id=user.id))
        if account.role in TWO_FACTOR_REQUIRED_ROLES:
            session.add(
                TwoFactorEnrolment(
                    user_id=user.id, secret=DEMO_TOTP_SECRET, confirmed_at=dt.datetime.now(dt.UTC)
                )
            )
    for email, name, age, gender in YOUTHS:
        # Born in (year - age - 1): the younger possible age this year is exactly ``age``.
        session.add(
            _user(
                email,
                name,
                Role.YOUTH,
                birth_year=today.year - age - 1,
                gender=gender,
                password_hash=pw,
            )
        )
    domain_ids = {
        row.slug: row.id
        for row in session.execute(select(ExperienceDomain.slug, ExperienceDomain.id))
    }
    coordinator = session.scalar(select(User).where(User.email == "coordinator@example.org"))
    for peer in PEERS:
        user = _user(
            peer.email,
            peer.name,
            Role.PEER_EXPERT,
            birth_year=today.year - peer.age - 1,
            gender=peer.gender,
            password_hash=pw,
        )
        session.add(user)
        session.flush()
        session.add(
            OrganisationMembership(
                organisation_id=org.id, user_id=user.id, role=MembershipRole.MEMBER
            )
        )
        place = search_places(peer.place, limit=1)[0]
        profile = PeerExpertProfile(
            user_id=user.id,
            organisation_id=org.id,
            status=ProfileStatus.ACTIVE,
            onboarding_step=99,
            pronouns=peer.pronouns,
            gender=peer.gender,
            languages=list(peer.languages),
            modes=[m.value for m in peer.modes],
            audiences=[a.value for a in peer.audiences],
            place_id=place.id,
            latitude=place.lat,
            longitude=place.lon,
            max_travel_km=30,
            introduction=peer.intro,
            training_status=TrainingStatus.COMPLETED,
            training_year=today.year - 1,
            vog_date=(today - dt.timedelta(days=round(peer.vog_years_ago * 365)))
            if peer.vog_years_ago is not None
            else None,
            session_lengths=[45, 60],
            verified_at=dt.datetime.now(dt.UTC),
            verified_by_id=coordinator.id if coordinator else None,
        )
        session.add(profile)
        session.flush()
        for position, (slug, visibility, text) in enumerate(peer.domains):
            session.add(
                ProfileDomain(
                    profile_id=profile.id,
                    domain_id=domain_ids[slug],
                    share_text=text,
                    visibility=visibility,
                    audiences=[a.value for a in peer.audiences],
                    ready_to_share=True,
                    created_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=position),
                )
            )
        for weekday, start, end in peer.windows:
            session.add(
                AvailabilityRule(
                    profile_id=profile.id,
                    weekday=weekday,
                    start_time=_time(start),
                    end_time=_time(end),
                )
            )
    session.flush()
    return True


def accounts_table() -> str:
    rows = [(a.role.value, a.email, a.name) for a in STAFF]
    rows += [("youth", email, f"{name}, {age}") for email, name, age, _ in YOUTHS]
    rows += [("peer_expert", p.email, p.name) for p in PEERS]
    width = max(len(r[1]) for r in rows)
    lines = ["Demo accounts (password for all: " + DEMO_PASSWORD + ")"]
    lines += [
        "  Admins and coordinators log in with a second step too: add the key "
        + DEMO_TOTP_SECRET
        + " to an authenticator app (or: .venv/bin/python -c \"import pyotp; print(pyotp.TOTP('"
        + DEMO_TOTP_SECRET
        + "').now())\")."
    ]
    lines += [f"  {role:<12} {email:<{width}}  {name}" for role, email, name in rows]
    return "\n".join(lines)
