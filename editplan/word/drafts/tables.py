"""The table layout of a Word draft: one row per goal, or a table of items under a goal heading.

A goal table has a goal column ("Goal A.1: title" in a cell), a key-area column and an
activity column; a header row ("Goal | Key areas | Activities") names the columns and is
skipped. Goals whose key-area and activity cells merge with the row above share them, as a
block. A table with key-area and activity columns but no goal column, under a goal heading,
holds that goal's items. Every paragraph of a column editplan does not read is left out,
with the column named.
"""

from __future__ import annotations

import re

from editplan.core.model import KINDS, Kind
from editplan.errors import InputError, Location
from editplan.ooxml.walker import Cell, Para, Table
from editplan.word.drafts.lines import (
    AREA,
    AREA_NAMED,
    BLOCK,
    GOAL,
    GOAL_LOOSE,
    block_goals,
    names_goal,
    one_line,
    subheading,
)
from editplan.word.drafts.numbers import BULLET, NUMBERED, literal_number, number_values
from editplan.word.drafts.state import DraftState

_ROLE_KIND: dict[str, Kind] = {"key_area": "key_area", "activity": "activity"}
Heads = list[tuple[str, str | None, Para]]  # goal id, title (None if on a later line), paragraph


def cell_at(row: list[Cell], column: int) -> Cell | None:
    """The cell of a row that covers a column (merged cells span several)."""
    return next((c for c in row if c.column <= column < c.column + c.span), None)


# A column heading is a label: a few words, never a sentence's worth.
_LABEL_WORDS = 8
_LABEL_CHARS = 80


def column_label(text: str) -> str | None:
    """The role a header cell's text names ("goal", "key_area", "activity", or "other:<text>"),
    or None if it is no column label (too long to be one, or naming a goal)."""
    low = text.lower()
    if len(text) > _LABEL_CHARS or len(text.split()) > _LABEL_WORDS or names_goal(text):
        return None
    if "key area" in low or "key capacity" in low:
        return "key_area"
    if "activit" in low:
        return "activity"
    if re.match(r"^(strategic\s+)?goals?\b|^objectives?\b", low):
        return "goal"
    return f"other:{text}"


def columns(table: Table) -> tuple[dict[int, str], set[int]]:
    """Column roles ("goal", "key_area", "activity", or "other:<header>") and which of the
    first rows are header rows: every cell a short column label, one naming key areas or
    activities. A row whose cell only mentions activities in a sentence is no header: it is
    read (or left out with its reason), never skipped silently."""
    roles: dict[int, str] = {}
    headers: set[int] = set()
    for index, row in enumerate(table.rows[:4]):
        found: dict[int, str] = {}
        for cell in row:
            text = one_line(cell.text)
            if not text:
                continue
            label = column_label(text)
            if label is None:
                found = {}
                break
            found[cell.column] = label
        if any(role in KINDS for role in found.values()):
            roles = found
            headers.add(index)
        elif headers or any(GOAL.match(one_line(c.text)) for c in row):
            break
    if not roles:
        width = max((c.column + c.span for row in table.rows for c in row), default=0)
        if width >= 3:
            roles = {0: "goal", 1: "key_area", 2: "activity"}
            roles.update({c: "other:" for c in range(3, width)})
    elif "goal" not in roles.values() and 0 not in roles:
        roles[0] = "goal"
    return roles, headers


def goal_heads(cell: Cell | None, area_letter: str | None) -> Heads | None:
    """The goals a goal cell names, with their titles; None if it names none."""
    if cell is None or cell.merged:
        return None
    paras = [p for p in cell.paras if p.text.strip()]
    if not paras:
        return None
    first = paras[0].shown
    if m := BLOCK.match(first):
        ids = block_goals(m[1]) or []
        return [(g, None, paras[0]) for g in ids] or None
    m = GOAL.match(first) or GOAL_LOOSE.match(first)
    letter = m and (m[1] or area_letter)
    if m and letter:
        return [(f"{letter}.{m[2]}", one_line(m[3] or "") or None, paras[0])]
    return None


def _unread_column(header: str, number: int, table: str) -> str:
    """Why a paragraph in a column of no known role is left out."""
    named = f" ('{header}')" if header else ""
    return f"in {table}, column {number}{named}, which editplan does not read"


