"""Benchmark: the desk (``editplan serve``), as a process, on loopback.

Run: python benchmarks/bench_serve.py [--clients 20] [--seconds 30] [--elements 20000]

1. Start-up: ``editplan serve --port 0`` in the example workspace and in a workspace of a
   generated plan of ``--elements`` elements, until it prints its URL and until its first
   page answers (the goal: under 2 s to listen), against ``python -c pass``.
2. Load: ``--clients`` clients at once for ``--seconds``, reading the plan, elements and the
   round and deciding proposals (see desk_load.py); then the checks (no error, no decision
   lost, every commit whole) and each request's latency percentiles.
3. A large plan: every kind of page of the generated plan (the plan's index, a goal, an
   element with who wrote every word, its history and proposals (one a set reworded, one
   never changed), the versions, a comparison of one goal, the round): the first time (what
   the page makes from the history and the round is not kept yet; the plan itself is read at
   start-up; the history index is made by the first element page, as no command made it
   before) and the median of 5 after (the goal: 300 ms).
Everything runs on this machine (127.0.0.1); every loop ends by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import desk_load  # noqa: E402
from generate import make_plan  # noqa: E402

from editplan import api  # noqa: E402


def start(root: Path) -> tuple[subprocess.Popen[str], str, float, float]:
    """The server as a process: it, its URL, seconds until it printed the URL (listening),
    and until its first page answered."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "editplan", "serve", "--port", "0"], cwd=root, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    listening = time.perf_counter() - began
    requests.get(url + "plan", timeout=300).raise_for_status()
    return proc, url, listening, time.perf_counter() - began


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=60)


def baseline() -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - began


def large_workspace(folder: Path, elements: int) -> tuple[Path, dict[str, str]]:
    """A workspace of a generated plan with three versions (a set of 50 amendments applied,
    then another) and a third set proposed; and what the pages will ask for."""
    from editplan.store import files, yamlio

    root = folder / "large"
    api.init(root).close()
    plan = make_plan(elements)
    path = root / "plans" / "generated.yaml"
    path.write_text(yamlio.emit(plan.model_dump(mode="json", exclude_none=True)), "utf-8")
    (root / "plans/.keep").unlink()
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "A generated plan"], cwd=root, check=True)
    current = plan
    for n in range(3):
        set_path = root / "amendments" / f"s{n}.yaml"
        set_path.write_text(_rephrasing(current, f"s{n}", n), "utf-8")
        if n < 2:
            with api.Workspace.open(root) as ws:
                api.apply(ws, set_path, docs=False)
            current = files.read_plan(path).plan
        else:
            subprocess.run(["git", "add", "-A"], cwd=root, check=True)
            subprocess.run(["git", "commit", "-qm", "A proposed set"], cwd=root, check=True)
    units = [u for _, u in current.units()]
    unit = units[0]
    element = unit.key_areas[0].id  # reworded by the first set
    untouched = units[-1].activities[-1].id if units[-1].activities else units[-1].key_areas[-1].id
    shas = subprocess.run(["git", "log", "--format=%H", "--", "plans/generated.yaml"], cwd=root,
                          capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    changed = _changed_goal(root, shas[1], shas[0])
    return root, {
        "the plan's index": "/plan",
        "a goal": f"/plan/{unit.id}",
        "an element a set reworded": f"/element/{element}",
        "an element never changed": f"/element/{untouched}",
        "the versions": "/versions",
        "a comparison of one goal": f"/compare?from={shas[1]}&to={shas[0]}&goal={changed}",
        "its tracked page": f"/compare/page?from={shas[1]}&to={shas[0]}&goal={changed}",
        "the round": "/round",
    }


def _rephrasing(plan: object, set_id: str, n: int, count: int = 50) -> str:
    """A patch file rewording ``count`` elements spread over the plan (the n-th of each goal's
    key areas, so that each set touches its own), against the plan as it is."""
    from editplan.store import yamlio

    units = [u for _, u in plan.units()]  # type: ignore[attr-defined]
    step = max(1, len(units) // count)
    amendments = [
        {"id": str(k + 1), "target": f"#{u.key_areas[n].id}", "op": "rephrase",
         "text": f"Wording {k + 1} of set {set_id} for {u.key_areas[n].id}"}
        for k, u in enumerate(units[::step][:count])
    ]  # fmt: skip
    return yamlio.emit({
        "id": set_id, "title": f"Set {set_id}", "author": f"Body {n}", "date": "2020-05-01",
        "source": {"document": f"B/{n}"}, "plan": "../plans/generated.yaml",
        "base": plan.version, "amendments": amendments,  # type: ignore[attr-defined]
    })  # fmt: skip


def _changed_goal(root: Path, old: str, new: str) -> str:
    with api.Workspace.open(root) as ws:
        before, after = api.plan_at(ws, old), api.plan_at(ws, new)
    units = {u.id: u for _, u in before.units()}
    return next(u.id for _, u in after.units() if units.get(u.id) != u)


def page_times(url: str, path: str, runs: int = 5) -> tuple[float, float]:
    """A page's first time (what it makes is not kept yet) and its median time after."""
    session = requests.Session()
    began = time.perf_counter()
    session.get(url + path.lstrip("/"), timeout=600).raise_for_status()
    first = time.perf_counter() - began
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        session.get(url + path.lstrip("/"), timeout=600).raise_for_status()
        times.append(time.perf_counter() - began)
    return first, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--elements", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        example = folder / "example"
        api.init(example, example=True).close()
        desk_load.prepare(example, args.clients)
        python = baseline()
        print(f"python -c pass: {python:.2f} s")

        proc, url, listening, first = start(example)
        ratio = listening / python
        print(f"start-up, example plan: listening after {listening:.2f} s ({ratio:.1f}x "
              f"python -c pass), first page after {first:.2f} s")  # fmt: skip
        before = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=example,
                                    capture_output=True, text=True).stdout)  # fmt: skip
        outcome = desk_load.run(url, args.clients, args.seconds)
        stop(proc)
        assert outcome.errors == [], outcome.errors[:5]
        counts = desk_load.check(example, outcome, before)
        print(f"load: {args.clients} clients for {args.seconds:.0f} s: no error; "
              f"{counts['decisions']} decisions, each one whole commit; "
              f"{counts['refused']} refused as stale (two clients share one set)")  # fmt: skip
        print(f"  {'request':<22}{'n':>6}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}  (seconds)")
        for kind, p in outcome.percentiles().items():
            print(f"  {kind:<22}{p['n']:>6}{p['p50']:>8.3f}{p['p90']:>8.3f}{p['p99']:>8.3f}"
                  f"{p['max']:>8.3f}")  # fmt: skip

        print(f"\nbuilding a workspace of {args.elements:,} elements with three versions ...")
        root, pages = large_workspace(folder, args.elements)
        proc, url, listening, first = start(root)
        print(f"start-up, {args.elements:,} elements: listening after {listening:.2f} s "
              f"(goal: under 2 s), first page after {first:.2f} s")  # fmt: skip
        try:
            print(f"  {'page':<30}{'first':>9}{'then':>9}")
            for name, path in pages.items():
                first, took = page_times(url, path)
                verdict = "ok" if took <= 0.3 else "OVER 300 ms"
                print(f"  {name:<30}{first * 1000:>6.0f} ms{took * 1000:>6.0f} ms  {verdict}")
        finally:
            stop(proc)


if __name__ == "__main__":
    main()
