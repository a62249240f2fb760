"""A proposal tried on its own, and two proposals tried together (pure).

A review round learns what each proposal does by applying it alone, resolved against its set's
own base; it learns whether two proposals collide by applying them together, as ``apply``
would. Both are tried on the goals they name only, since the rest of the plan cannot matter
and copying it would dominate the time of a large round.
"""

from __future__ import annotations

from editplan.core.applier import Selection, apply_set
from editplan.core.changeset import ApplyResult
from editplan.core.model import Area, Plan, PlanIndex, unit_key
from editplan.core.patch import Add, Amendment, AmendmentSet, Move, Status
from editplan.core.reference import resolve
from editplan.errors import EditplanError

ALL_STATUSES: frozenset[str] = frozenset(Status.__args__)  # type: ignore[attr-defined]
EVERY = Selection(statuses=ALL_STATUSES)


def alone(aset: AmendmentSet, amendment: Amendment) -> AmendmentSet:
    """A set of one amendment, with the set's header (its default position made explicit)."""
    return aset.model_copy(update={"amendments": [positioned(aset, amendment)]})


def positioned(aset: AmendmentSet, amendment: Amendment) -> Amendment:
    """The amendment with the set's default position made its own (an add without one)."""
    if isinstance(amendment, Add) and amendment.position is None and aset.default_position:
        return amendment.model_copy(update={"position": aset.default_position})
    return amendment


def apply_alone(
    one: AmendmentSet,
    plan: Plan,
    base: Plan | None,
    taken: set[str] | frozenset[str],
    index: PlanIndex | None = None,
) -> ApplyResult:
    """Apply a set of one amendment, on the goals it names only when that is the same.

    ``taken`` holds the ids of the plan's items, goals and blocks: a new id that clashes with
    one of them makes the amendment be applied again to the whole plan, which says so.
    ``index``: that of ``base`` (or of ``plan`` without one), when the caller has it.
    """
    units = named_units(base or plan, one.amendments[0], index)
    if units is None:
        return apply_set(one, plan, base=base, selection=EVERY)
    small = sliced(plan, units)
    result = apply_set(one, small, base=sliced(base, units) if base else None, selection=EVERY)
    for record in result.changes.applied:
        for change in record.changes:
            if change.action == "added" and change.element_id in taken:
                return apply_set(one, plan, base=base, selection=EVERY)
    return result


def named_units(
    plan: Plan, amendment: Amendment, index: PlanIndex | None = None
) -> frozenset[str] | None:
    """The goals and blocks an amendment's references name, or None if one names nothing
    (``index``: the plan's, made once for many amendments of a large plan)."""
    refs = list(amendment.target_refs)
    if isinstance(amendment, Add | Move) and amendment.sibling is not None:
        refs.append(amendment.sibling)
    if isinstance(amendment, Move) and amendment.to is not None:
        refs.append(amendment.to)
    units: set[str] = set()
    for ref in refs:
        try:
            units.update(t.unit_id for t in resolve(plan, ref, index))
        except EditplanError:
            return None
    return frozenset(units)


def quiet_ids(plan: Plan, ref: str, *, units: bool = False) -> list[str]:
    """The ids a reference names, or none when it names nothing."""
    try:
        found = resolve(plan, ref)
    except EditplanError:
        return []
    return [t.element_id or t.unit_id for t in found if t.element_id or units]


def sliced(plan: Plan, units: frozenset[str]) -> Plan:
    """The plan with only the goals and blocks ``units`` (the objects shared, not copied)."""
    areas = []
    for area in plan.areas:
        goals = [u for u in area.goals if unit_key(u) in units]
        if goals:
            areas.append(Area.model_construct(id=area.id, title=area.title, goals=goals))
    fields = {name: getattr(plan, name) for name in ("id", "title", "version", "source", "note")}
    return Plan.model_construct(**fields, areas=areas or plan.areas)
