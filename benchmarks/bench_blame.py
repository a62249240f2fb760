"""Benchmark: ``blame`` of an element with 200 versions, in process.

Run: python benchmarks/bench_blame.py [--versions N]
Builds a repository whose plan file (the LG-14 plan) has 2,000 commits made as ``apply``
makes them (Editplan-* trailers, the patch file beside the plan), each changing one element
by a word or two (every 10th the target, so 200 of them), through git fast-import. Prints the
CPU time of ``api.blame`` of the target the first time (it makes the history index and reads
the plan of each version that changed the target), then with the index (best of five; goal:
under 0.1 s), then of ``log TARGET`` with the index beside it, and ``editplan blame TARGET``
as a whole process against ``python -c pass``, all in the same run. Stops first if the
machine is too loaded to measure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
GOAL = 0.1  # seconds of CPU for blame with the index


def edit(rng: random.Random, text: str, word: str) -> str:
    """Replace a word, insert one, or (when long) delete one."""
    words = text.split()
    roll = rng.random()
    if len(words) > 24 or (roll < 0.2 and len(words) > 6):
        del words[rng.randrange(len(words))]
    elif roll < 0.6:
        words[rng.randrange(len(words))] = word
    else:
        words.insert(rng.randrange(len(words) + 1), word)
    return " ".join(words)


def build(repo: Path, versions: int) -> None:
    """A repository whose plan file changes in each of ``versions`` commits."""
    rng = random.Random(7)
    plan_file = files.read_plan(ROOT / "plans" / "cb-action-plan.yaml")
    plan = plan_file.plan.model_copy(deep=True)
    places = plan.locate()
    ids = [i for i in places if i != "a5.ka1"]
    stream: list[bytes] = []
    for n in range(versions):
        element_id = "a5.ka1" if n % 10 == 0 else rng.choice(ids)
        place = places[element_id]
        word = f"word{n}"
        place.item.text = edit(rng, place.item.text, word)
        plan.version = f"v{n}"
        data = plan_file.render(plan).encode()
        patch = json.dumps({"id": f"s{n}", "title": f"Set {n}", "author": f"Body {n % 7}",
                            "amendments": [{"id": "1", "op": "replace", "target": f"#{element_id}",
                                            "phrase": "x", "by": word, "status": "agreed",
                                            "quote": f"item 1 of set {n}"}]}).encode()  # fmt: skip
        message = (
            f"Apply s{n}: generated\n\nEditplan-Set: s{n}\n"
            f"Editplan-Set-File: amendments/s{n}.yaml\nEditplan-Source: BENCH/{n}\n"
            f"Editplan-Author: Body {n % 7}\n"
            f"Editplan-Amendments: 1\nEditplan-Change: 1 {element_id}\n"
        ).encode()
        stream += [
            b"commit refs/heads/main\n",
            f"committer Bench <bench@localhost> {1_600_000_000 + n} +0000\n".encode(),
            b"data %d\n" % len(message),
            message,
            b"M 100644 inline plans/cb-action-plan.yaml\n",
            b"data %d\n" % len(data),
            data,
            f"M 100644 inline amendments/s{n}.yaml\n".encode(),
            b"data %d\n" % len(patch),
            patch,
            b"\n",
        ]
    fast_import(repo, stream)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=2_000)
    versions = parser.parse_args().versions
    baseline = check_quiet()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "history"
        build(repo, versions)
        ws = api.Workspace.open(repo)

        def best(runs: int, func) -> tuple[float, float]:
            return min((wall_and_cpu(func) for _ in range(runs)), key=lambda t: t[1])

        first = wall_and_cpu(lambda: api.blame(ws, TARGET))
        warm = best(5, lambda: api.blame(ws, TARGET))
        log = best(5, lambda: api.log(ws, TARGET))
        [element] = api.blame(ws, TARGET).elements
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "editplan", "blame", TARGET]
        process = best(3, lambda: subprocess.run(command, cwd=repo, check=True,
                                                 capture_output=True, env=env))  # fmt: skip
        changes = len(api.log(ws, TARGET))
    print(f"history: {versions} versions of the LG-14 plan, {changes} change the target; its "
          f"wording has {len(element.runs)} runs from {len(element.sources)} sources")  # fmt: skip
    row = "{:<44}{:>9.1f} ms CPU {:>9.1f} ms clock"
    print(row.format("api.blame, first (makes the index):", first[1] * 1000, first[0] * 1000))
    print(row.format("api.blame, with the index:", warm[1] * 1000, warm[0] * 1000))
    print(row.format("api.log TARGET, with the index:", log[1] * 1000, log[0] * 1000))
    ratio = f"  {process[1] / baseline:.1f}x python -c pass ({baseline * 1000:.1f} ms)"
    print(row.format("editplan blame TARGET (process):", process[1] * 1000, process[0] * 1000)
          + ratio)  # fmt: skip
    verdict = "met" if warm[1] < GOAL else "NOT MET"
    print(f"goal: blame of an element with 200 versions, with the index, under {GOAL} s: {verdict}")
    if warm[1] >= GOAL:
        sys.exit(1)


if __name__ == "__main__":
    main()
