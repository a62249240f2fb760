"""A review round: many bodies' sets on one draft, side by side (pure, no I/O).

Each proposal (one amendment of one set) is applied alone to the plan, resolved against its
set's own base, to learn what it would do (:mod:`editplan.core.trials`). Two proposals collide
when the applier refuses them together: proposals of sets written against the same version are
put into one set and checked with the applier's own conflict rules; proposals of sets written
against different versions are applied one on top of the other, as ``apply`` would. Proposals
from different sets that leave the plan the same are the same proposal in other words:
grouped, never a collision. A proposal the history shows applied is shown as it was proposed,
against its set's base, with the version that applied it.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from editplan.core.applier import apply_set
from editplan.core.attribution import moment
from editplan.core.changeset import AppliedAmendment, ApplyResult, ElementChange
from editplan.core.decisions import agreed_form
from editplan.core.model import KINDS, Plan, PlanIndex, unit_key
from editplan.core.patch import Add, Amendment, AmendmentSet, Move
from editplan.core.trials import (
    ALL_STATUSES,
    EVERY,
    alone,
    apply_alone,
    named_units,
    positioned,
    quiet_ids,
    sliced,
)
from editplan.errors import ApplyError, ConflictError, InputError

__all__ = [
    "ALL_STATUSES",
    "Collision",
    "Landing",
    "Proposal",
    "Round",
    "Spot",
    "Submission",
    "gather",
    "with_numbers",
]


@dataclass(frozen=True)
class Landing:
    """Where the history applied an amendment: the version label it made, and the commit."""

    version: str
    commit: str


@dataclass(frozen=True)
class Submission:
    """One body's set in a round, with the plan version it was written against.

    ``base`` is None when the set was written against the plan as it is; ``applied`` holds
    the ids of amendments the history shows applied already, and ``landed`` where (when
    known).
    """

    aset: AmendmentSet
    base: Plan | None = None
    applied: frozenset[str] = frozenset()
    landed: Mapping[str, Landing] = field(default_factory=dict)


@dataclass(frozen=True)
class Spot:
    """Where a proposal shows in a compilation, and what it does there.

    ``anchor`` is an element id, or a goal's or block's id for what is added to it, or with
    ``title`` the goal whose title it changes; ``before`` and ``after`` are the wording now
    and as proposed (None for an added or removed element).
    """

    anchor: str
    before: str | None
    after: str | None
    what: str = ""
    title: bool = False


@dataclass(frozen=True)
class Proposal:
    """One amendment of one set, and what it would do to the plan on its own.

    ``author`` and ``date`` are the amendment's own (a reviewer's collected change), else its
    set's; ``number`` is its running number in the round, when the round has numbered it.
    """

    set_id: str
    author: str
    date: str
    source: str
    amendment: Amendment
    status: str
    targets: tuple[str, ...]
    spots: tuple[Spot, ...]
    touched: frozenset[str]
    effect: tuple[Any, ...] | None = None
    problem: str | None = None
    order: int = 0
    units: frozenset[str] = frozenset()  # the goals and blocks it reads or changes
    number: int | None = None
    landing: Landing | None = None  # where the history applied it

    @property
    def key(self) -> str:
        """How messages name a proposal: set id and amendment id, "lg14 53(n)"."""
        return f"{self.set_id} {self.amendment.id}"

    @property
    def name(self) -> str:
        """The proposal with its number when it has one: "no. 3 (lg14 53(n))"."""
        return self.key if self.number is None else f"no. {self.number} ({self.key})"


@dataclass(frozen=True)
class Collision:
    """Two proposals that cannot both apply, and the applier's reason."""

    first: Proposal
    second: Proposal
    element_id: str | None
    reason: str

    def other(self, key: str) -> Proposal:
        return self.second if self.first.key == key else self.first


