"""Small algorithms on sequences that several layers need, kept pure and in one place."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence of ``values`` (patience sort,
    O(n log n)); among equally long ones, the one patience sorting finds."""
    tails: list[int] = []
    tail_values: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tail_values, value)
        if k:
            previous[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    out: list[int] = []
    i = tails[-1] if tails else -1
    while i >= 0:
        out.append(i)
        i = previous[i]
    return out[::-1]
