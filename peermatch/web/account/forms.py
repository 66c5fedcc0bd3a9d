"""Account page forms: shape only; the services check meaning."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

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
