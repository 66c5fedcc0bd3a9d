from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from peermatch.models.credentials import MAX_NAME, MAX_NOTE
from peermatch.web.forms_base import SafeForm

KIND_LABELS = {
    "training": _l("Training or course"),
    "first_aid": _l("First aid"),
    "other": _l("Other certificate"),
}


class CredentialForm(SafeForm):
    kind = RadioField(
        _l("What kind of certificate is it?"),
        choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()],
        validators=[InputRequired(message=_l("Choose what kind of certificate this is."))],
    )
    name = StringField(
        _l("Name of the training or certificate"),
        description=_l("As it says on the certificate, for example “Suicide prevention”."),
        validators=[
            DataRequired(message=_l("Fill in the name of the training or certificate.")),
            Length(max=MAX_NAME),
        ],
    )
    obtained_on = DateField(
        _l("Date you got it"),
        validators=[DataRequired(message=_l("Fill in the date you got it."))],
    )
    expires_on = DateField(
        _l("Last valid day (if it expires)"),
        description=_l("Leave empty if it does not expire."),
        validators=[Optional()],
    )


class VerifyForm(SafeForm):
    seen_note = TextAreaField(
        _l("Note (optional)"),
        description=_l("For example where you saw the original. No copy is kept."),
        validators=[Optional(), Length(max=MAX_NOTE)],
    )


class RejectForm(SafeForm):
    reason = TextAreaField(
        _l("Why can you not accept it?"),
        description=_l("The peer expert reads this next to their certificate."),
        validators=[
            DataRequired(message=_l("Write why you cannot accept it.")),
            Length(max=MAX_NOTE),
        ],
    )
