"""Matching pages: candidate cards, proposals, approval queue and batch matching."""
