"""Benchmark: the CPU of one TAB that completes a target, as the shell runs it.

Run: python benchmarks/bench_completion.py
One TAB is one whole process (``python -m editplan`` with ``_EDITPLAN_COMPLETE=bash_complete``,
COMP_WORDS and COMP_CWORD, as editplan's bash script sets them): ``editplan show Goal A.1``
completed in a workspace holding the LG-14 example plan, and in one holding a generated
20,000-element plan (4 MB), beside a TAB that completes a SET (no plan read), ``editplan
--version`` and ``python -c pass``, all in the same run. CPU time of the child processes, the
best of several runs: what a user waits for on a loaded machine is this, stretched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from editplan import api
from editplan.store import yamlio

sys.path.insert(0, str(Path(__file__).parent))
from generate import make_plan
from timing import best_of

RUNS = 7
EDITPLAN = (sys.executable, "-m", "editplan")


def tab(folder: Path, *words: str) -> float:
    """One TAB at the end of ``editplan WORDS`` (the last word being typed), as bash asks."""
    env = {
        **os.environ,
        "_EDITPLAN_COMPLETE": "bash_complete",
        "COMP_WORDS": "\n".join(["editplan", *words]),
        "COMP_CWORD": str(len(words)),
    }
    done = subprocess.run(
        EDITPLAN, cwd=folder, env=env, capture_output=True, check=True
    )
    assert done.stdout.strip(), f"nothing offered for {words}"
    return 0.0


def process(folder: Path, *args: str) -> float:
    subprocess.run(args, cwd=folder, capture_output=True, check=True)
    return 0.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example"
        api.init(example, example=True).close()
        large = Path(tmp) / "large"
        api.init(large).close()
        plan = make_plan(20_000)
        text = yamlio.emit(plan.model_dump(mode="json", exclude_none=True))
        (large / "plans" / "plan.yaml").write_text(text, encoding="utf-8")
        first = plan.areas[0].goals[0].label
        typed = first.replace(" ", "\\ ")
        rows = [
            ("python -c pass", lambda: process(example, sys.executable, "-c", "pass")),
            ("editplan --version", lambda: process(example, *EDITPLAN, "--version")),
            ("TAB: a SET (apply amend)", lambda: tab(example, "apply", "amend")),
            ("TAB: show Goal A.1, example plan", lambda: tab(example, "show", "Goal\\ A.1")),
            (f"TAB: show {first}, 20,000 elements", lambda: tab(large, "show", typed)),
            ("TAB: show #, 20,000 elements", lambda: tab(large, "show", "\\#")),
        ]
        print(f"plan of 20,000 elements: {len(text) / 1e6:.1f} MB; best of {RUNS} runs, CPU")
        base = None
        for label, run in rows:
            seconds, _ = best_of(RUNS, run)
            base = base or seconds
            print(f"  {label:<40} {seconds * 1000:7.0f} ms  {seconds / base:5.1f}x python")


if __name__ == "__main__":
    main()
