"""A quick look into a patch file or a plan file without validating it: a set's id and its
amendments' ids, a plan's version and the ids of its goals and elements in order.

Shell completion runs on every TAB and must answer at once, also for a file being edited and
broken: this reads libyaml's events and keeps only a few plain fields; nothing is built,
converted or checked. Scalars stay the text written (``no`` stays "no"), as
:mod:`~editplan.store.yamlnodes` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editplan.errors import InputError, Location

FIELDS = ("id", "target", "op", "status")  # what is kept of each amendment
NULLS = frozenset(("", "~", "null", "Null", "NULL"))
MAX_BYTES = 20_000_000  # a 5,000-amendment patch file is about 2 MB


@dataclass
class Peeked:
    """What a quick look found: the set's id and, per amendment, the fields in FIELDS."""

    set_id: str | None = None
    amendments: list[dict[str, str]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # the top mapping's keys, in file order


def peek_set(path: Path) -> Peeked:
    """The set id and amendment fields of a patch file, read without validation.

    Raises InputError when the file cannot be read, is larger than :data:`MAX_BYTES`, or is
    not YAML; an amendment without an id is left out.
    """
    return peek_text(_text(path), str(path))


def _text(path: Path) -> str:
    """A file's UTF-8 text, or InputError when it cannot be read, is too large or not UTF-8."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(name)) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"over {MAX_BYTES // 1_000_000} MB: not looked into", Location(name))
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise InputError("not UTF-8", Location(name)) from None
    return text


def peek_text(text: str, name: str = "<yaml>") -> Peeked:
    """:func:`peek_set` of YAML text."""
    import yaml
    from yaml._yaml import CParser

    found = Peeked()
    get = CParser(text).get_event
    # per open collection: [its role, the key read and waiting for its value (mappings), fields]
    stack: list[list[Any]] = []
    try:
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                value = event.value if kind is yaml.ScalarEvent else None
                if stack and stack[-1][0] in (_TOP, _ITEM):
                    frame = stack[-1]
                    if frame[1] is None:
                        frame[1] = value if value is not None else _UNKNOWN
                        if frame[0] == _TOP and value is not None:
                            found.keys.append(value)
                    else:
                        _keep(found, frame, value)
                        frame[1] = None
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                is_map = kind is yaml.MappingStartEvent
                role = _OTHER
                if not stack:
                    role = _TOP if is_map else _OTHER
                else:
                    parent = stack[-1]
                    if parent[0] == _TOP and parent[1] == "amendments" and not is_map:
                        role = _LIST
                    elif parent[0] == _LIST and is_map:
                        role = _ITEM
                    if parent[0] in (_TOP, _ITEM):  # a key's value, or a key that is no word
                        parent[1] = None if parent[1] is not None else _UNKNOWN
                stack.append([role, None, {}])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                role, _, fields = stack.pop()
                if role == _ITEM and fields.get("id"):
                    found.amendments.append(fields)
            elif kind is yaml.StreamEndEvent:
                return found
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise InputError(f"malformed YAML: {getattr(exc, 'problem', exc)}", where) from None


_TOP, _LIST, _ITEM, _OTHER = "top", "list", "item", "other"
_UNKNOWN = "\0"  # a key that is not a plain word (an alias, a list): its value is not kept


def _keep(found: Peeked, frame: list[Any], value: str | None) -> None:
    """Keep a plain value of the top mapping (the set id) or of an amendment."""
    role, key, fields = frame
    if value is None or value.strip() in NULLS:
        return
    if role == _TOP and key == "id":
        found.set_id = value
    elif role == _ITEM and key in FIELDS and key not in fields:
        fields[key] = value


# --- plans ----------------------------------------------------------------------------------


@dataclass
class PeekedUnit:
    """A goal or a block of goals, as a quick look finds it: its id, its goals' ids (the goal
    itself, or the block's goals) and title, and the ids of its key areas and activities in
    order, with their wording (``texts``)."""

    id: str = ""
    goals: list[str] = field(default_factory=list)
    title: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # of each goal, by its id
    key_areas: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    block: bool = False


@dataclass
class PeekedPlan:
    """What a quick look at a plan file found: its id, version and units in order."""

    id: str | None = None
    version: str | None = None
    units: list[PeekedUnit] = field(default_factory=list)


_UNIT = ("areas", "goals")  # the path of keys to a goal or block (list items add no step)
_HEAD = ("areas", "goals", "goals")  # a block's goal
_ITEMS = {(*_UNIT, name): name for name in ("key_areas", "activities")}  # items of a unit


def peek_plan(path: Path) -> PeekedPlan:
    """The id, version and structure (goal and element ids, titles and wording) of a plan
    file, read without validation; InputError as :func:`peek_set`."""
    return peek_plan_text(_text(path), str(path))


def peek_plan_text(text: str, name: str = "<yaml>") -> PeekedPlan:
    """:func:`peek_plan` of YAML text."""
    import yaml
    from yaml._yaml import CParser

    found = PeekedPlan()
    get = CParser(text).get_event
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    # per open collection: [is a mapping, the key waiting for its value (None: a key comes
    # next), the path of keys from the top, the plain fields read (of a goal, block or item)]
    stack: list[list[Any]] = []
    unit: PeekedUnit | None = None
    try:
        while True:
            event = get()
            kind = type(event)
            if kind is scalar or kind is alias:
                if not stack or not stack[-1][0]:
                    continue  # the top is a scalar, or an item of a list of scalars
                frame = stack[-1]
                if frame[1] is None:
                    frame[1] = event.value if kind is scalar else _UNKNOWN
                elif kind is scalar:
                    if frame[3] is not None and frame[1] not in frame[3]:
                        frame[3][frame[1]] = event.value
                    frame[1] = None
                else:
                    frame[1] = None
            elif kind in starts:
                path: tuple[str, ...] = ()
                if stack:
                    parent = stack[-1]
                    path = parent[2]
                    if parent[0]:
                        path = (*path, parent[1] if isinstance(parent[1], str) else _UNKNOWN)
                        parent[1] = None if parent[1] is not None else _UNKNOWN
                is_map = kind is yaml.MappingStartEvent
                fields: dict[str, str] | None = None
                if is_map and (not stack or path in (_UNIT, _HEAD) or path in _ITEMS):
                    fields = {}
                if is_map and path == _UNIT:
                    unit = PeekedUnit()
                    found.units.append(unit)
                stack.append([is_map, None, path, fields])
            elif kind in ends:
                is_map, _, path, fields = stack.pop()
                if fields is None:
                    continue
                if not stack:
                    found.id, found.version = fields.get("id"), fields.get("version")
                elif unit is None:
                    continue
                elif path == _UNIT:
                    unit.id, unit.title = fields.get("id", ""), fields.get("title", unit.title)
                elif path == _HEAD and "id" in fields:
                    unit.block = True
                    unit.goals.append(fields["id"])
                    unit.titles[fields["id"]] = fields.get("title", "")
                    unit.title = unit.title or fields.get("title", "")
                elif path in _ITEMS and "id" in fields:
                    getattr(unit, _ITEMS[path]).append(fields["id"])
                    unit.texts[fields["id"]] = fields.get("text", "")
            elif kind is yaml.StreamEndEvent:
                found.units = [u for u in found.units if u.id]
                for each in found.units:
                    if not each.block:
                        each.goals, each.titles = [each.id], {each.id: each.title}
                return found
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise InputError(f"malformed YAML: {getattr(exc, 'problem', exc)}", where) from None
