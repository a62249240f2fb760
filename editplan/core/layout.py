"""The tracked view of a plan, format-neutral: the ordered paragraphs a reader sees.

:func:`tracked_layout` merges a base plan and a revised plan into one sequence of
:class:`Block` s, from the title to the closing line, each with its status (kept, inserted,
deleted), its text on both sides, its display number on both sides (renumbering follows from
positions) and the key that says which attribution owns its changes. :func:`clean_layout` is
the same view of one plan with nothing changed. The .docx writer
(:mod:`editplan.word.documents.writer`) draws these blocks as Word paragraphs with revisions; any
other renderer (HTML, say) that draws the same blocks shows exactly the same document.

Pure: no I/O, no python-docx, no lxml. The words the document adds around the plan
(:data:`SUBHEADINGS`, :data:`CLOSING`, the "Version:" and "Source:" labels) live here, and the
reader (:mod:`editplan.word.drafts.reader`) recognises them from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from editplan.core.model import KINDS, Goal, GoalBlock, Kind, Plan, Unit, display_number, unit_key
from editplan.core.sequences import longest_increasing
from editplan.core.textdiff import Segment, diff_words

__all__ = [
    "CLOSING",
    "SOURCE_LABEL",
    "SUBHEADINGS",
    "VERSION_LABEL",
    "Block",
    "Role",
    "Status",
    "clean_layout",
    "merge",
    "paragraphs_by_owner",
    "tracked_layout",
]

Status = Literal["keep", "ins", "del"]
"""A block's status: ``keep`` is in both plans (its number or text may still have changed),
``ins`` only in the revised plan, ``del`` only in the base plan."""

Role = Literal[
    "title", "version", "source", "note", "area", "unit", "goal", "subheading", "item", "closing"
]
"""What a block shows, in document order:

- ``title``: the plan's title (first block);
- ``version``: "Version: <version>", prefix "Version:";
- ``source``, ``note``: the plan's source ("Source: ..."), its note; absent when neither plan
  has one;
