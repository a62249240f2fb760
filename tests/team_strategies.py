"""Hypothesis strategies for the team tests: two sets on one base that do not collide.

Built on the random plans and sets of test_document (every operation), split in two.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from test_document import plans_and_sets

from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.core.reference import resolve


def gaps(plan: Plan, aset: AmendmentSet, amendment: Any) -> set[tuple[Any, ...]]:
    """Where in the base an amendment puts elements: (unit, kind, left neighbour, right)."""
    index = plan.index()

    def gap(unit_id, kind, position, sibling=None):
        ids = [i.id for i in index.units[unit_id].items(kind)]
        if position == "start":
            return (unit_id, kind, None, ids[0] if ids else None)
        if position == "end":
            return (unit_id, kind, ids[-1] if ids else None, None)
        n = ids.index(sibling)
        if position == "before":
            return (unit_id, kind, ids[n - 1] if n else None, sibling)
        return (unit_id, kind, sibling, ids[n + 1] if n + 1 < len(ids) else None)

    def element(ref):
        return resolve(plan, ref, index)[0].element_id

    op = amendment.op
    if op == "add":
        position = amendment.position or aset.default_position
        sibling = element(amendment.sibling) if amendment.sibling else None
        return {
            gap(t.unit_id, amendment.kind, position, sibling)
            for t in resolve(plan, amendment.target, index)
        }
    if op in ("move", "split"):
        place = index.places[element(amendment.target)]
        unit_id = place.unit.id
        if op == "split":
            return {gap(unit_id, place.kind, "after", place.item.id)}
        # the place it leaves counts too: which of two neighbours moved is not in the files
        left = {gap(unit_id, place.kind, side, place.item.id) for side in ("before", "after")}
        if amendment.to:
            unit_id = resolve(plan, amendment.to, index)[0].unit_id
        sibling = element(amendment.sibling) if amendment.sibling else None
        if sibling:
            unit_id = index.places[sibling].unit.id
        return left | {gap(unit_id, place.kind, amendment.position, sibling)}
    if op in ("remove", "join"):
        # a removal changes the order around it: which neighbour moved, or where an element
        # was added, is then not in the files
        targets = amendment.targets if op == "join" else [amendment.target]
        out = set()
        for ref in targets:
            place = index.places[element(ref)]
            for side in ("before", "after"):
                out.add(gap(place.unit.id, place.kind, side, place.item.id))
        return out
    return set()


@st.composite
def set_pairs(draw: st.DrawFn) -> tuple[Plan, AmendmentSet, AmendmentSet, AmendmentSet]:
    """A plan, two sets on it that do not collide, and the one set with both (the first's
    amendments, then the second's). All three share the set id, so that new elements get
    the same ids.

    Not colliding: the sets touch different elements (each amendment of the generated set
    has its own), and where both change the order of one list (adding, moving, splitting,
    removing), they do it at places that are not next to each other in the base. Next to
    each other, what the files show is ambiguous (a swap of two neighbours: which moved?),
    as it is for git's line merge.
    """
    plan, aset = draw(plans_and_sets())
    first, second, taken = [], [], set()
    for amendment in aset.amendments:
        if draw(st.booleans()):
            first.append(amendment)
            taken |= gaps(plan, aset, amendment)
        else:
            second.append(amendment)
    second = [a for a in second if not gaps(plan, aset, a) & taken]

    def part(amendments, version):
        return aset.model_copy(update={"amendments": amendments, "version": version})

    return (plan, part(first, "v1 + a"), part(second, "v1 + b"), part(first + second, "v1 + a + b"))
