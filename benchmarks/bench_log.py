"""Benchmark: ``editplan log TARGET`` on a generated history of 10,000 versions.

Run: python benchmarks/bench_log.py [--versions N]
Builds a repository whose plan file (the LG-14 plan) has 10,000 commits, each changing one
element (every 10th the target), with Editplan-Change trailers, through git fast-import.
Prints, as whole processes (editplan's start and imports included, as git's are), in CPU time
(the best of three; the clock time beside it): ``editplan log TARGET`` the first time (it makes
the history index, and reads the plan of each version that changed the target) and then with
the index (goal: under 1 s), and ``editplan log``, against ``git log`` of the plan file, and
their ratios, in the same run. Stops first if the machine is too loaded to measure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from editplan import api
from editplan.store import files

sys.path.insert(0, str(Path(__file__).parent))
from timing import check_quiet, fast_import, wall_and_cpu

ROOT = Path(__file__).resolve().parent.parent
TARGET = "Goal A.5, key area (1)"
GOAL = 1.0  # seconds of CPU for log TARGET with the index


def build(repo: Path, versions: int) -> None:
    """A repository whose plan file changes in each of ``versions`` commits."""
    plan_file = files.read_plan(ROOT / "plans" / "cb-action-plan.yaml")
    plan = plan_file.plan.model_copy(deep=True)
    places = plan.locate()
    ids = list(places)
    stream: list[bytes] = []
    for n in range(versions):
        element_id = "a5.ka1" if n % 10 == 0 else ids[n % len(ids)]
        place = places[element_id]
        place.item.text = f"{place.item.text.split(' (rev')[0]} (rev {n})"
        plan.version = f"v{n}"
        data = plan_file.render(plan).encode()
        message = (
            f"Apply s{n}: generated\n\nEditplan-Set: s{n}\nEditplan-Amendments: {n}(a)\n"
            f"Editplan-Change: {n}(a) {element_id}\n"
        ).encode()
        stream += [
            b"commit refs/heads/main\n",
            f"committer Bench <bench@localhost> {1_600_000_000 + n} +0000\n".encode(),
            b"data %d\n" % len(message),
            message,
            b"M 100644 inline plans/cb-action-plan.yaml\n",
            b"data %d\n" % len(data),
            data,
            b"\n",
        ]
    fast_import(repo, stream)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=10_000)
    versions = parser.parse_args().versions
    baseline = check_quiet()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "history"
        build(repo, versions)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}

        def process(*args: str) -> None:
            subprocess.run(args, cwd=repo, check=True, capture_output=True, env=env)

        def best(func) -> tuple[float, float]:
            runs = [wall_and_cpu(func) for _ in range(3)]
            return min(runs, key=lambda t: t[1])

        editplan = [sys.executable, "-m", "editplan", "log"]
        first = wall_and_cpu(lambda: process(*editplan, TARGET))
        git_log = best(lambda: process("git", "log", "--format=%H", "--",
                                       "plans/cb-action-plan.yaml"))  # fmt: skip
        target = best(lambda: process(*editplan, TARGET))
        plain = best(lambda: process(*editplan))
        events = api.log(api.Workspace.open(repo), TARGET)
    row = "{:<38}{:>9.1f} ms CPU {:>9.1f} ms clock  {}"
    print(f"history: {versions} versions of the LG-14 plan ({len(events)} change the target)")
    print(f"{'python -c pass:':<38}{baseline * 1000:>9.1f} ms CPU")
    print(row.format("git log -- plan (baseline):", git_log[1] * 1000, git_log[0] * 1000, ""))
    for name, (wall, cpu) in (
        ("editplan log TARGET, first (index):", first),
        ("editplan log TARGET, with the index:", target),
        ("editplan log:", plain),
    ):
        print(row.format(name, cpu * 1000, wall * 1000, f"{cpu / git_log[1]:6.1f}x git"))
    verdict = "met" if target[1] < GOAL else "NOT MET"
    print(f"goal: log TARGET with the index under {GOAL:.0f} s of CPU: {verdict}")
    if target[1] >= GOAL:
        sys.exit(1)


if __name__ == "__main__":
    main()
