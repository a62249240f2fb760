"""What collect cannot express in a patch file, and where in the document it is.

A change collect cannot say as an amendment (a goal the base does not have, a wording no
operation reproduces, markup whose readings cannot be followed) is refused alone: its
paragraphs' tracked changes are rejected and the rest of the copy is collected, the refusal
named with its paragraphs. :class:`Unexpressed` carries the element it is about, or the
stream paragraphs, up to the use case that retries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from editplan.core.model import KINDS
from editplan.errors import InputError, Location

if TYPE_CHECKING:
    from editplan.word.reviews.amend import Builder


class Unexpressed(InputError):
    """A change collect cannot express: the element it is about (a base id, "goal:A.1" or a
    unit's label) or the stream paragraphs that hold it (0-based, in the walker's order)."""

    def __init__(
        self,
        message: str,
        element: str | None = None,
        *,
        paragraphs: tuple[int, ...] = (),
        location: Location | None = None,
    ) -> None:
        super().__init__(message, location)
        self.element = element
        self.paragraphs = paragraphs


def paragraphs_of(builder: Builder, element: str | None) -> tuple[int, ...]:
    """The stream paragraphs (current indexes) that hold ``element`` before or after the
    review: a base id, "goal:A.1", "unit:<positional key>" (a goal the base does not
    have, after the review) or a unit's label (every element of it)."""
    before, after = builder.doc.before, builder.doc.after
    views: list[tuple[Any, int]] = []
    ids: set[str] = set()
    if element is None:
        return ()
    if element.startswith("goal:"):
        goal = element[5:]
        views += [(r, r.titles[goal].para) for r in (before, after) if goal in r.titles]
    elif element.startswith("unit:"):
        key, _, goals = element[5:].partition("|")
        heads = {f"goal:{g}" for g in goals.split(",")}
        found = [i for i, role in after.roles.items()
                 if role.startswith(key + ".") or role in heads]  # fmt: skip
        if found:
            views += [(after, i) for i in range(min(found), max(found) + 1)]
    elif element in builder.places:
        ids.add(element)
    else:
        goals: set[str] = set()
        for _, unit in builder.base.units():
            if unit.label == element or element in unit.goal_ids:
                goals.update(unit.goal_ids)
                for kind in KINDS:
                    ids.update(item.id for item in unit.items(kind))
        views += [(r, r.titles[g].para) for g in goals for r in (before, after) if g in r.titles]
    for element_id in ids:
        old = builder.trace.base_to_old.get(element_id)
        if old is not None and old in before.items:
            views.append((before, before.items[old].para))
        for traced in builder.trace.news:
            if traced.base == element_id:
                views.append((after, traced.spot.para))
    out: set[int] = set()
    stream = builder.doc.stream.paragraphs
    for reading, index in views:
        first = reading.paragraphs[index - 1].last + 1 if index > 0 else 0
        side = "accept" if reading is after else "reject"
        # not the paragraphs of table rows this reading leaves out, which it skipped over
        out.update(i for i in range(first, reading.paragraphs[index].last + 1)
                   if side not in stream[i].gone)  # fmt: skip
    return tuple(sorted(out))
