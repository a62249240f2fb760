"""What importing a Word draft gives: the plan, the paragraphs left out, and the plan file's text.

Nothing is left out silently: each paragraph that could not be placed is an :class:`Unplaced`
with its position and the reason, listed in the header of the plan file :meth:`ImportResult.to_yaml`
writes.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from editplan.core.model import KINDS, Goal, GoalBlock, Plan, Unit
from editplan.store import yamlio
from editplan.word.drafts.lines import one_line

__all__ = ["ImportResult", "Unplaced", "plan_data"]


@dataclass(frozen=True)
class Unplaced:
    """A paragraph the importer could not place: its 1-based position in the body, its text.
    With no text, something between paragraphs (after paragraph ``position``)."""

    position: int
    text: str
    reason: str

    def __str__(self) -> str:
        if not self.text:
            where = f"after paragraph {self.position}" if self.position else "before paragraph 1"
            return f"{where}: {self.reason}"
        return f"paragraph {self.position}: {one_line(self.text)!r} ({self.reason})"


@dataclass
class ImportResult:
    """The imported plan, the paragraphs left out (never silently), the layout and findings."""

    plan: Plan
    unplaced: list[Unplaced]
    layout: str
    notes: list[str]
    source_file: str = ""
    # paragraphs placed, but with something Word holds that is not read as text
    losses: list[Unplaced] = field(default_factory=list)
    unchanged: bool = False  # the file already held what was imported: nothing was written

    def to_yaml(self) -> str:
        """The plan file text, with a header saying where it came from and what was left out."""
        comments: dict[tuple[str | int, ...], str] = {(): self._header()}
        for a, area in enumerate(self.plan.areas):
            for index, unit in enumerate(area.goals):
                comments["areas", a, "goals", index] = _label(unit)
        return yamlio.emit(plan_data(self.plan), comments)

    def _header(self) -> str:
        lines = [
            f"Imported by 'editplan import' from {self.source_file or 'a Word document'} "
            f"(layout: {self.layout}).",
            "Ids were given by position: goal ids are the goal numbers and a1.ka2 is goal A.1, "
            "key area (2). Check the texts against the document before the first commit.",
        ]
        lines += [f"Note: {note}" for note in self.notes]
        if self.unplaced:
            lines.append(
                _paragraphs(len(self.unplaced), "could not be placed and are NOT in this plan; ")
                + "add them by hand if they belong to it:"
            )
            lines += [f"- {u}" for u in self.unplaced]
        else:
            lines.append("Every paragraph of the document was placed.")
        if self.losses:
            lines.append(
                _paragraphs(len(self.losses), "hold something that is not read as text; ")
                + "check them against the document:"
            )
            lines += [f"- {u}" for u in self.losses]
        return "\n".join(_wrap(_comment_safe(line)) for line in lines)


def plan_data(plan: Plan) -> dict[str, Any]:
    """A plan as plain data in the key order of the project's plan files."""
    data: dict[str, Any] = {"id": plan.id, "title": plan.title, "version": plan.version}
    if plan.source is not None:
        data["source"] = plan.source
    if plan.note is not None:
        data["note"] = plan.note
    areas = []
    for area in plan.areas:
        units: list[dict[str, Any]] = []
        for unit in area.goals:
            if isinstance(unit, GoalBlock):
                head: dict[str, Any] = {
                    "id": unit.id,
                    "goals": [{"id": g.id, "title": g.title} for g in unit.goals],
                }
            else:
                assert isinstance(unit, Goal)
                head = {"id": unit.id, "title": unit.title}
            for kind in KINDS:
                key = "key_areas" if kind == "key_area" else "activities"
                head[key] = [{"id": i.id, "text": i.text} for i in unit.items(kind)]
            units.append(head)
        areas.append({"id": area.id, "title": area.title, "goals": units})
    data["areas"] = areas
    return data


def _label(unit: Unit) -> str:
    if isinstance(unit, Goal):
        title = textwrap.shorten(_comment_safe(unit.title), 80, placeholder=" ...")
        return f"Goal {unit.id}: {title}"
    return unit.label


def _paragraphs(count: int, rest: str) -> str:
    """ "3 paragraphs of the document <rest>", for the header's lists."""
    return f"{count} paragraph{'s' if count > 1 else ''} of the document {rest}"


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.wrap(text, 94, subsequent_indent="  ", break_on_hyphens=False) or [""]
    )


def _comment_safe(text: str) -> str:
    """Text for a YAML comment: one line, whatever the document held."""
    return re.sub(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]+", " ", text)