@dataclass(frozen=True)
class Round:
    """Every proposal of a round, which of them are the same, and which collide."""

    plan: Plan
    submissions: tuple[Submission, ...]
    proposals: tuple[Proposal, ...]
    same: tuple[tuple[Proposal, ...], ...]
    collisions: tuple[Collision, ...]

    def collisions_of(self, key: str) -> list[Collision]:
        """The collisions a proposal takes part in."""
        return [c for c in self.collisions if key in (c.first.key, c.second.key)]

    def same_as(self, key: str) -> tuple[Proposal, ...]:
        """The group of identical proposals that holds ``key`` (empty when it has none)."""
        for group in self.same:
            if any(p.key == key for p in group):
                return group
        return ()

    def proposal(self, set_id: str, amendment_id: str) -> Proposal:
        for p in self.proposals:
            if p.set_id == set_id and p.amendment.id == amendment_id:
                return p
        raise KeyError(f"{set_id} {amendment_id}")


def gather(
    plan: Plan,
    submissions: Sequence[Submission],
    *,
    statuses: Iterable[str] = ALL_STATUSES,
    as_agreed: bool = False,
    numbers: Mapping[str, int] | None = None,
) -> Round:
    """Every proposal of ``submissions`` on ``plan``, identical groups, and collisions.

    ``statuses`` chooses the proposals that take part (by their status in the patch file);
    ``as_agreed`` takes each amendment in its agreed form (wording agreed as orally
    amended); ``numbers`` gives each proposal ("set amendment") its running number. Amendments
    the history shows applied are listed with status "applied" and collide with nothing.
    """
    _check_sets(plan, submissions)
    wanted = frozenset(statuses)
    numbers = numbers or {}
    current = plan.locate()
    taken = set(current) | {unit_key(u) for _, u in plan.units()}
    proposals: list[Proposal] = []
    indexes: dict[int, tuple[Plan, PlanIndex]] = {}  # by plan: a set's base, or the plan

    def index_of(of: Plan) -> PlanIndex:
        if id(of) not in indexes:
            indexes[id(of)] = (of, of.index())
        return indexes[id(of)][1]

    for sub in submissions:
        for amendment in sub.aset.amendments:
            if amendment.status not in wanted:
                continue
            form = agreed_form(amendment) if as_agreed else amendment
            number = numbers.get(f"{sub.aset.id} {amendment.id}")
            made = _propose(plan, sub, form, current, taken, order=len(proposals),
                            index=index_of(sub.base or plan))  # fmt: skip
            proposals.append(dataclasses.replace(made, number=number))
    same = _identical(proposals)
    grouped = {p.key: n for n, group in enumerate(same) for p in group}
    by_set = {s.aset.id: s for s in submissions}
    collisions = _collisions(plan, by_set, proposals, grouped)
    return Round(plan, tuple(submissions), tuple(proposals), same, tuple(collisions))


def _check_sets(plan: Plan, submissions: Sequence[Submission]) -> None:
    seen: set[str] = set()
    for sub in submissions:
        if sub.aset.id in seen:
            raise InputError(f"set {sub.aset.id} is given twice; each set takes part once")
        seen.add(sub.aset.id)
        if sub.base is None and sub.aset.base != plan.version:
            raise ConflictError(
                f"set {sub.aset.id} was written against {sub.aset.base!r}, but the plan is at "
                f"{plan.version!r} and that version is not known"
            )


