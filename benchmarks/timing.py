"""Timing for the benchmarks: the best of several runs, in CPU time, which a noisy shared
machine disturbs least (other processes' load stretches the clock, not this process's CPU)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_of(runs: int, func: Callable[[], T]) -> tuple[float, T]:
    """The least CPU time of ``runs`` runs of ``func``, and the result of the last run."""
    times = []
    result: T
    for _ in range(runs):
        start = time.process_time()
        result = func()
        times.append(time.process_time() - start)
    return min(times), result
