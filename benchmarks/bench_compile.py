"""Benchmark: compiling 30 bodies' sets of 50 amendments each on the example plan, against
applying the same 30 sets one after another.

Run: python benchmarks/bench_compile.py
Each set is valid on its own (it applies whole to the draft), and the sets overlap heavily,
as submissions on one draft do: the example plan has 84 key areas and activities, so each
is touched by about 17 proposals. "One after another" is what a secretariat without a
compilation runs: ``apply --out`` of each set to the draft (its revised plan and both
documents). Both are end to end through the API (files read and written); the ratio is
printed, measured in the same run.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from timing import best_of

from editplan import api
from editplan.core import phrase
from editplan.core.model import Plan
from editplan.store import yamlio

SETS, PER_SET = 30, 50
EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "cb-action-plan.yaml"
WORDS = ("effective", "regional", "national", "timely", "sustainable", "relevant")


def make_set(plan: Plan, n: int, seed: int) -> dict[str, object]:
    """``n`` amendments of one body on ``plan``: each on its own element (or an addition to a
    goal), cycling through rephrase, replace, delete, insert, split, instruction and add."""
    rng = random.Random(seed)
    places = list(plan.locate().values())
    rng.shuffle(places)
    units = [u for _, u in plan.units()]
    amendments: list[dict[str, object]] = []
    for i, place in enumerate(places):
        if len(amendments) >= n:
            break
        text, ref = place.item.text, f"#{place.item.id}"
        words = [w for w in text.split() if w.isalpha() and len(phrase.find(text, w)) == 1]
        kind = i % 7
        a: dict[str, object] = {"id": f"p{seed}.{i}", "target": ref}
        if kind == 0 or (kind in (1, 2) and len(words) < 3):
            a |= {"op": "rephrase", "text": f"{text} and {rng.choice(WORDS)} follow-up"}
        elif kind == 1:
            a |= {"op": "replace", "phrase": rng.choice(words), "by": rng.choice(WORDS)}
        elif kind == 2:
            a |= {"op": "delete", "phrase": rng.choice(words[1:])}
        elif kind == 3:
            a |= {"op": "insert", "position": "end", "text": f"in a {rng.choice(WORDS)} manner"}
        elif kind == 4:
            a |= {"op": "split", "into": [text, f"{rng.choice(WORDS).capitalize()} follow-up"]}
        elif kind == 5:
            a |= {"op": "instruction", "quote": "should also address gender"}
        else:
            unit = rng.choice(units)
            a = {"id": f"p{seed}.{i}", "target": unit.label, "op": "add",
                 "kind": "activity", "position": "end",
                 "text": f"Support {rng.choice(WORDS)} cooperation {seed}"}  # fmt: skip
        amendments.append(a)
    return {
        "id": f"body-{seed:02d}",
        "title": f"Submission of body {seed}",
        "source": {"document": f"CBD/CP/2020/INF/{seed}"},
        "author": f"Body {seed}",
        "date": "2020-01-17",
        "plan": "../plans/cb-action-plan.yaml",
        "base": plan.version,
        "amendments": amendments,
    }


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-compile-"))
    (folder / "plans").mkdir()
    (folder / "amendments").mkdir()
    (folder / "out").mkdir()
    (folder / "plans" / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    plan = api.load_plan(EXAMPLE)
    paths = []
    for seed in range(1, SETS + 1):
        path = folder / "amendments" / f"body-{seed:02d}.yaml"
        path.write_text(yamlio.emit(make_set(plan, PER_SET, seed)))
        paths.append(path)
    print(f"plan: {plan.element_count()} elements; {SETS} sets of {PER_SET} amendments")

    ws = api.Workspace.open(folder)

    def one_after_another() -> None:
        for n, path in enumerate(paths):
            out = folder / "out" / f"{n:02d}"
            out.mkdir(exist_ok=True)
            api.apply(ws, path, out_dir=out)

    t_apply, _ = best_of(2, one_after_another)
    # each run writes the same file again (force: the benchmark's own output, outside out/)
    t_docx, outcome = best_of(
        2, lambda: api.compile_round(ws, paths, folder / "c.docx", force=True)
    )
    t_html, _ = best_of(2, lambda: api.compile_round(ws, paths, folder / "c.html", force=True))
    found = outcome.compilation.round
    print(
        f"round: {len(found.proposals)} proposals, {len(found.same)} identical groups, "
        f"{len(found.collisions)} colliding pairs"
    )
    print(f"apply the {SETS} sets one after another: {t_apply:7.2f} s")
    print(f"compile to .docx:                      {t_docx:7.2f} s")
    print(f"compile to .html:                      {t_html:7.2f} s")
    print(f"ratio compile (.docx) / apply one after another: {t_docx / t_apply:.2f}")


if __name__ == "__main__":
    main()
