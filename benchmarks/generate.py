"""Generated plans and amendment sets for benchmarks: large, valid, and conflict-free.

``make_plan(elements)`` builds a plan of two areas with goals of 25 key areas and 25
activities each; ``make_set(plan, n)`` builds ``n`` amendments cycling through every
operation, each touching its own elements so that none conflicts. Deterministic (seeded).
"""

from __future__ import annotations

import datetime as dt
import random

from editplan.core.model import Goal, GoalBlock, GoalHead, Item, Plan
from editplan.core.patch import AmendmentSet

WORDS = (  # noqa: SIM905
    "strengthening capacities national authorities risk assessment management biosafety "
    "information exchange training laboratories detection identification parties support "
    "develop provide regional cooperation guidance materials public awareness participation "
    "education resources mobilization monitoring research data ecological areas measures"
).split()
PER_KIND = 25


def sentence(rng: random.Random, n: int = 12) -> str:
    """A plausible one-line wording with distinct-enough words."""
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words)


def make_plan(elements: int, seed: int = 1) -> Plan:
    """A plan of about ``elements`` key areas and activities; every 10th unit is a block."""
    rng = random.Random(seed)
    units_needed = max(1, elements // (2 * PER_KIND))
    areas: list[dict[str, object]] = [{"id": "A", "title": "Area A", "goals": []},
                                      {"id": "B", "title": "Area B", "goals": []}]  # fmt: skip
    goal_no = {"A": 0, "B": 0}
    for u in range(units_needed):
        area = areas[u % 2]
        letter = str(area["id"])
        items = {
            kind: [
                Item(id=f"u{u}.{kind[0]}{i + 1}", text=f"{sentence(rng)} marker{u}x{kind[0]}{i}")
                for i in range(PER_KIND)
            ]
            for kind in ("ka", "act")
        }
        if u % 10 == 9:
            heads = []
            for _ in range(3):
                goal_no[letter] += 1
                heads.append(GoalHead(id=f"{letter}.{goal_no[letter]}", title=sentence(rng, 8)))
            unit: Goal | GoalBlock = GoalBlock(
                id=f"blk{u}", goals=heads, key_areas=items["ka"], activities=items["act"]
            )
        else:
            goal_no[letter] += 1
            unit = Goal(
                id=f"{letter}.{goal_no[letter]}",
                title=sentence(rng, 8),
                key_areas=items["ka"],
                activities=items["act"],
            )
        area["goals"].append(unit)  # type: ignore[attr-defined]
    return Plan(id="generated", title="Generated plan", version="v0", areas=areas)  # type: ignore[arg-type]


OPS = ("rephrase", "replace", "delete", "insert", "split", "add", "remove", "join", "move",
       "instruction")  # fmt: skip


def make_set(plan: Plan, n: int, seed: int = 2) -> AmendmentSet:
    """``n`` amendments over ``plan``, cycling through every operation, none conflicting."""
    rng = random.Random(seed)
    units = [u for _, u in plan.units()]
    amendments: list[dict[str, object]] = []
    # Each amendment takes a fresh (unit, slot) pair; slots 0-9 of each kind are used in turn.
    slots = [(u, kind, s) for s in range(0, PER_KIND - 1, 2) for u in range(len(units))
             for kind in ("key_area", "activity")]  # fmt: skip
    if n > len(slots):
        raise ValueError(f"plan too small for {n} amendments")
    for k in range(n):
        u, kind, slot = slots[k]
        unit = units[u]
        label = unit.label
        noun = "key area" if kind == "key_area" else "activity"
        items = unit.items(kind)  # type: ignore[arg-type]
        number = slot + 1
        ref = f"{label}, {noun} ({number})"
        marker = items[slot].text.split()[-1]
        op = OPS[k % len(OPS)]
        a: dict[str, object] = {"id": f"x{k}", "op": op, "target": ref, "quote": f"item {k}"}
        if op == "rephrase":
            a["text"] = sentence(rng)
        elif op == "replace":
            a.update(phrase=marker, by=f"{marker}r")
        elif op == "delete":
            a.update(phrase=marker)
        elif op == "insert":
            a.update(text="newly", position="before", anchor=marker)
        elif op == "split":
            a["into"] = [sentence(rng), sentence(rng)]
        elif op == "add":
            a.update(target=label, kind=kind, text=sentence(rng), position="after",
                     sibling=ref)  # fmt: skip
        elif op == "remove":
            pass
        elif op == "join":
            del a["target"]
            a["targets"] = [ref, f"{label}, {noun} ({number + 1})"]
            a["text"] = sentence(rng)
        elif op == "move":
            a.update(position="end")
        elif op == "instruction":
            a["text"] = sentence(rng) if k % 20 == 9 else None
            if a["text"] is None:
                del a["text"]
        amendments.append(a)
    return AmendmentSet.model_validate(
        {
            "id": "bench",
            "title": "Generated amendments",
            "source": {"document": "BENCH/1", "paragraph": 1},
            "author": "Benchmark body",
            "date": dt.date(2020, 1, 1),
            "plan": "plan.yaml",
            "base": plan.version,
            "amendments": amendments,
        }
    )
