"""Conflicts that a merge left in a plan: how to say them, refusing them, resolving them.

A merge (:mod:`editplan.core.merge`) writes each conflict into the plan's ``conflicts`` list
and keeps ours in the plan itself; ``resolve`` keeps ours, puts back theirs (a value, a
removal, or a place written ``parent/list/n``) or writes a new wording. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from editplan.core.merge import KEPT, PLAN_FIELDS, ROOT, flatten
from editplan.core.model import Conflict, Plan
from editplan.errors import ConflictError, ConsistencyError, InputError, Location


def conflict_text(conflict: Conflict) -> str:
    """One conflict in words: the element, both values and both commits."""

    def side(name: str, value: str | None, commit: str | None) -> str:
        by = f" {commit}" if commit else ""
        if value is None:
            return f"{name}{by} removed it"
        return f"{name}{by}: {value!r}"

    what = conflict.at or conflict.element
    element = f" [{conflict.element}]" if conflict.element and conflict.element not in what else ""
    noun = {"text": "wording", "place": "place"}.get(conflict.field, conflict.field)
    return (
        f"{what}{element}, {noun}: "
        f"{side('ours', conflict.ours, conflict.ours_commit)}; "
        f"{side('theirs', conflict.theirs, conflict.theirs_commit)}"
    )


def check_resolved(plan: Plan, path: str, lines: Iterable[int | None] = ()) -> None:
    """Refuse a plan that a merge left with conflicts, naming each one."""
    if not plan.conflicts:
        return
    at = list(lines)
    parts = []
    for n, conflict in enumerate(plan.conflicts):
        line = at[n] if n < len(at) else None
        prefix = f"line {line}: " if line else ""
        parts.append(f"  {prefix}{conflict_text(conflict)}")
    count = len(plan.conflicts)
    raise ConflictError(
        f"{count} unresolved merge conflict{'s' if count > 1 else ''}; resolve each, keeping "
        "ours, theirs or a new wording:\n" + "\n".join(parts),
        Location(path, at[0] if at and at[0] else None),
    )


def open_conflicts(plan: Plan, path: str) -> str | None:
    """The warning of a plan a merge left with conflicts (None when it has none): what it
    shows is our side until each is resolved."""
    if not plan.conflicts:
        return None
    count = len(plan.conflicts)
    listed = "; ".join(conflict_text(c) for c in plan.conflicts[:3])
    more = f"; and {count - 3} more" if count > 3 else ""
    return (
        f"{path} has {count} unresolved merge conflict{'s' if count > 1 else ''} ({listed}"
        f"{more}): it shows our side until each is resolved"
    )


def resolve(plan: Plan, conflict: Conflict, choice: str, text: str | None = None) -> Plan:
    """``plan`` with ``conflict`` settled: ``choice`` is ours, theirs or text (with ``text``).

    The plan already holds ours; theirs puts back the other side's value (or removes the
    element, or moves it to the other side's place). The conflict is dropped from the list.
    """
    rest = [c for c in plan.conflicts if c is not conflict]
    value = {"ours": conflict.ours, "theirs": conflict.theirs, "text": text}[choice]
    if choice == "text" and conflict.field == "place":
        raise InputError(
            f"{conflict.at or conflict.element}: a conflict over its place is settled by "
            "keeping ours or theirs, not by a wording"
        )
    data = plan.model_copy(update={"conflicts": []}).model_dump(mode="json", exclude_none=True)
    if value is None and choice != "text":
        _remove(data, conflict.element)
    elif conflict.field == "place":
        if value not in (KEPT, None):
            _move(data, conflict.element, value)
    else:
        node = _find(data, conflict.element)
        if node is None and conflict.element == plan.id and conflict.field in PLAN_FIELDS:
            node = data
        if node is None:
            raise InputError(f"element {conflict.element!r} is no longer in the plan")
        node[conflict.field] = value
    try:
        resolved = Plan.model_validate(data)
    except ConsistencyError as exc:
        raise InputError(f"resolving {conflict.element}: {exc.message}") from None
    except ValueError as exc:
        raise InputError(f"resolving {conflict.element}: {_first_error(exc)}") from None
    # a conflict on an element that the choice removed has nothing left to settle
    alive = set(flatten(resolved).nodes) | {plan.id}
    kept = [c for c in rest if c.element in alive]
    return resolved.model_copy(update={"conflicts": kept})


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(exc)


def _lists(data: dict[str, Any]) -> Iterable[tuple[str, str, list[dict[str, Any]]]]:
    """Every list of elements in plan data, with its parent id and field name."""
    yield ROOT, "areas", data["areas"]
    for area in data["areas"]:
        yield area["id"], "goals", area["goals"]
        for unit in area["goals"]:
            for name in ("goals", "key_areas", "activities"):
                if name in unit:
                    yield unit["id"], name, unit[name]


def _find(data: dict[str, Any], element: str) -> dict[str, Any] | None:
    for _, _, nodes in _lists(data):
        for node in nodes:
            if node["id"] == element:
                return node
    return None


def _remove(data: dict[str, Any], element: str) -> None:
    for _, _, nodes in _lists(data):
        for n, node in enumerate(nodes):
            if node["id"] == element:
                del nodes[n]
                return


def _move(data: dict[str, Any], element: str, where: str) -> None:
    parent, _, rest = where.partition("/")
    name, _, number = rest.partition("/")
    parent = ROOT if parent == "plan" else parent
    node = _find(data, element)
    target = next((nodes for p, f, nodes in _lists(data) if (p, f) == (parent, name)), None)
    if node is None or target is None or not number.isdigit():
        raise InputError(f"cannot move {element!r} to {where!r}: that place is not in the plan")
    _remove(data, element)
    target.insert(min(int(number) - 1, len(target)), node)
