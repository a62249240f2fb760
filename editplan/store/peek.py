"""A quick look into a patch file without validating it: its set id and its amendments' ids.

Shell completion runs on every TAB and must answer at once, also for a file being edited and
broken: this reads libyaml's events and keeps only the top-level ``id`` and, for each item of
``amendments``, its plain one-line fields; nothing is built, converted or checked. Scalars
stay the text written (``no`` stays "no"), as :mod:`~editplan.store.yamlnodes` reads them.
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
    return peek_text(text, name)


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
