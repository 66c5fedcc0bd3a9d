"""Forms for the second factor: shape only (the service checks the code)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Length

from peermatch.web.forms_base import SafeForm


class LoginCodeForm(SafeForm):
    code = StringField(
        _l("Code"),
        description=_l("The 6 digits from your authenticator app, or one of your recovery codes."),
        validators=[DataRequired(message=_l("Fill in the code.")), Length(max=32)],
    )

    remember = BooleanField(_l("Remember this device for 30 days"))


class AppCodeForm(SafeForm):
    code = StringField(
        _l("Code from your app"),
        description=_l("The 6 digits your authenticator app shows now."),
        validators=[DataRequired(message=_l("Fill in the code.")), Length(max=32)],
    )


class FindUserForm(SafeForm):
    email = EmailField(
        _l("Email address of the person"),
        validators=[DataRequired(message=_l("Fill in an email address.")), Length(max=254)],
    )
