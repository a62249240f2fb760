"""Benchmark: every limit of "seconds where users wait" (issue 26), as ratios measured in one run.

Run: python benchmarks/bench_waits.py [--runs N] [--big-runs N] [--root CHECKOUT] [--quick]

Every command runs as a whole process, as a user runs it (start-up, imports and the git it runs
included), timed in CPU seconds and on the clock, best of N: a shared machine's load stretches
the clock far more than the CPU time of the work, so the limits are judged on CPU time and the
clock is printed beside it. The two sides of each ratio run in turn (case, baseline, case...),
so that a load coming and going weighs on both alike. First two series of ``python -c pass``
are compared: when their CPU times disagree by more than a quarter, the machine is too loaded
to measure and the run stops (exit 1), saying so; a third series at the end checks that the
load did not change meanwhile.

1. LG-14 end to end: ``editplan apply amendments/lg14.yaml`` in a fresh example workspace (made
   by ``editplan init --example`` before each run, not timed): the plan, both documents, the
   web page and the commit, GitPython included. Limit: 15x ``python -c pass``, best of 5.
2. ``editplan --help`` (limit 5x) and ``editplan show`` in that workspace (limit 8x).
3. The large case: a generated 20,000-element plan and 5,000-amendment set in a git workspace,
   ``editplan apply`` end to end with the commit, against a libyaml parse of the plan file
   (``yaml.load`` with PyYAML's C loader, as a process). Limit: 3x.
4. ``editplan collect`` of a reviewed copy of a 20,000-element plan with 500 tracked edits by
   three reviewers, against ``editplan import --accept-revisions`` of the same copy (limit 2x);
   and the memory collect takes for the copy against the copy's ``word/document.xml`` (limit
   3x): the peak resident memory of a process while it collects, less its memory before (with
   collect's modules loaded and the plan file read once, so that the figure is the copy's).
5. History: ``editplan log TARGET`` over 10,000 versions, with the history index made (limit:
   1 s), and ``blame`` of an element with 200 versions (of 2,000), in a process of its own
   with the index made (limit: 0.1 s); ``editplan blame`` as a whole process beside it.

``--root`` measures another checkout (``--root /work/main`` for the figures before a change)
on the same generated inputs. ``--quick`` is a smoke test with tiny inputs and one run each:
its figures mean nothing, and a loaded machine is reported, not refused.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from timing import GIT_ENV, Processes, refuse_if_loaded

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "tests" / "data" / "collect" / "lg14-review1.docx"
TARGET = "Goal A.5, key area (1)"
TOLERANCE = 0.25  # how far apart two series of python -c pass may be, in CPU time

# Every limit the run judges, in the order printed: the label of its line, and the limit.
LIMITS: dict[str, tuple[str, float]] = {
    "lg14": ("LG-14 apply end to end / python -c pass", 15.0),
    "help": ("editplan --help / python -c pass", 5.0),
    "show": ("editplan show / python -c pass", 8.0),
    "large": ("large apply end to end / libyaml parse of the plan", 3.0),
    "collect": ("collect / import of the same reviewed copy", 2.0),
    "memory": ("collect's memory / the copy's document.xml", 3.0),
    "log": ("log TARGET over the versions, with the index (s)", 1.0),
    "blame": ("blame of the element, with the index (s)", 0.1),
}

# The memory of one collect, in a process of its own: collect's modules loaded and the plan
# read once first (by collecting the LG-14 review copy, then reading the plan), so that the
# peak above the memory before it is what the copy costs.
MEMORY_DRIVER = """
import sys
from pathlib import Path
sys.path.insert(0, {bench!r})
from timing import peak_rss_kb, reset_peak, rss_kb
from editplan import api
small, large = Path({small!r}), Path({large!r})
api.collect(api.Workspace.open(small), small / "review.docx", output=small / "out.yaml")
api.load_plan(large / "plan.yaml")
before = rss_kb()
reset_peak()
api.collect(api.Workspace.open(large), large / "copy.docx", plan_path=large / "plan.yaml",
            output=large / "memory.yaml")
print(peak_rss_kb() - before, peak_rss_kb())
"""

# blame in a process of its own (the checkout measured first on the path): the first call
# makes the history index; the best of the next five is the figure.
BLAME_DRIVER = """
import time
from pathlib import Path
from editplan import api
ws = api.Workspace.open(Path({repo!r}))
api.blame(ws, {target!r})
runs = []
for _ in range({runs}):
    wall, cpu = time.perf_counter(), time.process_time()
    api.blame(ws, {target!r})
    runs.append((time.perf_counter() - wall, time.process_time() - cpu))
print(min(r[0] for r in runs), min(r[1] for r in runs))
"""


@dataclass(frozen=True)
class Sizes:
    """The inputs' sizes and how many runs each case takes."""

    runs: int = 5
    big_runs: int = 3
    elements: int = 20_000
    amendments: int = 5_000
    edits: int = 500
    log_versions: int = 10_000
    blame_versions: int = 2_000


