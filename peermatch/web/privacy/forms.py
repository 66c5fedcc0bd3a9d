"""Privacy forms: shape only; the services check meaning (the password, who may erase whom)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from peermatch.web.forms_base import SafeForm


class DeleteAccountForm(SafeForm):
    password = PasswordField(
        _l("Your password"),
        description=_l("So we know it is really you."),
        validators=[DataRequired(message=_l("Fill in your current password.")), Length(max=200)],
    )


class FindPersonForm(SafeForm):
    email = EmailField(
        _l("Email address of the person"),
        validators=[
            DataRequired(message=_l("Enter a valid email address.")),
            Email(message=_l("Enter a valid email address.")),
            Length(max=254),
        ],
    )


class ConfirmForm(SafeForm):
    """Only the CSRF token: the confirm step of a change that has no fields."""
