"""Great-circle distance, because places are only known as lat/lon centroids offline."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km; haversine is exact enough for travel limits within the Netherlands."""
    phi1 = radians(lat1)
    phi2 = radians(lat2)
    dphi = phi2 - phi1
    dlam = radians(lon2 - lon1)
    h = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


class Origin:
    """A fixed point with its trigonometry precomputed, for many distances from it."""

    __slots__ = ("_cos_lat", "_lat", "_lon")

    def __init__(self, lat: float, lon: float) -> None:
        self._lat = radians(lat)
        self._lon = radians(lon)
        self._cos_lat = cos(self._lat)

    def km_at_least(self, lat: float) -> float:
        """A lower bound of `km_to` from the latitudes alone: the great circle is at least
        as long as the difference in latitude along a meridian (haversine's h is at least
        sin²(dphi/2)). Shrunk by a millionth and a millimetre so that rounding (or
        `km_to`'s squares underflowing to 0 for a vanishing difference) can never lift it
        above the distance `km_to` computes: it only says "farther than" when that is so."""
        return EARTH_RADIUS_KM * abs(radians(lat) - self._lat) * 0.999999 - 1e-6

    def km_to(self, lat: float, lon: float) -> float:
        phi = radians(lat)
        h = (
            sin((phi - self._lat) / 2) ** 2
            + self._cos_lat * cos(phi) * sin((radians(lon) - self._lon) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
