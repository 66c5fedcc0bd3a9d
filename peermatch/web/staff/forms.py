from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from peermatch.auth.passwords import MIN_PASSWORD_LENGTH
from peermatch.web.forms_base import SafeForm


class StaffUserForm(SafeForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("team_member", _l("Team member (clinician)")),
            SelectChoice("coordinator", _l("Coordinator")),
        ],
    )
    organisation = SelectField(_l("Organisation"), coerce=int)
    password = PasswordField(
        _l("First password"),
        description=_l("Share it safely; they can change it after signing in."),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )


class VideoServiceForm(SafeForm):
    """An organisation's own video service; each video session gets a room under it."""

    video_base_url = StringField(
        _l("Address of your video service"),
        description=_l(
            "For example https://meet.example.nl/ (your own Jitsi). Every video session gets "
            "its own room there. Leave empty to let peer experts paste a link themselves."
        ),
        validators=[Length(max=200)],
    )
