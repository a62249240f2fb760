"""Kill test (not run in CI): ``editplan decide`` and ``editplan collect -o`` killed with SIGKILL
on their process group at every checkpoint and at random moments, many times, and every state
they leave checked.

Run: python benchmarks/kill_record.py [--runs 60] [--seed 1] [--only decide|collect]

Each run copies a fresh template workspace (the example; for collect, with lg14 applied),
starts the command and kills it: half of the runs at a random moment of the whole run, half a
random moment just after its record appears (its writes and its commit: within 50 ms for
decide, 4 ms for collect). Then
(tests/record_support.py): every file is byte-identical to the old or the new version, HEAD is
old or new, ``git fsck`` is clean, ``status`` gives the advice the state calls for, and the same
command run again ends exactly as an uncut run, with no temporary file, record, quarantine or
lock left. Prints the kinds of state left and their counts; exits 1 on the first failed check.
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

from record_support import AIM, CHECKPOINTS, GIT_ENV, case, examine, fresh, kill_after, kill_at


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=60, help="random kills per command")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=sorted(CHECKPOINTS))
    args = parser.parse_args()
    os.environ.update(GIT_ENV)
    rng = random.Random(args.seed)
    names = [args.only] if args.only else list(CHECKPOINTS)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for name in names:
            ref = case(name, scratch)
            kinds: Counter[str] = Counter()
            for step in CHECKPOINTS[name]:
                ws = fresh(ref, scratch)
                kill_at(ws, ref.args, step)
                kinds[f"{examine(ws, ref)} (checkpoint {step})"] += 1
            total = kill_at(fresh(ref, scratch, "calibrate"), ref.args, CHECKPOINTS[name][-1])
            for n in range(args.runs):
                aimed = n % 2 == 1
                delay = rng.uniform(0.0, AIM[name]) if aimed else rng.uniform(0.0, total * 1.2)
                ws = fresh(ref, scratch)
                try:
                    kill_after(ws, ref.args, delay, after_record=aimed)
                    kind = examine(ws, ref)
                except Exception:
                    traceback.print_exc()
                    aim = "record" if aimed else "start"
                    print(f"{name} run {n} ({aim} + {delay:.3f} s) failed; its workspace: {ws}")
                    return 1
                kinds[f"{kind} ({'after its record' if aimed else 'anywhere'})"] += 1
            print(
                f"{name}: {len(CHECKPOINTS[name])} checkpoint kills and {args.runs} random "
                f"kills (a whole run: {total:.2f} s); every check passed"
            )
            for kind, count in sorted(kinds.items()):
                print(f"  {count:4d}  {kind}")
    print(f"seed {args.seed}, {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
