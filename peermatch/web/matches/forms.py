"""Matching forms: shape only. The proposals service decides what the values mean."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from peermatch.services.proposals import MAX_MESSAGE, MAX_REASON
from peermatch.web.forms_base import SafeForm
from peermatch.web.widgets import MultiCheckboxField

#: choice_1 is the first choice; the page shows as many as the request allows.
CHOICE_FIELDS = ("choice_1", "choice_2", "choice_3", "choice_4", "choice_5")


class ChooseForm(SafeForm):
    choice_1 = SelectField(
        _l("My first choice"), validators=[InputRequired()], coerce=int, validate_choice=False
    )
    choice_2 = SelectField(
        _l("My second choice (optional)"),
        validators=[Optional()],
        coerce=int,
        validate_choice=False,
    )
    choice_3 = SelectField(
        _l("My third choice (optional)"), validators=[Optional()], coerce=int, validate_choice=False
    )
    choice_4 = SelectField(
        _l("Another choice (optional)"), validators=[Optional()], coerce=int, validate_choice=False
    )
    choice_5 = SelectField(
        _l("Another choice (optional)"), validators=[Optional()], coerce=int, validate_choice=False
    )

    def set_people(self, people: list[tuple[int, str]], shown: int) -> None:
        empty = [SelectChoice(0, _l("No choice"))]
        options = [SelectChoice(pid, name) for pid, name in people]
        for index, name in enumerate(CHOICE_FIELDS):
            field = getattr(self, name)
            field.choices = options if index == 0 else empty + options
        for name in CHOICE_FIELDS[shown:]:
            delattr(self, name)

    def picks(self) -> list[int]:
        return [
            int(getattr(self, name).data)
            for name in CHOICE_FIELDS
            if name in self and getattr(self, name).data
        ]


class DeclineForm(SafeForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        description=_l("Only coordinators read this. The young person does not see it."),
        validators=[Optional(), Length(max=MAX_REASON)],
    )

    def for_team(self) -> DeclineForm:
        """Worded for a team's request: a team asked, not a young person."""
        self.reason.description = _l(
            "Only coordinators read this. The team that asked does not see it."
        )
        return self


class RejectForm(SafeForm):
    reason = TextAreaField(
        _l("Reason for the young person"),
        description=_l("The young person reads this. Write it kindly and in plain words."),
        validators=[InputRequired(), Length(max=MAX_REASON)],
    )


class ProposeOtherForm(SafeForm):
    profile_id = SelectField(
        _l("Propose instead"), validators=[InputRequired()], coerce=int, validate_choice=False
    )


class QuestionForm(SafeForm):
    to = RadioField(
        _l("Ask"),
        choices=[
            SelectChoice("requester", _l("the requester")),
            SelectChoice("peer_expert", _l("the peer expert")),
        ],
        default="requester",
        validators=[InputRequired()],
    )
    body = TextAreaField(_l("Your question"), validators=[InputRequired(), Length(max=MAX_MESSAGE)])


class AnswerForm(SafeForm):
    body = TextAreaField(_l("Your answer"), validators=[InputRequired(), Length(max=MAX_MESSAGE)])


class BatchForm(SafeForm):
    request_ids = MultiCheckboxField(_l("Open requests"), coerce=int, validate_choice=False)
