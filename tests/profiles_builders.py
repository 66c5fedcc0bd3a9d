"""Moved to ``tests.factories.profiles``; kept so tests written before the move still import."""

from tests.factories.profiles import NOW, add_entry, complete_draft

__all__ = ["NOW", "add_entry", "complete_draft"]
