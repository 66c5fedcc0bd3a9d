"""Place search for every form that asks where someone lives (profile and request).

One helper so both pages find, order and label places the same way, through the one
catalogue search (``peermatch.places.search_places``).
"""

from __future__ import annotations

from wtforms import SelectChoice

from peermatch.places import Place, get_place, search_places

#: How many matches a page offers to pick from.
OFFERED = 8


def find_places(query: str | None, *, keep: object = None, limit: int = OFFERED) -> list[Place]:
    """The places matching ``query``, with the place chosen before (``keep``, an id as the
    form holds it) first, so a re-shown form never loses what was picked."""
    places: list[Place] = []
    if keep is not None and str(keep).isdigit():
        chosen = get_place(int(str(keep)))
        if chosen is not None:
            places.append(chosen)
    needle = (query or "").strip()
    if needle:
        places.extend(p for p in search_places(needle, limit=limit) if p not in places)
    return places


def place_choices(places: list[Place]) -> list[SelectChoice]:
    """Options for a place ``<select>``: the province tells same-named places apart."""
    return [SelectChoice(str(p.id), f"{p.name} ({p.province})") for p in places]