QUICK = Sizes(runs=1, big_runs=1, elements=300, amendments=60, edits=10, log_versions=100,
              blame_versions=100)  # fmt: skip


class Report:
    """The ratios of one run, printed as they are measured: CPU and clock, limit, verdict."""

    def __init__(self) -> None:
        self.met: list[bool] = []

    def ratio(self, key: str, value: tuple[float, float], unit: tuple[float, float]) -> None:
        label, limit = LIMITS[key]
        cpu, wall = value[1] / unit[1], value[0] / unit[0]
        self.verdict(f"  {label:<52} {cpu:6.2f}x CPU {wall:6.2f}x clock  (limit {limit:g}x)",
                     cpu <= limit)  # fmt: skip

    def seconds(self, key: str, value: tuple[float, float]) -> None:
        label, limit = LIMITS[key]
        self.verdict(f"  {label:<52} {value[1]:6.3f} s CPU {value[0]:6.3f} s clock  "
                     f"(limit {limit:g} s)", value[1] < limit)  # fmt: skip

    def verdict(self, line: str, met: bool) -> None:
        self.met.append(met)
        print(f"{line}  {'met' if met else 'NOT MET'}", flush=True)


def editplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "editplan", *args]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()  # fmt: skip


def ms(t: tuple[float, float]) -> str:
    return f"{t[1] * 1000:.0f} ms CPU ({t[0] * 1000:.0f} ms clock)"


