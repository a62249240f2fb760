"""Three-way merge of plans by element id, for teams working on one plan in git.

git merges lines; a plan is a tree of elements with stable ids (areas, goals, blocks, the
goals of a block, key areas, activities). Here each version is flattened into nodes, each
with its fields (a wording, a title) and its slot (the list that holds it), and merged id by
id: a field or a slot that one side changed is taken from that side; both sides changing it
differently, or one side removing what the other changed, is a :class:`Conflict` left in the
plan for a person to resolve. The order of each list is rebuilt from the elements neither side
moved (in base order), with each side's added and moved elements put back in the gap where
that side put them (ours first when both used the same gap). Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from editplan.core.model import Conflict, Plan
from editplan.core.sequences import longest_increasing
from editplan.errors import ConsistencyError, InputError

ROOT = ""  # the parent of the areas list; a conflict on a plan's own field names the plan's id
PLAN_FIELDS = ("id", "title", "version", "source", "note")
Slot = tuple[str, str]  # (parent id, list field)
KEPT = "kept, for the elements changed in it"  # the side that did not remove a parent


@dataclass(frozen=True)
class Node:
    """One element of a flattened plan: what it is, its own fields and the list that holds it."""

    id: str
    kind: str  # area, goal, block, head, item
    fields: tuple[tuple[str, str | None], ...]
    slot: Slot

    def get(self, name: str) -> str | None:
        return dict(self.fields).get(name)


@dataclass
class Flat:
    """A plan as nodes by id and the ordered ids of each list (slot)."""

    top: dict[str, str | None]
    nodes: dict[str, Node]
    lists: dict[Slot, list[str]]


def flatten(plan: Plan) -> Flat:
    """The nodes and lists of ``plan``."""
    nodes: dict[str, Node] = {}
    lists: dict[Slot, list[str]] = {}

    def put(node: Node) -> None:
        nodes[node.id] = node
        lists.setdefault(node.slot, []).append(node.id)

    top = {name: getattr(plan, name) for name in PLAN_FIELDS}
    lists[(ROOT, "areas")] = []
    for area in plan.areas:
        put(Node(area.id, "area", (("title", area.title),), (ROOT, "areas")))
        lists.setdefault((area.id, "goals"), [])
        for unit in area.goals:
            uid = unit.id
            if hasattr(unit, "goals"):
                put(Node(uid, "block", (), (area.id, "goals")))
                for head in unit.goals:  # type: ignore[attr-defined]
                    put(Node(head.id, "head", (("title", head.title),), (uid, "goals")))
            else:
                put(Node(uid, "goal", (("title", unit.title),), (area.id, "goals")))  # type: ignore[attr-defined]
            for name in ("key_areas", "activities"):
                lists.setdefault((uid, name), [])
                for item in getattr(unit, name):
                    put(Node(item.id, "item", (("text", item.text),), (uid, name)))
    return Flat(top, nodes, lists)


@dataclass
class Merged:
    """The merged plan (holding ours where there is a conflict) and the conflicts left."""

    plan: Plan
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class _Choice:
    node: Node
    placer: str | None = None  # "ours", "theirs", or None: base order


def merge_plans(
    base: Plan,
    ours: Plan,
    theirs: Plan,
    *,
    ours_commit: str | None = None,
    theirs_commit: str | None = None,
) -> Merged:
    """Merge ``theirs`` into ``ours`` given their common ancestor ``base``.

    Raises InputError when a version already holds unresolved conflicts, or when the result
    cannot be a plan (an element that is a goal on one side and a block on the other).
    """
    for name, plan in (("base", base), ("ours", ours), ("theirs", theirs)):
        if plan.conflicts:
            raise InputError(
                f"the {name} version of plan {plan.id} still has {len(plan.conflicts)} "
                "unresolved conflict(s); resolve them before merging again"
            )
    return _Merger(base, ours, theirs, ours_commit, theirs_commit).run()


class _Merger:
    """One merge: the three flattened versions, the choices made, the conflicts found."""

    def __init__(
        self,
        base: Plan,
        ours: Plan,
        theirs: Plan,
        ours_commit: str | None,
        theirs_commit: str | None,
    ) -> None:
        self.b, self.o, self.t = flatten(base), flatten(ours), flatten(theirs)
        self.commits = (ours_commit, theirs_commit)
        self.moved_o = _moved(self.b, self.o)
        self.moved_t = _moved(self.b, self.t)
        self.conflicts: list[Conflict] = []
        self.chosen: dict[str, _Choice] = {}
        self.removed: dict[str, tuple[Node, str]] = {}  # id -> (its node, the side keeping none)

    def run(self) -> Merged:
        top = self._merge_top()
        ids = dict.fromkeys([*self.o.nodes, *self.t.nodes, *self.b.nodes])
        for element_id in ids:
            self._merge_node(element_id)
        self._keep_parents()
        plan = self._build(top)
        conflicts = [replace_at(c, plan) for c in self.conflicts]
        return Merged(plan.model_copy(update={"conflicts": conflicts}), conflicts)

    # --- fields -----------------------------------------------------------------------

    def _merge_top(self) -> dict[str, str | None]:
        top: dict[str, str | None] = {}
        for name in PLAN_FIELDS:
            b, o, t = self.b.top[name], self.o.top[name], self.t.top[name]
            if name == "version" and b != o != t != b and o and t:
                top[name] = _join_versions(o, t)
                continue
            value, clash = _three_way(b, o, t)
            if clash:
                self._conflict(str(self.o.top["id"]), name, b, o, t)
            top[name] = value
        return top

    def _merge_node(self, element_id: str) -> None:
        b, o, t = (f.nodes.get(element_id) for f in (self.b, self.o, self.t))
        kinds = {n.kind for n in (b, o, t) if n is not None}
        if len(kinds) > 1:
            raise InputError(
                f"element {element_id!r} is a {' on one side and a '.join(sorted(kinds))} on "
                "another; the plans cannot be merged element by element"
            )
        if b is None:
            self._merge_added(element_id, o, t)
            return
        if o is None and t is None:
            return
        if o is None or t is None:
            kept, gone = (t, "ours") if o is None else (o, "theirs")
            assert kept is not None
            # a new order of its list is no change to the element itself: the removal wins
            if kept.fields == b.fields and kept.slot == b.slot:
                self.removed[element_id] = (kept, gone)
                return
            self._removal_conflicts(b, kept, gone)
            side = "theirs" if o is None else "ours"
            self.chosen[element_id] = _Choice(kept, self._placer(b, kept.slot, side_only=side))
            return
        fields = []
        for name, base_value in b.fields:
            value, clash = _three_way(base_value, o.get(name), t.get(name))
            if clash:
                self._conflict(element_id, name, base_value, o.get(name), t.get(name))
            fields.append((name, value))
        slot, clash = _three_way(b.slot, o.slot, t.slot)
        if clash:
            self._conflict(
                element_id, "place", self._where(self.b, b), self._where(self.o, o),
                self._where(self.t, t),
            )  # fmt: skip
        node = Node(element_id, b.kind, tuple(fields), slot)
        self.chosen[element_id] = _Choice(node, self._placer(b, slot))

    def _merge_added(self, element_id: str, o: Node | None, t: Node | None) -> None:
        if o is not None and t is not None:
            for name, value in o.fields:
                if value != t.get(name):
                    self._conflict(element_id, name, None, value, t.get(name))
            if o.slot != t.slot:
                self._conflict(
                    element_id, "place", None, self._where(self.o, o), self._where(self.t, t)
                )
        node = o if o is not None else t
        assert node is not None
        self.chosen[element_id] = _Choice(node, "ours" if o is not None else "theirs")

    def _placer(self, b: Node, slot: Slot, side_only: str | None = None) -> str | None:
        """Whose order places an element: the side that moved it into or within ``slot``."""
        for side, flat, moved in (("ours", self.o, self.moved_o), ("theirs", self.t, self.moved_t)):
            if side_only not in (None, side):
                continue
            node = flat.nodes.get(b.id)
            if node is not None and node.slot == slot and (slot != b.slot or b.id in moved):
                return side
        return None

    def _removal_conflicts(self, b: Node, kept: Node, gone: str) -> None:
        """One side removed ``b``; the other changed it: a conflict per change."""
        flat = self.t if gone == "ours" else self.o
        for name, base_value in b.fields:
            if kept.get(name) != base_value:
                pair = (None, kept.get(name)) if gone == "ours" else (kept.get(name), None)
                self._conflict(b.id, name, base_value, *pair)
        if kept.slot != b.slot:
            where = self._where(flat, kept)
            pair = (None, where) if gone == "ours" else (where, None)
            self._conflict(b.id, "place", self._where(self.b, b), *pair)

    def _keep_parents(self) -> None:
        """An element kept inside a parent that one side removed keeps the parent, as a
        conflict: the removal would take the other side's change with it."""
        pending = list(self.chosen.values())
        while pending:
            choice = pending.pop()
            parent = choice.node.slot[0]
            if parent == ROOT or parent in self.chosen:
                continue
            if parent not in self.removed:
                raise InputError(
                    f"element {choice.node.id!r} is in {parent!r}, which neither side has"
                )
            node, gone = self.removed.pop(parent)
            b = self.b.nodes[parent]
            pair = (None, KEPT) if gone == "ours" else (KEPT, None)
            self._conflict(parent, "place", self._where(self.b, b), *pair)
            self.chosen[parent] = _Choice(node, None)
            pending.append(self.chosen[parent])

    # --- order and building -------------------------------------------------------------

    def _order(self, slot: Slot) -> list[str]:
        members = {i for i, c in self.chosen.items() if c.node.slot == slot}
        placed = {i for i in members if self.chosen[i].placer is not None}
        skeleton = [i for i in self.b.lists.get(slot, []) if i in members and i not in placed]
        anchored = set(skeleton)
        gaps: dict[str | None, list[str]] = {}
        for side, flat in (("ours", self.o), ("theirs", self.t)):
            anchor: str | None = None
            for element_id in flat.lists.get(slot, []):
                if element_id in anchored:
                    anchor = element_id
                elif element_id in placed and self.chosen[element_id].placer == side:
                    gaps.setdefault(anchor, []).append(element_id)
        order = list(gaps.get(None, []))
        for element_id in skeleton:
            order.append(element_id)
            order.extend(gaps.get(element_id, []))
        return order

    def _build(self, top: dict[str, str | None]) -> Plan:
        def items(parent: str, name: str) -> list[dict[str, Any]]:
            return [unit(i) for i in self._order((parent, name))]

        def unit(element_id: str) -> dict[str, Any]:
            node = self.chosen[element_id].node
            out: dict[str, Any] = {"id": element_id, **dict(node.fields)}
            if node.kind in ("area", "block"):
                out["goals"] = items(element_id, "goals")
            if node.kind in ("goal", "block"):
                out["key_areas"] = items(element_id, "key_areas")
                out["activities"] = items(element_id, "activities")
            return out

        data: dict[str, Any] = {k: v for k, v in top.items() if v is not None}
        data["areas"] = items(ROOT, "areas")
        try:
            return Plan.model_validate(data)
        except ConsistencyError as exc:
            raise InputError(f"the merged plan does not hold together: {exc.message}") from None
        except ValueError as exc:  # pydantic's ValidationError
            raise InputError(f"the merged plan is not a valid plan: {exc}") from None

    # --- conflicts ----------------------------------------------------------------------

    def _conflict(
        self, element: str, name: str, base: str | None, ours: str | None, theirs: str | None
    ) -> None:
        self.conflicts.append(
            Conflict(
                element=element,
                field=name,
                base=base,
                ours=ours,
                theirs=theirs,
                ours_commit=self.commits[0],
                theirs_commit=self.commits[1],
            )
        )

    @staticmethod
    def _where(flat: Flat, node: Node) -> str:
        """A place as ``parent/list/n`` (n from 1), which :func:`resolve` can move back to."""
        siblings = flat.lists.get(node.slot, [])
        return f"{node.slot[0] or 'plan'}/{node.slot[1]}/{siblings.index(node.id) + 1}"


