"""Shapes of booking forms; the service decides what the values mean."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from peermatch.web.forms_base import SafeForm


class StartForm(SafeForm):
    start = HiddenField(validators=[DataRequired()])


class ProposeForm(SafeForm):
    first = DateTimeLocalField(_l("First time"), validators=[InputRequired()])
    second = DateTimeLocalField(_l("Second time (optional)"), validators=[Optional()])
    third = DateTimeLocalField(_l("Third time (optional)"), validators=[Optional()])


class ReasonForm(SafeForm):
    reason = TextAreaField(_l("Why?"), validators=[DataRequired(), Length(max=500)])


class NoShowForm(SafeForm):
    side = HiddenField(validators=[DataRequired()])


class ExtendForm(SafeForm):
    extra = IntegerField(_l("Extra sessions"), default=1, validators=[NumberRange(1, 10)])


class FeedbackForm(SafeForm):
    rating = SelectField(_l("How was it?"), validators=[DataRequired()])
    comment = TextAreaField(_l("A few words (optional)"), validators=[Length(max=500)])
    do_not_match_again = BooleanField(_l("Don't match me with this peer expert again"))
    # For a peer expert: the same wish about the youth, with an optional word for the
    # coordinator only (the youth never sees it).
    not_again_youth = BooleanField(_l("Don't match me with this young person again"))
    note = TextAreaField(
        _l("Note for the coordinator (optional)"),
        description=_l("Only coordinators read this, never the young person."),
        validators=[Length(max=500)],
    )


class MeetingDetailsForm(SafeForm):
    meeting_details = TextAreaField(
        _l("How you meet"),
        description=_l("A video link or an address. Only the people in this session see it."),
        validators=[Length(max=1000)],
    )
