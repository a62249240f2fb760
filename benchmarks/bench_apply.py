"""Benchmark: applying 1, 500 and 5,000 amendments to a generated 20,000-element plan.

Run: python benchmarks/bench_apply.py
One amendment measures the fixed cost of an application (copying the plan, locating every
element, building the change set); the growth from 500 to 5,000 measures the cost of each
amendment. Prints the three times, the fixed cost, the cost per amendment, and the ratio of
the variable parts (goal: ten times the amendments in at most twelve times the variable
time), measured in the same run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import make_plan, make_set
from timing import best_of

from editplan.core.applier import apply_set


def main() -> None:
    plan = make_plan(20_000)
    sets = {n: make_set(plan, n) for n in (1, 500, 5_000)}
    print(f"plan: {plan.element_count()} elements; sets: 1, 500 and 5,000 amendments")
    times = {n: best_of(5 if n < 5_000 else 3, lambda s=s: apply_set(s, plan))[0]
             for n, s in sets.items()}  # fmt: skip
    for n, seconds in times.items():
        print(f"apply {n:>5,} amendment{'s' if n > 1 else ' '}: {seconds * 1000:8.1f} ms")
    fixed = times[1]
    per = (times[5_000] - times[500]) / 4_500
    print(f"fixed cost (1 amendment):      {fixed * 1000:8.1f} ms")
    print(f"each further amendment:        {per * 1e6:8.1f} us")
    ratio = (times[5_000] - fixed) / max(times[500] - fixed, 1e-9)
    print(f"ratio of the variable parts, 5,000 / 500 (goal <= 12): {ratio:.2f}")


if __name__ == "__main__":
    main()
