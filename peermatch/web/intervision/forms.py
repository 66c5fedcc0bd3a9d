"""The coordinator's intervision form: shape only; the service decides what is allowed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from peermatch.edge.labels import MODE_LABELS
from peermatch.services.intervision import MODES
from peermatch.web.forms_base import SafeForm
from peermatch.web.widgets import MultiCheckboxField

#: where each of the service's refusals shows on the form
REFUSAL_PLACES = {
    "intervision.error.title_missing": "title",
    "intervision.error.title_too_long": "title",
    "intervision.error.topic_too_long": "topic",
    "intervision.error.place_too_long": "place",
    "intervision.error.place_missing": "place",
    "intervision.error.mode": "mode",
    "intervision.error.in_the_past": "day",
    "intervision.error.too_far_ahead": "day",
    "intervision.error.length": "end",
    "intervision.error.capacity": "capacity",
    "intervision.error.nobody_invited": "peers",
    "intervision.error.too_many": "peers",
    "intervision.error.not_invitable": "peers",
}


class IntervisionForm(SafeForm):
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[InputRequired()])
    title = StringField(
        _l("Title"),
        description=_l("Calendars and emails only say 'PeerMatch intervision'."),
        validators=[
            DataRequired(message=_l("Give the intervision a title.")),
            Length(max=120, message=_l("Use at most %(max)d characters.")),
        ],
    )
    topic = TextAreaField(
        _l("Topic (optional)"),
        validators=[Optional(), Length(max=1000, message=_l("Use at most %(max)d characters."))],
    )
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Choose the date."))])
    start = TimeField(_l("From"), validators=[InputRequired(message=_l("Fill in the start time."))])
    end = TimeField(_l("Until"), validators=[InputRequired(message=_l("Fill in the end time."))])
    mode = RadioField(
        _l("How the group meets"),
        choices=[SelectChoice(m, MODE_LABELS[m]) for m in MODES],
        validators=[InputRequired(message=_l("Choose how the group meets."))],
    )
    place = StringField(
        _l("Where, or how to join"),
        description=_l(
            "The address for in person, a phone number, or a video link if your "
            "organisation has no video service of its own."
        ),
        validators=[Optional(), Length(max=200, message=_l("Use at most %(max)d characters."))],
    )
    capacity = IntegerField(
        _l("Maximum number of places (optional)"),
        validators=[
            Optional(),
            NumberRange(2, 100, message=_l("Choose a number from %(min)s to %(max)s.")),
        ],
    )
    peers = MultiCheckboxField(
        _l("Peer experts to invite"),
        coerce=int,
        validators=[DataRequired(message=_l("Invite at least one peer expert."))],
    )
