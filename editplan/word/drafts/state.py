"""The state both layout recognisers fill while reading a draft, and the plan built from it.

:class:`DraftState` holds what has been read so far (title, metadata, areas, goals and their
items, the current goal and list, the paragraphs left out, notes) and the operations both
layouts share: start an area or a goal, add an item, leave a paragraph out with a reason.
:func:`build` turns the finished state into a validated
:class:`~editplan.word.drafts.result.ImportResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from editplan.core.model import KIND_NOUN, KINDS, Kind, Plan, display_number
from editplan.errors import InputError, Location
from editplan.ooxml.walker import Block, Para
from editplan.store import validation
from editplan.word.drafts.lines import AREA, BLOCK, GOAL, GOAL_LOOSE, SUPPORTED_LAYOUTS, one_line
from editplan.word.drafts.numbers import number_values
from editplan.word.drafts.result import ImportResult, Unplaced


@dataclass
class UnitBuilder:
    """A goal, or a block of goals, being read: its goals' titles and its items so far."""

    goal_ids: list[str]
    titles: dict[str, str | None]
    position: int
    open_heads: bool = False  # a "Goals ..." heading waiting for its "Goal A.6: title" lines
    items: dict[Kind, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})

    @property
    def letter(self) -> str:
        return self.goal_ids[0].split(".")[0]

    @property
    def label(self) -> str:
        ids = self.goal_ids
        return f"Goal {ids[0]}" if len(ids) == 1 else f"Goals {', '.join(ids[:-1])} and {ids[-1]}"

    def key(self) -> str:
        if len(self.goal_ids) == 1:
            return self.goal_ids[0]
        numbers = [int(g.split(".")[1]) for g in self.goal_ids]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"{self.letter}.{numbers[0]}-{numbers[-1]}"
        return f"{self.letter}.{'-'.join(str(n) for n in numbers)}"


@dataclass
class AreaBuilder:
    """An area being read: its letter, title, heading level and goals."""

    letter: str
    title: str | None = None
    level: int | None = None
    units: list[UnitBuilder] = field(default_factory=list)


class DraftState:
    """What has been read of a draft so far, and the operations both layouts share."""

    def __init__(
        self, name: str, file_name: str, plan_id: str, blocks: list[Block], notes: list[str]
    ) -> None:
        self.name = name
        self.file_name = file_name
        self.plan_id = plan_id
        self.blocks = blocks
        self.notes = notes
        self.unplaced: list[Unplaced] = []
        self.title: str | None = None
        self.title_from: str | None = None
        self.version: str | None = None
        self.source: str | None = None
        self.note: list[str] = []
        self.areas: dict[str, AreaBuilder] = {}
        self.area: AreaBuilder | None = None
        self.unit: UnitBuilder | None = None
        self.kind: Kind | None = None
        self.kind_heading = ""
        self.awaiting: UnitBuilder | AreaBuilder | None = None
        self.awaiting_level: int | None = None
        self.started = False
        self.seen_goals: dict[str, int] = {}
        self.features: set[str] = set()
        self.has_title_style = any(isinstance(b, Para) and b.is_title for b in blocks)
        self.confirmed = confirm_areas(blocks)

    def leave(self, p: Para, reason: str) -> None:
        """Leave a paragraph out of the plan, saying why."""
        self.unplaced.append(Unplaced(p.position, p.display, reason))

    def fill_title(self, title: str) -> None:
        """The paragraph after a heading that gave only a number is that heading's title."""
        target = self.awaiting
        self.awaiting = None
        if isinstance(target, AreaBuilder):
            target.title = title
        elif target is not None:
            untitled = [g for g in target.goal_ids if target.titles.get(g) is None]
            if untitled:
                target.titles[untitled[0]] = title

    def begin_area(self, letter: str, title: str | None, p: Para) -> None:
        self.started = True
        area = self.areas.setdefault(letter, AreaBuilder(letter))
        if area.title is not None and title is not None and area.title != title:
            self.notes.append(
                f"Area {letter} has a second heading (paragraph {p.position}); its first title "
                "is kept."
            )
        area.title = area.title or title
        area.level = p.heading
        self.area = area
        self.unit = None
        self.kind = None
        self.awaiting = area if title is None else None
        self.awaiting_level = p.heading

    def begin_unit(
        self, p: Para, ids: list[str], titles: dict[str, str | None], *, source: str
    ) -> UnitBuilder:
        self.started = True
        for goal_id in ids:
            self.see_goal(goal_id, p)
        unit = UnitBuilder(list(ids), titles, p.position)
        letter = unit.letter
        if self.area is None or self.area.letter != letter:
            if self.area is not None:
                self.notes.append(
                    f"{unit.label} (paragraph {p.position}) is under area {self.area.letter}'s "
                    f"heading; it is placed in area {letter}."
                )
            self.area = self.areas.setdefault(letter, AreaBuilder(letter))
        self.area.units.append(unit)
        self.unit = unit
        self.kind = None
        self.awaiting = None
        self.features.add(source)
        return unit

    def see_goal(self, goal_id: str, p: Para) -> None:
        """Record where a goal is named; a goal named twice is refused."""
        if goal_id in self.seen_goals:
            raise InputError(
                f"goal {goal_id} appears twice (paragraphs {self.seen_goals[goal_id]} and "
                f"{p.position}); a goal is one heading or one table row",
                Location(self.name),
            )
        self.seen_goals[goal_id] = p.position

    def add_item(
        self, unit: UnitBuilder, kind: Kind, body: str, p: Para, token: str | None
    ) -> None:
        """Add an item to a goal's list; a number as text that is not its position is noted."""
        line = one_line(body)
        if not line:
            self.leave(p, "an item number with no text")
            return
        if line != body.strip():
            self.notes.append(
                f"Paragraph {p.position}: a tab or line break inside the text became a space."
            )
        items = unit.items[kind]
        items.append(line)
        unit.open_heads = False
        n = len(items)
        if token is not None and n not in number_values(token):
            shown = display_number(kind, n)
            self.notes.append(
                f"{unit.label}, {KIND_NOUN[kind]} {shown} is numbered ({token}) in the document "
                f"(paragraph {p.position}); numbers follow positions."
            )


