"""The colour tokens keep WCAG AA contrast, so a palette tweak cannot quietly make text unreadable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "peermatch/static/css/app.css"
AA_TEXT = 4.5

#: (text token, background token) pairs that appear together on pages.
PAIRS = [
    ("pm-ink", "pm-bg"),
    ("pm-ink", "pm-surface"),
    ("pm-ink", "pm-surface-warm"),
    ("pm-ink-muted", "pm-bg"),
    ("pm-ink-muted", "pm-surface"),
    ("pm-link", "pm-bg"),
    ("pm-link", "pm-surface"),
    ("pm-accent-ink", "pm-accent"),
    ("pm-accent-ink", "pm-accent-hover"),
    ("pm-success-ink", "pm-success-bg"),
    ("pm-warning-ink", "pm-warning-bg"),
    ("pm-info-ink", "pm-info-bg"),
    ("pm-danger-ink", "pm-danger-bg"),
    ("pm-neutral-ink", "pm-neutral-bg"),
    ("pm-neutral-ink", "pm-bg"),
    ("pm-ink", "pm-neutral-bg"),  # secondary buttons
]


def _tokens() -> dict[str, str]:
    return dict(re.findall(r"--(pm-[a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_tokens_have_aa_contrast_on_their_backgrounds(text: str, background: str) -> None:
    tokens = _tokens()
    ratio = contrast(tokens[text], tokens[background])
    assert ratio >= AA_TEXT, f"{text} on {background}: {ratio:.2f}"


def test_initials_on_every_avatar_colour_are_readable() -> None:
    tokens = _tokens()
    avatars = re.findall(r"\.avatar-c\d \{ background: (#[0-9a-fA-F]{6}); \}", CSS.read_text())
    assert len(avatars) == 8
    for colour in avatars:
        assert contrast(tokens["pm-ink"], colour) >= AA_TEXT, colour
