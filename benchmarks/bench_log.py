"""Benchmark: ``editplan log TARGET`` on a generated history of 1,000 versions.

Run: python benchmarks/bench_log.py
Builds a repository whose plan file (the LG-14 plan) has 1,000 commits, each changing one
element (every 10th the target), with Editplan-Change trailers, through git fast-import.
Prints the time of ``editplan log TARGET`` and of ``editplan log`` beside the time git itself
takes to list the file's commits, and their ratios, in the same run: all three as whole
processes, as a user runs them (editplan's start and imports included, as git's are).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from editplan import api
from editplan.store import files

sys.path.insert(0, str(Path(__file__).parent))
from timing import best_of

VERSIONS = 1_000
ROOT = Path(__file__).resolve().parent.parent
TARGET = "Goal A.5, key area (1)"


def build(repo: Path) -> None:
    """A repository whose plan file changes in each of VERSIONS commits."""
    plan_file = files.read_plan(ROOT / "plans" / "cb-action-plan.yaml")
    plan = plan_file.plan.model_copy(deep=True)
    ids = list(plan.locate())
    stream: list[bytes] = []
    for n in range(VERSIONS):
        element_id = "a5.ka1" if n % 10 == 0 else ids[n % len(ids)]
        place = plan.locate()[element_id]
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
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "history"
        build(repo)
        plan = repo / "plans" / "cb-action-plan.yaml"
        events = api.log(api.Workspace.open(repo), TARGET, plan=plan)
        assert len(events) >= VERSIONS // 10, len(events)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}

        def process(*args: str) -> None:
            subprocess.run(args, cwd=repo, check=True, capture_output=True, env=env)

        editplan = [sys.executable, "-m", "editplan", "log"]
        git_log, _ = best_of(3, lambda: process(
            "git", "log", "--format=%H", "--", "plans/cb-action-plan.yaml"))  # fmt: skip
        versions, _ = best_of(3, lambda: process(*editplan))
        target, _ = best_of(3, lambda: process(*editplan, TARGET))
    print(f"history: {VERSIONS} versions of the LG-14 plan ({len(events)} change the target)")
    print(f"git log -- plan (baseline): {git_log * 1000:8.1f} ms")
    print(f"editplan log:               {versions * 1000:8.1f} ms  ({versions / git_log:.1f}x git)")
    print(f"editplan log TARGET:        {target * 1000:8.1f} ms  ({target / git_log:.1f}x git)")
    print(f"per version:                {target / VERSIONS * 1000:8.2f} ms")


if __name__ == "__main__":
    sys.exit(main())
