"""Dutch places (GeoNames, CC BY 4.0) for choosing where someone lives."""

from peermatch.places.catalogue import Place, all_places, get_place, search_places

__all__ = ["Place", "all_places", "get_place", "search_places"]
