"""Words and pages for the dashboard's next actions (the rules are in services.dashboard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import format_datetime, get_timezone, ngettext
from flask_babel import lazy_gettext as _l

from peermatch.edge import context as ctx
from peermatch.edge.templating import template_language
from peermatch.services.dashboard import NextAction


@dataclass(frozen=True, slots=True)
class ActionCard:
    title: str
    text: str
    button: str | None
    url: str | None


def deadline_words(at: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """'vandaag', 'morgen', 'nog 3 dagen': days counted in the reader's own calendar."""
    if at is None:
        return ""
    zone = get_timezone()
    today = (now or ctx.now()).astimezone(zone).date()
    days = (at.astimezone(zone).date() - today).days
    if at <= (now or ctx.now()):
        return str(_l("the time is up"))
    if days <= 0:
        return str(_l("today"))
    if days == 1:
        return str(_l("tomorrow"))
    return str(ngettext("%(num)s more day", "%(num)s more days", days))


def day_words(at: dt.datetime | None) -> str:
    """'donderdag 3 december' in the reader's language and zone."""
    return "" if at is None else str(format_datetime(at, "EEEE d MMMM"))


def when_words(at: dt.datetime | None) -> str:
    """'wo 2 dec, 17:45': a time always carries its day."""
    return "" if at is None else str(format_datetime(at, "EEE d MMM, HH:mm"))


# kind -> (endpoint or None, title, text, button)
_CARDS: dict[str, tuple[str | None, object, object, object | None]] = {
    "book": (
        "bookings.pick",
        _l("Plan your conversation with %(name)s"),
        _l("%(name)s said yes. Choose a day and time that suits you."),
        _l("Choose a time"),
    ),
    "confirm_suggestion": (
        "matches.status",
        _l("A coordinator suggests %(name)s"),
        _l("Read who %(name)s is and say if you would like to talk with them."),
        _l("Look and decide"),
    ),
    "choose": (
        "matches.candidates",
        _l("Choose your peer expert"),
        _l(
            "There are peer experts who fit your question. Read about them and choose who you would like to talk with."
        ),
        _l("See who fits"),
    ),
    "finish_request": (
        "requests.new",
        _l("Finish your question"),
        _l("You started asking for a peer expert. Continue where you left off."),
        _l("Continue my question"),
    ),
    "await_consent": (
        "requests.status",
        _l("We are waiting for your parent's permission"),
        _l(
            "We sent your parent or carer an email. As soon as they agree, you can choose a peer expert."
        ),
        _l("See my question"),
    ),
    "waiting": (
        "matches.status",
        _l("We are waiting for %(name)s"),
        _l("We asked %(name)s. You will hear from us as soon as there is news."),
        _l("Follow your match"),
    ),
    "new_request": (
        "requests.new",
        _l("Talk to a peer expert"),
        _l("Tell us what you would like to talk about, and we will show you peer experts who fit."),
        _l("Ask for a peer expert"),
    ),
    "team_request": (
        "requests.team_new",
        _l("Peer experts for your team"),
        _l("Ask peer experts to join an intervision, a training session or a group."),
        _l("New team request"),
    ),
    "start_profile": (
        "profiles.onboarding",
        _l("Make your profile"),
        _l("Build your profile in a few short steps and show your ervaringskennis."),
        _l("Start my profile"),
    ),
    "finish_profile": (
        "profiles.onboarding",
        _l("Finish your profile"),
        _l("Nobody can ask you yet: first finish your profile."),
        _l("Continue with step %(n)s"),
    ),
    "answer": (
        "matches.status",
        _l("Answer the request"),
        _l("Someone would like to talk with you. You have until %(day)s to answer (%(left)s)."),
        _l("Read and answer"),
    ),
    "answer_many": (
        "matches.incoming",
        _l("Answer %(count)s requests"),
        _l("The first one needs your answer by %(day)s (%(left)s)."),
        _l("See the requests"),
    ),
    "profile_in_review": (
        "profiles.overview",
        _l("Your profile is being checked"),
        _l("A coordinator reads your profile. You will get a message when it is done."),
        _l("Go to my profile"),
    ),
    "availability": (
        "availability.index",
        _l("Say when you are available"),
        _l("Add time blocks, so young people can book a conversation with you."),
        _l("Add my times"),
    ),
    "approve_one": (
        "matches.approval",
        _l("Approve a match"),
        _l("A peer expert said yes. Read the request and decide."),
        _l("Open the match"),
    ),
    "approve_many": (
        "matches.approvals",
        _l("Approve %(count)s matches"),
        _l("Peer experts said yes. The longest waiting come first."),
        _l("Open the approvals"),
    ),
    "verify": (
        "verification.queue",
        _l("Check %(count)s profiles"),
        _l("Peer experts are waiting for their profile to be verified."),
        _l("Open the verification queue"),
    ),
    "failed_emails": (
        "admin.outbox_overview",
        _l("Emails that were not delivered: %(count)s"),
        _l("Look at what went wrong and send them again."),
        _l("Open outgoing email"),
    ),
    "session": (
        "bookings.detail",
        _l("Your next conversation"),
        _l("On %(when)s."),
        _l("Open the session"),
    ),
}


#: (kind, language) -> the card's title, text and button in that language, before values.
_TRANSLATED: dict[tuple[str, str | None], tuple[str, str, str | None]] = {}


def _card_words(kind: str) -> tuple[str, str, str | None]:
    """The card's lazy texts translated once per language, not three times per page."""
    key = (kind, template_language())
    words = _TRANSLATED.get(key)
    if words is None:
        _, title, text, button = _CARDS[kind]
        words = _TRANSLATED[key] = (
            str(title),
            str(text),
            str(button) if button is not None else None,
        )
    return words


def action_card(action: NextAction) -> ActionCard:
    endpoint = _CARDS[action.kind][0]
    title, text, button = _card_words(action.kind)
    values: dict[str, object] = dict(action.params)
    values.update(action.ids)
    if action.at is not None:
        values.update(
            day=day_words(action.at), left=deadline_words(action.at), when=when_words(action.at)
        )
    url = url_for(endpoint, **dict[str, Any](action.ids)) if endpoint else None
    return ActionCard(
        title=title % values,
        text=text % values,
        button=button % values if button is not None else None,
        url=url,
    )
