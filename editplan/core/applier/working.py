"""The copy of the plan an application changes, and the structural edits on it."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from editplan.core.changeset import Touch
from editplan.core.model import (
    KIND_NOUN,
    Goal,
    GoalHead,
    Item,
    Kind,
    Place,
    Plan,
    Unit,
    copy_plan,
    unit_key,
)
from editplan.errors import ApplyError


class TitleText:
    """A goal's title, read and written as an item's text is, so that the text operations
    and their claims work on it unchanged."""

    def __init__(self, head: Goal | GoalHead) -> None:
        self.head = head

    @property
    def id(self) -> str:
        return self.head.id

    @property
    def text(self) -> str:
        return self.head.title

    @text.setter
    def text(self, value: str) -> None:
        self.head.title = value


@dataclass(frozen=True)
class TitlePlace:
    """Where a goal's title is: its goal or block. Keyed by the goal's id, which no item
    shares (ids are unique in a plan)."""

    unit: Unit
    item: TitleText
    kind: Any = None

    @property
    def label(self) -> str:
        return f"the title of Goal {self.item.id}"


def title_places(plan: Plan) -> dict[str, TitlePlace]:
    """Every goal's title, by goal id."""
    out: dict[str, TitlePlace] = {}
    for _, unit in plan.units():
        heads: list[Goal | GoalHead] = [unit] if isinstance(unit, Goal) else list(unit.goals)  # type: ignore[attr-defined]
        for head in heads:
            out[head.id] = TitlePlace(unit, TitleText(head))
    return out


def wordings(places: Mapping[str, Any], titles: Mapping[str, Any]) -> Mapping[str, Any]:
    """Items and goal titles in one look-up, for what treats both as wordings."""
    return ChainMap(places, titles)  # type: ignore[arg-type]


class WorkingPlan:
    """A deep copy of the plan, with where each item is now.

    ``places`` is kept up to date by every structural change (a full re-index per amendment
    would make a large set quadratic). Only .unit, .kind and .item of a place are used: its
    .index is not kept current.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = copy_plan(plan)
        index = self.plan.index()
        self.places: dict[str, Place] = dict(index.places)
        self.units: dict[str, Unit] = index.units
        self.new_ids: set[str] = set()
        self.parts: dict[str, list[str]] = {}  # split element -> the parts split off it
        self.followers: dict[str, list[str]] = {}  # element -> what was put after it
        self.starts: dict[tuple[str, Kind], int] = {}  # how many were put at a list's start
        self.titles = title_places(self.plan)
        self.wordings = wordings(self.places, self.titles)

    def set_text(self, element_id: str, text: str) -> Touch:
        """Give the element (or the goal, its title) a new wording."""
        self.wordings[element_id].item.text = text
        return Touch(element_id, "text")

    def remove(self, element_id: str) -> Touch:
        """Take the element out of its list."""
        place = self.places.pop(element_id)
        take_out(place.unit.items(place.kind), place.item)
        return Touch(element_id, "removed")

    def split(self, element_id: str, into: list[str], ids: list[str], amendment_id: str) -> None:
        """Give the element the first wording, and insert the others after it as new items."""
        place = self.places[element_id]
        place.item.text = into[0]
        items = place.unit.items(place.kind)
        at = position_of(items, place.item) + 1
        for new_id, text in zip(ids, into[1:], strict=True):
            self.claim_id(new_id, amendment_id, "ids")
            item = Item(id=new_id, text=text)
            items.insert(at, item)
            at += 1
            self.parts.setdefault(element_id, []).append(new_id)
            self.put(item, place.unit, place.kind)

    def claim_id(self, new_id: str, amendment_id: str, field_name: str) -> None:
        """Refuse a new id that the plan, or an earlier amendment, already uses."""
        if new_id in self.new_ids or new_id in self.places or new_id in self.units:
            raise ApplyError(
                f"amendment {amendment_id}: the new id {new_id!r} is already used in the plan",
                amendment=amendment_id,
                field=field_name,
            )
        self.new_ids.add(new_id)

    def put(self, item: Item, unit: Unit, kind: Kind) -> None:
        """Record where an item now is."""
        self.places[item.id] = Place(unit, kind, -1, item)

    def place(
        self,
        unit: Unit,
        kind: Kind,
        item: Item,
        position: str,
        sibling_id: str | None,
        amendment_id: str,
    ) -> None:
        """Put ``item`` at ``position`` of the unit's list (before or after ``sibling_id``)."""
        items = unit.items(kind)
        key = (unit_key(unit), kind)
        if position == "end":
            items.append(item)
        elif position == "start":
            # several items put at the start in one set keep their file order
            at = self.starts.get(key, 0)
            items.insert(at, item)
            self.starts[key] = at + 1
        else:
            assert sibling_id is not None
            sibling = self.places[sibling_id]
            if sibling.kind != kind or unit_key(sibling.unit) != unit_key(unit):
                raise ApplyError(
                    f"amendment {amendment_id}: sibling {sibling.label} is not a "
                    f"{KIND_NOUN[kind]} of {unit.label}",
                    amendment=amendment_id,
                    field="sibling",
                )
            ids = [i.id for i in items]
            at = ids.index(sibling_id)
            if position == "after":
                at += 1
                # "after" an element that was split means after all of its parts, and after
                # what earlier amendments already put after it (so that they keep file order)
                follow = [*self.parts.get(sibling_id, []), *self.followers.get(sibling_id, [])]
                while at < len(ids) and ids[at] in follow:
                    at += 1
                self.followers.setdefault(sibling_id, []).append(item.id)
            items.insert(at, item)
        self.put(item, unit, kind)


def position_of(items: list[Item], item: Item) -> int:
    """Where ``item`` itself is in ``items``. What ``list.index`` finds, since ids are unique,
    without comparing the items before it field by field."""
    for at, other in enumerate(items):
        if other is item:
            return at
    raise ValueError(f"{item.id} is not in its list")


def take_out(items: list[Item], item: Item) -> None:
    """Remove ``item`` itself from ``items``, as ``list.remove`` would (:func:`position_of`)."""
    del items[position_of(items, item)]
