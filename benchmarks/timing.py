"""Timing for the benchmarks: the best of several runs, in CPU time, which a noisy shared
machine disturbs least (other processes' load stretches the clock, not the work's CPU); whole
processes as a user runs them; the check that the machine is quiet enough to measure; and
resident memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@localhost",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@localhost",
}


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


class Processes:
    """Commands run as whole processes, as a user runs them, against one checkout of editplan
    (``root``, first on the path), each compiled once (as an installed package has its
    bytecode): their clock and CPU seconds, the CPU counted from the child processes they
    waited for (git too)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pycache = tempfile.mkdtemp(prefix="editplan-bench-pycache-")
        self.env = {
            **os.environ, **GIT_ENV, "PYTHONPATH": str(root), "PYTHONPYCACHEPREFIX": self.pycache
        }  # fmt: skip
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def run(self, args: Sequence[str], cwd: Path) -> tuple[float, float]:
        """Clock and CPU seconds of one process, which must succeed."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(args, cwd=cwd, env=self.env, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr.decode()}")
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    def best(
        self, runs: int, args: Sequence[str], cwd: Path, *, before: Callable[[], None] | None = None
    ) -> tuple[float, float]:
        """The least clock and the least CPU seconds of ``runs`` runs; ``before`` (not timed)
        readies each run."""
        times = []
        for _ in range(runs):
            if before is not None:
                before()
            times.append(self.run(args, cwd))
        return min(t[0] for t in times), min(t[1] for t in times)

    def against(
        self,
        runs: int,
        case: Sequence[str],
        unit: Sequence[str],
        cwd: Path,
        *,
        before: Callable[[], None] | None = None,
    ) -> tuple[tuple[float, float], tuple[float, float]]:
        """The best clock and CPU seconds of ``case`` and of ``unit``, their runs taken in
        turn, so that a load that comes and goes during the run weighs on both alike."""
        cases, units = [], []
        for _ in range(runs):
            if before is not None:
                before()
            cases.append(self.run(case, cwd))
            units.append(self.run(unit, cwd))
        best = (lambda ts: (min(t[0] for t in ts), min(t[1] for t in ts)))  # noqa: E731
        return best(cases), best(units)

    def python(self, runs: int) -> tuple[float, float]:
        """``python -c pass``: the interpreter's own start, the unit of the start-up ratios."""
        return self.best(runs, [sys.executable, "-c", "pass"], self.root)

    def quiet(self, runs: int = 5, tolerance: float = 0.25) -> tuple[float, float]:
        """Clock and CPU seconds of ``python -c pass`` (best of two series of ``runs``), after
        checking that the two series' CPU times agree within ``tolerance``; exits non-zero,
        saying why, when they do not (the machine is too loaded for ratios to mean anything)."""
        first, second = self.python(runs), self.python(runs)
        print(f"python -c pass, two series of {runs}: {first[1] * 1000:.1f} and "
              f"{second[1] * 1000:.1f} ms CPU, {first[0] * 1000:.1f} and "
              f"{second[0] * 1000:.1f} ms clock")  # fmt: skip
        refuse_if_loaded(first[1], second[1], tolerance)
        return min(first[0], second[0]), min(first[1], second[1])


def refuse_if_loaded(first: float, second: float, tolerance: float, when: str = "") -> None:
    """Exit non-zero, saying why, when two CPU times of ``python -c pass`` are more than
    ``tolerance`` apart: the machine is too loaded for the ratios to mean anything."""
    if abs(first - second) > tolerance * min(first, second):
        sys.exit(
            f"REFUSED: the machine is too loaded to measure{when}: two series of `python -c "
            f"pass` took {first * 1000:.1f} and {second * 1000:.1f} ms of CPU, more than "
            f"{tolerance:.0%} apart; no ratio printed would mean anything, run again when it "
            "is quieter"
        )


def fast_import(repo: Path, stream: list[bytes]) -> None:
    """A repository at ``repo`` made from a ``git fast-import`` stream, its main checked out:
    a long generated history in seconds, as the history benchmarks need."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)


def peak_rss_kb() -> int:
    """The peak resident memory of this process so far, in kB (Linux's VmHWM)."""
    return _status("VmHWM:")


def rss_kb() -> int:
    """The resident memory of this process now, in kB."""
    return _status("VmRSS:")


def reset_peak() -> None:
    """Start counting the peak resident memory again from now (Linux 4.0 on)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def _status(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")
