"""Fold place names and queries to one comparable form.

Why: youths type "den haag", "sint odilienberg" or "s hertogenbosch"; the list says
"Den Haag", "Sint Odiliënberg" and "'s-Hertogenbosch". Case, accents, apostrophes and
the hyphen-or-space choice must not decide whether a place is found.
"""

from __future__ import annotations

import unicodedata

_APOSTROPHES = str.maketrans("", "", "'`´‘’ʼ")
_SEPARATORS = str.maketrans({"-": " ", "‐": " ", "‑": " ", "–": " ", ".": " ", ",": " "})


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.translate(_APOSTROPHES).translate(_SEPARATORS)
    return " ".join(plain.split())
