"""Availability editor forms: shape only; the availability service checks meaning."""

from __future__ import annotations

from babel.dates import get_day_names
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField, StringField, TimeField
from wtforms.validators import InputRequired, Length, Optional

from peermatch.edge.context import current_locale
from peermatch.services.availability import MAX_NOTE_LENGTH
from peermatch.web.forms_base import SafeForm

REQUIRED_TIME = _l("Fill in a time, for example 10:00.")
REQUIRED_DATE = _l("Fill in a date.")


def weekday_names() -> dict[int, str]:
    names = get_day_names("wide", locale=current_locale())
    return {day: str(names[day]).capitalize() for day in range(7)}


class WindowForm(SafeForm):
    weekday = SelectField(_l("Day"), coerce=int)
    start = TimeField(_l("From"), validators=[InputRequired(message=REQUIRED_TIME)])
    end = TimeField(_l("Until"), validators=[InputRequired(message=REQUIRED_TIME)])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.weekday.choices = [SelectChoice(day, name) for day, name in weekday_names().items()]


class UnavailableForm(SafeForm):
    start_date = DateField(_l("First day"), validators=[InputRequired(message=REQUIRED_DATE)])
    end_date = DateField(
        _l("Last day"),
        description=_l("Leave empty for one day."),
        validators=[Optional()],
    )
    start_time = TimeField(
        _l("From (optional)"),
        description=_l("Only part of the day? Fill in both times. Empty means the whole day."),
        validators=[Optional()],
    )
    end_time = TimeField(_l("Until (optional)"), validators=[Optional()])
    note = StringField(
        _l("Note for yourself (optional)"),
        description=_l("For example: holiday, exams."),
        validators=[Optional(), Length(max=MAX_NOTE_LENGTH)],
    )


class ExtraForm(SafeForm):
    day = DateField(_l("Date"), validators=[InputRequired(message=REQUIRED_DATE)])
    start_time = TimeField(_l("From"), validators=[InputRequired(message=REQUIRED_TIME)])
    end_time = TimeField(_l("Until"), validators=[InputRequired(message=REQUIRED_TIME)])
