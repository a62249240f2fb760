"""Timing for the benchmarks: the best of several runs, in CPU time, which a noisy shared
machine disturbs least (other processes' load stretches the clock, not the work's CPU)."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def cpu() -> float:
    """CPU seconds used so far by this process and by the child processes it has waited for
    (a command run as a process counts whole, as it does on the clock)."""
    # process_time and getrusage count in nanoseconds and microseconds; os.times in 1/100 s
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def best_of(runs: int, func: Callable[[], T]) -> tuple[float, T]:
    """The least CPU time of ``runs`` runs of ``func``, and the result of the last run."""
    times = []
    result: T
    for _ in range(runs):
        start = cpu()
        result = func()
        times.append(cpu() - start)
    return min(times), result
