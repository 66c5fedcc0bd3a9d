"""Internationalisation: Dutch first, English second."""
