"""Benchmark: applying 500 and 5,000 amendments to a generated 20,000-element plan.

Run: python benchmarks/bench_apply.py
Prints the two times and their ratio, measured in the same run (the goal: ten times the
amendments in at most twelve times the time).
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
    small = make_set(plan, 500)
    large = make_set(plan, 5_000)
    print(f"plan: {plan.element_count()} elements; sets: 500 and 5,000 amendments")
    t_small, _ = best_of(5, lambda: apply_set(small, plan))
    t_large, _ = best_of(3, lambda: apply_set(large, plan))
    print(f"apply   500 amendments: {t_small * 1000:8.1f} ms")
    print(f"apply 5,000 amendments: {t_large * 1000:8.1f} ms")
    print(f"ratio (goal <= 12): {t_large / t_small:.2f}")


if __name__ == "__main__":
    main()