def confirm_areas(blocks: list[Block]) -> set[int]:
    """Positions of area-like headings ("A. title") that a goal of that letter follows
    before the next such heading; "I. Introduction" is then not taken for an area."""
    signals: list[tuple[int, str, str | None]] = []
    for block in blocks:
        if isinstance(block, Para):
            paras = [block]
        else:
            paras = [p for row in block.rows for c in row if c.column == 0 for p in c.paras]
        for p in paras:
            text = p.shown
            loose = p.heading is not None or p.in_table
            if m := BLOCK.match(text):
                signals.append((p.position, "goal", m[1][0]))
            elif (m := GOAL.match(text)) or (loose and (m := GOAL_LOOSE.match(text))):
                signals.append((p.position, "goal", m[1]))
            elif loose and (m := AREA.match(text)):
                signals.append((p.position, "area", m[1]))
    confirmed: set[int] = set()
    for i, (position, kind, letter) in enumerate(signals):
        if kind != "area":
            continue
        for _, later_kind, later_letter in signals[i + 1 :]:
            if later_kind == "area":
                break
            if later_letter in (None, letter):
                confirmed.add(position)
                break
    return confirmed


# --- the plan --------------------------------------------------------------------------


def layout_name(features: set[str]) -> str:
    """How the draft was laid out, as the plan file's header says it."""
    structure = " and ".join(s for s in ("headings", "table") if s in features)
    numbers = [
        text
        for key, text in (
            ("literal", "numbers as text"),
            ("word", "Word numbering"),
            ("unnumbered", "unnumbered items"),
        )
        if key in features
    ]
    if not numbers:
        numbers = ["no items"]
    return f"{structure}, {' and '.join(numbers)}"


def build(state: DraftState) -> ImportResult:
    """The plan of a fully read draft, validated; a draft with no goal is refused."""
    if not state.seen_goals:
        raise InputError(
            f"no goal found, so there is nothing to import; {SUPPORTED_LAYOUTS}",
            Location(state.name),
        )
    state.unplaced.sort(key=lambda u: u.position)
    notes = state.notes
    if state.title is None:
        state.title = Path(state.file_name).stem
        notes.append(
            f"No Title-styled paragraph or heading before the plan: the title is the file's "
            f"name, {state.title!r}."
        )
    elif state.title_from:
        notes.append(f"No Title-styled paragraph: the title is {state.title_from}.")
    if state.version is None:
        state.version = state.file_name
        notes.append(
            f"No 'Version:' line: the version is the file name, {state.file_name}; change it "
            "to the draft's symbol or date."
        )
    areas = []
    for area in state.areas.values():
        if area.title is None:
            area.title = f"Area {area.letter}"
            notes.append(f"Area {area.letter} has no heading: its title is {area.title!r}.")
        areas.append(
            {
                "id": area.letter,
                "title": area.title,
                "goals": [_unit_data(unit, notes) for unit in area.units],
            }
        )
    data: dict[str, Any] = {
        "id": state.plan_id,
        "title": state.title,
        "version": state.version,
        "source": state.source or state.file_name,
    }
    note = "\n".join(n.strip() for n in state.note).strip()
    if note:
        data["note"] = note
    data["areas"] = areas
    plan = _validated(data, state)
    return ImportResult(plan, state.unplaced, layout_name(state.features), notes, state.name)


def _validated(data: dict[str, Any], state: DraftState) -> Plan:
    """The plan of ``data``, or an :class:`InputError` located at the draft."""
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        message, loc, _ = validation.explain(exc, Plan, data)
        if loc == ("id",):
            message = f"plan id {state.plan_id!r} (from the output file's name): {message}"
        else:
            message = f"the imported plan does not validate ({message})"
        raise InputError(message, Location(state.name)) from None
    except InputError as exc:
        raise InputError(
            f"the imported plan does not hold together: {exc.message}", Location(state.name)
        ) from None


def _unit_data(unit: UnitBuilder, notes: list[str]) -> dict[str, Any]:
    """A goal or block as plan data, with ids by position (a1.ka2, a6-8.act1)."""
    for goal_id in unit.goal_ids:
        if not unit.titles.get(goal_id):
            unit.titles[goal_id] = "(untitled)"
            notes.append(
                f"Goal {goal_id} (paragraph {unit.position}) has no title in the document: "
                "its title is '(untitled)'."
            )
    key = unit.key()
    prefix = key.lower().replace(".", "")
    items = {
        field_name: [
            {"id": f"{prefix}.{short}{n}", "text": text}
            for n, text in enumerate(unit.items[kind], start=1)
        ]
        for kind, field_name, short in (
            ("key_area", "key_areas", "ka"),
            ("activity", "activities", "act"),
        )
    }
    if len(unit.goal_ids) == 1:
        return {"id": key, "title": unit.titles[key], **items}
    heads = [{"id": g, "title": unit.titles[g]} for g in unit.goal_ids]
    return {"id": key, "goals": heads, **items}
