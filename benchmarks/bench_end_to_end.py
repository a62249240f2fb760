"""Benchmark: the whole ``editplan apply`` command, as a user waits for it.

Run: python benchmarks/bench_end_to_end.py [--elements N] [--amendments N] [--runs N]

1. The large case: a git workspace holding a generated plan file (20,000 elements) and a
   patch file (5,000 amendments); ``editplan apply`` runs as a process (plan and set read
   from YAML, both documents written, the result committed), against ``git add`` +
   ``git commit`` of the same files as a baseline. Then each step of the command is timed
   in-process and printed as its share of the whole.
2. The LG-14 example end to end, and ``editplan --help``, against ``python -c pass`` (the
   interpreter's own start).

Each time is the best of ``--runs`` (the workspace is reset between runs). Goals (issue 17):
the large case at most 3 s, LG-14 at most 0.5 s; (issue 21) LG-14 within 25 times
``python -c pass``, ``editplan --help`` within 5 times, GitPython included.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import make_plan, make_set

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@localhost",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@localhost",
}


# Compiled modules for the processes timed, as an installed package has them (the first run
# writes them; the best of several runs reads them).
PYCACHE = tempfile.mkdtemp(prefix="editplan-bench-pycache-")
CPU: dict[str, float] = {}  # the CPU seconds of the last process run, by its first argument


def run(args: list[str], cwd: Path) -> float:
    """Seconds one process takes, which must succeed; its CPU seconds (with the git it runs)
    go to CPU, which a shared machine's load disturbs far less than the clock."""
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed editplan has its bytecode
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr.decode()}")
    CPU[" ".join(args[3:5]) or args[0]] = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    return seconds


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


def workspace(folder: Path, elements: int, amendments: int) -> tuple[Path, str]:
    """A git workspace with a generated plan and set committed; returns it and the set path."""
    from editplan.store import yamlio

    plan = make_plan(elements)
    aset = make_set(plan, amendments)
    (folder / "plans").mkdir(parents=True)
    (folder / "amendments").mkdir()
    plan_data = plan.model_dump(mode="json", exclude_none=True)
    (folder / "plans/plan.yaml").write_text(yamlio.emit(plan_data), encoding="utf-8")
    set_data = aset.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    set_data["plan"] = "../plans/plan.yaml"
    (folder / "amendments/bench.yaml").write_text(yamlio.emit(set_data), encoding="utf-8")
    (folder / ".gitignore").write_text("out/\n")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Generated plan and set")
    return folder, "amendments/bench.yaml"


def reset(repo: Path) -> None:
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    shutil.rmtree(repo / "out", ignore_errors=True)


def best(runs: int, func: Callable[[], float]) -> tuple[float, float]:
    """The best wall time of ``runs`` and the least CPU time of the processes they ran."""
    walls, cpus = [], []
    for _ in range(runs):
        walls.append(func())
        cpus.append(sum(CPU.values()))
        CPU.clear()
    return min(walls), min(cpus)


def editplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "editplan", *args]


def steps(repo: Path, set_rel: str) -> list[tuple[str, float]]:
    """Each step of apply, timed in-process in the order the command takes them."""
    from editplan.core.applier import apply_set
    from editplan.core.layout import tracked_layout
    from editplan.core.model import hashes_kept
    from editplan.publish import html
    from editplan.store import files
    from editplan.word.documents import writer

    out: list[tuple[str, float]] = []

    def step(name: str, func: Callable[[], object]) -> object:
        start = time.process_time()  # CPU time: a shared machine's load does not count
        value = func()
        out.append((name, time.process_time() - start))
        return value

    gc.disable()  # as the command line runs
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        set_file = step("read the patch file", lambda: files.read_set(Path(set_rel)))
        plan_file = step("read the plan file", lambda: files.read_set_plan(set_file))
        result = step("apply", lambda: apply_set(set_file.aset, plan_file.plan))
        base = plan_file.plan
        with hashes_kept():  # as the command: each plan hashed once
            blocks = step("tracked layout", lambda: tracked_layout(base, result.plan))
            step("tracked .docx", lambda: writer.render_result(base, result, blocks=blocks))
            step("clean .docx", lambda: writer.render_clean(result.plan))
            step("tracked web page", lambda: html.render_result(base, result, blocks=blocks))
        text = step("plan file text", lambda: plan_file.render(result.plan))
        step("write the plan file", lambda: files.write_atomic(plan_file.path, text))
        git(repo, "checkout", "--", ".")
    finally:
        os.chdir(cwd)
        gc.enable()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elements", type=int, default=20_000)
    parser.add_argument("--amendments", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        repo, set_rel = workspace(Path(tmp) / "ws", args.elements, args.amendments)
        size = (repo / "plans/plan.yaml").stat().st_size

        def apply_once() -> float:
            seconds = run(editplan("apply", set_rel), repo)
            reset(repo)
            return seconds

        def commit_once() -> float:
            # the same files editplan writes and commits, committed by git itself
            run(editplan("apply", set_rel, "--no-commit"), repo)
            CPU.clear()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            git(repo, "add", "plans/plan.yaml", set_rel)
            git(repo, "commit", "-q", "-m", "Apply bench")
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            CPU["git"] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            reset(repo)
            return seconds

        t_apply = best(args.runs, apply_once)
        t_commit = best(args.runs, commit_once)
        shares = steps(repo, set_rel)

        lg14 = Path(tmp) / "lg14"
        run(editplan("init", "--example", str(lg14)), Path(tmp))

        def lg14_once() -> float:
            seconds = run(editplan("apply", "amendments/lg14.yaml"), lg14)
            reset(lg14)
            return seconds

        t_lg14 = best(args.runs, lg14_once)
        t_help = best(args.runs, lambda: run(editplan("--help"), lg14))
        t_python = best(args.runs, lambda: run([sys.executable, "-c", "pass"], Path(tmp)))

    print(f"large case: {args.elements} elements ({size / 1e6:.1f} MB plan file), "
          f"{args.amendments} amendments, best of {args.runs}: wall and CPU time")  # fmt: skip
    row = "  {:<34} {:6.2f} s wall {:6.2f} s CPU"
    print(row.format("editplan apply (process):", *t_apply) + "   (goal <= 3 s)")
    print(row.format("git add + commit (baseline):", *t_commit)
          + f"   ({t_apply[0] / t_commit[0]:.0f}x git, wall)")  # fmt: skip
    inside = sum(s for _, s in shares)
    print("  steps, CPU in-process, as shares of the apply process's CPU time:")
    for name, seconds in shares:
        print(f"    {name:<24} {seconds:6.2f} s  {seconds / t_apply[1]:5.1%}")
    rest = t_apply[1] - inside
    print(f"    {'start, imports, git':<24} {rest:6.2f} s  {rest / t_apply[1]:5.1%}")
    print("LG-14 example (84 elements, 15 amendments):")
    print(row.format("editplan apply (process):", *t_lg14) + "   (goal <= 0.5 s)")
    print(row.format("editplan --help (process):", *t_help))
    print(row.format("python -c pass (baseline):", *t_python))
    for name, (wall, cpu), limit in (("apply", t_lg14, 25), ("--help", t_help, 5)):
        print(f"  editplan {name}: {wall / t_python[0]:.1f}x python wall, "
              f"{cpu / t_python[1]:.1f}x CPU   (limit {limit}x)")  # fmt: skip


if __name__ == "__main__":
    main()
