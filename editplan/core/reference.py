"""References to plan elements, written the way reports write them.

Accepted forms (case-insensitive; italic markers ``*`` and ``_`` around them are ignored):

- report form: ``Goal A.1``, ``Goal A.1, key area (2)``, ``Goal A.2, activity (ii)``,
  ``Goals A.6, 7 and 8``, ``Goals A.6, A.7 and A.8, activity (iii)``, ``Goals A.1 and A.3``;
- compact form: ``A.1``, ``A.5/ka/1``, ``A.2/act/ii`` (or ``A.2/act/2``), ``A.6-8/ka/1``
  (a block by its id, or by any of its goals: ``A.7/act/3``);
- by stable id: ``#a5.ka2``.

A reference resolves against one plan version to :class:`Target` values: one per goal or block
it names. Goals that share a block may be named together only as the whole block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editplan.core.model import (
    KIND_NOUN,
    KIND_PLURAL,
    KINDS,
    Kind,
    Plan,
    PlanIndex,
    Unit,
    display_number,
    unit_key,
)
from editplan.core.numerals import from_roman
from editplan.errors import TargetError

# The goal-list grammar, the one home of "Goals A.6, 7 and 8": a goal, then goals or bare numbers
# (a bare number takes the letter of the goal before it) joined by ", ", ", and ", " and ", " & ";
# a draft's block heading may also join them as a range: " to ", "-", "\u2013", "\u2014".
_GOAL = r"[A-Z]\.[1-9][0-9]*"
_NEXT_GOAL = rf"(?:{_GOAL}|[1-9][0-9]*\b)"
_AND = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
_TO = r"(?:\s+to\s+|\s*[\u2013\u2014-]\s*)"
GOAL_LIST = rf"{_GOAL}(?:{_AND}{_NEXT_GOAL})*"
"""Regex source of one or more goals as reports and targets name them: "A.1", "A.6, 7 and 8",
"A.6, A.7 and A.8", "A.1 & A.3". Match case-insensitively to accept "and" in any case."""
GOAL_RANGE_LIST = rf"{_GOAL}(?:(?:{_AND}|{_TO}){_NEXT_GOAL})+"
"""Regex source of two or more goals as a draft's block heading names them: the forms of
:data:`GOAL_LIST` and ranges, "A.6 to A.8", "A.6-8", "A.6\u2013A.8"."""
_LIST_PART = re.compile(rf"({_AND}|{_TO}|^)\s*(?:([A-Z])\.)?([0-9]+)", re.IGNORECASE)
_RANGE_WORDS = ("to", "-", "\u2013", "\u2014")
_LONGEST_RANGE = 50  # "A.6 to 8" is a range; "A.6 - 2020" is not
_REPORT = re.compile(
    rf"""^goals?\s+
    (?P<goals>{GOAL_LIST})
    (?:\s*,?\s*(?P<kind>key\s+area|activity)\s*(?:\(\s*(?P<num>[0-9ivxlcdm]+)\s*\)|(?P<bare>[0-9ivxlcdm]+)))?
    $""",
    re.IGNORECASE | re.VERBOSE,
)
_COMPACT = re.compile(
    r"^(?P<unit>[A-Z]\.\d+(?:-\d+)?)(?:/(?P<kind>ka|act)/(?P<num>[0-9ivxlcdm]+))?$", re.IGNORECASE
)
_BY_ID = re.compile(r"^#(?P<id>[A-Za-z0-9][A-Za-z0-9._-]*)$")

FORMS = (
    "'Goal A.1', 'Goal A.1, key area (2)', 'Goals A.6, 7 and 8, activity (iii)', "
    "'A.5/ka/1', 'A.2/act/ii' or '#element-id'"
)


@dataclass(frozen=True)
class Target:
    """A resolved reference: a goal or block, and optionally one of its items."""

    unit_id: str
    kind: Kind | None = None
    element_id: str | None = None
    label: str = ""

    @property
    def is_unit(self) -> bool:
        return self.element_id is None


@dataclass(frozen=True)
class Parsed:
    """A reference read but not yet resolved: goal ids or a block id, and an item number."""

    goals: tuple[str, ...] = ()
    block: str | None = None
    kind: Kind | None = None
    number: int | None = None
    element_id: str | None = None


def parse(text: str) -> Parsed:
    """Read a reference without looking at any plan."""
    s = " ".join(text.replace("\u00a0", " ").split()).strip("*_ ")
    s = s.replace("*", "").replace("_", " ") if not s.startswith("#") else s
    s = " ".join(s.split())
    if m := _BY_ID.match(s):
        return Parsed(element_id=m["id"])
    if m := _COMPACT.match(s):
        unit = m["unit"].upper()
        kind: Kind | None = None
        number = None
        if m["kind"]:
            kind = "key_area" if m["kind"].lower() == "ka" else "activity"
            number = _number(kind, m["num"], text)
        if "-" in unit:
            return Parsed(block=unit, kind=kind, number=number)
        return Parsed(goals=(unit,), kind=kind, number=number)
    if m := _REPORT.match(s):
        goals = goal_list(m["goals"])
        kind = None
        number = None
        if m["kind"]:
            kind = "key_area" if m["kind"].lower().startswith("key") else "activity"
            number = _number(kind, m["num"] or m["bare"], text)
        return Parsed(goals=goals, kind=kind, number=number)
    raise TargetError(f"cannot read target {text!r}: write it as {FORMS}")


def resolve(plan: Plan, text: str, index: PlanIndex | None = None) -> list[Target]:
    """Resolve a reference against ``plan``: one target per goal or block it names.

    Pass ``plan.index()`` when resolving many references against one unchanged plan.
    """
    ref = parse(text)
    index = index or plan.index()
    if ref.element_id is not None:
        place = index.places.get(ref.element_id)
        if place is not None:
            return [Target(unit_key(place.unit), place.kind, place.item.id, place.label)]
        unit = index.units.get(ref.element_id)
        if unit is not None:
            return [Target(unit_key(unit), label=unit.label)]
        raise TargetError(f"target {text!r}: no element has the id {ref.element_id!r}")
    units = _units(plan, index, ref, text)
    return [_item(unit, ref, text) for unit in units]


def element_ids(plan: Plan, text: str, index: PlanIndex | None = None) -> list[str]:
    """The ids of the items a reference names; a goal or block stands for all of its items.
    ``index``: the plan's, when the caller has made it."""
    index = index if index is not None else plan.index()
    ids: list[str] = []
    for target in resolve(plan, text, index):
        if target.element_id is not None:
            ids.append(target.element_id)
        else:
            unit = index.units[target.unit_id]
            ids.extend(item.id for kind in KINDS for item in unit.items(kind))
    return ids


