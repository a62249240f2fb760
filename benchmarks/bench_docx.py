"""Benchmark: a tracked .docx of 5,000 amendments to a 20,000-element plan, against python-docx.

Run: python benchmarks/bench_docx.py [--runs N] [--profile]
Times ``render_tracked(base, revised, attributions)`` and a plain python-docx writer of the same
revised plan (``add_heading`` / ``add_paragraph``, no revisions, no comments) in the same run,
best of N each, and prints both and their ratio (the goal: tracked at most twice plain).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import docx
from generate import make_plan, make_set
from timing import best_of

from editplan.core.applier import apply_set
from editplan.core.model import KINDS, Goal, Plan, display_number
from editplan.word.writer import attributions, render_tracked

SUBHEADINGS = {
    "key_area": "Key areas for capacity-building",
    "activity": "Capacity-building activities",
}


def plain_docx(plan: Plan) -> bytes:
    """The revised plan written the ordinary python-docx way: one proxy call per paragraph."""
    doc = docx.Document()
    doc.add_heading(plan.title, 0)
    doc.add_paragraph(f"Version: {plan.version}")
    if plan.source:
        doc.add_paragraph(f"Source: {plan.source}")
    if plan.note:
        doc.add_paragraph(plan.note)
    for area in plan.areas:
        doc.add_heading(f"{area.id}. {area.title}", 1)
        for unit in area.goals:
            if isinstance(unit, Goal):
                doc.add_heading(f"Goal {unit.id}: {unit.title}", 2)
            else:
                doc.add_heading(unit.label, 2)
                for head in unit.goals:
                    doc.add_paragraph(f"Goal {head.id}: {head.title}")
            for kind in KINDS:
                items = unit.items(kind)
                if not items:
                    continue
                doc.add_heading(SUBHEADINGS[kind], 3)
                for n, item in enumerate(items, start=1):
                    doc.add_paragraph(f"{display_number(kind, n)}\t{item.text}", "List Paragraph")
    doc.add_paragraph("End of document")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one tracked render")
    args = parser.parse_args()

    base = make_plan(20_000)
    aset = make_set(base, 5_000)
    result = apply_set(aset, base)
    atts = attributions(result.changes)
    revised = result.plan

    def tracked() -> bytes:
        return render_tracked(base, revised, atts, author=aset.author, date=aset.date)

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(tracked)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return

    t_plain, plain_bytes = best_of(args.runs, lambda: plain_docx(revised))
    t_tracked, tracked_bytes = best_of(args.runs, tracked)
    print(
        f"plan: {base.element_count()} elements -> {revised.element_count()}; "
        f"{len(aset.amendments)} amendments, {len(atts)} comments"
    )
    for name, seconds, data in (
        ("plain python-docx (no revisions)", t_plain, plain_bytes),
        ("render_tracked", t_tracked, tracked_bytes),
    ):
        size = len(data)  # type: ignore[arg-type]
        print(f"{name:<33}: {seconds * 1000:9.1f} ms  {size:>9} bytes")
    print(f"ratio tracked / plain (goal <= 2): {t_tracked / t_plain:.2f}")


if __name__ == "__main__":
    main()
