"""The default experience taxonomy that a data migration loads.

Product principle 1: every lived experience counts, so nothing in the data may grade
experiences by severity, and labels speak about experience, not about patients.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

TAXONOMY_FILE = (
    Path(__file__).resolve().parents[3] / "migrations" / "data" / "taxonomy_default.json"
)
FIELDS = {"slug", "parent", "label_nl", "label_en", "youth_label_nl", "youth_label_en", "position"}
LABELS = ("label_nl", "label_en", "youth_label_nl", "youth_label_en")


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _all_keys(value: object) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value] + [k for v in value.values() for k in _all_keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in _all_keys(v)]
    return []


def test_number_of_entries(entries: list[dict[str, Any]]) -> None:
    assert 30 <= len(entries) <= 60


def test_every_entry_has_exactly_the_documented_fields(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        assert set(entry) == FIELDS, entry.get("slug")
        assert isinstance(entry["position"], int)


def test_slugs_are_unique_lowercase_ascii_with_hyphens(entries: list[dict[str, Any]]) -> None:
    slugs = [e["slug"] for e in entries]
    assert len(slugs) == len(set(slugs))
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


def test_parents_exist_and_come_before_their_children(entries: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry["parent"] is not None:
            assert entry["parent"] in seen, entry["slug"]
        seen.add(entry["slug"])


def test_depth_is_at_most_two(entries: list[dict[str, Any]]) -> None:
    parent_of = {e["slug"]: e["parent"] for e in entries}
    for entry in entries:
        if entry["parent"] is not None:
            assert parent_of[entry["parent"]] is None, entry["slug"]


def test_six_or_seven_categories_each_with_children(entries: list[dict[str, Any]]) -> None:
    categories = [e["slug"] for e in entries if e["parent"] is None]
    assert 6 <= len(categories) <= 7
    for category in categories:
        assert any(e["parent"] == category for e in entries), category


def test_positions_order_siblings_without_gaps(entries: list[dict[str, Any]]) -> None:
    by_parent: dict[str | None, list[int]] = {}
    for entry in entries:
        by_parent.setdefault(entry["parent"], []).append(entry["position"])
    for parent, positions in by_parent.items():
        assert sorted(positions) == list(range(1, len(positions) + 1)), parent


def test_every_entry_has_all_four_labels(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        for field in LABELS:
            assert isinstance(entry[field], str), (entry["slug"], field)
            assert entry[field].strip() == entry[field] != "", (entry["slug"], field)


def test_no_field_rates_severity(entries: list[dict[str, Any]]) -> None:
    for key in _all_keys(entries):
        assert "severity" not in key.lower()
        assert "ernst" not in key.lower()


def test_no_label_grades_experiences(entries: list[dict[str, Any]]) -> None:
    grading = re.compile(
        r"\b(licht|lichte|matig|matige|ernstig|ernstige|zwaar|zware|mild|moderate|severe)\b",
        re.IGNORECASE,
    )
    for entry in entries:
        for field in LABELS:
            assert not grading.search(entry[field]), (entry["slug"], entry[field])


def test_youth_labels_are_not_clinical(entries: list[dict[str, Any]]) -> None:
    clinical = re.compile(r"stoornis|patiënt|patient|disorder|diagnos", re.IGNORECASE)
    for entry in entries:
        for field in ("youth_label_nl", "youth_label_en"):
            assert not clinical.search(entry[field]), (entry["slug"], entry[field])


def test_youth_labels_of_domains_speak_in_first_person(entries: list[dict[str, Any]]) -> None:
    dutch = re.compile(r"\b(ik|me|mij|mijn|mezelf)\b", re.IGNORECASE)
    english = re.compile(r"\b(i|i'm|me|my|myself)\b", re.IGNORECASE)
    for entry in entries:
        if entry["parent"] is None:
            continue
        assert dutch.search(entry["youth_label_nl"]), entry["youth_label_nl"]
        assert english.search(entry["youth_label_en"]), entry["youth_label_en"]


def test_core_experiences_are_present(entries: list[dict[str, Any]]) -> None:
    slugs = {e["slug"] for e in entries}
    expected = {
        "anxiety", "depression", "self-harm", "suicidal-thoughts", "adhd", "autism",
        "foster-care", "youth-protection", "bereavement", "bullying", "young-carer",
        "lgbtqia", "gender-identity", "chronic-illness",
    }  # fmt: skip
    assert expected <= slugs
