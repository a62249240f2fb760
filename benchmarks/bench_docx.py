"""Benchmark: a tracked .docx of 5,000 amendments to a 20,000-element plan, against the clean one.

Run: python benchmarks/bench_docx.py [--runs N] [--profile]
Times ``render_tracked(base, revised, attributions)`` and editplan's own clean writer
``render_clean(revised)`` of the same revised plan (the same paragraphs, styles and package,
without revisions and comments): like for like, the least CPU time of N runs each, and prints
both and their ratio (the goal: tracked at most twice clean). Each tracked run starts with
no word diffs cached, as a fresh process would.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import make_plan, make_set
from timing import best_of

from editplan.core import textdiff
from editplan.core.applier import apply_set
from editplan.word.documents.writer import attributions, render_clean, render_tracked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one tracked render")
    args = parser.parse_args()
    gc.set_threshold(50_000, 20, 20)  # as the command line sets it

    base = make_plan(20_000)
    aset = make_set(base, 5_000)
    result = apply_set(aset, base)
    atts = attributions(result.changes)
    revised = result.plan

    def tracked() -> bytes:
        textdiff._diff_words.cache_clear()
        return render_tracked(base, revised, atts, author=aset.author, date=aset.date)

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(tracked)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return

    t_plain, plain_bytes = best_of(args.runs, lambda: render_clean(revised))
    t_tracked, tracked_bytes = best_of(args.runs, tracked)
    print(
        f"plan: {base.element_count()} elements -> {revised.element_count()}; "
        f"{len(aset.amendments)} amendments, {len(atts)} comments"
    )
    for name, seconds, data in (
        ("render_clean (no revisions)", t_plain, plain_bytes),
        ("render_tracked", t_tracked, tracked_bytes),
    ):
        size = len(data)  # type: ignore[arg-type]
        print(f"{name:<33}: {seconds * 1000:9.1f} ms  {size:>9} bytes")
    print(f"ratio tracked / clean (goal <= 2): {t_tracked / t_plain:.2f}")


if __name__ == "__main__":
    main()
