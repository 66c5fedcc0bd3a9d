"""Well-known Dutch names that differ from the name in the places list.

People type what they say: "Den Bosch", not "'s-Hertogenbosch". Keys are the alias as
written; values are GeoNames ids, so renaming a place in the data cannot silently break
an alias (a test checks every id exists).
"""

from __future__ import annotations

from typing import Final

ALIASES: Final[dict[str, int]] = {
    "Den Bosch": 2747351,  # 's-Hertogenbosch
    "'s-Gravenhage": 2747373,  # Den Haag
    "The Hague": 2747373,  # Den Haag
}
