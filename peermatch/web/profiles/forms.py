"""Profile forms: shape only. The profiles service decides what the values mean."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from peermatch.edge.labels import LANGUAGE_LABELS, MODE_LABELS
from peermatch.web.forms_base import SafeForm
from peermatch.web.widgets import MultiCheckboxField

AUDIENCE_LABELS = {
    "youth_12_15": _l("Young people aged 12 to 15"),
    "youth_16_17": _l("Young people aged 16 and 17"),
    "adult_18_plus": _l("Young adults aged 18 and older"),
    "team": _l("Teams of care professionals"),
}
GENDER_LABELS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
    "other": _l("Other"),
}
VISIBILITY_LABELS = {
    "candidate_viewers": _l("Everyone who looks for a peer expert (in the groups you choose)"),
    "after_match": _l("Only after we are matched"),
    "coordinators_only": _l("Only coordinators"),
}
TRAINING_LABELS = {
    "none": _l("No training (yet)"),
    "in_training": _l("I am in training"),
    "completed": _l("I completed a training"),
}


def _choices(labels: dict[str, object]) -> list[SelectChoice]:
    return [SelectChoice(k, v) for k, v in labels.items()]


class AboutYouForm(SafeForm):
    display_name = StringField(
        _l("What may we call you?"),
        description=_l("Your first name or a nickname is fine."),
        validators=[InputRequired(message=_l("Fill in a name.")), Length(max=80)],
    )
    pronouns = StringField(
        _l("Pronouns (optional)"),
        description=_l("For example: she/her, he/him, they/them."),
        validators=[Optional(), Length(max=40)],
    )
    birth_year = IntegerField(
        _l("Year of birth"),
        validators=[
            InputRequired(message=_l("Fill in your year of birth.")),
            NumberRange(min=1900, max=2100, message=_l("Fill in a real year of birth.")),
        ],
    )
    gender = SelectField(
        _l("Gender (optional)"),
        choices=[SelectChoice("", _l("I'd rather not say")), *_choices(GENDER_LABELS)],
        validators=[Optional()],
    )
    organisation_id = SelectField(
        _l("The organisation you work with"),
        choices=[],
        validate_choice=False,
        validators=[Optional()],
    )


class HowYouMeetForm(SafeForm):
    languages = MultiCheckboxField(
        _l("Languages you speak in sessions"), choices=_choices(LANGUAGE_LABELS)
    )
    modes = MultiCheckboxField(_l("How you want to meet"), choices=_choices(MODE_LABELS))
    place_query = StringField(
        _l("Place of residence (for meeting in person)"),
        description=_l(
            "Type the name of your town or village. We only use it to work out distance."
        ),
        validators=[Optional(), Length(max=80)],
    )
    place_id = RadioField(
        _l("Which place do you mean?"), choices=[], validate_choice=False, validators=[Optional()]
    )
    max_travel_km = IntegerField(
        _l("How far do you want to travel? (km)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=1000, message=_l("Fill in a number of kilometres.")),
        ],
    )
    audiences = MultiCheckboxField(_l("Who you want to meet"), choices=_choices(AUDIENCE_LABELS))


class StoryForm(SafeForm):
    introduction = TextAreaField(
        _l("Introduce yourself in your own words"),
        description=_l(
            "Who are you, what do you do, what do you bring? A few sentences are enough."
        ),
        validators=[InputRequired(message=_l("Write a short introduction.")), Length(max=2000)],
    )
    what_helped = TextAreaField(
        _l("What helped you (optional)"),
        description=_l("What you learned along the way and like to pass on."),
        validators=[Optional(), Length(max=2000)],
    )


class ExperiencesStepForm(SafeForm):
    """Step 4 only moves on; entries have their own forms."""


class CredentialsForm(SafeForm):
    training_status = RadioField(
        _l("Training as a peer expert"),
        choices=_choices(TRAINING_LABELS),
        validators=[InputRequired(message=_l("Choose your training status."))],
    )
    training_year = IntegerField(
        _l("Year (completed or started)"),
        validators=[
            Optional(),
            NumberRange(min=1950, max=2100, message=_l("Fill in a real year.")),
        ],
    )
    vog_date = DateField(
        _l("Date of your VOG (certificate of conduct)"),
        description=_l("Needed to meet young people under 18. A VOG counts for three years."),
        validators=[Optional()],
    )


class CapacityForm(SafeForm):
    session_lengths = MultiCheckboxField(
        _l("Session lengths you offer"),
        choices=[SelectChoice(str(n), _l("%(n)s minutes", n=n)) for n in (30, 45, 60, 90)],
    )
    buffer_before_minutes = IntegerField(
        _l("Break before a session (minutes)"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )
    buffer_after_minutes = IntegerField(
        _l("Break after a session (minutes)"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )
    min_notice_hours = IntegerField(
        _l("Minimum notice (hours)"),
        description=_l("How long before a session someone can book at the latest."),
        validators=[InputRequired(), NumberRange(min=0, max=10000)],
    )
    horizon_weeks = IntegerField(
        _l("How many weeks ahead people can book"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )
    max_sessions_per_week = IntegerField(
        _l("At most this many sessions per week"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )
    max_sessions_per_day = IntegerField(
        _l("At most this many sessions per day"),
        description=_l("Leave empty if the weekly maximum is enough for you."),
        validators=[Optional(), NumberRange(min=0, max=1000)],
    )
    max_active_matches = IntegerField(
        _l("At most this many people at the same time"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
    )


class EntryForm(SafeForm):
    domain_id = SelectField(
        _l("Experience"), choices=[], validate_choice=False, validators=[Optional()]
    )
    share_text = TextAreaField(
        _l("What you are willing to share, in your own words"),
        description=_l("You decide what you tell. You can change or remove this at any time."),
        validators=[Optional(), Length(max=2000)],
    )
    visibility = RadioField(
        _l("Who may read this text?"),
        choices=_choices(VISIBILITY_LABELS),
        default="after_match",
        validators=[InputRequired(message=_l("Choose who may read this text."))],
    )
    audiences = MultiCheckboxField(_l("For which groups may we use this experience?"), choices=[])
    ready_to_share = BooleanField(_l("I can talk about this with some distance."))


class ReviewForm(SafeForm):
    message = TextAreaField(
        _l("What should the peer expert change?"),
        validators=[Optional(), Length(max=2000)],
    )
