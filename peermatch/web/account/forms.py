"""Account page forms: shape only; the services check meaning."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from peermatch.auth.passwords import MIN_PASSWORD_LENGTH
from peermatch.services.account_settings import MAX_NAME_LENGTH, time_zones
from peermatch.services.api_tokens import MAX_NAME_LENGTH as MAX_TOKEN_NAME
from peermatch.web.forms_base import SafeForm


class SettingsForm(SafeForm):
    display_name = StringField(
        _l("What may we call you?"),
        validators=[DataRequired(message=_l("Fill in a name.")), Length(max=MAX_NAME_LENGTH)],
    )
    locale = SelectField(
        _l("Language"),
        choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")],
    )
    time_zone = SelectField(
        _l("Time zone"),
        description=_l("Times on PeerMatch are shown in this time zone."),
        choices=[SelectChoice(z, z.replace("_", " ")) for z in time_zones()],
    )


class TokenForm(SafeForm):
    name = StringField(
        _l("Name of the token"),
        description=_l("For example the name of the app or script that uses it."),
        validators=[
            DataRequired(message=_l("Give the token a name, so you recognise it later.")),
            Length(max=MAX_TOKEN_NAME),
        ],
    )


class PasswordForm(SafeForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Fill in your current password.")), Length(max=200)],
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l(
            "At least %(n)s characters; not a common password, your email address or your name.",
            n=MIN_PASSWORD_LENGTH,
        ),
        validators=[
            DataRequired(message=_l("Fill in a new password.")),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("Choose a longer password.")),
        ],
    )


class EmailChangeForm(SafeForm):
    new_email = EmailField(
        _l("New email address"),
        description=_l("We send a link to this address; it counts once you have opened it."),
        validators=[
            DataRequired(message=_l("Enter a valid email address.")),
            Email(message=_l("Enter a valid email address.")),
            Length(max=254),
        ],
    )
    email_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Fill in your current password.")), Length(max=200)],
    )
