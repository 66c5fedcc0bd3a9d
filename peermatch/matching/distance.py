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

    def km_to(self, lat: float, lon: float) -> float:
        phi = radians(lat)
        h = (
            sin((phi - self._lat) / 2) ** 2
            + self._cos_lat * cos(phi) * sin((radians(lon) - self._lon) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
