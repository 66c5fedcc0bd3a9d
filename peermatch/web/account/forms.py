"""Account page forms: shape only; the services check meaning."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from peermatch.auth.passwords import MIN_PASSWORD_LENGTH
from peermatch.edge.numbers import zone_label
from peermatch.services.account_settings import (
    COMMON_TIME_ZONES,
    MAX_NAME_LENGTH,
    canonical_time_zones,
)
from peermatch.services.api_tokens import MAX_NAME_LENGTH as MAX_TOKEN_NAME
from peermatch.web.forms_base import SafeForm


class SettingsForm(SafeForm):
    display_name = StringField(
        _l("What may we call you?"),
        validators=[DataRequired(message=_l("Fill in a name.")), Length(max=MAX_NAME_LENGTH)],
    )
    locale = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("nl", "Nederlands", render_kw={"lang": "nl"}),
            SelectChoice("en", "English", render_kw={"lang": "en"}),
        ],
    )
    time_zone = SelectField(
        _l("Time zone"),
        description=_l("Times on PeerMatch are shown in this time zone."),
        # Any canonical zone may be posted (the service checks); the list offers the common
        # ones and "another", which the search field below then names.
        validate_choice=False,
    )
    other_time_zone = StringField(
        _l("Search for another time zone"),
        description=_l(
            "Only if your time zone is not in the list: type a city or region, "
            "for example Europe/Vienna, and pick it."
        ),
        validators=[Optional(), Length(max=64)],
    )

    def offer_time_zones(self, locale: str, current: str | None) -> None:
        """The short list in the page's language, plus "another" (with the search field)."""
        zones = list(COMMON_TIME_ZONES)
        if current and current not in zones:
            zones.append(current)
        self.time_zone.choices = [
            *(SelectChoice(z, zone_label(z, locale)) for z in zones),
            SelectChoice(OTHER_ZONE, _l("Another time zone (search below)")),
        ]

    def chosen_time_zone(self) -> str:
        if self.time_zone.data == OTHER_ZONE:
            return (self.other_time_zone.data or "").strip()
        return self.time_zone.data or ""


#: The choice that says "the zone I typed in the search field".
OTHER_ZONE = "other"


def time_zone_options(locale: str) -> list[tuple[str, str]]:
    """Every canonical zone with its name in ``locale``, for the search field's datalist."""
    return sorted(((z, zone_label(z, locale)) for z in canonical_time_zones()), key=lambda o: o[1])


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
