"""Great-circle distance, because places are only known as lat/lon centroids offline."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088
#: `Origin.km_at_least` shrinks its bound by this factor and this many km (see there)
BOUND_SHRINK = 0.999999
BOUND_SLACK_KM = 1e-6


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km; haversine is exact enough for travel limits within the Netherlands."""
    phi1 = radians(lat1)
    phi2 = radians(lat2)
    dphi = phi2 - phi1
    dlam = radians(lon2 - lon1)
    h = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


class Origin:
    """A fixed point with its trigonometry precomputed, for many distances from it.

    Its latitude in radians is public because ranking evaluates `km_at_least`'s
    expression inline for thousands of candidates (a call each costs more than the
    arithmetic); it must stay that expression."""

    __slots__ = ("_cos_lat", "_lon", "lat_radians")

    def __init__(self, lat: float, lon: float) -> None:
        self.lat_radians = radians(lat)
        self._lon = radians(lon)
        self._cos_lat = cos(self.lat_radians)

    def km_at_least(self, lat: float) -> float:
        """A lower bound of `km_to` from the latitudes alone: the great circle is at least
        as long as the difference in latitude along a meridian (haversine's h is at least
        sin²(dphi/2)). Shrunk by a millionth and a millimetre so that rounding (or
        `km_to`'s squares underflowing to 0 for a vanishing difference) can never lift it
        above the distance `km_to` computes: it only says "farther than" when that is so."""
        return (
            EARTH_RADIUS_KM * abs(radians(lat) - self.lat_radians) * BOUND_SHRINK - BOUND_SLACK_KM
        )

    def km_to(self, lat: float, lon: float) -> float:
        phi = radians(lat)
        h = (
            sin((phi - self.lat_radians) / 2) ** 2
            + self._cos_lat * cos(phi) * sin((radians(lon) - self._lon) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
