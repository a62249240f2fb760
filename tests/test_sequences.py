"""Tests for editplan.core.sequences: the one longest increasing subsequence."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from editplan.core.sequences import longest_increasing


def longest_length(values: list[int]) -> int:
    """The length by the quadratic definition, as an independent check."""
    best = [1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)


@given(st.lists(st.integers(-20, 20), max_size=40))
def test_it_is_increasing_and_as_long_as_any(values: list[int]) -> None:
    indices = longest_increasing(values)
    assert indices == sorted(set(indices))
    picked = [values[i] for i in indices]
    assert all(a < b for a, b in pairwise(picked))
    assert len(indices) == longest_length(values)


def test_examples() -> None:
    assert longest_increasing([]) == []
    assert longest_increasing([3, 1, 2]) == [1, 2]
    assert longest_increasing([2, 2, 2]) == [2]
