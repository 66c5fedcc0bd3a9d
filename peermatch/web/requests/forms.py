"""Request forms: shape only (lengths, formats); the requests service checks meaning.

A service refusal that belongs to one field is shown at that field (``REFUSAL_PLACES``), with
every other problem of the same submit, in the error summary at the top.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from peermatch.edge.labels import HOPE_LABELS, LANGUAGE_LABELS, MODE_LABELS, PURPOSE_LABELS
from peermatch.models import ContactRequest
from peermatch.models.enums import Gender, Importance
from peermatch.services import requests as svc
from peermatch.services.errors import InvalidInput
from peermatch.services.taxonomy import DomainGroup
from peermatch.web.form_errors import add_field_error
from peermatch.web.forms_base import SafeForm
from peermatch.web.place_search import find_places, place_choices
from peermatch.web.widgets import MultiCheckboxField

WINDOW_ROWS = 3

#: Where each "not ready to send" refusal is shown: a field name, or ``#anchor`` for a group.
REFUSAL_PLACES = {
    "request.error.domains_required": "#domains",
    "request.error.most_important_needed": "#domains",
    "request.error.hopes_required": "hopes",
    "request.error.languages_required": "languages",
    "request.error.modes_required": "modes",
    "request.error.place_required": "place_query",
    "request.error.times_required": "weekly",
    "request.error.window_in_past": "window_1_date",
    "request.error.windows_required": "window_1_date",
    "request.error.purpose_required": "purpose",
    "request.error.peer_experts_wanted": "peer_experts_wanted",
}
TEAM_REFUSAL_PLACES = {**REFUSAL_PLACES, "request.error.domains_required": "domains"}

GENDER_LABELS = {
    Gender.WOMAN: _l("Woman"),
    Gender.MAN: _l("Man"),
    Gender.NON_BINARY: _l("Non-binary"),
    Gender.OTHER: _l("Other"),
}
WEEKDAY_LABELS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
PART_LABELS = {"morning": _l("morning"), "afternoon": _l("afternoon"), "evening": _l("evening")}
#: One lazy label per day part: Dutch writes them as one word ("maandagochtend"), so they are
#: whole sentences to translate, not a weekday and a part glued together (which also froze
#: them in English when the glue ran at import time).
WEEKLY_LABELS = {
    "0-morning": _l("Monday morning"),
    "0-afternoon": _l("Monday afternoon"),
    "0-evening": _l("Monday evening"),
    "1-morning": _l("Tuesday morning"),
    "1-afternoon": _l("Tuesday afternoon"),
    "1-evening": _l("Tuesday evening"),
    "2-morning": _l("Wednesday morning"),
    "2-afternoon": _l("Wednesday afternoon"),
    "2-evening": _l("Wednesday evening"),
    "3-morning": _l("Thursday morning"),
    "3-afternoon": _l("Thursday afternoon"),
    "3-evening": _l("Thursday evening"),
    "4-morning": _l("Friday morning"),
    "4-afternoon": _l("Friday afternoon"),
    "4-evening": _l("Friday evening"),
    "5-morning": _l("Saturday morning"),
    "5-afternoon": _l("Saturday afternoon"),
    "5-evening": _l("Saturday evening"),
    "6-morning": _l("Sunday morning"),
    "6-afternoon": _l("Sunday afternoon"),
    "6-evening": _l("Sunday evening"),
}


def _choices(labels: dict[Any, Any]) -> list[SelectChoice]:
    return [SelectChoice(str(k), v) for k, v in labels.items()]


def _weekly_choices() -> list[SelectChoice]:
    return _choices(WEEKLY_LABELS)


def check_windows(form: SafeForm) -> bool:
    """Each period row complete and in order, the problem at the field that needs fixing."""
    ok = True
    for n in range(1, WINDOW_ROWS + 1):
        parts = [form[f"window_{n}_{p}"] for p in ("date", "start", "end")]
        if any(f.errors for f in parts):
            continue
        filled = [f.data is not None for f in parts]
        if any(filled) and not all(filled):
            for f, has in zip(parts, filled, strict=True):
                if not has:
                    add_field_error(
                        form, f.name, str(_l("Fill in a date, a start time and an end time."))
                    )
            ok = False
        elif all(filled) and parts[2].data <= parts[1].data:
            add_field_error(
                form, parts[2].name, str(_l("The end time must be after the start time."))
            )
            ok = False
    return ok


def _gender_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Choose…")), *_choices(GENDER_LABELS)]


class PlaceFieldsMixin:
    place_query = StringField(
        _l("Search for your place"),
        description=_l("Type the name of your town or village and press Search."),
        validators=[Optional(), Length(max=80)],
    )
    place_id = RadioField(_l("Choose your place"), choices=[], validators=[Optional()])
    max_distance_km = IntegerField(
        _l("How far do you want to travel at most? (km)"),
        validators=[Optional(), NumberRange(min=1, max=svc.MAX_DISTANCE_KM)],
    )


class WindowFieldsMixin:
    pass


for _n in range(1, WINDOW_ROWS + 1):
    setattr(WindowFieldsMixin, f"window_{_n}_date", DateField(_l("Date"), validators=[Optional()]))
    setattr(WindowFieldsMixin, f"window_{_n}_start", TimeField(_l("From"), validators=[Optional()]))
    setattr(WindowFieldsMixin, f"window_{_n}_end", TimeField(_l("Until"), validators=[Optional()]))


class YouthRequestForm(PlaceFieldsMixin, WindowFieldsMixin, SafeForm):
    not_sure = BooleanField(_l("I'm not sure yet"))
    own_words = TextAreaField(
        _l("In your own words (optional)"),
        description=_l("Only you, the peer expert you choose and a coordinator can read this."),
        validators=[Optional(), Length(max=svc.MAX_OWN_WORDS)],
    )
    hopes = MultiCheckboxField(_l("What do you hope for?"), choices=_choices(HOPE_LABELS))
    languages = MultiCheckboxField(
        _l("In which language(s) do you want to talk?"), choices=_choices(LANGUAGE_LABELS)
    )
    modes = MultiCheckboxField(_l("How do you want to talk?"), choices=_choices(MODE_LABELS))
    gender_preference = RadioField(
        _l("Does the gender of the peer expert matter to you?"),
        choices=[
            SelectChoice("none", _l("No, that does not matter")),
            SelectChoice("same", _l("Yes, the same gender as me")),
            SelectChoice("specific", _l("Yes, namely:")),
        ],
        default="none",
    )
    preferred_gender = SelectField(
        _l("Preferred gender"), choices=_gender_choices(), validators=[Optional()]
    )
    own_gender = SelectField(
        _l("Your gender (optional)"),
        description=_l("Only needed if you choose \u201cthe same gender as me\u201d."),
        choices=_gender_choices(),
        validators=[Optional()],
    )
    prefers_age_close = BooleanField(_l("I prefer someone close to my age"))
    weekly = MultiCheckboxField(_l("Which times usually suit you?"), choices=_weekly_choices())

    #: Set by the page when it asks for the youth's own gender (their account has none yet).
    asks_own_gender = False

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        valid = check_windows(self) and valid
        if self.gender_preference.data == "specific" and not self.preferred_gender.data:
            add_field_error(self, "preferred_gender", str(_l("Choose the gender you prefer.")))
            valid = False
        if (
            self.gender_preference.data == "same"
            and self.asks_own_gender
            and not self.own_gender.data
        ):
            add_field_error(
                self, "own_gender", str(_l("Fill in your gender, or choose another option."))
            )
            valid = False
        return valid


def youth_form_class(groups: list[DomainGroup], locale: str) -> type[YouthRequestForm]:
    """The youth form with one 'not / most important / also' choice per domain."""

    class Form(YouthRequestForm):
        pass

    for group in groups:
        for d in group.domains:
            setattr(
                Form,
                f"domain_{d.id}",
                RadioField(
                    d.youth_label(locale),
                    choices=[
                        SelectChoice("", _l("Not")),
                        SelectChoice(Importance.MOST.value, _l("Most important")),
                        SelectChoice(Importance.ALSO.value, _l("Also")),
                    ],
                    default="",
                    validators=[Optional()],
                ),
            )
    return Form


class GuardianForm(SafeForm):
    guardian_name = StringField(
        _l("Name of your parent or guardian"), validators=[DataRequired(), Length(max=120)]
    )
    guardian_email = EmailField(
        _l("Their email address"),
        validators=[
            DataRequired(),
            Email(message=_l("Enter a valid email address.")),
            Length(max=254),
        ],
    )


class TeamRequestForm(PlaceFieldsMixin, WindowFieldsMixin, SafeForm):
    purpose = RadioField(
        _l("What do you need peer experts for?"),
        choices=_choices(PURPOSE_LABELS),
        validators=[Optional()],
    )
    domains = MultiCheckboxField(_l("Which experiences should they have?"), choices=[])
    peer_experts_wanted = SelectField(
        _l("How many peer experts?"),
        choices=[SelectChoice(str(n), str(n)) for n in range(1, svc.MAX_PEER_EXPERTS + 1)],
        default="1",
    )
    modes = MultiCheckboxField(_l("How will you meet?"), choices=_choices(MODE_LABELS))
    languages = MultiCheckboxField(_l("Language(s)"), choices=_choices(LANGUAGE_LABELS))
    notes = TextAreaField(
        _l("Anything else the peer experts should know? (optional)"),
        description=_l(
            "For example the group, the setting or what you hope for. Only your team, the "
            "peer experts who join and a coordinator can read this. Leave out names of clients."
        ),
        validators=[Optional(), Length(max=svc.MAX_OWN_WORDS)],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return check_windows(self) and valid


class ReferralForm(SafeForm):
    email = EmailField(
        _l("Email address of the young person's account"),
        description=_l(
            "They need a PeerMatch account already. They will see the referral on their page."
        ),
        validators=[
            DataRequired(),
            Email(message=_l("Enter a valid email address.")),
            Length(max=254),
        ],
    )


# --- converting between forms and service inputs ---------------------------------------------


def preselect_language(form: YouthRequestForm | TeamRequestForm, locale: str) -> None:
    """A new request starts with the language of the page ticked (most people choose it)."""
    if locale in LANGUAGE_LABELS:
        form.languages.data = [locale]


def set_place_choices(form: PlaceFieldsMixin, searching: bool) -> None:
    """Offer the matching places (after 'Search') plus the place chosen before."""
    query = form.place_query.data if searching else None
    form.place_id.choices = place_choices(find_places(query, keep=form.place_id.data, limit=10))


def _place_id(form: PlaceFieldsMixin) -> int | None:
    value = form.place_id.data
    return int(value) if value and str(value).isdigit() else None


def _windows(form: WindowFieldsMixin, time_zone: str) -> tuple[svc.TimeWindow, ...]:
    zone = ZoneInfo(time_zone)
    windows = []
    for n in range(1, WINDOW_ROWS + 1):
        day: dt.date | None = getattr(form, f"window_{n}_date").data
        start: dt.time | None = getattr(form, f"window_{n}_start").data
        end: dt.time | None = getattr(form, f"window_{n}_end").data
        if day is None and start is None and end is None:
            continue
        if day is None or start is None or end is None:
            raise InvalidInput("request.error.window_invalid")
        windows.append(
            svc.TimeWindow(
                dt.datetime.combine(day, start, tzinfo=zone),
                dt.datetime.combine(day, end, tzinfo=zone),
            )
        )
    return tuple(windows)


def _fill_windows(form: WindowFieldsMixin, request: ContactRequest, time_zone: str) -> None:
    zone = ZoneInfo(time_zone)
    for n, window in enumerate(svc.windows_of(request)[:WINDOW_ROWS], start=1):
        start, end = window.start.astimezone(zone), window.end.astimezone(zone)
        getattr(form, f"window_{n}_date").data = start.date()
        getattr(form, f"window_{n}_start").data = start.time()
        getattr(form, f"window_{n}_end").data = end.time()


def domain_fields(form: SafeForm, groups: list[DomainGroup]) -> dict[int, Field]:
    return {d.id: form[f"domain_{d.id}"] for g in groups for d in g.domains}


def youth_input(
    form: YouthRequestForm, groups: list[DomainGroup], time_zone: str
) -> svc.YouthRequestInput:
    choices = tuple(
        svc.DomainChoice(domain_id, Importance(f.data))
        for domain_id, f in domain_fields(form, groups).items()
        if f.data in (Importance.MOST.value, Importance.ALSO.value)
    )
    weekly = []
    for value in form.weekly.data or []:
        day, _, part = value.partition("-")
        weekly.append(svc.WeeklyPart(int(day), part))
    return svc.YouthRequestInput(
        domains=choices,
        not_sure=bool(form.not_sure.data),
        own_words=form.own_words.data,
        hopes=tuple(form.hopes.data or ()),
        languages=tuple(form.languages.data or ()),
        modes=tuple(form.modes.data or ()),
        place_id=_place_id(form),
        max_distance_km=form.max_distance_km.data,
        gender_preference=form.gender_preference.data or "none",
        preferred_gender=Gender(form.preferred_gender.data) if form.preferred_gender.data else None,
        own_gender=Gender(form.own_gender.data) if form.own_gender.data else None,
        prefers_age_close=bool(form.prefers_age_close.data),
        weekly=tuple(weekly),
        windows=_windows(form, time_zone),
    )


def fill_youth_form(
    form: YouthRequestForm,
    groups: list[DomainGroup],
    request: ContactRequest,
    own_words: str | None,
    time_zone: str,
) -> None:
    importance = {rd.domain_id: rd.importance.value for rd in request.domains}
    for domain_id, f in domain_fields(form, groups).items():
        f.data = importance.get(domain_id, "")
    form.not_sure.data = request.not_sure
    form.own_words.data = own_words
    form.hopes.data = list(request.hopes)
    form.languages.data = list(request.languages)
    form.modes.data = list(request.modes)
    form.place_id.data = str(request.place_id) if request.place_id else None
    form.max_distance_km.data = request.max_distance_km
    form.gender_preference.data = request.gender_preference
    form.preferred_gender.data = request.preferred_gender.value if request.preferred_gender else ""
    form.prefers_age_close.data = request.prefers_age_close
    form.weekly.data = [f"{w.weekday}-{w.part}" for w in svc.weekly_of(request)]
    _fill_windows(form, request, time_zone)


def team_input(form: TeamRequestForm, time_zone: str) -> svc.TeamRequestInput:
    return svc.TeamRequestInput(
        purpose=form.purpose.data or None,
        domain_ids=tuple(int(v) for v in form.domains.data or () if str(v).isdigit()),
        peer_experts_wanted=int(form.peer_experts_wanted.data or 1),
        windows=_windows(form, time_zone),
        modes=tuple(form.modes.data or ()),
        languages=tuple(form.languages.data or ()),
        place_id=_place_id(form),
        max_distance_km=form.max_distance_km.data,
        notes=form.notes.data,
    )


def fill_team_form(
    form: TeamRequestForm, request: ContactRequest, notes: str | None, time_zone: str
) -> None:
    form.purpose.data = request.purpose
    form.notes.data = notes
    form.domains.data = [str(rd.domain_id) for rd in request.domains]
    form.peer_experts_wanted.data = str(request.peer_experts_wanted)
    form.modes.data = list(request.modes)
    form.languages.data = list(request.languages)
    form.place_id.data = str(request.place_id) if request.place_id else None
    form.max_distance_km.data = request.max_distance_km
    _fill_windows(form, request, time_zone)
