"""Timing for the benchmarks: the best of several runs, which a noisy shared machine disturbs
least."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_of(runs: int, func: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``runs`` timings of ``func``, and the result of the last run."""
    times = []
    result: T
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result
