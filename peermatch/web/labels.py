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
