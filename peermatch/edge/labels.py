"""Translated labels for shared vocabularies, used by every form that offers them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LANGUAGE_LABELS = {
    "nl": _l("Dutch"),
    "en": _l("English"),
    "ar": _l("Arabic"),
    "tr": _l("Turkish"),
    "pl": _l("Polish"),
    "fy": _l("Frisian"),
    "pap": _l("Papiamento"),
    "tzm": _l("Berber (Tamazight)"),
    "so": _l("Somali"),
    "ti": _l("Tigrinya"),
    "uk": _l("Ukrainian"),
    "es": _l("Spanish"),
    "fr": _l("French"),
    "de": _l("German"),
}
MODE_LABELS = {
    "video": _l("Video call"),
    "phone": _l("Phone"),
    "chat": _l("Chat"),
    "in_person": _l("In person"),
}

HOPE_LABELS = {
    "one_talk": _l("One talk"),
    "few_talks": _l("A few talks"),
    "tips": _l("Tips from someone who has been there"),
    "go_along": _l("Someone to go along to a first appointment"),
    "other": _l("Something else"),
}
PURPOSE_LABELS = {
    "intervision": _l("Intervision"),
    "training_session": _l("A training session"),
    "co_facilitating_group": _l("Co-facilitating a group"),
    "case_consultation": _l("Case consultation"),
}
