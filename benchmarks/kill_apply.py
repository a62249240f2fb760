"""Kill test (not run in CI): ``editplan apply`` killed with SIGKILL on its process group at
random moments, many times, and every state it leaves checked and recovered.

Run: python benchmarks/kill_apply.py [--runs 120] [--seed 1]

Each run copies a fresh example workspace, starts ``editplan apply amendments/lg14.yaml
--tag v1`` and kills it: a third of the runs at a random moment of the whole run, a third a
random moment after the journal appears (the documents being written), a third right after
the plan file is written (the window before the commit). Then (tests/interrupt_support.py):
the plan is byte-identical to the old or the new version, HEAD is old or new, ``git fsck`` is
clean, the next command succeeds or names ``editplan apply --continue`` and ``--abort`` (and
any stale lock), and with a journal both recoveries are tried, each on its own copy. Prints
the kinds of state left and their counts; exits 1 on the first failed check.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from interrupt_support import (
    CHECKPOINTS,
    GIT_ENV,
    copy,
    examine,
    kill_after,
    kill_at,
    recover_both,
    reference,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.update(GIT_ENV)
    rng = random.Random(args.seed)
    kinds: Counter[str] = Counter()
    by_aim: dict[str, Counter[str]] = {a: Counter() for a in ("start", "journal", "plan")}
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        ref = reference(scratch)
        for step in CHECKPOINTS:  # every deterministic point once
            ws = copy(ref.template, scratch / "ws")
            kill_at(ws, step)
            kinds[f"{examine(ws, ref)} (checkpoint {step})"] += 1
            recover_both(ws, ref, scratch)
        total = kill_at(copy(ref.template, scratch / "calibrate"), "tag")
        for n in range(args.runs):
            after = ("start", "journal", "plan")[n % 3]
            delay = {
                "start": rng.uniform(0.0, total * 1.2),
                "journal": rng.uniform(0.0, 0.3),
                "plan": rng.uniform(0.0, 0.15),
            }[after]
            ws = copy(ref.template, scratch / "ws")
            try:
                finished = kill_after(ws, delay, after=after)
                kind = examine(ws, ref)
                assert not finished or kind == "completed", kind
                recover_both(ws, ref, scratch)
            except Exception:
                traceback.print_exc()
                print(f"run {n} ({after} + {delay:.3f} s) failed; its workspace: {ws}")
                return 1
            kinds[kind] += 1
            by_aim[after][kind] += 1
    took = time.perf_counter() - began
    print(
        f"{len(CHECKPOINTS)} checkpoint kills and {args.runs} random kills, seed {args.seed}, "
        f"{took:.0f} s (a whole run: {total:.2f} s); every check passed"
    )
    for kind, count in sorted(kinds.items()):
        print(f"  {count:4d}  {kind}")
    for aim, counts in by_aim.items():
        print(f"  killed after {aim}: " + ", ".join(f"{k} {c}" for k, c in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