def fresh_example(procs: Processes, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    procs.run(editplan("init", "--example", str(folder)), folder.parent)


def start_up(procs: Processes, report: Report, folder: Path, runs: int) -> None:
    """LG-14 end to end, ``--help`` and ``show``, each against ``python -c pass`` run in turn
    with it."""
    lg14 = folder / "lg14"
    python = [sys.executable, "-c", "pass"]
    t_lg14, u_lg14 = procs.against(runs, editplan("apply", "amendments/lg14.yaml"), python, lg14,
                                   before=lambda: fresh_example(procs, lg14))  # fmt: skip
    t_help, u_help = procs.against(runs, editplan("--help"), python, lg14)
    t_show, u_show = procs.against(runs, editplan("show"), python, lg14)
    print(f"LG-14 apply end to end {ms(t_lg14)}, python -c pass {ms(u_lg14)}; --help "
          f"{ms(t_help)}, python {ms(u_help)}; show {ms(t_show)}, python {ms(u_show)}")
    report.ratio("lg14", t_lg14, u_lg14)
    report.ratio("help", t_help, u_help)
    report.ratio("show", t_show, u_show)


def large(procs: Processes, report: Report, folder: Path, sizes: Sizes) -> None:
    """The generated plan and set applied end to end, against a libyaml parse of the plan."""
    from bench_end_to_end import workspace

    big, set_rel = workspace(folder / "big", sizes.elements, sizes.amendments)
    first = git(big, "rev-parse", "HEAD")

    def back_to_first() -> None:
        git(big, "reset", "-q", "--hard", first)
        shutil.rmtree(big / "out", ignore_errors=True)

    load = ("import yaml\nwith open('plans/plan.yaml', encoding='utf-8') as f:\n"
            "    yaml.load(f.read(), Loader=yaml.CSafeLoader)")  # fmt: skip
    t_big, t_yaml = procs.against(sizes.big_runs, editplan("apply", set_rel),
                                  [sys.executable, "-c", load], big, before=back_to_first)
    size = (big / "plans/plan.yaml").stat().st_size
    print(f"large case ({sizes.elements} elements, {size / 1e6:.1f} MB plan file, "
          f"{sizes.amendments} amendments): apply {ms(t_big)}; libyaml parse {ms(t_yaml)}")
    report.ratio("large", t_big, t_yaml)


def reviewed(folder: Path, elements: int, edits: int) -> int:
    """A plan file and a reviewed copy of its clean document; the copy's document.xml size."""
    from bench_collect import reviewed_copy
    from generate import make_plan

    from editplan.store import yamlio
    from editplan.word.documents.writer import render_clean
    from editplan.word.drafts.reader import plan_data

    plan = make_plan(elements)
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text(yamlio.emit(plan_data(plan)), encoding="utf-8")
    copy = reviewed_copy(render_clean(plan), 1, edits)
    (folder / "copy.docx").write_bytes(copy)
    return zipfile.ZipFile(io.BytesIO(copy)).getinfo("word/document.xml").file_size


def collecting(procs: Processes, report: Report, folder: Path, sizes: Sizes) -> None:
    """collect against import of one reviewed copy, and collect's memory against the copy."""
    copy_dir = folder / "copy"
    doc_xml = reviewed(copy_dir, sizes.elements, sizes.edits)

    def no_outputs() -> None:
        for name in ("set.yaml", "imported.yaml"):
            (copy_dir / name).unlink(missing_ok=True)

    collect = editplan("collect", "copy.docx", "--plan", "plan.yaml", "-o", "set.yaml")
    draft = editplan("import", "copy.docx", "-o", "imported.yaml", "--accept-revisions")
    t_collect, t_import = procs.against(sizes.big_runs, collect, draft, copy_dir,
                                        before=no_outputs)  # fmt: skip
    small = folder / "small"
    fresh_example(procs, small)
    procs.run(editplan("apply", "amendments/lg14.yaml"), small)  # the version the review read
    shutil.copy(REVIEW, small / "review.docx")
    driver = MEMORY_DRIVER.format(bench=str(Path(__file__).parent), small=str(small),
                                  large=str(copy_dir))  # fmt: skip
    done = subprocess.run([sys.executable, "-c", driver], cwd=folder, env=procs.env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"the memory of collect could not be measured:\n{done.stderr}")
    memory_kb, process_kb = map(int, done.stdout.split())
    print(f"reviewed copy ({sizes.elements} elements, {sizes.edits} edits, document.xml "
          f"{doc_xml / 1e6:.1f} MB): collect {ms(t_collect)}; import {ms(t_import)}; collect's "
          f"memory {memory_kb / 1024:.0f} MB (its process's peak {process_kb / 1024:.0f} MB)")
    report.ratio("collect", t_collect, t_import)
    label, limit = LIMITS["memory"]
    memory = memory_kb * 1024 / doc_xml
    report.verdict(f"  {label:<52} {memory:6.2f}x peak resident memory  (limit {limit:g}x)",
                   memory <= limit)  # fmt: skip


def history(procs: Processes, report: Report, folder: Path, sizes: Sizes) -> None:
    """log TARGET over many versions and blame of an element with a tenth of them changing it,
    each with the history index made (the first run makes it, untimed)."""
    import bench_blame
    import bench_log

    logged = folder / "log"
    bench_log.build(logged, sizes.log_versions)
    procs.run(editplan("log", TARGET), logged)  # makes the index
    t_log = procs.best(sizes.big_runs, editplan("log", TARGET), logged)
    t_git = procs.best(sizes.big_runs, ["git", "log", "--format=%H", "--",
                                        "plans/cb-action-plan.yaml"], logged)  # fmt: skip
    blamed = folder / "blame"
    bench_blame.build(blamed, sizes.blame_versions)
    driver = BLAME_DRIVER.format(repo=str(blamed), target=TARGET, runs=sizes.runs)
    done = subprocess.run([sys.executable, "-c", driver], cwd=folder, env=procs.env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"blame could not be measured:\n{done.stderr}")
    wall, cpu = map(float, done.stdout.split())
    t_process = procs.best(sizes.runs, editplan("blame", TARGET), blamed)
    print(f"history: log TARGET over {sizes.log_versions} versions {ms(t_log)} (git log of the "
          f"plan file {ms(t_git)}); blame of an element with {sizes.blame_versions // 10} of "
          f"{sizes.blame_versions} versions {ms((wall, cpu))} in process, "
          f"{ms(t_process)} as a whole process")  # fmt: skip
    report.seconds("log", t_log)
    report.seconds("blame", (wall, cpu))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="runs of the start-up cases (5)")
    parser.add_argument("--big-runs", type=int, help="runs of the large cases (3)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--quick", action="store_true", help="tiny inputs: a smoke test")
    args = parser.parse_args()
    sizes = QUICK if args.quick else Sizes()
    sizes = Sizes(**{**sizes.__dict__, **{k: v for k, v in (("runs", args.runs),
                  ("big_runs", args.big_runs)) if v is not None}})  # fmt: skip
    procs = Processes(args.root.resolve())
    report = Report()

    with tempfile.TemporaryDirectory(prefix="bench-waits-") as tmp:
        folder = Path(tmp)
        lg14 = folder / "lg14"
        fresh_example(procs, lg14)  # compiles the bytecode of the processes timed
        procs.run(editplan("apply", "amendments/lg14.yaml"), lg14)
        quick = " (QUICK: tiny inputs, the figures mean nothing)" if args.quick else ""
        print(f"checkout: {procs.root}; best of {sizes.runs} (large cases: best of "
              f"{sizes.big_runs}); limits judged on CPU time{quick}")  # fmt: skip
        first, second = procs.python(max(sizes.runs, 3)), procs.python(max(sizes.runs, 3))
        print(f"python -c pass, two series: {ms(first)}, {ms(second)}")
        if not args.quick:
            refuse_if_loaded(first[1], second[1], TOLERANCE)
        unit = (min(first[0], second[0]), min(first[1], second[1]))

        start_up(procs, report, folder, sizes.runs)
        large(procs, report, folder, sizes)
        collecting(procs, report, folder, sizes)
        history(procs, report, folder, sizes)

        after = procs.python(max(sizes.runs, 3))
        print(f"python -c pass at the end: {ms(after)}")
        if not args.quick:
            changed = " (its load changed during the run)"
            refuse_if_loaded(unit[1], after[1], TOLERANCE, when=changed)
    print(f"{sum(report.met)} of {len(report.met)} limits met")


if __name__ == "__main__":
    main()