- ``area``: an area heading, prefix "A.", text the area's title;
- ``unit``: a goal heading (prefix "Goal A.1:", text its title) or a block heading (no prefix,
  text the block's label "Goals A.6, A.7 and A.8");
- ``goal``: one line per goal of a block, under the block heading (prefix "Goal A.6:", text its
  title);
- ``subheading``: "Key areas for capacity-building" or "Capacity-building activities" over the
  items of one kind (``kind`` says which);
- ``item``: a key area or an activity, prefix its display number "(2)" or "(iv)";
- ``closing``: the closing line :data:`CLOSING` (last block).
"""

SUBHEADINGS: dict[Kind, str] = {
    "key_area": "Key areas for capacity-building",
    "activity": "Capacity-building activities",
}
CLOSING = "End of document"
VERSION_LABEL = "Version:"
SOURCE_LABEL = "Source:"


@dataclass(slots=True)
class Block:
    """One paragraph of the tracked view: what it shows in the base and in the revised plan.

    The paragraph reads ``prefix + sep + text``: in the base ``prefix_old + sep + old``, in the
    revised plan ``prefix_new + sep + new``. The prefix is a display number ("(2)", "(iv)"),
    a goal label ("Goal A.1:"), an area label ("A.") or a metadata label ("Version:"); a
    renderer shows a changed prefix as a whole-token replacement and changed text as the word
    diff :meth:`text_diff`. The side a status does not show is empty: an ``ins`` block has
    ``old == prefix_old == ""``, a ``del`` block ``new == prefix_new == ""``.

    ``owner`` is the key under which the change's author is looked up
    (:func:`editplan.core.attribution.revision_owners`): the element id of an item, the goal or
    block id of a ``unit`` heading and of a block's ``goal`` lines, and for a sub-heading that
    appears or disappears the id of the first item whose insertion or deletion makes it do so.
    It is None for the title, metadata, area headings, the closing line and kept sub-headings:
    their changes belong to the document's default author.

    ``element`` is what the block shows, for anchors and identity: the area id (``area``), the
    goal or block id (``unit``), the goal id (``goal``), the item id (``item``); None otherwise.
    ``kind`` is the item kind of an ``item`` or ``subheading`` block, else None.
    """

    role: Role
    status: Status
    old: str = ""
    new: str = ""
    prefix_old: str = ""
    prefix_new: str = ""
    sep: str = ""
    owner: str | None = None
    element: str | None = None
    kind: Kind | None = None

    @property
    def item(self) -> bool:
        """Whether the block is a key area or an activity (a numbered, indented paragraph)."""
        return self.role == "item"

    @property
    def changed(self) -> bool:
        """Whether the block shows any change: inserted, deleted, renumbered or reworded."""
        return self.status != "keep" or self.prefix_old != self.prefix_new or self.old != self.new

    @property
    def text_old(self) -> str:
        """The whole paragraph as the base plan reads it ("" for an inserted block)."""
        return "" if self.status == "ins" else self.prefix_old + self.sep + self.old

    @property
    def text_new(self) -> str:
        """The whole paragraph as the revised plan reads it ("" for a deleted block)."""
        return "" if self.status == "del" else self.prefix_new + self.sep + self.new

    def text_diff(self) -> list[Segment]:
        """The word-level diff of the text (not the prefix): ``(op, text)`` segments, op one of
        "equal", "delete", "insert" (see :func:`editplan.core.textdiff.diff_words`)."""
        return diff_words(self.old, self.new)


def _block(
    role: Role,
    status: Status,
    prefix: tuple[str, str],
    sep: str,
    text: tuple[str, str],
    owner: str | None = None,
    element: str | None = None,
    kind: Kind | None = None,
) -> Block:
    """Build a block; the side a status does not show (old of an insert) is dropped."""
    old_prefix, old = ("", "") if status == "ins" else (prefix[0], text[0])
    new_prefix, new = ("", "") if status == "del" else (prefix[1], text[1])
    return Block(role, status, old, new, old_prefix, new_prefix, sep, owner, element, kind)


def clean_layout(plan: Plan) -> list[Block]:
    """The blocks of one plan with nothing changed (every status "keep")."""
    return tracked_layout(plan, plan)


def tracked_layout(base: Plan, revised: Plan) -> list[Block]:
    """The blocks of the merged document, from the title to the closing line.

    Areas, goals and items are merged by id (:func:`merge`): kept ones in the revised order,
    removed ones after their kept predecessor, moved ones deleted at the old place and inserted
    at the new. A goal that became a block (or the reverse) is deleted and inserted whole.
    """
    blocks = [
        _block("title", "keep", ("", ""), "", (base.title, revised.title)),
        _block(
            "version",
            "keep",
            (VERSION_LABEL, VERSION_LABEL),
            " ",
            (base.version, revised.version),
        ),
    ]
    blocks.extend(_optional("source", SOURCE_LABEL, " ", base.source, revised.source))
    blocks.extend(_optional("note", "", "", base.note or None, revised.note or None))
    old_areas = {a.id: a for a in base.areas}
    new_areas = {a.id: a for a in revised.areas}
    for area_id, status in merge(list(old_areas), list(new_areas)):
        old = old_areas.get(area_id) if status != "ins" else None
        new = new_areas.get(area_id) if status != "del" else None
        heading = (f"{area_id}.", f"{area_id}.")
        titles = (old.title if old else "", new.title if new else "")
        blocks.append(_block("area", status, heading, " ", titles, element=area_id))
        old_units = {unit_key(u): u for u in old.goals} if old else {}
        new_units = {unit_key(u): u for u in new.goals} if new else {}
        for key, unit_status in merge(list(old_units), list(new_units)):
            old_unit = old_units.get(key) if unit_status != "ins" else None
            new_unit = new_units.get(key) if unit_status != "del" else None
            if (
                old_unit is not None
                and new_unit is not None
                and type(old_unit) is not type(new_unit)
            ):
                blocks.extend(_unit_blocks(old_unit, None, "del"))
                blocks.extend(_unit_blocks(None, new_unit, "ins"))
            else:
                blocks.extend(_unit_blocks(old_unit, new_unit, unit_status))
    blocks.append(_block("closing", "keep", ("", ""), "", (CLOSING, CLOSING)))
    return blocks


def paragraphs_by_owner(blocks: Sequence[Block]) -> dict[str, list[int]]:
    """The positions (0-based, in ``blocks``) of the blocks each owner key owns, in order."""
    owners: dict[str, list[int]] = {}
    for index, block in enumerate(blocks):
        if block.owner is not None:
            owners.setdefault(block.owner, []).append(index)
    return owners


def merge(old: Sequence[str], new: Sequence[str]) -> list[tuple[str, Status]]:
    """Merge two id sequences: kept ids in new order, removed ones after their kept predecessor.

    Ids in both whose relative order changed are moves: a deletion at the old place and an
    insertion at the new one. The kept ids are a longest common subsequence (ids are unique,
    so it is a longest increasing run of new positions: O(n log n)).
    """
    if list(old) == list(new):
        return [(i, "keep") for i in new]
    new_pos = {value: n for n, value in enumerate(new)}
    common = [value for value in old if value in new_pos]
    kept = {common[k] for k in longest_increasing([new_pos[v] for v in common])}
    removed_after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for value in old:
        if value in kept:
            anchor = value
        else:
            removed_after.setdefault(anchor, []).append(value)
    out: list[tuple[str, Status]] = [(v, "del") for v in removed_after.get(None, [])]
    for value in new:
        if value in kept:
            out.append((value, "keep"))
            out.extend((v, "del") for v in removed_after.get(value, []))
        else:
            out.append((value, "ins"))
    return out


def _optional(role: Role, prefix: str, sep: str, old: str | None, new: str | None) -> list[Block]:
    """A metadata paragraph that either version may lack."""
    if old is None and new is None:
        return []
    status: Status = (
        "keep" if old is not None and new is not None else "ins" if old is None else "del"
    )
    return [_block(role, status, (prefix, prefix), sep, (old or "", new or ""))]


def _unit_blocks(old: Unit | None, new: Unit | None, status: Status) -> list[Block]:
    """A goal or block: its heading(s), then its key areas and activities under sub-headings."""
    some = new if new is not None else old
    assert some is not None
    key = unit_key(some)
    blocks: list[Block] = []
    if isinstance(some, Goal):
        prefix = f"Goal {some.id}:"
        titles = (
            old.title if isinstance(old, Goal) else "",
            new.title if isinstance(new, Goal) else "",
        )
        blocks.append(_block("unit", status, (prefix, prefix), " ", titles, owner=key, element=key))
    else:
        labels = (old.label if old else "", new.label if new else "")
        blocks.append(_block("unit", status, ("", ""), "", labels, owner=key, element=key))
        old_heads = {g.id: g.title for g in old.goals} if isinstance(old, GoalBlock) else {}
        new_heads = {g.id: g.title for g in new.goals} if isinstance(new, GoalBlock) else {}
        for goal_id, head_status in merge(list(old_heads), list(new_heads)):
            prefix = f"Goal {goal_id}:"
            titles = (old_heads.get(goal_id, ""), new_heads.get(goal_id, ""))
            blocks.append(
                _block(
                    "goal", head_status, (prefix, prefix), " ", titles, owner=key, element=goal_id
                )
            )
    for kind in KINDS:
        blocks.extend(_item_blocks(old, new, kind))
    return blocks


def _item_blocks(old: Unit | None, new: Unit | None, kind: Kind) -> list[Block]:
    """The sub-heading and items of one kind, merged by id; numbers come from positions."""
    old_items = old.items(kind) if old is not None else []
    new_items = new.items(kind) if new is not None else []
    if not old_items and not new_items:
        return []
    old_at = {item.id: (n, item.text) for n, item in enumerate(old_items, start=1)}
    new_at = {item.id: (n, item.text) for n, item in enumerate(new_items, start=1)}
    merged = merge([i.id for i in old_items], [i.id for i in new_items])
    items: list[Block] = []
    for element_id, status in merged:
        old_n, old_text = old_at.get(element_id, (0, ""))
        new_n, new_text = new_at.get(element_id, (0, ""))
        numbers = (
            display_number(kind, old_n) if old_n else "",
            display_number(kind, new_n) if new_n else "",
        )
        items.append(
            _block(
                "item",
                status,
                numbers,
                "\t",
                (old_text, new_text),
                owner=element_id,
                element=element_id,
                kind=kind,
            )
        )
    # A sub-heading that appears or disappears is credited to the first item that makes it.
    status = "keep" if old_items and new_items else "ins" if new_items else "del"
    owner = None if status == "keep" else next(b.owner for b in items if b.status == status)
    title = SUBHEADINGS[kind]
    heading = _block("subheading", status, ("", ""), "", (title, title), owner=owner, kind=kind)
    return [heading, *items]
