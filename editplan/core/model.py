"""The plan as data: areas, goals, combined goal blocks, key areas and activities.

Every element carries a stable ``id`` kept in the plan file. Display numbers ("key area (2)",
"activity (iv)") are derived from position and are never identity (DESIGN decision 1).
The models validate themselves; a problem found after field validation (a duplicate id, a goal
outside its area) raises :class:`~editplan.errors.ConsistencyError` with the path of the
offending value, so that the YAML reader can report its line and column.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    model_serializer,
    model_validator,
)

# the labels' vocabulary is the model's too (modules import it from here)
from editplan.core.labels import KIND_NOUN as KIND_NOUN
from editplan.core.labels import Kind as Kind
from editplan.core.labels import display_number as display_number
from editplan.core.labels import goals_label
from editplan.errors import ConsistencyError

KINDS: tuple[Kind, ...] = ("key_area", "activity")
KIND_PLURAL: dict[Kind, str] = {"key_area": "key areas", "activity": "activities"}
KIND_FIELD: dict[Kind, str] = {"key_area": "key_areas", "activity": "activities"}

GOAL_ID = re.compile(r"^[A-Z]\.[1-9][0-9]*$")
ELEMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# XML 1.0 allows tab, newline and carriage return, and nothing else below U+0020; nor
# surrogates, U+FFFE or U+FFFF. A Word document cannot hold any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = re.compile("[\n\r\t\u2028\u2029]")


def check_xml_text(value: str) -> str:
    """Refuse characters that XML 1.0, and so a Word document, cannot hold."""
    bad = _NOT_XML.search(value)
    if bad:
        char = bad.group()
        raise ValueError(
            f"contains U+{ord(char):04X}, a control character that a Word document cannot hold"
        )
    return value


def check_line(value: str) -> str:
    """A one-line text: not empty, no edge whitespace, no line breaks, XML-safe."""
    check_xml_text(value)
    if not value.strip():
        raise ValueError("is empty; write the wording, or remove the element")
    if value != value.strip():
        raise ValueError("has leading or trailing whitespace")
    if _LINE_BREAK.search(value):
        raise ValueError("contains a line break or tab; an item is one line of text")
    return value


def check_element_id(value: str) -> str:
    """Stable ids are short tokens: letters, digits, dot, dash, underscore."""
    if not ELEMENT_ID.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use letters, digits, '.', '-' and '_', "
            "starting with a letter or digit"
        )
    return value


def check_goal_id(value: str) -> str:
    """Goal ids are the plan's goal numbers, such as A.1 or B.4."""
    if not GOAL_ID.match(value):
        raise ValueError(f"{value!r} is not a goal id of the form A.1 (area letter, dot, number)")
    return value


Line = Annotated[str, AfterValidator(check_line)]
Prose = Annotated[str, AfterValidator(check_xml_text)]
ElementId = Annotated[str, AfterValidator(check_element_id)]
GoalId = Annotated[str, AfterValidator(check_goal_id)]


class _Model(BaseModel):
    # Built when first used, not when defined: a command pays only for the models it uses.
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)


def _empty() -> list[Any]:
    """A new empty list, a field's default. (pydantic reads a default factory's signature:
    for the builtin ``list`` that means parsing its text signature with tokenize, which cost
    more at start-up than building a model.)"""
    return []


class Item(_Model):
    """A key area or an activity: a stable id and one line of wording."""

    id: ElementId
    text: Line


class GoalHead(_Model):
    """One goal of a combined block: its number and title."""

    id: GoalId
    title: Line


class Unit(_Model):
    """What holds key areas and activities: a goal, or a block of goals that share them."""

    key_areas: list[Item] = Field(default_factory=_empty)
    activities: list[Item] = Field(default_factory=_empty)

    @property
    def goal_ids(self) -> list[str]:
        raise NotImplementedError

    @property
    def label(self) -> str:
        """How reports name this unit: "Goal A.1" or "Goals A.6, A.7 and A.8"."""
        return goals_label(self.goal_ids)

    def items(self, kind: Kind) -> list[Item]:
        """The key areas or the activities of this unit, in order."""
        return self.key_areas if kind == "key_area" else self.activities


class Goal(Unit):
    """A goal of the plan, such as A.1, with its own key areas and activities."""

    id: GoalId
    title: Line

    @property
    def goal_ids(self) -> list[str]:
        return [self.id]


