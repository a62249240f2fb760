"""YAML files with positions: read into pydantic models with errors as file:line:col, and
written back with comments, key order and untouched lines kept.

The front of the store's YAML: reading is :mod:`~editplan.store.yamlnodes` (libyaml's events,
our own resolvers: "no" stays text, duplicate keys, anchors and deep nesting refused), writing
is :mod:`~editplan.store.yamlwrite` (the one writer) and :mod:`~editplan.store.roundtrip`
(only what changed is rewritten), and validation errors are worded by
:mod:`~editplan.store.validation`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from editplan.errors import ConsistencyError, EditplanError, InputError, Location
from editplan.store import validation
from editplan.store.yamlnodes import Document, Node, paused_gc
from editplan.store.yamlnodes import parse as _parse
from editplan.store.yamlwrite import emit as _emit

__all__ = [
    "Document",
    "check_size",
    "decode",
    "dump",
    "emit",
    "load_plain",
    "locate",
    "max_bytes",
    "parse",
    "position",
    "rewrite",
    "to_plain",
    "validate",
]

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

SIZE_VARIABLE = "EDITPLAN_MAX_YAML_MB"
DEFAULT_MAX_MB = 100  # a 20,000-element plan is 4 MB


def max_bytes() -> int:
    """The largest plan or patch file read, in bytes: 100 MB unless the environment variable
    EDITPLAN_MAX_YAML_MB says otherwise."""
    raw = os.environ.get(SIZE_VARIABLE, "")
    try:
        megabytes = float(raw) if raw.strip() else DEFAULT_MAX_MB
    except ValueError:
        raise InputError(
            f"{SIZE_VARIABLE}={raw!r} is not a number of megabytes (such as 200)"
        ) from None
    return int(megabytes * 1_000_000)


def check_size(size: int, path: str) -> None:
    """Refuse a file larger than :func:`max_bytes`, saying how to raise the limit."""
    limit = max_bytes()
    if size > limit:
        raise InputError(
            f"the file is {size / 1e6:.1f} MB, more than the {limit / 1e6:g} MB a plan or patch "
            f"file may have; if it is right, raise the limit with the environment variable "
            f"{SIZE_VARIABLE} (for example {SIZE_VARIABLE}={int(size / 1e6) + 1})",
            Location(path),
        )


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a file (without a byte-order mark), or an error naming the line and
    column of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        raise InputError(
            f"not UTF-8: byte 0x{data[exc.start]:02X} cannot be decoded; save the file as UTF-8",
            Location(path, line, column),
        ) from None
    return text.removeprefix("\ufeff")


def parse(text: str, path: str) -> Document:
    """Parse YAML text, with a position for every value; errors as file:line:col."""
    check_size(len(text), path)
    return _parse(text, path)


def load_plain(data: bytes | str, path: str = "<yaml>") -> Any:
    """Plain data (dicts, lists, strings, None) of YAML read with the same rules as files."""
    text = decode(data, path) if isinstance(data, bytes) else data
    return parse(text, path).data


def dump(doc: Document) -> str:
    """The text of a parsed document (as read: nothing in it changed)."""
    return doc.text


def emit(data: Any, comments: Mapping[Loc, str] | None = None) -> str:
    """Plain data as YAML text in the project's one style, with optional comment lines before
    the entries at given paths (``()``: the top of the file)."""
    return _emit(data, comments)


def rewrite(doc: Document, new: Any) -> str:
    """The document's text changed to hold ``new``: only the text of what changed differs."""
    from editplan.store.roundtrip import rewrite as _rewrite

    return _rewrite(doc, new)


def to_plain(doc: Document | Any) -> Any:
    """A document's plain data, for pydantic."""
    return doc.data if isinstance(doc, Document) else doc


def position(doc: Document, loc: Loc, *, key: bool = False) -> tuple[int, int] | None:
    """1-based line and column of the value at ``loc`` in a document.

    Walks as deep as the document goes: a missing key reports its mapping's position. With
    ``key``, or when the value is empty (``text:`` and nothing after it), the key's position.
    """
    node: Node | None = doc.root
    if node is None:
        return None
    found = (node.line, node.col)
    for i, part in enumerate(loc):
        if node.kind == "map" and part in node.children:
            last = i == len(loc) - 1
            key_node, child = node.children[part]
            at_value = last and not key and child.value is not None
            where = child if at_value or (child.kind != "scalar" and not last) else key_node
            found = (where.line, where.col)
            node = child
        elif node.kind == "seq" and isinstance(part, int) and 0 <= part < len(node.children):
            node = node.children[part]
            found = (node.line, node.col)
        else:
            break
    return found[0] + 1, found[1] + 1


def locate(doc: Document, path: str, loc: Loc, *, key: bool = False) -> Location:
    """A :class:`Location` for ``loc`` in ``doc`` read from ``path``."""
    pos = position(doc, loc, key=key)
    return Location(path, *pos) if pos else Location(path)


def validate(model: type[M], doc: Document, path: str) -> M:
    """Build ``model`` from a parsed document, or raise an error with file:line:col.

    The error raised is the first problem found; it carries every other one (its ``others``),
    each with its own file:line:col: every field pydantic refuses, or, when the fields are
    right, every inconsistency (duplicate ids, a goal outside its area).
    """
    data = to_plain(doc)
    if not isinstance(data, dict):
        raise InputError(
            f"expected a mapping at the top of the file, found {_kind(data)}", Location(path, 1, 1)
        )
    try:
        with paused_gc():
            return model.model_validate(data)
    except ValidationError as exc:
        found = [
            InputError(message, locate(doc, path, loc, key=key))
            for message, loc, key in validation.explain_all(exc, model, data)
        ]
    except ConsistencyError as exc:
        found = [_inconsistency(doc, path, each) for each in [exc, *exc.others]]
    raise found[0].with_others(found[1:]) from None


def _inconsistency(doc: Document, path: str, exc: EditplanError) -> InputError:
    assert isinstance(exc, ConsistencyError)
    message = exc.message
    if exc.first is not None and (pos := position(doc, exc.first)):
        message += f" (first used at line {pos[0]})"
    return InputError(message, locate(doc, path, exc.loc))


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (the file is empty)"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"

