"""Private calendar feeds: a secret link per person that calendar apps poll.

Only a hash of the secret is stored (``User.calendar_token_hash``), so the link is shown
once, when it is made. Making a new link revokes the old one. The feed holds neutral
events ("PeerMatch-gesprek") and a link to the app: no names, no topics, no meeting details.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from peermatch.auth.tokens import hash_secret, new_secret
from peermatch.models import Booking, BookingParticipant, Intervision, IntervisionParticipant, User
from peermatch.models.enums import BookingStatus
from peermatch.services import audit
from peermatch.services.audit import Origin
from peermatch.services.errors import NotFound
from peermatch.services.intervision.queries import feed_entries

#: Sessions that happened longer ago than this drop out of the feed.
PAST_WINDOW = dt.timedelta(days=90)
#: Cancelled sessions stay this long, so calendars that already hold them remove them.
CANCELLED_WINDOW = dt.timedelta(days=30)
SHOWN_STATUSES = (BookingStatus.HELD, BookingStatus.CONFIRMED, BookingStatus.COMPLETED)


def has_feed(user: User) -> bool:
    return user.calendar_token_hash is not None


def create_feed_token(session: Session, user: User, *, origin: Origin) -> str:
    """A new secret for ``user``'s feed; any earlier link stops working."""
    secret = new_secret()
    replaced = user.calendar_token_hash is not None
    user.calendar_token_hash = hash_secret(secret)
    session.flush()
    audit.record(
        session,
        "calendar.link_created",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
        details={"replaced": replaced},
    )
    return secret


def revoke_feed_token(session: Session, user: User, *, origin: Origin) -> bool:
    """Stop the current link; False when there was none (nothing changes then)."""
    if user.calendar_token_hash is None:
        return False
    user.calendar_token_hash = None
    session.flush()
    audit.record(
        session,
        "calendar.link_revoked",
        actor_id=user.id,
        origin=origin,
        subject_type="user",
        subject_id=user.id,
    )
    return True


def user_for_token(session: Session, token: str) -> User:
    """The owner of a feed secret; unknown, revoked or deactivated all look the same."""
    if not token or len(token) > 200:
        raise NotFound("calendar.error.not_found")
    user = session.scalars(
        select(User).where(User.calendar_token_hash == hash_secret(token))
    ).first()
    if user is None or not user.is_active:
        raise NotFound("calendar.error.not_found")
    return user


def feed_bookings(session: Session, user: User, *, now: dt.datetime) -> list[Booking]:
    """The sessions in ``user``'s feed: their own, recent and upcoming, plus recent cancellations."""
    return list(
        session.scalars(
            select(Booking)
            .join(BookingParticipant, BookingParticipant.booking_id == Booking.id)
            .where(
                BookingParticipant.user_id == user.id,
                or_(
                    Booking.status.in_(SHOWN_STATUSES) & (Booking.ends_at >= now - PAST_WINDOW),
                    (Booking.status == BookingStatus.CANCELLED)
                    & (Booking.starts_at >= now - CANCELLED_WINDOW),
                ),
            )
            .order_by(Booking.starts_at, Booking.id)
        )
    )


def feed_intervision(
    session: Session, user: User, *, now: dt.datetime
) -> list[tuple[Intervision, IntervisionParticipant]]:
    """The intervision meetings in ``user``'s feed: accepted or not yet answered, plus
    recent cancellations and declines (shown as cancelled, so calendars drop them)."""
    return feed_entries(session, user, now=now)