class GoalBlock(Unit):
    """Goals that share one block of key areas and activities (A.6, A.7 and A.8 here)."""

    id: ElementId
    goals: list[GoalHead] = Field(min_length=2)

    @property
    def goal_ids(self) -> list[str]:
        return [g.id for g in self.goals]


def _unit_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "block" if "goals" in value else "goal"
    return "block" if isinstance(value, GoalBlock) else "goal"


AnyUnit = Annotated[
    Annotated[Goal, Tag("goal")] | Annotated[GoalBlock, Tag("block")],
    Discriminator(_unit_tag),
]


class Area(_Model):
    """A group of goals, A or B, with a heading."""

    id: Annotated[str, Field(pattern=r"^[A-Z]$")]
    title: Line
    goals: list[AnyUnit] = Field(default_factory=_empty)


class Conflict(_Model):
    """A merge conflict left in a plan file for a person to resolve (see core.merge).

    ``ours`` and ``theirs`` are the two values of ``field`` (absent: that side removed the
    element); the plan holds ours until the conflict is resolved.
    """

    element: str
    field: str
    at: str | None = None
    base: str | None = None
    ours: str | None = None
    theirs: str | None = None
    ours_commit: str | None = None
    theirs_commit: str | None = None


class Plan(_Model):
    """A whole plan: metadata and areas. ``version`` is the label amendment sets name as base.

    ``conflicts`` is empty except in a plan file that a merge left unresolved: such a plan
    reads, but validating or applying it is refused until each conflict is resolved.
    """

    id: ElementId
    title: Line
    version: Line
    source: Line | None = None
    note: Prose | None = None
    areas: list[Area] = Field(min_length=1)
    conflicts: list[Conflict] = Field(default_factory=_empty)

    @model_serializer(mode="wrap")
    def _no_empty_conflicts(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # a plan without conflicts dumps (and hashes) exactly as before the field existed
        data = handler(self)
        if not data.get("conflicts"):
            data.pop("conflicts", None)
        return data

    @model_validator(mode="after")
    def _hold_together(self) -> Plan:
        seen: dict[str, tuple[str | int, ...]] = {}
        problems: list[ConsistencyError] = []

        def claim(identifier: str, loc: tuple[str | int, ...]) -> None:
            if identifier in seen:
                problems.append(
                    ConsistencyError(
                        f"duplicate id {identifier!r}: ids must be unique in a plan",
                        (*loc, "id"),
                        (*seen[identifier], "id"),
                    )
                )
                return
            seen[identifier] = loc

        for a, area in enumerate(self.areas):
            claim(area.id, ("areas", a))
            for u, unit in enumerate(area.goals):
                uloc: tuple[str | int, ...] = ("areas", a, "goals", u)
                if isinstance(unit, GoalBlock):
                    claim(unit.id, uloc)
                    heads = [((*uloc, "goals", g), head.id) for g, head in enumerate(unit.goals)]
                else:
                    heads = [(uloc, unit.id)]
                for loc, goal_id in heads:
                    if goal_id.split(".")[0] != area.id:
                        problems.append(
                            ConsistencyError(
                                f"goal {goal_id} is listed under area {area.id}; "
                                f"its letter says area {goal_id.split('.')[0]}",
                                (*loc, "id"),
                            )
                        )
                    claim(goal_id, loc)
                for kind in KINDS:
                    for i, item in enumerate(unit.items(kind)):
                        claim(item.id, (*uloc, KIND_FIELD[kind], i))
        if problems:
            raise problems[0].with_others(list(problems[1:]))
        return self

    # --- navigation -------------------------------------------------------------------

    def units(self) -> Iterator[tuple[Area, Unit]]:
        """Every goal and block with its area, in document order."""
        for area in self.areas:
            for unit in area.goals:
                yield area, unit

    def unit_by_goal(self, goal_id: str) -> Unit | None:
        """The goal or block that holds goal ``goal_id``."""
        for _, unit in self.units():
            if goal_id in unit.goal_ids:
                return unit
        return None

    def unit_by_id(self, unit_id: str) -> Unit | None:
        """The goal or block whose own id is ``unit_id``."""
        for _, unit in self.units():
            if unit_key(unit) == unit_id:
                return unit
        return None

    def locate(self) -> dict[str, Place]:
        """Where every key area and activity is: id to its unit, kind and 0-based index."""
        places: dict[str, Place] = {}
        for _, unit in self.units():
            for kind in KINDS:
                for index, item in enumerate(unit.items(kind)):
                    places[item.id] = Place(unit, kind, index, item)
        return places

    def index(self) -> PlanIndex:
        """Look-up tables for this plan as it is now (rebuild after changing its structure)."""
        units = {unit_key(u): u for _, u in self.units()}
        by_goal = {goal_id: u for u in units.values() for goal_id in u.goal_ids}
        return PlanIndex(units, by_goal, self.locate())

    def element_count(self) -> int:
        """Number of key areas and activities."""
        return sum(len(u.key_areas) + len(u.activities) for _, u in self.units())


@dataclass(frozen=True)
class Place:
    """Where an item sits: its unit, its kind and its 0-based position."""

    unit: Unit
    kind: Kind
    index: int
    item: Item

    @property
    def number(self) -> str:
        return display_number(self.kind, self.index + 1)

    @property
    def label(self) -> str:
        """The item as reports cite it: "Goal A.5, key area (2)"."""
        return f"{self.unit.label}, {KIND_NOUN[self.kind]} {self.number}"


@dataclass(frozen=True)
class PlanIndex:
    """Goals, blocks and items by id, so that resolving many references stays linear."""

    units: dict[str, Unit]
    by_goal: dict[str, Unit]
    places: dict[str, Place]


def excerpt(plan: Plan, unit_ids: Collection[str]) -> Plan:
    """The plan with only the goals and blocks ``unit_ids`` names (and the areas holding
    them): what a page of one goal of a large plan draws. Numbers stay as the plan gives them:
    goals are numbered by their ids, items within their own goal."""
    areas = [
        area.model_copy(update={"goals": [u for u in area.goals if u.id in unit_ids]})
        for area in plan.areas
    ]
    kept = [area for area in areas if area.goals]
    return plan.model_copy(update={"areas": kept, "conflicts": []})


def unit_key(unit: Unit) -> str:
    """The stable id of a goal or block."""
    assert isinstance(unit, Goal | GoalBlock)
    return unit.id


# Plan object id -> the plan (kept alive, so that its id is not reused) and its hash.
_KEPT_HASHES: ContextVar[dict[int, tuple[Plan, str]] | None] = ContextVar(
    "kept_hashes", default=None
)


def content_hash(plan: Plan) -> str:
    """A content hash of a plan (its data, not its file's formatting): the version's identity."""
    kept = _KEPT_HASHES.get()
    if kept is not None and (found := kept.get(id(plan))) is not None and found[0] is plan:
        return found[1]
    data = json.dumps(plan.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    value = "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()
    if kept is not None:
        kept[id(plan)] = (plan, value)
    return value


@contextmanager
def hashes_kept() -> Iterator[None]:
    """Within the block each plan is hashed once: for work that reads plans it does not change
    (the documents and the commit of one application each record both hashes)."""
    token = _KEPT_HASHES.set({})
    try:
        yield
    finally:
        _KEPT_HASHES.reset(token)


def copy_plan(plan: Plan) -> Plan:
    """A deep copy of a plan, several times faster than ``model_copy(deep=True)``: a plan holds
    only text, lists and models, so the strings are shared and every model and list is new."""
    copied = _copied(plan)
    assert isinstance(copied, Plan)
    return copied


def _copied(model: BaseModel) -> Any:
    # what deepcopy of a pydantic model does, without its generic steps for each string
    new = object.__new__(type(model))
    fields = dict(model.__dict__)
    for name, value in fields.items():
        if type(value) is not str and value is not None:
            fields[name] = _copied_value(value)
    extra, private = model.__pydantic_extra__, model.__pydantic_private__
    _SET(new, "__dict__", fields)
    _SET(new, "__pydantic_extra__", None if extra is None else copy.deepcopy(extra))
    _SET(new, "__pydantic_fields_set__", set(model.__pydantic_fields_set__))
    _SET(new, "__pydantic_private__", None if private is None else copy.deepcopy(private))
    return new


def _copied_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _copied(value)
    if type(value) is list:
        return [v if type(v) is str else _copied_value(v) for v in value]
    return copy.deepcopy(value)  # nothing a plan holds: immutable, or copied the slow way


_SET = object.__setattr__

