"""Sign-in and registration forms: shape only; the accounts service checks meaning."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange

from peermatch.auth.passwords import MIN_PASSWORD_LENGTH
from peermatch.web.forms_base import SafeForm


class LoginForm(SafeForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class RegisterForm(SafeForm):
    role = RadioField(
        _l("I sign up as"),
        choices=[
            SelectChoice("youth", _l("A young person who wants to talk to a peer expert")),
            SelectChoice("peer_expert", _l("A peer expert (ervaringsdeskundige)")),
        ],
        validators=[InputRequired(message=_l("Choose how you want to sign up."))],
    )
    display_name = StringField(
        _l("What may we call you?"),
        description=_l("Your first name or a nickname is fine."),
        validators=[DataRequired(message=_l("Fill in a name.")), Length(max=80)],
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(),
            Email(message=_l("Enter a valid email address.")),
            Length(max=254),
        ],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("Choose a longer password.")),
        ],
    )
    birth_year = IntegerField(
        _l("Year of birth"),
        validators=[
            InputRequired(message=_l("Fill in your year of birth.")),
            NumberRange(min=1900, max=2100, message=_l("Fill in a real year of birth.")),
        ],
    )
    privacy = BooleanField(
        _l("I have read the privacy statement and agree to it."),
        validators=[DataRequired(message=_l("You need to agree to the privacy statement."))],
    )


class ForgotPasswordForm(SafeForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(),
            Email(message=_l("Enter a valid email address.")),
            Length(max=254),
        ],
    )


class ResetPasswordForm(SafeForm):
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
