"""Benchmark: every limit of "seconds where users wait" (issue 26), as ratios measured in one run.

Run: python benchmarks/bench_waits.py [--runs N] [--big-runs N] [--root CHECKOUT] [--instructions]

Every command runs as a whole process, as a user runs it (start-up, imports and the git it runs
included), and is timed in CPU seconds, best of N: a shared machine's load stretches the clock
far more than the CPU time of the work. First two series of ``python -c pass`` are compared:
when they disagree by more than a fifth, the machine is too loaded to measure and the run stops,
saying so; a third series at the end checks that the load did not change meanwhile.

1. LG-14 end to end: ``editplan apply amendments/lg14.yaml`` in a fresh example workspace (made
   by ``editplan init --example`` before each run, not timed): the plan, both documents, the
   web page and the commit, GitPython included. Limit: 15x ``python -c pass``.
2. ``editplan --help`` (limit 5x) and ``editplan show`` in that workspace (limit 8x).
3. The large case: a generated 20,000-element plan and 5,000-amendment set in a git workspace,
   ``editplan apply`` end to end with the commit, against a libyaml parse of the plan file
   (``yaml.load`` with PyYAML's C loader, as a process). Limit: 3x.
4. ``editplan collect`` of a reviewed copy of a 20,000-element plan with 500 tracked edits by
   three reviewers, against ``editplan import --accept-revisions`` of the same copy (limit 2x);
   and the memory collect takes for the copy, against the copy's ``word/document.xml`` (limit
   3x): the peak resident memory of a process while it collects, less its memory before (with
   collect's modules loaded and the plan file read once, so that the figure is the copy's).

``--root`` measures another checkout (``--root /work/main`` for the figures before a change)
on the same generated inputs. ``--instructions`` also counts the instructions of the start-up
cases under valgrind's callgrind (the totals, children included, are repeatable to a few in
ten thousand where CPU times are not; slow: about two minutes).
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from timing import GIT_ENV, Processes

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "tests" / "data" / "collect" / "lg14-review1.docx"
LIMITS = {"lg14": 15.0, "help": 5.0, "show": 8.0, "large": 3.0, "collect": 2.0, "memory": 3.0}

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


def editplan(*args: str) -> list[str]:
    return [sys.executable, "-m", "editplan", *args]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


def fresh_example(procs: Processes, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    procs.cpu(editplan("init", "--example", str(folder)), folder.parent)


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


def ratio(name: str, what: str, value: float, unit: float, limit: float) -> bool:
    met = value / unit <= limit
    print(f"  {what:<52} {value / unit:6.2f}x  (limit {limit:g}x){'' if met else '  NOT MET'}")
    return met


def instructions(procs: Processes, cases: dict[str, tuple[list[str], Path]]) -> None:
    """Instructions of each case under callgrind (children traced), and their ratios."""
    counts: dict[str, int] = {}
    for name, (args, cwd) in cases.items():
        with tempfile.TemporaryDirectory() as out:
            procs.cpu(["valgrind", "--tool=callgrind", "--trace-children=yes",
                       f"--callgrind-out-file={out}/cg.%p", *args], cwd)  # fmt: skip
            total = 0
            for f in Path(out).iterdir():
                for line in f.read_text(errors="replace").splitlines():
                    if line.startswith("summary:"):
                        total += int(line.split()[1])
                        break
            counts[name] = total
    unit = counts.pop("python")
    print(f"instructions (callgrind, children included): python -c pass {unit / 1e6:.1f} M")
    for name, count in counts.items():
        print(f"  {name:<52} {count / 1e6:8.1f} M  {count / unit:6.2f}x python")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of the start-up cases")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the large cases")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--elements", type=int, default=20_000)
    parser.add_argument("--amendments", type=int, default=5_000)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--instructions", action="store_true")
    args = parser.parse_args()
    procs = Processes(args.root.resolve())
    results: list[bool] = []

    with tempfile.TemporaryDirectory(prefix="bench-waits-") as tmp:
        folder = Path(tmp)
        lg14 = folder / "lg14"
        fresh_example(procs, lg14)  # compiles the bytecode of the processes timed
        procs.cpu(editplan("apply", "amendments/lg14.yaml"), lg14)
        unit = procs.quiet(args.runs)
        print(f"checkout: {procs.root}; CPU seconds, best of {args.runs} "
              f"(large cases: best of {args.big_runs})")  # fmt: skip
        print(f"python -c pass: {unit * 1000:.1f} ms")

        t_lg14 = procs.best(args.runs, editplan("apply", "amendments/lg14.yaml"), lg14,
                            before=lambda: fresh_example(procs, lg14))  # fmt: skip
        t_help = procs.best(args.runs, editplan("--help"), lg14)
        t_show = procs.best(args.runs, editplan("show"), lg14)
        print(f"LG-14 apply end to end {t_lg14 * 1000:.0f} ms, --help {t_help * 1000:.0f} ms, "
              f"show {t_show * 1000:.0f} ms")  # fmt: skip
        results.append(ratio("lg14", "LG-14 apply end to end / python -c pass", t_lg14, unit,
                             LIMITS["lg14"]))  # fmt: skip
        results.append(ratio("help", "editplan --help / python -c pass", t_help, unit,
                             LIMITS["help"]))  # fmt: skip
        results.append(ratio("show", "editplan show / python -c pass", t_show, unit,
                             LIMITS["show"]))  # fmt: skip

        from bench_end_to_end import workspace

        big, set_rel = workspace(folder / "big", args.elements, args.amendments)

        first = subprocess.run(["git", "rev-parse", "HEAD"], cwd=big, capture_output=True,
                               text=True, check=True).stdout.strip()  # fmt: skip

        def back_to_first() -> None:
            git(big, "reset", "-q", "--hard", first)
            shutil.rmtree(big / "out", ignore_errors=True)

        t_big = procs.best(args.big_runs, editplan("apply", set_rel), big, before=back_to_first)
        load = ("import yaml\nwith open('plans/plan.yaml', encoding='utf-8') as f:\n"
                "    yaml.load(f.read(), Loader=yaml.CSafeLoader)")  # fmt: skip
        t_yaml = procs.best(args.big_runs, [sys.executable, "-c", load], big)
        size = (big / "plans/plan.yaml").stat().st_size
        print(f"large case ({args.elements} elements, {size / 1e6:.1f} MB plan file, "
              f"{args.amendments} amendments): apply {t_big:.2f} s, libyaml parse "
              f"{t_yaml:.2f} s")  # fmt: skip
        results.append(ratio("large", "large apply end to end / libyaml parse of the plan",
                             t_big, t_yaml, LIMITS["large"]))  # fmt: skip

        copy_dir = folder / "copy"
        doc_xml = reviewed(copy_dir, args.elements, args.edits)

        def no_outputs() -> None:
            for name in ("set.yaml", "imported.yaml"):
                (copy_dir / name).unlink(missing_ok=True)

        collect = editplan("collect", "copy.docx", "--plan", "plan.yaml", "-o", "set.yaml")
        draft = editplan("import", "copy.docx", "-o", "imported.yaml", "--accept-revisions")
        t_collect = procs.best(args.big_runs, collect, copy_dir, before=no_outputs)
        t_import = procs.best(args.big_runs, draft, copy_dir, before=no_outputs)
        small = folder / "small"
        fresh_example(procs, small)
        shutil.copy(REVIEW, small / "review.docx")
        driver = MEMORY_DRIVER.format(bench=str(Path(__file__).parent), small=str(small),
                                      large=str(copy_dir))  # fmt: skip
        done = subprocess.run([sys.executable, "-c", driver], cwd=folder, env=procs.env,
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode != 0:
            sys.exit(f"the memory of collect could not be measured:\n{done.stderr}")
        memory_kb, process_kb = map(int, done.stdout.split())
        print(f"reviewed copy ({args.elements} elements, {args.edits} edits, document.xml "
              f"{doc_xml / 1e6:.1f} MB): collect {t_collect:.2f} s, import {t_import:.2f} s; "
              f"collect's memory {memory_kb / 1024:.0f} MB (its process's peak "
              f"{process_kb / 1024:.0f} MB)")  # fmt: skip
        results.append(ratio("collect", "collect / import of the same copy", t_collect, t_import,
                             LIMITS["collect"]))  # fmt: skip
        results.append(ratio("memory", "collect's memory / the copy's document.xml",
                             memory_kb * 1024, doc_xml, LIMITS["memory"]))  # fmt: skip

        if args.instructions:
            fresh_example(procs, lg14)
            instructions(procs, {
                "python": ([sys.executable, "-c", "pass"], folder),
                "LG-14 apply end to end": (editplan("apply", "amendments/lg14.yaml"), lg14),
                "editplan --help": (editplan("--help"), lg14),
                "editplan show": (editplan("show"), lg14),
            })  # fmt: skip

        after = procs.python(args.runs)
        if abs(after - unit) > 0.2 * min(after, unit):
            sys.exit(f"the machine's load changed during the run: python -c pass took "
                     f"{unit * 1000:.1f} ms at the start and {after * 1000:.1f} ms at the end; "
                     "the ratios above are not to be trusted")  # fmt: skip
    print(f"{sum(results)} of {len(results)} limits met")


if __name__ == "__main__":
    main()
