"""The headings layout of a Word draft: paragraphs outside tables, read one after the other.

"A. Area title", then "Goal A.1: title" (or "Goals A.6, A.7 and A.8" followed by one
"Goal A.6: title" line per goal), then "Key areas" and "Activities" headings over numbered
items. Before the first area or goal come the title, the "Version:" and "Source:" lines and the
plan's note.
"""

from __future__ import annotations

from editplan.core.layout import CLOSING
from editplan.ooxml.walker import Para
from editplan.word.drafts.lines import (
    AREA,
    AREA_NAMED,
    BLOCK,
    GOAL,
    GOAL_LOOSE,
    SOURCE,
    VERSION,
    block_goals,
    one_line,
    subheading,
)
from editplan.word.drafts.numbers import (
    BULLET,
    NUMBERED,
    kind_of_number,
    literal_number,
    number_values,
)
from editplan.word.drafts.state import DraftState


class HeadingsLayout:
    """Places the paragraphs of the body (outside tables) into the state."""

    def __init__(self, state: DraftState) -> None:
        self.state = state

    def paragraph(self, p: Para) -> None:
        """Place one paragraph: title, metadata, structure, item, a heading's title, or note."""
        s = self.state
        text = p.shown
        if not text:
            return
        if p.is_title:
            if s.title is None and not s.started:
                s.title = one_line(text)
                return
            s.leave(p, "a second Title-styled paragraph; a plan has one title")
            return
        if not s.started and not s.note:
            if s.version is None and (m := VERSION.match(text)):
                s.version = one_line(m[1])
                return
            if s.source is None and (m := SOURCE.match(text)):
                s.source = one_line(m[1])
                return
        if self.structure(p, text):
            return
        if s.unit is not None and self.item(p, text):
            return
        if s.awaiting is not None and p.num_fmt is None and self.may_be_title(p):
            s.fill_title(one_line(text))
            return
        if not s.started:
            if p.heading is not None and s.title is None and not s.has_title_style:
                s.title = one_line(text)
                s.title_from = "the first heading"
            else:
                s.note.append(p.display)
            return
        if text == CLOSING and not p.in_table:
            return
        s.leave(p, self.reason(p))

    def may_be_title(self, p: Para) -> bool:
        """Body text, or a heading deeper than the heading that gave only a number."""
        level = self.state.awaiting_level
        return p.heading is None or (level is not None and p.heading > level)

    def reason(self, p: Para) -> str:
        """Why a paragraph after the plan started could not be placed."""
        s = self.state
        if p.heading is not None:
            return (
                "a heading that names no area ('A. title'), goal ('Goal A.1: title') or list "
                "('Key areas', 'Activities')"
            )
        if s.unit is None:
            if s.area is not None and not s.area.units:
                return f"after area {s.area.letter}'s heading, before any goal"
            return "not under any goal"
        if s.kind is None:
            return (
                f"under {s.unit.label} but not numbered, and no 'Key areas' or 'Activities' "
                "heading says which list it belongs to"
            )
        return (
            f"under '{s.kind_heading}' of {s.unit.label} but not numbered, so not read "
            f"as {'a key area' if s.kind == 'key_area' else 'an activity'}"
        )

    def structure(self, p: Para, text: str) -> bool:
        """Areas, goals, blocks and list headings; True if ``p`` was one of them."""
        s = self.state
        heading = p.heading is not None
        if m := BLOCK.match(text):
            ids = block_goals(m[1])
            if ids is not None and len(ids) >= 2:
                unit = s.begin_unit(p, ids, {g: None for g in ids}, source="headings")
                unit.open_heads = True
                if m[2] and m[2].strip():
                    s.notes.append(
                        f"Paragraph {p.position}: the text after {unit.label}, {m[2].strip()!r}, "
                        "is not kept (a block of goals has no title of its own)."
                    )
                return True
        goal = GOAL.match(text) or (GOAL_LOOSE.match(text) if heading else None)
        if goal:
            letter = goal[1] or (s.area.letter if s.area else None)
            if letter is None:
                s.leave(p, "a goal without an area letter (write 'Goal A.1') and no area above")
                return True
            goal_id = f"{letter}.{goal[2]}"
            title = one_line(goal[3] or "") or None
            unit = s.unit
            if (
                unit is not None
                and unit.open_heads
                and goal_id in unit.titles
                and unit.titles[goal_id] is None
            ):
                unit.titles[goal_id] = title
                return True
            unit = s.begin_unit(p, [goal_id], {goal_id: title}, source="headings")
            if title is None:
                s.awaiting, s.awaiting_level = unit, p.heading
            return True
        if (heading and p.position in s.confirmed) or AREA_NAMED.match(text):
            m = AREA_NAMED.match(text) or AREA.match(text)
            if m:
                s.begin_area(m[1], one_line(m[2] or "") or None, p)
                return True
        if (
            heading
            and (m := AREA.match(text))
            and s.area is not None
            and s.area.level == p.heading
            and m[1] > s.area.letter
        ):
            # An area with no goals, after the plan started: same heading level, a later letter.
            s.begin_area(m[1], one_line(m[2] or "") or None, p)
            return True
        if s.unit is not None and p.num_fmt is None and (kind := subheading(text)):
            s.kind = kind
            s.kind_heading = one_line(text)
            s.unit.open_heads = False
            s.awaiting = None
            return True
        return False

    def item(self, p: Para, text: str) -> bool:
        """A numbered paragraph under a goal is an item; True if ``p`` was placed as one."""
        s = self.state
        assert s.unit is not None
        token: str | None = None
        if p.num_fmt is not None and p.num_fmt != "none":
            body = text
            s.features.add("word")
        elif m := NUMBERED.match(text):
            token = literal_number(m)
            if not number_values(token):
                return False
            body = m["text"]
            s.features.add("literal")
        elif (m := BULLET.match(text)) and s.kind is not None:
            body = m["text"]
            s.features.add("unnumbered")
        elif p.is_list and s.kind is not None:
            body = text
            s.features.add("unnumbered")
        else:
            return False
        kind = s.kind or kind_of_number(token, p.num_fmt)
        if kind is None:
            number = p.label or f"({token})"
            s.leave(
                p,
                f"numbered {number} under {s.unit.label}, but no 'Key areas' or 'Activities' "
                "heading says which list it belongs to",
            )
            return True
        s.add_item(s.unit, kind, body, p, token)
        return True
