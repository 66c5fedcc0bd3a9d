"""Interval arithmetic on sorted, disjoint spans.

The engine works on integer epoch seconds internally (cheap to compare and bisect); the
public helpers take and return `Interval` values.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from peermatch.availability.model import Interval

Span = tuple[int, int]


def floor_seconds(moment: datetime) -> int:
    return math.floor(moment.timestamp())


def ceil_seconds(moment: datetime) -> int:
    return math.ceil(moment.timestamp())


def from_seconds(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Union of spans; touching spans join, because a slot may run across the seam."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract_spans(
    start: int, end: int, blocked: Sequence[Span], blocked_ends: Sequence[int]
) -> list[Span]:
    """[start, end) minus merged `blocked`; `blocked_ends` is its end column, for bisect."""
    pieces: list[Span] = []
    cursor = start
    index = bisect_right(blocked_ends, start)
    count = len(blocked)
    while index < count:
        block_start, block_end = blocked[index]
        if block_start >= end:
            break
        if block_start > cursor:
            pieces.append((cursor, block_start))
        cursor = max(cursor, block_end)
        index += 1
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def clip_spans(
    pieces: Sequence[Span], allowed: Sequence[Span], allowed_ends: Sequence[int]
) -> list[Span]:
    """Parts of `pieces` inside the merged `allowed` spans."""
    result: list[Span] = []
    count = len(allowed)
    for start, end in pieces:
        index = bisect_right(allowed_ends, start)
        while index < count:
            allowed_start, allowed_end = allowed[index]
            if allowed_start >= end:
                break
            low, high = max(start, allowed_start), min(end, allowed_end)
            if low < high:
                result.append((low, high))
            index += 1
    return result


def _to_spans(intervals: Iterable[Interval]) -> list[Span]:
    return [(ceil_seconds(i.start), floor_seconds(i.end)) for i in intervals]


def _to_intervals(spans: Iterable[Span]) -> list[Interval]:
    return [Interval(from_seconds(start), from_seconds(end)) for start, end in spans]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted union; overlapping and touching intervals become one (whole seconds)."""
    return _to_intervals(merge_spans(_to_spans(intervals)))


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Sorted, merged intersection of two sets of intervals."""
    left = merge_spans(_to_spans(a))
    right = merge_spans(_to_spans(b))
    return _to_intervals(clip_spans(left, right, [end for _, end in right]))
