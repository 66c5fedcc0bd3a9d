"""Forms for email settings and consent: shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from peermatch.web.forms_base import SafeForm


class EmailSettingsForm(SafeForm):
    # One checkbox per optional group (``services.email_preferences.GROUPS``).
    reminders = BooleanField(
        _l("Reminders"), description=_l("A reminder the day before a session.")
    )
    match_news = BooleanField(
        _l("News about matches"),
        description=_l(
            "When a peer expert is asked for you, or you for someone, or there is news about a match."
        ),
    )
    profile_news = BooleanField(
        _l("News about your profile"),
        description=_l("When a coordinator has looked at your peer expert profile."),
    )
