"""Profile: where the CPU time of each command a user waits for goes, by step, imports included.

Run: python benchmarks/profile_waits.py [--quick] [--only NAME,...] [--inputs example large
history] [--root CHECKOUT]

Each command runs as a whole process, as a user runs it, under a sampling profiler installed
before editplan is imported: every millisecond of the process's own CPU time the stack is read,
and the CPU time since the last sample (a long call into C delivers one signal for many
intervals) goes to imports when a module is being imported (its top-level code included), or
else to the innermost editplan module on the stack (a YAML parse called from ``store.yamlio``
is that module's; lxml's work called from ``ooxml.walker`` is that one's). The interpreter's
own start is ``python -c pass``; the child processes the command waited for (git) are counted
apart. ``-X importtime`` of the same command gives the packages with the largest own import
time. Prints one Markdown table row per command and input, as the README's benchmark section
shows them: the inputs are the LG-14 example, the large generated cases of ``bench_waits.py``
and its long histories.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_waits import QUICK, Sizes
from timing import Processes

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "data" / "lg14-report.txt"
REVIEW = ROOT / "tests" / "data" / "collect" / "lg14-review1.docx"

# Runs editplan's command line in this process under a CPU-time sampler; at exit writes the
# samples by step, and the process's own and its children's CPU seconds, to the file named
# (once, at os._exit, which editplan leaves by, or else at the interpreter's exit).
SAMPLER = """
import atexit, collections, json, os, resource, runpy, signal, sys, time
OUT, counts, finished, last = {out!r}, collections.Counter(), [], [time.process_time()]
def sample(signum, frame):
    step = None
    while frame is not None:
        code = frame.f_code.co_filename
        if code.startswith("<frozen importlib"):
            step = "imports"
            break
        if step is None:
            name = frame.f_globals.get("__name__") or ""
            if name.startswith("editplan.") and name != "editplan.__main__":
                step = name[len("editplan."):]
        frame = frame.f_back
    now = time.process_time()  # a long call into C delivers one signal for many intervals
    counts[step or "other"] += now - last[0]
    last[0] = now
def done():
    if finished:
        return
    finished.append(True)
    signal.setitimer(signal.ITIMER_PROF, 0)
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(OUT, "w") as f:
        json.dump({{"samples": counts, "self": me.ru_utime + me.ru_stime,
                   "children": kids.ru_utime + kids.ru_stime}}, f)
atexit.register(done)
leave = os._exit  # editplan's command line leaves by os._exit, which skips atexit
os._exit = lambda code: (done(), leave(code))
signal.signal(signal.SIGPROF, sample)
signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
sys.argv = ["editplan", *{args!r}]
runpy.run_module("editplan", run_name="__main__", alter_sys=True)
"""

DIFF = ["diff", "HEAD~1", "HEAD", "-o", "d.docx", "--force"]
Case = tuple[str, str, list[str], Path, Callable[[], None] | None]


def profile(procs: Processes, args: list[str], cwd: Path, unit: float) -> dict[str, float]:
    """CPU seconds of one run of ``editplan ARGS`` by step (with "start" and "git")."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "samples.json"
        procs.run([sys.executable, "-c", SAMPLER.format(out=str(out), args=args)], cwd)
        data = json.loads(out.read_text())
    samples: dict[str, float] = data["samples"]
    sampled = max(data["self"] - unit, 0.0)
    total = sum(samples.values()) or 1.0
    steps = {"start": min(unit, data["self"]), "git": data["children"]}
    for step, seconds in samples.items():
        steps[step] = steps.get(step, 0.0) + sampled * seconds / total
    return steps