def _propose(
    plan: Plan,
    sub: Submission,
    amendment: Amendment,
    current: dict[str, Any],
    taken: set[str],
    *,
    order: int,
    index: PlanIndex | None = None,
) -> Proposal:
    aset = sub.aset
    applied = amendment.id in sub.applied
    common: dict[str, Any] = {
        "set_id": aset.id,
        "author": amendment.author or aset.author,
        "date": moment(amendment.date or aset.date),
        "source": aset.source.cite(),
        "amendment": amendment,
        "status": "applied" if applied else amendment.status,
        "order": order,
        "landing": sub.landed.get(amendment.id),
    }
    refs = tuple(amendment.target_refs)
    one = alone(aset, amendment)
    if applied:
        return _landed(sub.base or plan, one, refs, common, index)
    try:
        result = apply_alone(one, plan, sub.base, taken, index)
    except ApplyError as exc:
        spots = _problem_spots(sub.base or plan, amendment, exc.message)
        return Proposal(
            targets=refs, spots=spots, touched=frozenset(), problem=exc.message, **common
        )
    record = (result.changes.applied or result.changes.pending)[0]
    after = result.plan.locate()
    spots = _spots(record, current, after)
    # a pending instruction claims nothing, so it collides with nothing
    touched = set(record.target_ids) if record.changes else set()
    touched.update(c.element_id for c in record.changes)
    if isinstance(amendment, Add | Move) and amendment.sibling is not None:
        touched.update(quiet_ids(sub.base or plan, amendment.sibling))
    effect = _effect(record.changes, current, after, result) if record.changes else None
    units = {t for t in record.target_ids if t in taken and t not in current}
    based: dict[str, Any] = {}
    if sub.base is not None:
        based = index.places if index is not None else sub.base.locate()
    for places in (current, after, based):
        units.update(unit_key(places[i].unit) for i in touched if i in places)
    if isinstance(amendment, Move) and amendment.to is not None:
        units.update(quiet_ids(sub.base or plan, amendment.to, units=True))
    return Proposal(
        targets=record.targets,
        spots=spots,
        touched=frozenset(touched),
        effect=effect,
        units=frozenset(units),
        **common,
    )


def _landed(
    base: Plan,
    one: AmendmentSet,
    refs: tuple[str, ...],
    common: dict[str, Any],
    index: PlanIndex | None = None,
) -> Proposal:
    """An applied proposal, shown as it was proposed: against its set's base (on the goals
    it names only, as a proposal is tried: the rest of a large plan cannot matter)."""
    units = named_units(base, one.amendments[0], index)
    on = base if units is None else sliced(base, units)
    try:
        result = apply_set(one, on, selection=EVERY)
    except ApplyError:  # the base the history holds no longer takes it: shown without marks
        return Proposal(targets=refs, spots=(), touched=frozenset(), **common)
    record = (result.changes.applied or result.changes.pending)[0]
    spots = _spots(record, on.locate(), result.plan.locate())
    return Proposal(targets=record.targets, spots=spots, touched=frozenset(), **common)


def _spots(
    record: AppliedAmendment, current: dict[str, Any], after: dict[str, Any]
) -> tuple[Spot, ...]:
    if not record.changes:  # a pending instruction: shown on its targets, nothing changes
        return tuple(
            Spot(t, current[t].item.text if t in current else None, None, "instruction")
            for t in record.target_ids
        )
    out: list[Spot] = []
    for c in record.changes:
        if c.kind == "goal":
            out.append(Spot(c.element_id, c.before, c.after, title=True))
        elif c.action == "text":
            out.append(Spot(c.element_id, c.before, c.after))
        elif c.action == "added":
            anchor = c.split_from or unit_key(after[c.element_id].unit)
            out.append(Spot(anchor, None, c.after, f"new {c.new_label}"))
        elif c.action == "removed":
            out.append(Spot(c.element_id, c.before, None, "removed"))
        else:
            out.append(Spot(c.element_id, c.before, c.after, f"moved to {c.new_label}"))
    return tuple(out)


def _problem_spots(plan: Plan, amendment: Amendment, message: str) -> tuple[Spot, ...]:
    out = []
    for ref in amendment.target_refs:
        for element_id in quiet_ids(plan, ref, units=True):
            out.append(Spot(element_id, None, None, f"cannot be applied: {message}"))
    return tuple(out)


def _effect(
    changes: Sequence[ElementChange],
    current: dict[str, Any],
    after: dict[str, Any],
    result: ApplyResult,
) -> tuple[Any, ...]:
    """What a proposal leaves: the touched lists of items (new elements' ids left out) and
    the touched goal titles."""
    units: set[str] = set()
    for c in changes:
        for places in (current, after):
            if c.element_id in places:
                units.add(unit_key(places[c.element_id].unit))
    revised = {unit_key(u): u for _, u in result.plan.units()}
    out: list[Any] = [("title", c.element_id, c.after) for c in changes if c.kind == "goal"]
    for unit_id in sorted(units):
        unit = revised.get(unit_id)
        for kind in KINDS:
            items = unit.items(kind) if unit is not None else []
            out.append(
                (unit_id, kind, tuple((i.id if i.id in current else "*", i.text) for i in items))
            )
    return tuple(out)


