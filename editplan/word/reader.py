"""Read a Word draft of an action plan (.docx) into a plan, placing every paragraph or saying why.

The draft may lay goals out as headings ("A. Area title", "Goal A.1: title", "Goals A.6, A.7 and
A.8" followed by one "Goal A.6: title" line per goal, then "Key areas" and "Activities" headings
over numbered items) or as the rows of a table (a goal column, a key-area column and an activity
column). Items may be numbered as text ("(1)", "(i)", "1.", "(a)") or by Word's list numbering.

A .docx is untrusted input: :func:`read_docx` checks the zip (member sizes, total size,
compression ratio) before decompressing anything, parses XML with a parser that never loads a
DTD, resolves no entity and never touches the network, and refuses any DOCTYPE. Tracked changes
are refused unless the caller asks to accept or reject them, which is done on the XML.

Ids follow the convention of plans/cb-action-plan.yaml: a goal's id is its number (A.1), a block
of goals A.6, A.7 and A.8 is "A.6-8", and items are numbered by position (a1.ka2, a6-8.act1).
Importing the clean document that editplan writes for a plan gives that plan back when its ids
follow this convention; a plan whose ids do not (after an amendment added lg14.53h, say) comes
back with the same texts and numbering but positional ids, since a document does not hold ids.
Nothing here prints; problems are :class:`~editplan.errors.InputError` and what could not be
placed is returned in :class:`ImportResult`.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from editplan.core.model import (
    KIND_NOUN,
    KINDS,
    Goal,
    GoalBlock,
    Kind,
    Plan,
    Unit,
    display_number,
)
from editplan.core.numerals import from_roman
from editplan.errors import InputError, Location
from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.package import read_roots
from editplan.ooxml.revisions import count_revisions, resolve_revisions
from editplan.ooxml.styles import Styles
from editplan.ooxml.walker import Block, Cell, Para, Table, Walker
from editplan.store import validation, yamlio
from editplan.store.files import display
from editplan.word.layout import CLOSING

__all__ = ["SUPPORTED_LAYOUTS", "ImportResult", "Unplaced", "read_docx"]

Revisions = Literal["refuse", "accept", "reject"]


SUPPORTED_LAYOUTS = (
    "editplan import reads two layouts: (1) headings: 'A. Area title', then 'Goal A.1: title' "
    "(or 'Goals A.6, A.7 and A.8' followed by one 'Goal A.6: title' line per goal), then "
    "'Key areas' and 'Activities' headings over items numbered (1), (i), 1., (a) or by Word's "
    "list numbering; (2) a table with one row per goal: a column with 'Goal A.1: title', a "
    "column of key areas and a column of activities (a header row 'Goal | Key areas | "
    "Activities' is recognised and skipped)"
)

# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unplaced:
    """A paragraph the importer could not place: its 1-based position in the body, its text."""

    position: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"paragraph {self.position}: {_one_line(self.text)!r} ({self.reason})"


@dataclass
class ImportResult:
    """The imported plan, the paragraphs left out (never silently), the layout and findings."""

    plan: Plan
    unplaced: list[Unplaced]
    layout: str
    notes: list[str]
    source_file: str = ""

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
            count = len(self.unplaced)
            lines.append(
                f"{count} paragraph{'s' if count > 1 else ''} of the document could not be "
                "placed and are NOT in this plan; add them by hand if they belong to it:"
            )
            lines += [f"- {u}" for u in self.unplaced]
        else:
            lines.append("Every paragraph of the document was placed.")
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


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.wrap(text, 94, subsequent_indent="  ", break_on_hyphens=False) or [""]
    )


def _comment_safe(text: str) -> str:
    """Text for a YAML comment: one line, whatever the document held."""
    return re.sub(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]+", " ", text)


# --- the entry point -------------------------------------------------------------------


def read_docx(
    path: Path, *, revisions: Revisions = "refuse", plan_id: str = "imported"
) -> ImportResult:
    """Read a Word draft into a plan; ``plan_id`` is the new plan's id (the output file's name).

    Refuses (with :class:`InputError`, before anything is written) a file that is not a .docx,
    a password-protected one, a possible zip bomb, XML with a DOCTYPE or entities, a document
    with tracked changes when ``revisions`` is "refuse", and a document where no goal is found.
    Positions of unplaced paragraphs count every paragraph of the body, table cells included,
    after tracked changes were accepted or rejected.
    """
    if revisions not in ("refuse", "accept", "reject"):
        raise ValueError(f"revisions must be refuse, accept or reject, not {revisions!r}")
    path = Path(path)
    name = display(path)
    roots = read_roots(path, name)
    body = roots["document"].find(w("body"))
    notes: list[str] = []
    count = count_revisions(body)
    if count:
        if revisions == "refuse":
            raise InputError(
                f"has {count} tracked change{'s' if count > 1 else ''}; accept or reject them in "
                "Word first, or pass --accept-revisions / --reject-revisions",
                Location(name),
            )
        resolve_revisions(body, accept=revisions == "accept")
        done = "accepted" if revisions == "accept" else "rejected"
        notes.append(f"{count} tracked change{'s' if count > 1 else ''} {done} before import.")
    styles = Styles(roots.get("styles"))
    numbering = Numbering(roots.get("numbering"), styles)
    if body.find(f".//{w('txbxContent')}") is not None:
        notes.append("The document has text boxes; their text is not read.")
    blocks = Walker(styles, numbering).walk(body)
    builder = _Builder(name, path.name, plan_id, blocks, notes)
    return builder.build()


# --- reading the layout ----------------------------------------------------------------

_SEP = r"(?:\s*[:.\u2013\u2014-]\s*)"
_GOAL = re.compile(rf"^Goal\s+(?:([A-Z])\.)?([1-9][0-9]*)(?:{_SEP}(.*)|\s*)$", re.S)
_GOAL_LOOSE = re.compile(
    r"^(?:Goal\s+)?(?:([A-Z])\.)([1-9][0-9]*)\.?(?:\s*[:\u2013\u2014-]?\s+(.*)|\s*)$", re.S
)
_CONNECTOR = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+to\s+|\s*[\u2013\u2014-]\s*)"
_GOAL_LIST = rf"[A-Z]\.[1-9][0-9]*(?:{_CONNECTOR}(?:[A-Z]\.)?[1-9][0-9]*)+"
_BLOCK = re.compile(rf"^Goals\s+({_GOAL_LIST})(?:{_SEP}(.*)|\s*)$", re.S)
_AREA = re.compile(r"^(?:Area\s+)?([A-Z])(?:\s*[.:)\u2013\u2014-]\s*(.*)|\s*)$", re.S)
_AREA_NAMED = re.compile(r"^Area\s+([A-Z])(?:\s*[.:)\u2013\u2014-]\s*(.*)|\s*)$", re.S)
_HYPHEN = r"[-\u2010\u2011 ]"
_KEY_AREAS = re.compile(
    rf"^key\s+(?:capacity{_HYPHEN}building\s+)?areas?"
    rf"(?:\s+(?:for|of)\s+capacity{_HYPHEN}building)?\s*:?$",
    re.I,
)
_ACTIVITIES = re.compile(
    rf"^(?:(?:capacity{_HYPHEN}building|proposed|key|planned|indicative)\s+)?activities\s*:?$",
    re.I,
)
_NUMBERED = re.compile(
    r"^(?:\((?P<paren>[0-9]{1,3}|[A-Za-z]{1,7})\)[\t \u00a0]*"
    r"|(?P<dot>[0-9]{1,3}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}|[a-zA-Z])[.)][\t \u00a0]+)(?P<text>.*)$",
    re.S,
)
_BULLET = re.compile(
    r"^[\u2022\u00b7\u25aa\u25e6\u2023\u2013\u2014*-][\t \u00a0]+(?P<text>.*)$", re.S
)
_VERSION = re.compile(r"^Version\s*:\s*(.+)$", re.I | re.S)
_SOURCE = re.compile(r"^Source\s*:\s*(.+)$", re.I | re.S)
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")
_ROLE_KIND: dict[str, Kind] = {"key_area": "key_area", "activity": "activity"}


def _one_line(text: str) -> str:
    """One line of text: tabs and line breaks become spaces, edges are trimmed."""
    return _BREAKS.sub(" ", text).strip()


def _subheading(text: str) -> Kind | None:
    if len(text) > 80:
        return None
    if _KEY_AREAS.match(text):
        return "key_area"
    if _ACTIVITIES.match(text):
        return "activity"
    return None


def _goal_list(text: str) -> list[str] | None:
    """Goal ids of "A.6, A.7 and A.8", "A.6, 7 and 8" or "A.6-A.8"; None if letters differ."""
    tokens = re.findall(rf"({_CONNECTOR}|^)(?:([A-Z])\.)?([1-9][0-9]*)", text)
    letter = tokens[0][1]
    numbers: list[int] = []
    for connector, other, number in tokens:
        if other and other != letter:
            return None
        n = int(number)
        ranged = connector.strip() in ("to", "\u2013", "\u2014", "-")
        if ranged and numbers and numbers[-1] < n <= numbers[-1] + 50:
            numbers.extend(range(numbers[-1] + 1, n + 1))
        elif n not in numbers:
            numbers.append(n)
    return [f"{letter}.{n}" for n in numbers]


def _number_values(token: str) -> set[int]:
    """What a literal item number can stand for: 4 for "4", "iv" or "d"."""
    if token.isdigit():
        return {int(token)}
    values = set()
    roman = from_roman(token)
    if roman:
        values.add(roman)
    if len(token) == 1:
        values.add(ord(token.lower()) - ord("a") + 1)
    return values


def _kind_of_number(token: str | None, fmt: str | None) -> Kind | None:
    """Which list a number's style says an item is in: (1) key areas, (i) activities."""
    if fmt is not None:
        if fmt in ("decimal", "decimalZero"):
            return "key_area"
        if fmt in ("lowerRoman", "upperRoman"):
            return "activity"
        return None
    if token is None:
        return None
    if token.isdigit():
        return "key_area"
    if from_roman(token):
        return "activity"
    return None


