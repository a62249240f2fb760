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


def wall_and_cpu(func: Callable[[], object]) -> tuple[float, float]:
    """The clock time and the CPU time (this process and its children) of one run."""
    start_wall, start_cpu = time.perf_counter(), cpu()
    func()
    return time.perf_counter() - start_wall, cpu() - start_cpu


def check_quiet(runs: int = 5, spread: float = 1.5, stretch: float = 3.0) -> float:
    """Refuse to measure on a machine too loaded for it: run ``python -c pass`` in two rounds
    of ``runs`` and stop (SystemExit, saying why) when the rounds' best CPU times differ by
    more than ``spread`` times, or when the best run's clock time is more than ``stretch``
    times its CPU time (the process waited for a core). The best CPU time otherwise."""
    import subprocess
    import sys

    def once() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    rounds = [[wall_and_cpu(once) for _ in range(runs)] for _ in range(2)]
    best = [min(r, key=lambda t: t[1]) for r in rounds]
    cpus = [b[1] for b in best]
    walls = [b[0] for b in best]
    print(
        f"python -c pass, two rounds: CPU {cpus[0] * 1000:.1f} / {cpus[1] * 1000:.1f} ms, "
        f"clock {walls[0] * 1000:.1f} / {walls[1] * 1000:.1f} ms"
    )
    if max(cpus) > spread * min(cpus) or min(walls) > stretch * min(cpus):
        raise SystemExit(
            "the machine is too loaded to measure: two rounds of python -c pass took "
            f"{cpus[0] * 1000:.1f} and {cpus[1] * 1000:.1f} ms of CPU (at most {spread}x "
            f"apart) and {min(walls) * 1000:.1f} ms of clock at best (at most {stretch}x its "
            "CPU); run again when it is quieter"
        )
    return min(cpus)