def heaviest_imports(procs: Processes, args: list[str], cwd: Path, top: int = 4) -> str:
    """The packages whose own import time is largest, from ``-X importtime``."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "editplan", *args], cwd=cwd,
                          env=procs.env, capture_output=True, text=True)  # fmt: skip
    own: collections.Counter[str] = collections.Counter()
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)", line)
        if found:
            package = found.group(2).split(".")[0]
            own["editplan" if package == "editplan" else package] += int(found.group(1))
    return ", ".join(f"{name} {us / 1000:.0f}" for name, us in own.most_common(top))


def row(command: str, label: str, steps: dict[str, float], imports: str) -> str:
    total = sum(steps.values())
    start, git, imported = steps.pop("start"), steps.pop("git"), steps.pop("imports", 0.0)
    main = sorted(steps.items(), key=lambda s: -s[1])[:5]
    shares = ", ".join(f"{name} {seconds / total:.0%}" for name, seconds in main)
    return (f"| `{command}` | {label} | {total:.2f} | {start / total:.0%} | "
            f"{imported / total:.0%} | {git / total:.0%} | {shares} | {imports} |")


def example_cases(procs: Processes, folder: Path) -> list[Case]:
    """The LG-14 example: each command once, in a fresh example workspace, in cycle order."""
    ws = folder / "lg14"

    def fresh() -> None:
        shutil.rmtree(ws, ignore_errors=True)
        procs.run([sys.executable, "-m", "editplan", "init", "--example", str(ws)], folder)

    def applied() -> None:
        fresh()
        procs.run([sys.executable, "-m", "editplan", "apply", "amendments/lg14.yaml"], ws)
        shutil.copy(REVIEW, ws / "review.docx")

    target = "Goal A.5, key area (2)"
    return [
        ("apply", "LG-14", ["apply", "amendments/lg14.yaml"], ws, fresh),
        ("extract", "LG-14 report", ["extract", str(REPORT), "--paragraph", "53", "-o", "r.yaml"],
         ws, fresh),
        ("compile", "LG-14", ["compile", "amendments/lg14.yaml", "-o", "out/round.docx"], ws,
         fresh),
        ("collect", "LG-14 review", ["collect", "review.docx", "-o", "c.yaml"], ws, applied),
        ("import", "LG-14 review", ["import", "review.docx", "-o", "i.yaml",
                                    "--accept-revisions"], ws, applied),
        ("log TARGET", "LG-14", ["log", target], ws, applied),
        ("diff -o", "LG-14", DIFF, ws, applied),
        ("blame", "LG-14", ["blame", target], ws, applied),
        ("show", "LG-14", ["show"], ws, None),
        ("--help", "", ["--help"], ws, None),
    ]  # fmt: skip


def large_cases(procs: Processes, folder: Path, sizes: Sizes) -> list[Case]:
    """The generated cases of bench_waits: a plan and set, a reviewed copy, a round."""
    from bench_compile import make_set as body_set
    from bench_end_to_end import workspace
    from bench_waits import git, reviewed

    from editplan import api
    from editplan.store import yamlio

    big, set_rel = workspace(folder / "big", sizes.elements, sizes.amendments)
    first = git(big, "rev-parse", "HEAD")

    def back() -> None:
        git(big, "reset", "-q", "--hard", first)
        shutil.rmtree(big / "out", ignore_errors=True)

    def applied() -> None:
        back()
        procs.run([sys.executable, "-m", "editplan", "apply", set_rel], big)

    copy = folder / "copy"
    reviewed(copy, sizes.elements, sizes.edits)
    rounds = folder / "round"
    (rounds / "plans").mkdir(parents=True)
    (rounds / "amendments").mkdir()
    shutil.copy(ROOT / "plans" / "cb-action-plan.yaml", rounds / "plans")
    plan = api.load_plan(rounds / "plans" / "cb-action-plan.yaml")
    for seed in range(1, 31):
        text = yamlio.emit(body_set(plan, 50, seed))
        (rounds / "amendments" / f"body-{seed:02d}.yaml").write_text(text)
    sets = sorted(str(p.relative_to(rounds)) for p in (rounds / "amendments").iterdir())
    e, a = f"{sizes.elements:,}", f"{sizes.amendments:,}"
    return [
        ("apply", f"{e} elements, {a} amendments", ["apply", set_rel], big, back),
        ("diff -o", f"that apply, {e} elements", DIFF, big, applied),
        ("compile", "30 sets of 50 on LG-14", ["compile", *sets, "-o", "c.docx", "--force"],
         rounds, None),
        ("collect", f"{e} elements, {sizes.edits} edits",
         ["collect", "copy.docx", "--plan", "plan.yaml", "-o", "s.yaml", "--force"], copy, None),
        ("import", f"{e} elements, {sizes.edits} edits",
         ["import", "copy.docx", "-o", "i.yaml", "--accept-revisions", "--force"], copy, None),
    ]  # fmt: skip


def history_cases(procs: Processes, folder: Path, sizes: Sizes) -> list[Case]:
    """Long generated histories (bench_log's and bench_blame's), the history index made."""
    import bench_blame
    import bench_log

    logged, blamed = folder / "log", folder / "blame"
    bench_log.build(logged, sizes.log_versions)
    bench_blame.build(blamed, sizes.blame_versions)
    target = "Goal A.5, key area (1)"
    return [
        ("log TARGET", f"{sizes.log_versions:,} versions, index made", ["log", target], logged,
         lambda: procs.run([sys.executable, "-m", "editplan", "log", target], logged)),
        ("blame", f"{sizes.blame_versions // 10} of {sizes.blame_versions:,} versions, index "
         "made", ["blame", target], blamed,
         lambda: procs.run([sys.executable, "-m", "editplan", "blame", target], blamed)),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to profile")
    parser.add_argument("--quick", action="store_true", help="tiny large inputs: a smoke test")
    parser.add_argument("--only", help="commands to profile, comma-separated")
    parser.add_argument("--inputs", nargs="+", choices=("example", "large", "history"),
                        default=["example", "large", "history"])  # fmt: skip
    args = parser.parse_args()
    procs = Processes(args.root.resolve())
    only = set(args.only.split(",")) if args.only else None
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(procs.root / "editplan")],
                   env=procs.env, check=True)  # fmt: skip
    unit = procs.python(5)[1]
    print(f"CPU seconds of one run; python -c pass {unit * 1000:.0f} ms (its share: start)\n")
    print("| command | input | CPU s | start | imports | git | main steps (editplan module, "
          "share of CPU) | heaviest imports (package, own ms) |")
    print("|---|---|---:|---:|---:|---:|---|---|")
    with tempfile.TemporaryDirectory(prefix="profile-waits-") as tmp:
        folder = Path(tmp)
        sizes = QUICK if args.quick else Sizes()
        makers = {"example": lambda: example_cases(procs, folder),
                  "large": lambda: large_cases(procs, folder / "large", sizes),
                  "history": lambda: history_cases(procs, folder / "history", sizes)}
        for name, make in makers.items():
            if name not in args.inputs:
                continue
            for command, label, cli, cwd, before in make():
                if only is not None and command not in only:
                    continue
                if before is not None:
                    before()
                imports = heaviest_imports(procs, cli, cwd) if label else ""
                if before is not None:
                    before()
                print(row(command, label, profile(procs, cli, cwd, unit), imports), flush=True)


if __name__ == "__main__":
    main()
