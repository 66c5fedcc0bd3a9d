"""Shared vocabularies (plain data): the codes that profiles, requests and matching compare.

One list, so a youth can only ask for a language a peer expert can offer.
"""

from __future__ import annotations

#: ISO 639 codes of the languages people can choose, Dutch and English first, then the
#: languages most spoken at home by young people in the Netherlands.
LANGUAGES: tuple[str, ...] = (
    "nl", "en", "ar", "tr", "pl", "fy", "pap", "tzm", "so", "ti", "uk", "es", "fr", "de",
)  # fmt: skip