def replace_at(conflict: Conflict, plan: Plan) -> Conflict:
    """The conflict with ``at`` set to how reports name its element in ``plan``."""
    return conflict.model_copy(update={"at": describe(plan, conflict.element)})


def describe(plan: Plan, element: str) -> str:
    """How a person names an element: "Goal A.5, key area (2)", "Goal A.1", "the plan"."""
    place = plan.locate().get(element)
    if place is not None:
        return place.label
    unit = plan.unit_by_id(element)
    if unit is not None:
        return unit.label
    for area in plan.areas:
        if area.id == element:
            return f"Area {element}"
        for block in area.goals:
            for head in getattr(block, "goals", []):
                if head.id == element:
                    return f"Goal {element} (in block {block.id})"
    return f"plan {plan.id}" if element == plan.id else element


def _join_versions(ours: str, theirs: str) -> str:
    """The label of a version that holds both sides' sets: "v1 + A" and "v1 + B" give
    "v1 + A + B" (labels are "<base> + <set>"; the parts ours lacks are added in order)."""
    parts = ours.split(" + ")
    parts += [p for p in theirs.split(" + ") if p not in parts]
    return " + ".join(parts)


def _three_way(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """The merged value and whether the two sides clash (then ours is returned)."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def _moved(base: Flat, side: Flat) -> set[str]:
    """Ids that ``side`` moved: into another list, or out of base order within their list.

    Within a list, the elements kept in base order are the longest increasing run of their
    base positions (ids are unique, so this is the longest common subsequence).
    """
    moved: set[str] = set()
    for slot, ids in side.lists.items():
        base_ids = base.lists.get(slot, [])
        position = {element_id: n for n, element_id in enumerate(base_ids)}
        common = [element_id for element_id in ids if element_id in position]
        moved.update(element_id for element_id in ids if element_id not in position)
        keep = _increasing(common, position)
        moved.update(element_id for element_id in common if element_id not in keep)
    # an id whose list is new on this side, or that left base's list, is moved; new ids too
    return {i for i in moved if i in base.nodes}


def _increasing(ids: list[str], position: dict[str, int]) -> set[str]:
    """The ids of a longest run of ``ids`` whose base positions increase."""
    return {ids[n] for n in longest_increasing([position[i] for i in ids])}


__all__ = ["KEPT", "PLAN_FIELDS", "ROOT", "Merged", "describe", "flatten", "merge_plans"]