@dataclass
class _UnitBuilder:
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
class _AreaBuilder:
    letter: str
    title: str | None = None
    level: int | None = None
    units: list[_UnitBuilder] = field(default_factory=list)


class _Builder:
    """Feeds paragraphs and tables through the layout rules, then builds the plan."""

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
        self.areas: dict[str, _AreaBuilder] = {}
        self.area: _AreaBuilder | None = None
        self.unit: _UnitBuilder | None = None
        self.kind: Kind | None = None
        self.kind_heading = ""
        self.awaiting: _UnitBuilder | _AreaBuilder | None = None
        self.awaiting_level: int | None = None
        self.started = False
        self.seen_goals: dict[str, int] = {}
        self.features: set[str] = set()
        self.has_title_style = any(isinstance(b, Para) and b.is_title for b in blocks)
        self.confirmed = self._confirm_areas()

    # -- area headings are only areas when a goal of theirs follows ------------------------

    def _confirm_areas(self) -> set[int]:
        """Positions of area-like headings ("A. title") that a goal of that letter follows
        before the next such heading; "I. Introduction" is then not taken for an area."""
        signals: list[tuple[int, str, str | None]] = []
        for block in self.blocks:
            if isinstance(block, Para):
                paras = [block]
            else:
                paras = [p for row in block.rows for c in row if c.column == 0 for p in c.paras]
            for p in paras:
                text = p.shown
                loose = p.heading is not None or p.in_table
                if m := _BLOCK.match(text):
                    signals.append((p.position, "goal", m[1][0]))
                elif (m := _GOAL.match(text)) or (loose and (m := _GOAL_LOOSE.match(text))):
                    signals.append((p.position, "goal", m[1]))
                elif loose and (m := _AREA.match(text)):
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

    # -- feeding --------------------------------------------------------------------------

    def feed(self) -> None:
        for block in self.blocks:
            if isinstance(block, Table):
                self.table(block)
            else:
                self.paragraph(block)

    def paragraph(self, p: Para) -> None:
        text = p.shown
        if not text:
            return
        if p.is_title:
            if self.title is None and not self.started:
                self.title = _one_line(text)
                return
            self.leave(p, "a second Title-styled paragraph; a plan has one title")
            return
        if not self.started and not self.note:
            if self.version is None and (m := _VERSION.match(text)):
                self.version = _one_line(m[1])
                return
            if self.source is None and (m := _SOURCE.match(text)):
                self.source = _one_line(m[1])
                return
        if self.structure(p, text):
            return
        if self.unit is not None and self.item(p, text):
            return
        if self.awaiting is not None and p.num_fmt is None and self.may_be_title(p):
            self.fill_title(_one_line(text))
            return
        if not self.started:
            if p.heading is not None and self.title is None and not self.has_title_style:
                self.title = _one_line(text)
                self.title_from = "the first heading"
            else:
                self.note.append(p.display)
            return
        if text == CLOSING and not p.in_table:
            return
        self.leave(p, self.reason(p, text))

    def may_be_title(self, p: Para) -> bool:
        """Body text, or a heading deeper than the heading that gave only a number."""
        return p.heading is None or (
            self.awaiting_level is not None and p.heading > self.awaiting_level
        )

    def fill_title(self, title: str) -> None:
        """The paragraph after a heading that gave only a number is that heading's title."""
        target = self.awaiting
        self.awaiting = None
        if isinstance(target, _AreaBuilder):
            target.title = title
        elif target is not None:
            untitled = [g for g in target.goal_ids if target.titles.get(g) is None]
            if untitled:
                target.titles[untitled[0]] = title

    def reason(self, p: Para, text: str) -> str:
        if p.heading is not None:
            return (
                "a heading that names no area ('A. title'), goal ('Goal A.1: title') or list "
                "('Key areas', 'Activities')"
            )
        if self.unit is None:
            if self.area is not None and not self.area.units:
                return f"after area {self.area.letter}'s heading, before any goal"
            return "not under any goal"
        if self.kind is None:
            return (
                f"under {self.unit.label} but not numbered, and no 'Key areas' or 'Activities' "
                "heading says which list it belongs to"
            )
        return (
            f"under '{self.kind_heading}' of {self.unit.label} but not numbered, so not read "
            f"as {'a key area' if self.kind == 'key_area' else 'an activity'}"
        )

    def leave(self, p: Para, reason: str) -> None:
        self.unplaced.append(Unplaced(p.position, p.display, reason))

    def structure(self, p: Para, text: str) -> bool:
        """Areas, goals, blocks and list headings; True if ``p`` was one of them."""
        heading = p.heading is not None
        if m := _BLOCK.match(text):
            ids = _goal_list(m[1])
            if ids is not None and len(ids) >= 2:
                unit = self.begin_unit(p, ids, {g: None for g in ids}, source="headings")
                unit.open_heads = True
                if m[2] and m[2].strip():
                    self.notes.append(
                        f"Paragraph {p.position}: the text after {unit.label}, {m[2].strip()!r}, "
                        "is not kept (a block of goals has no title of its own)."
                    )
                return True
        goal = _GOAL.match(text) or (_GOAL_LOOSE.match(text) if heading else None)
        if goal:
            letter = goal[1] or (self.area.letter if self.area else None)
            if letter is None:
                self.leave(p, "a goal without an area letter (write 'Goal A.1') and no area above")
                return True
            goal_id = f"{letter}.{goal[2]}"
            title = _one_line(goal[3] or "") or None
            unit = self.unit
            if (
                unit is not None
                and unit.open_heads
                and goal_id in unit.titles
                and unit.titles[goal_id] is None
            ):
                unit.titles[goal_id] = title
                return True
            unit = self.begin_unit(p, [goal_id], {goal_id: title}, source="headings")
            if title is None:
                self.awaiting, self.awaiting_level = unit, p.heading
            return True
        if (heading and p.position in self.confirmed) or _AREA_NAMED.match(text):
            m = _AREA_NAMED.match(text) or _AREA.match(text)
            if m:
                self.begin_area(m[1], _one_line(m[2] or "") or None, p)
                return True
        if (
            heading
            and (m := _AREA.match(text))
            and self.area is not None
            and self.area.level == p.heading
            and m[1] > self.area.letter
        ):
            # An area with no goals, after the plan started: same heading level, a later letter.
            self.begin_area(m[1], _one_line(m[2] or "") or None, p)
            return True
        if self.unit is not None and p.num_fmt is None and (kind := _subheading(text)):
            self.kind = kind
            self.kind_heading = _one_line(text)
            self.unit.open_heads = False
            self.awaiting = None
            return True
        return False

    def begin_area(self, letter: str, title: str | None, p: Para) -> None:
        self.started = True
        area = self.areas.setdefault(letter, _AreaBuilder(letter))
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
    ) -> _UnitBuilder:
        self.started = True
        for goal_id in ids:
            if goal_id in self.seen_goals:
                raise InputError(
                    f"goal {goal_id} appears twice (paragraphs {self.seen_goals[goal_id]} and "
                    f"{p.position}); a goal is one heading or one table row",
                    Location(self.name),
                )
            self.seen_goals[goal_id] = p.position
        unit = _UnitBuilder(list(ids), titles, p.position)
        letter = unit.letter
        if self.area is None or self.area.letter != letter:
            if self.area is not None:
                self.notes.append(
                    f"{unit.label} (paragraph {p.position}) is under area {self.area.letter}'s "
                    f"heading; it is placed in area {letter}."
                )
            self.area = self.areas.setdefault(letter, _AreaBuilder(letter))
        self.area.units.append(unit)
        self.unit = unit
        self.kind = None
        self.awaiting = None
        self.features.add(source)
        return unit

    def item(self, p: Para, text: str) -> bool:
        """A numbered paragraph under a goal is an item; True if ``p`` was placed as one."""
        assert self.unit is not None
        token: str | None = None
        if p.num_fmt is not None and p.num_fmt != "none":
            body = text
            self.features.add("word")
        elif m := _NUMBERED.match(text):
            token = m["paren"] or m["dot"]
            if not _number_values(token):
                return False
            body = m["text"]
            self.features.add("literal")
        elif (m := _BULLET.match(text)) and self.kind is not None:
            body = m["text"]
            self.features.add("unnumbered")
        elif p.is_list and self.kind is not None:
            body = text
            self.features.add("unnumbered")
        else:
            return False
        kind = self.kind or _kind_of_number(token, p.num_fmt)
        if kind is None:
            number = p.label or f"({token})"
            self.leave(
                p,
                f"numbered {number} under {self.unit.label}, but no 'Key areas' or 'Activities' "
                "heading says which list it belongs to",
            )
            return True
        self.add_item(self.unit, kind, body, p, token)
        return True

    def add_item(
        self, unit: _UnitBuilder, kind: Kind, body: str, p: Para, token: str | None
    ) -> None:
        line = _one_line(body)
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
        if token is not None and n not in _number_values(token):
            shown = display_number(kind, n)
            self.notes.append(
                f"{unit.label}, {KIND_NOUN[kind]} {shown} is numbered ({token}) in the document "
                f"(paragraph {p.position}); numbers follow positions."
            )

    # -- tables ---------------------------------------------------------------------------

    def table(self, table: Table) -> None:
        roles, header_rows = self.columns(table)
        goal_column = next((c for c, role in roles.items() if role == "goal"), None)
        has_goals = goal_column is not None and any(
            self.goal_heads(self.cell_at(row, goal_column))
            for index, row in enumerate(table.rows)
            if index not in header_rows
        )
        item_columns = [c for c, role in roles.items() if role in KINDS]
        if has_goals and goal_column is not None:
            self.goal_table(table, roles, header_rows, goal_column)
        elif item_columns and self.unit is not None and header_rows:
            self.items_table(table, roles, header_rows)
        else:
            for row in table.rows:
                for cell in row:
                    for p in cell.paras:
                        if p.text.strip():
                            self.leave(
                                p,
                                f"in table {table.number}, which has no goal column ('Goal A.1: "
                                "title' in a cell) nor 'Key areas' and 'Activities' columns",
                            )
        self.unit = None
        self.kind = None
        self.awaiting = None

    @staticmethod
    def cell_at(row: list[Cell], column: int) -> Cell | None:
        return next((c for c in row if c.column <= column < c.column + c.span), None)

    def columns(self, table: Table) -> tuple[dict[int, str], set[int]]:
        """Column roles ("goal", "key_area", "activity", or "other:<header>") and which of the
        first rows are header rows (naming key areas or activities, naming no goal)."""
        roles: dict[int, str] = {}
        headers: set[int] = set()
        for index, row in enumerate(table.rows[:4]):
            found: dict[int, str] = {}
            for cell in row:
                text = _one_line(cell.text)
                low = text.lower()
                if not text:
                    continue
                if _GOAL.match(text) or _BLOCK.match(text) or _GOAL_LOOSE.match(text):
                    found = {}
                    break
                if "key area" in low or "key capacity" in low:
                    found[cell.column] = "key_area"
                elif "activit" in low:
                    found[cell.column] = "activity"
                elif re.match(r"^(strategic\s+)?goals?\b|^objectives?\b", low):
                    found[cell.column] = "goal"
                else:
                    found[cell.column] = f"other:{text}"
            if any(role in KINDS for role in found.values()):
                roles = found
                headers.add(index)
            elif headers or any(_GOAL.match(_one_line(c.text)) for c in row):
                break
        if not roles:
            width = max((c.column + c.span for row in table.rows for c in row), default=0)
            if width >= 3:
                roles = {0: "goal", 1: "key_area", 2: "activity"}
                roles.update({c: "other:" for c in range(3, width)})
        elif "goal" not in roles.values() and 0 not in roles:
            roles[0] = "goal"
        return roles, headers

    def goal_heads(self, cell: Cell | None) -> list[tuple[str, str | None, Para]] | None:
        """The goals a goal cell names, with their titles; None if it names none."""
        if cell is None or cell.merged:
            return None
        paras = [p for p in cell.paras if p.text.strip()]
        if not paras:
            return None
        first = paras[0].shown
        if m := _BLOCK.match(first):
            ids = _goal_list(m[1]) or []
            return [(g, None, paras[0]) for g in ids] or None
        m = _GOAL.match(first) or _GOAL_LOOSE.match(first)
        letter = m and (m[1] or (self.area.letter if self.area else None))
        if m and letter:
            return [(f"{letter}.{m[2]}", _one_line(m[3] or "") or None, paras[0])]
        return None

    def goal_table(
        self, table: Table, roles: dict[int, str], header_rows: set[int], goal_column: int
    ) -> None:
        self.features.add("table")
        self.unit = None
        where = f"table {table.number}"
        for row_number, row in enumerate(table.rows, start=1):
            if row_number - 1 in header_rows:
                continue
            goal_cell = self.cell_at(row, goal_column)
            heads = self.goal_heads(goal_cell)
            if heads is None and self.area_row(row, goal_cell, where, row_number):
                continue
            if heads is not None and goal_cell is not None:
                item_cells = [cell for cell in row if roles.get(cell.column) in _ROLE_KIND]
                if item_cells and all(c.merged for c in item_cells) and self.unit is not None:
                    self.join_block(heads, goal_cell)
                else:
                    self.goal_cell(heads, goal_cell, where, row_number)
            elif goal_cell is not None and not goal_cell.merged and goal_cell.text.strip():
                for p in goal_cell.paras:
                    if p.text.strip():
                        self.leave(
                            p, f"in {where}, row {row_number}: its first column names no goal"
                        )
                for cell in row:
                    if cell is not goal_cell:
                        for p in cell.paras:
                            if p.text.strip():
                                self.leave(
                                    p,
                                    f"in {where}, row {row_number}, whose goal cell names no goal",
                                )
                continue
            for cell in row:
                if cell is goal_cell or cell.merged:
                    continue
                role = roles.get(cell.column, "other:")
                if role in _ROLE_KIND and self.unit is not None:
                    self.cell_items(cell, _ROLE_KIND[role])
                    continue
                for p in cell.paras:
                    if not p.text.strip():
                        continue
                    if role in _ROLE_KIND:
                        self.leave(p, f"in {where}, row {row_number}, before any goal row")
                    else:
                        header = role.removeprefix("other:")
                        named = f" ('{header}')" if header else ""
                        self.leave(
                            p,
                            f"in {where}, column {cell.column + 1}{named}, which editplan does "
                            "not read",
                        )

    def area_row(
        self, row: list[Cell], goal_cell: Cell | None, where: str, row_number: int
    ) -> bool:
        """A row whose only text, in the goal column, is an area heading ("A. title")."""
        texts = [c for c in row if c.text.strip()]
        if len(texts) != 1 or texts[0] is not goal_cell or goal_cell.merged:
            return False
        paras = [p for p in goal_cell.paras if p.text.strip()]
        area = _AREA.match(paras[0].shown)
        if area is None or not (
            paras[0].position in self.confirmed or _AREA_NAMED.match(paras[0].shown)
        ):
            return False
        self.begin_area(area[1], _one_line(area[2] or "") or None, paras[0])
        if self.area is not None and self.area.title is None and len(paras) > 1:
            self.area.title = _one_line(paras[1].shown)
            paras = paras[1:]
        self.awaiting = None
        for extra in paras[1:]:
            self.leave(extra, f"in {where}, row {row_number}, after the area's title")
        return True

    def goal_cell(
        self,
        heads: list[tuple[str, str | None, Para]],
        cell: Cell,
        where: str,
        row_number: int,
    ) -> None:
        """Start the goal (or block) a goal cell names: its first paragraph, then title lines."""
        paras = [p for p in cell.paras if p.text.strip()]
        ids = [g for g, _, _ in heads]
        titles = {g: t for g, t, _ in heads}
        awaiting = ids[0] if len(ids) == 1 and titles[ids[0]] is None else None
        extra: list[Para] = []
        for p in paras[1:]:
            text = p.shown
            m = _GOAL.match(text) or _GOAL_LOOSE.match(text)
            letter = m and (m[1] or (self.area.letter if self.area else None))
            if m and letter:
                goal_id = f"{letter}.{m[2]}"
                title = _one_line(m[3] or "") or None
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
                titles[awaiting] = _one_line(text)
                awaiting = None
                continue
            extra.append(p)
        self.begin_unit(paras[0], ids, titles, source="table")
        for p in extra:
            self.leave(p, f"in {where}, row {row_number}, after the goal's title")

    def join_block(self, heads: list[tuple[str, str | None, Para]], cell: Cell) -> None:
        """A goal row whose key-area and activity cells merge with the row above: the goals
        share them, as a block."""
        unit = self.unit
        assert unit is not None
        paras = [p for p in cell.paras if p.text.strip()]
        for goal_id, title, p in heads:
            if goal_id in self.seen_goals:
                raise InputError(
                    f"goal {goal_id} appears twice (paragraphs {self.seen_goals[goal_id]} and "
                    f"{p.position}); a goal is one heading or one table row",
                    Location(self.name),
                )
            if goal_id.split(".")[0] != unit.letter:
                self.leave(p, f"{goal_id} shares its cells with {unit.label}, of another area")
                continue
            self.seen_goals[goal_id] = p.position
            unit.goal_ids.append(goal_id)
            unit.titles[goal_id] = title
            if title is None and len(paras) > 1:
                unit.titles[goal_id] = _one_line(paras[1].shown)

    def cell_items(self, cell: Cell, kind: Kind) -> None:
        """Every paragraph (or line) of a key-area or activity cell is an item."""
        assert self.unit is not None
        for p in cell.paras:
            text = p.shown
            if not text:
                continue
            if p.num_fmt is None and _subheading(_one_line(text)) is not None:
                continue
            if p.num_fmt is not None and p.num_fmt != "none":
                self.features.add("word")
                self.add_item(self.unit, kind, text, p, None)
                continue
            for line in text.split("\n"):
                line = line.strip()
                if not line:
                    continue
                token = None
                if (m := _NUMBERED.match(line)) and _number_values(m["paren"] or m["dot"]):
                    token = m["paren"] or m["dot"]
                    line = m["text"]
                    self.features.add("literal")
                elif m := _BULLET.match(line):
                    line = m["text"]
                    self.features.add("unnumbered")
                else:
                    self.features.add("unnumbered")
                self.add_item(self.unit, kind, line, p, token)

    def items_table(self, table: Table, roles: dict[int, str], header_rows: set[int]) -> None:
        """A table of key areas and activities under a goal heading."""
        self.features.add("table")
        for row_number, row in enumerate(table.rows, start=1):
            if row_number - 1 in header_rows:
                continue
            for cell in row:
                role = roles.get(cell.column, "other:")
                if role in _ROLE_KIND:
                    if not cell.merged:
                        self.cell_items(cell, _ROLE_KIND[role])
                    continue
                for p in cell.paras:
                    if p.text.strip():
                        header = role.removeprefix("other:")
                        named = f" ('{header}')" if header else ""
                        self.leave(
                            p,
                            f"in table {table.number}, column {cell.column + 1}{named}, which "
                            "editplan does not read",
                        )

    # -- the plan -------------------------------------------------------------------------

    def layout(self) -> str:
        structure = " and ".join(s for s in ("headings", "table") if s in self.features)
        numbers = [
            text
            for key, text in (
                ("literal", "numbers as text"),
                ("word", "Word numbering"),
                ("unnumbered", "unnumbered items"),
            )
            if key in self.features
        ]
        if not numbers:
            numbers = ["no items"]
        return f"{structure}, {' and '.join(numbers)}"

    def build(self) -> ImportResult:
        self.feed()
        if not self.seen_goals:
            raise InputError(
                f"no goal found, so there is nothing to import; {SUPPORTED_LAYOUTS}",
                Location(self.name),
            )
        self.unplaced.sort(key=lambda u: u.position)
        if self.title is None:
            self.title = Path(self.file_name).stem
            self.notes.append(
                f"No Title-styled paragraph or heading before the plan: the title is the file's "
                f"name, {self.title!r}."
            )
        elif self.title_from:
            self.notes.append(f"No Title-styled paragraph: the title is {self.title_from}.")
        if self.version is None:
            self.version = self.file_name
            self.notes.append(
                f"No 'Version:' line: the version is the file name, {self.file_name}; change it "
                "to the draft's symbol or date."
            )
        areas = []
        for area in self.areas.values():
            if area.title is None:
                area.title = f"Area {area.letter}"
                self.notes.append(
                    f"Area {area.letter} has no heading: its title is {area.title!r}."
                )
            areas.append(
                {
                    "id": area.letter,
                    "title": area.title,
                    "goals": [self.unit_data(u) for u in area.units],
                }
            )
        data: dict[str, Any] = {
            "id": self.plan_id,
            "title": self.title,
            "version": self.version,
            "source": self.source or self.file_name,
        }
        note = "\n".join(n.strip() for n in self.note).strip()
        if note:
            data["note"] = note
        data["areas"] = areas
        try:
            plan = Plan.model_validate(data)
        except ValidationError as exc:
            message, loc, _ = validation.explain(exc, Plan, data)
            if loc == ("id",):
                message = f"plan id {self.plan_id!r} (from the output file's name): {message}"
            else:
                message = f"the imported plan does not validate ({message})"
            raise InputError(message, Location(self.name)) from None
        except InputError as exc:
            raise InputError(
                f"the imported plan does not hold together: {exc.message}", Location(self.name)
            ) from None
        return ImportResult(plan, self.unplaced, self.layout(), self.notes, self.name)

    def unit_data(self, unit: _UnitBuilder) -> dict[str, Any]:
        for goal_id in unit.goal_ids:
            if not unit.titles.get(goal_id):
                unit.titles[goal_id] = "(untitled)"
                self.notes.append(
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
