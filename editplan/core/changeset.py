"""What an application changed, and what changed between two versions of a plan.

The change set is what the applier hands to the writers and the history: the amendments as
applied (with their provenance and the elements they touched), the pending instructions, the
skipped amendments and the renumbered elements. :func:`compare` is the one comparison of two
plans, element by element; ``editplan diff``, ``editplan log TARGET`` and the terminal views
read it, and the applier's :func:`renumbering` is its label part alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from editplan.core.model import Place, Plan

Action = Literal["text", "added", "removed", "moved"]
ChangeKind = Literal["key_area", "activity", "goal"]
"""What an element change is about: a key area, an activity, or a goal (its title)."""
DiffAction = Literal["added", "removed", "changed", "renumbered"]


@dataclass(frozen=True)
class Touch:
    """One element an amendment touched: its id, what happened, and its origin if split off."""

    element_id: str
    action: Action
    split_from: str | None = None


@dataclass(frozen=True)
class ElementChange:
    """What one amendment did to one element; labels are "Goal A.5, key area (1)".

    A goal's title is an element too: ``kind`` "goal", ``element_id`` the goal's id, labels
    "the title of Goal A.7", and its only action "text".
    """

    element_id: str
    kind: ChangeKind
    action: Action
    before: str | None
    after: str | None
    old_label: str | None
    new_label: str | None
    split_from: str | None = None


@dataclass(frozen=True)
class AppliedAmendment:
    """An amendment as applied (or pending): its provenance and its element changes."""

    id: str
    op: str
    targets: tuple[str, ...]
    target_ids: tuple[str, ...]
    quote: str | None
    note: str | None
    drafted_by: str | None = None
    changes: tuple[ElementChange, ...] = ()
    target_units: tuple[str, ...] = ()  # the target_ids that name a whole goal or block
    # who proposed it and when, where the amendment says so (a reviewer's collected change);
    # None: the set's author and date
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Renumbering:
    """An element whose display number (or goal) changed, with the same id."""

    element_id: str
    old_label: str
    new_label: str


@dataclass(frozen=True)
class Skipped:
    """An amendment left out by the selection, and why.

    ``option`` names the selection setting that left it out ("only", "exclude", "statuses"),
    so that a front end can name its own way of changing it; None when the history did.
    """

    id: str
    reason: str
    option: str | None = None


@dataclass(frozen=True)
class ChangeSet:
    """Everything the writers and the history need to know about one application."""

    set_id: str
    title: str
    author: str
    date: str
    source: str
    base_version: str
    result_version: str
    applied: tuple[AppliedAmendment, ...]
    pending: tuple[AppliedAmendment, ...]
    skipped: tuple[Skipped, ...]
    renumbered: tuple[Renumbering, ...]


@dataclass(frozen=True)
class ApplyResult:
    """The revised plan and the change set that explains it."""

    plan: Plan
    changes: ChangeSet


# --- comparing two versions ---------------------------------------------------------------


@dataclass(frozen=True)
class ElementDiff:
    """How one element differs between two versions.

    ``changed`` means its wording differs (its label may differ too); ``renumbered`` means
    only its label (number or goal) does.
    """

    element_id: str
    action: DiffAction
    old_label: str | None
    new_label: str | None
    before: str | None
    after: str | None


Places = Mapping[str, Place]


def element_diff(element_id: str, old: Place | None, new: Place | None) -> ElementDiff | None:
    """How the element at ``old`` (None: absent) differs at ``new``; None if it does not."""
    if old is None:
        if new is None:
            return None
        return ElementDiff(element_id, "added", None, new.label, None, new.item.text)
    if new is None:
        return ElementDiff(element_id, "removed", old.label, None, old.item.text, None)
    if old.item.text != new.item.text:
        action: DiffAction = "changed"
    elif not _same_label(old, new):
        action = "renumbered"
    else:
        return None
    return ElementDiff(element_id, action, old.label, new.label, old.item.text, new.item.text)


def _same_label(old: Place, new: Place) -> bool:
    """Whether two places read the same label, without writing either: a label is the unit's
    goals, the kind and the position, each written one way only."""
    return (
        old.index == new.index
        and old.kind == new.kind
        and (old.unit is new.unit or old.unit.goal_ids == new.unit.goal_ids)
    )


def compare(
    old: Plan | Places, new: Plan | Places, only: Iterable[str] | None = None
) -> list[ElementDiff]:
    """Element-by-element differences between two plans (or their places), in the new order;
    removed elements come last, in the old order. ``only`` limits them to some ids."""
    before = old.locate() if isinstance(old, Plan) else old
    after = new.locate() if isinstance(new, Plan) else new
    wanted = None if only is None else set(only)
    out: list[ElementDiff] = []
    for element_id, place in after.items():
        if wanted is None or element_id in wanted:
            found = element_diff(element_id, before.get(element_id), place)
            if found is not None:
                out.append(found)
    for element_id, prior in before.items():
        if element_id not in after and (wanted is None or element_id in wanted):
            found = element_diff(element_id, prior, None)
            assert found is not None
            out.append(found)
    return out


def renumbering(old: Plan | Places, new: Plan | Places) -> list[Renumbering]:
    """Elements present in both versions whose label (number or goal) differs, in new order:
    what :func:`compare` gives with both labels and different ones, without its other diffs."""
    before = old.locate() if isinstance(old, Plan) else old
    after = new.locate() if isinstance(new, Plan) else new
    return [
        Renumbering(element_id, prior.label, place.label)
        for element_id, place in after.items()
        if (prior := before.get(element_id)) is not None and not _same_label(prior, place)
    ]


def element_change(touch: Touch, old: Place | None, new: Place | None) -> ElementChange:
    """What ``touch`` did, with the element's wording and label before and after the set."""
    some = new or old
    return ElementChange(
        element_id=touch.element_id,
        kind=some.kind if some else "key_area",
        action=touch.action,
        before=old.item.text if old else None,
        after=new.item.text if new else None,
        old_label=old.label if old else None,
        new_label=new.label if new else None,
        split_from=touch.split_from,
    )


def title_change(touch: Touch, old: Any, new: Any) -> ElementChange:
    """What ``touch`` did to a goal's title; ``old`` and ``new`` are the title's places before
    and after the set (each with ``item.text`` and ``label``)."""
    return ElementChange(
        element_id=touch.element_id,
        kind="goal",
        action="text",
        before=old.item.text,
        after=new.item.text,
        old_label=old.label,
        new_label=new.label,
    )