def resolve_one(plan: Plan, text: str) -> Target:
    """Resolve a reference that must name exactly one goal, block or element."""
    targets = resolve(plan, text)
    if len(targets) != 1:
        names = ", ".join(t.label for t in targets)
        raise TargetError(f"target {text!r} names {len(targets)} places ({names}); name one")
    return targets[0]


def _units(plan: Plan, index: PlanIndex, ref: Parsed, text: str) -> list[Unit]:
    if ref.block is not None:
        unit = index.units.get(ref.block)
        if unit is None:
            unit = index.by_goal.get(ref.block.split("-")[0])
            if unit is None or len(unit.goal_ids) == 1:
                blocks = [u.label + f" (id {unit_key(u)})" for _, u in plan.units()
                          if len(u.goal_ids) > 1]  # fmt: skip
                raise TargetError(
                    f"target {text!r}: no block {ref.block}; blocks: {', '.join(blocks) or 'none'}"
                )
        return [unit]
    units: list[Unit] = []
    for goal_id in ref.goals:
        unit = index.by_goal.get(goal_id)
        if unit is None:
            raise TargetError(
                f"target {text!r}: Goal {goal_id} does not exist; {_goals(plan, goal_id)}"
            )
        if unit not in units:
            units.append(unit)
    for unit in units:
        named = [g for g in ref.goals if g in unit.goal_ids]
        if len(ref.goals) > 1 and len(unit.goal_ids) > 1 and len(named) != len(unit.goal_ids):
            raise TargetError(
                f"target {text!r}: {', '.join(named)} share one block with the other goals of "
                f"{unit.label}; name the whole block or one goal"
            )
    return units


def _item(unit: Unit, ref: Parsed, text: str) -> Target:
    if ref.kind is None or ref.number is None:
        return Target(unit_key(unit), label=unit.label)
    items = unit.items(ref.kind)
    if not 1 <= ref.number <= len(items):
        count = len(items)
        noun = KIND_NOUN[ref.kind] if count == 1 else KIND_PLURAL[ref.kind]
        raise TargetError(
            f"target {text!r}: {unit.label} has {count} {noun}; "
            f"{KIND_NOUN[ref.kind]} {display_number(ref.kind, ref.number)} does not exist"
        )
    item = items[ref.number - 1]
    label = f"{unit.label}, {KIND_NOUN[ref.kind]} {display_number(ref.kind, ref.number)}"
    return Target(unit_key(unit), ref.kind, item.id, label)


def goal_list(text: str) -> tuple[str, ...]:
    """The goal ids a list matched by :data:`GOAL_LIST` or :data:`GOAL_RANGE_LIST` names, in order
    and each once: "A.6, 7 and 8" and "A.6 to A.8" give (A.6, A.7, A.8).

    A bare number takes the letter of the goal before it; a range joins goals of one letter
    (at most 50 apart), otherwise its end is one more goal.
    """
    out: list[str] = []
    letter, number = "", 0
    for connector, named, digits in _LIST_PART.findall(text.strip()):
        n = int(digits)
        same_letter = not named or named.upper() == letter
        ranged = connector.strip().lower() in _RANGE_WORDS
        if ranged and same_letter and number < n <= number + _LONGEST_RANGE:
            out.extend(f"{letter}.{k}" for k in range(number + 1, n + 1))
            number = n
            continue
        letter = named.upper() or letter
        number = n
        out.append(f"{letter}.{n}")
    return tuple(dict.fromkeys(out))


def _number(kind: Kind, token: str, text: str) -> int:
    if token.isdigit():
        if int(token) == 0:
            raise TargetError(
                f"cannot read target {text!r}: {KIND_PLURAL[kind]} are numbered from "
                f"{display_number(kind, 1)}"
            )
        return int(token)
    value = from_roman(token)
    if value is None or kind == "key_area":
        raise TargetError(
            f"cannot read target {text!r}: {token!r} is not a "
            + ("key area number such as (2)" if kind == "key_area" else "number such as (iv)")
        )
    return value


def _goals(plan: Plan, missing: str) -> str:
    letter = missing.split(".")[0]
    for area in plan.areas:
        if area.id == letter:
            ids = [g for u in area.goals for g in u.goal_ids]
            return (
                f"area {letter} has goals {ids[0]} to {ids[-1]}"
                if ids
                else f"area {letter} has no goals"
            )
    return f"the plan has areas {', '.join(a.id for a in plan.areas)}"