def _identical(proposals: Sequence[Proposal]) -> tuple[tuple[Proposal, ...], ...]:
    """Groups of proposals from different sets that leave the plan the same."""
    groups: dict[tuple[Any, ...], list[Proposal]] = defaultdict(list)
    for p in proposals:
        if p.effect is not None:
            groups[p.effect].append(p)
    out = []
    for group in groups.values():
        if len({p.set_id for p in group}) > 1:
            out.append(tuple(group))
    return tuple(sorted(out, key=lambda g: g[0].order))


def _collisions(
    plan: Plan,
    by_set: dict[str, Submission],
    proposals: Sequence[Proposal],
    grouped: dict[str, int],
) -> list[Collision]:
    users: dict[str, list[Proposal]] = defaultdict(list)
    for p in proposals:
        if p.problem is None and p.status != "applied":
            for element_id in p.touched:
                users[element_id].append(p)
    pairs: dict[tuple[int, int], tuple[Proposal, Proposal]] = {}
    for group in users.values():
        for a, b in combinations(group, 2):
            if a.key in grouped and grouped.get(b.key) == grouped[a.key]:
                continue
            first, second = (a, b) if a.order < b.order else (b, a)
            pairs.setdefault((first.order, second.order), (first, second))
    out: list[Collision] = []
    for order in sorted(pairs):
        first, second = pairs[order]
        found = _refused(plan, by_set[first.set_id], by_set[second.set_id], first, second)
        if found is not None:
            out.append(Collision(first, second, *found))
    return out


def _refused(
    plan: Plan, one: Submission, two: Submission, first: Proposal, second: Proposal
) -> tuple[str | None, str] | None:
    """Why the applier refuses ``first`` and ``second`` together, or None if they compose."""
    a = positioned(one.aset, first.amendment).model_copy(update={"id": first.key})
    b = positioned(two.aset, second.amendment).model_copy(update={"id": second.key})
    # the pair is checked on the goals it touches only: the rest of the plan cannot matter
    # (each proposal was applied alone to the whole plan already), and copying it would
    # dominate the time of a large round
    units = first.units | second.units
    plan = sliced(plan, units)
    base_one = sliced(one.base, units) if one.base else None
    base_two = sliced(two.base, units) if two.base else None
    try:
        if one.aset.base == two.aset.base:
            pair = one.aset.model_copy(
                update={"id": "round", "default_position": None, "amendments": [a, b]}
            )
            apply_set(pair, plan, base=base_one, selection=EVERY)
        else:
            first_set = one.aset.model_copy(update={"id": "round", "amendments": [a]})
            middle = apply_set(first_set, plan, base=base_one, selection=EVERY)
            rest = two.aset.model_copy(update={"id": "round2", "amendments": [b]})
            apply_set(rest, middle.plan, base=base_two or plan, selection=EVERY)
    except ApplyError as exc:
        reason = exc.message.split("; they do not compose")[0]
        for x, y in ((first, second), (second, first)):
            reason = reason.removeprefix(f"amendments {x.key} and {y.key} conflict: ")
        return exc.element_id, reason
    return None


def with_numbers(found: Round, numbers: Mapping[str, int]) -> Round:
    """The round with each proposal's running number from ``numbers`` ("set amendment" ->
    number), in its groups and collisions too."""
    new = {p.key: dataclasses.replace(p, number=numbers.get(p.key)) for p in found.proposals}
    return dataclasses.replace(
        found,
        proposals=tuple(new[p.key] for p in found.proposals),
        same=tuple(tuple(new[p.key] for p in group) for group in found.same),
        collisions=tuple(
            dataclasses.replace(c, first=new[c.first.key], second=new[c.second.key])
            for c in found.collisions
        ),
    )