def cell_items(s: DraftState, cell: Cell, kind: Kind) -> None:
    """Every paragraph (or line) of a key-area or activity cell is an item."""
    assert s.unit is not None
    for p in cell.paras:
        text = p.shown
        if not text:
            continue
        if p.num_fmt is None and subheading(one_line(text)) is not None:
            continue
        if p.num_fmt is not None and p.num_fmt != "none":
            s.features.add("word")
            s.add_item(s.unit, kind, text, p, None)
            continue
        for line in text.split("\n"):
            line = line.strip()
            if not line:
                continue
            token = None
            if (m := NUMBERED.match(line)) and number_values(literal_number(m)):
                token = literal_number(m)
                line = m["text"]
                s.features.add("literal")
            elif m := BULLET.match(line):
                line = m["text"]
                s.features.add("unnumbered")
            else:
                s.features.add("unnumbered")
            s.add_item(s.unit, kind, line, p, token)


class TableLayout:
    """Places the cells of the body's tables into the state."""

    def __init__(self, state: DraftState) -> None:
        self.state = state

    def _heads(self, cell: Cell | None) -> Heads | None:
        area = self.state.area
        return goal_heads(cell, area.letter if area else None)

    def table(self, table: Table) -> None:
        """Read a goal table or an items table; leave out every paragraph of any other."""
        s = self.state
        roles, header_rows = columns(table)
        goal_column = next((c for c, role in roles.items() if role == "goal"), None)
        has_goals = goal_column is not None and any(
            self._heads(cell_at(row, goal_column))
            for index, row in enumerate(table.rows)
            if index not in header_rows
        )
        item_columns = [c for c, role in roles.items() if role in KINDS]
        if has_goals and goal_column is not None:
            self.goal_table(table, roles, header_rows, goal_column)
        elif item_columns and s.unit is not None and header_rows:
            self.items_table(table, roles, header_rows)
        else:
            for row in table.rows:
                for cell in row:
                    for p in cell.paras:
                        if p.text.strip():
                            s.leave(
                                p,
                                f"in table {table.number}, which has no goal column ('Goal A.1: "
                                "title' in a cell) nor 'Key areas' and 'Activities' columns",
                            )
        s.unit = None
        s.kind = None
        s.awaiting = None

    def goal_table(
        self, table: Table, roles: dict[int, str], header_rows: set[int], goal_column: int
    ) -> None:
        """One goal (or block) per row: its goal cell, then its key-area and activity cells."""
        s = self.state
        s.features.add("table")
        s.unit = None
        where = f"table {table.number}"
        for row_number, row in enumerate(table.rows, start=1):
            if row_number - 1 in header_rows:
                continue
            goal_cell = cell_at(row, goal_column)
            heads = self._heads(goal_cell)
            if heads is None and self.area_row(row, goal_cell, where, row_number):
                continue
            if heads is not None and goal_cell is not None:
                item_cells = [cell for cell in row if roles.get(cell.column) in _ROLE_KIND]
                if item_cells and all(c.merged for c in item_cells) and s.unit is not None:
                    self.join_block(heads, goal_cell)
                else:
                    self.goal_cell(heads, goal_cell, where, row_number)
            elif goal_cell is not None and not goal_cell.merged and goal_cell.text.strip():
                for p in goal_cell.paras:
                    if p.text.strip():
                        s.leave(p, f"in {where}, row {row_number}: its first column names no goal")
                for cell in row:
                    if cell is not goal_cell:
                        for p in cell.paras:
                            if p.text.strip():
                                s.leave(
                                    p,
                                    f"in {where}, row {row_number}, whose goal cell names no goal",
                                )
                continue
            for cell in row:
                if cell is goal_cell or cell.merged:
                    continue
                role = roles.get(cell.column, "other:")
                if role in _ROLE_KIND and s.unit is not None:
                    cell_items(s, cell, _ROLE_KIND[role])
                    continue
                for p in cell.paras:
                    if not p.text.strip():
                        continue
                    if role in _ROLE_KIND:
                        s.leave(p, f"in {where}, row {row_number}, before any goal row")
                    else:
                        header = role.removeprefix("other:")
                        s.leave(p, _unread_column(header, cell.column + 1, where))

    def area_row(
        self, row: list[Cell], goal_cell: Cell | None, where: str, row_number: int
    ) -> bool:
        """A row whose only text, in the goal column, is an area heading ("A. title")."""
        s = self.state
        texts = [c for c in row if c.text.strip()]
        if len(texts) != 1 or texts[0] is not goal_cell or goal_cell.merged:
            return False
        paras = [p for p in goal_cell.paras if p.text.strip()]
        area = AREA.match(paras[0].shown)
        if area is None or not (
            paras[0].position in s.confirmed or AREA_NAMED.match(paras[0].shown)
        ):
            return False
        s.begin_area(area[1], one_line(area[2] or "") or None, paras[0])
        if s.area is not None and s.area.title is None and len(paras) > 1:
            s.area.title = one_line(paras[1].shown)
            paras = paras[1:]
        s.awaiting = None
        for extra in paras[1:]:
            s.leave(extra, f"in {where}, row {row_number}, after the area's title")
        return True

    def goal_cell(self, heads: Heads, cell: Cell, where: str, row_number: int) -> None:
        """Start the goal (or block) a goal cell names: its first paragraph, then title lines."""
        s = self.state
        paras = [p for p in cell.paras if p.text.strip()]
        ids = [g for g, _, _ in heads]
        titles = {g: t for g, t, _ in heads}
        awaiting = ids[0] if len(ids) == 1 and titles[ids[0]] is None else None
        extra: list[Para] = []
        for p in paras[1:]:
            text = p.shown
            m = GOAL.match(text) or GOAL_LOOSE.match(text)
            letter = m and (m[1] or (s.area.letter if s.area else None))
            if m and letter:
                goal_id = f"{letter}.{m[2]}"
                title = one_line(m[3] or "") or None
                if goal_id in titles and titles[goal_id] is None:
                    titles[goal_id] = title
                    awaiting = goal_id if title is None else None
                    continue
                if goal_id not in titles and not extra:
                    # Several goals in one cell share the row's key areas and activities.
                    ids.append(goal_id)
                    titles[goal_id] = title
                    awaiting = goal_id if title is None else None
                    continue
            if awaiting is not None:
                titles[awaiting] = one_line(text)
                awaiting = None
                continue
            extra.append(p)
        s.begin_unit(paras[0], ids, titles, source="table")
        for p in extra:
            s.leave(p, f"in {where}, row {row_number}, after the goal's title")

    def join_block(self, heads: Heads, cell: Cell) -> None:
        """A goal row whose key-area and activity cells merge with the row above: the goals
        share them, as a block."""
        s = self.state
        unit = s.unit
        assert unit is not None
        paras = [p for p in cell.paras if p.text.strip()]
        for goal_id, title, p in heads:
            if goal_id in s.seen_goals:
                raise InputError(
                    f"goal {goal_id} appears twice (paragraphs {s.seen_goals[goal_id]} and "
                    f"{p.position}); a goal is one heading or one table row",
                    Location(s.name),
                )
            if goal_id.split(".")[0] != unit.letter:
                s.leave(p, f"{goal_id} shares its cells with {unit.label}, of another area")
                continue
            s.see_goal(goal_id, p)
            unit.goal_ids.append(goal_id)
            unit.titles[goal_id] = title
            if title is None and len(paras) > 1:
                unit.titles[goal_id] = one_line(paras[1].shown)

    def items_table(self, table: Table, roles: dict[int, str], header_rows: set[int]) -> None:
        """A table of key areas and activities under a goal heading."""
        s = self.state
        s.features.add("table")
        for row_number, row in enumerate(table.rows, start=1):
            if row_number - 1 in header_rows:
                continue
            for cell in row:
                role = roles.get(cell.column, "other:")
                if role in _ROLE_KIND:
                    if not cell.merged:
                        cell_items(s, cell, _ROLE_KIND[role])
                    continue
                for p in cell.paras:
                    if p.text.strip():
                        header = role.removeprefix("other:")
                        s.leave(p, _unread_column(header, cell.column + 1, f"table {table.number}"))
