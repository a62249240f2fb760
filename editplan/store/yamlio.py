"""YAML files with positions: read into pydantic models, report errors as file:line:col, and
write a document back with its comments, key order and untouched lines kept.

ruamel.yaml rather than PyYAML: PyYAML reads ``no`` as false and silently keeps the last of
duplicate keys; ruamel's round-trip loader refuses duplicates and records every position.
"""

from __future__ import annotations

import io
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from editplan.errors import ConsistencyError, InputError, Location

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long item onto two lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a file, or an error naming the line and column of the first bad byte."""
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


def parse(text: str, path: str) -> Any:
    """Parse YAML text into ruamel's commented nodes, mapping every YAML error to a location."""
    try:
        return _yaml().load(text)
    except ReaderError as exc:
        line, column = _line_col(text, exc.position)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError(
            f"character {char} is not allowed in a YAML file (a control character)",
            Location(path, line, column),
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or "").strip()
        if "duplicate key" in problem:
            problem = problem.split(" with value")[0] + "; each key may appear once in a mapping"
        elif exc.context:
            problem = f"{problem} ({exc.context.strip()})"
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise InputError(f"malformed YAML: {problem}", loc) from None
    except YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", Location(path)) from None


def dump(doc: Any) -> str:
    """Serialise a round-trip document in the project's one YAML style."""
    buf = io.StringIO()
    _yaml().dump(doc, buf)
    return buf.getvalue()


def to_plain(node: Any) -> Any:
    """ruamel nodes to plain dicts, lists and scalars, for pydantic."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def position(doc: Any, loc: Loc, *, key: bool = False) -> tuple[int, int] | None:
    """1-based line and column of the value at ``loc`` in a round-trip document.

    Walks as deep as the document goes: a missing key reports its mapping's position. With
    ``key``, or when the value is empty (``text:`` and nothing after it), the key's position.
    """
    node = doc
    found: tuple[int, int] | None = (doc.lc.line, doc.lc.col) if hasattr(doc, "lc") else None
    for i, part in enumerate(loc):
        if isinstance(node, CommentedMap) and part in node:
            last = i == len(loc) - 1
            child = node[part]
            at_value = last and not key and child is not None
            line, col = node.lc.value(part) if at_value else node.lc.key(part)
            if hasattr(child, "lc") and not last:
                line, col = child.lc.line, child.lc.col
            found = (line, col)
            node = child
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            found = node.lc.item(part)
            node = node[part]
        else:
            break
    return None if found is None else (found[0] + 1, found[1] + 1)


def locate(doc: Any, path: str, loc: Loc, *, key: bool = False) -> Location:
    """A :class:`Location` for ``loc`` in ``doc`` read from ``path``."""
    pos = position(doc, loc, key=key)
    return Location(path, *pos) if pos else Location(path)


def validate(model: type[M], doc: Any, path: str) -> M:
    """Build ``model`` from a parsed document, or raise one error with file:line:col."""
    if not isinstance(doc, dict):
        raise InputError(
            f"expected a mapping at the top of the file, found {_kind(doc)}", Location(path, 1, 1)
        )
    try:
        return model.model_validate(to_plain(doc))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        raw = tuple(first["loc"])
        loc = _clean_loc(doc, raw, first["type"])
        if first["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, str(first["ctx"]["discriminator"]).strip("'"))
        message = _message(first, loc, raw, model, _node_at(doc, loc))
        # the other branches of one union fail at the same place: one problem, not several
        more = len({_clean_loc(doc, tuple(e["loc"]), e["type"]) for e in errors[1:]} - {loc})
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        key = first["type"] == "extra_forbidden"
        raise InputError(message, locate(doc, path, loc, key=key)) from None
    except ConsistencyError as exc:
        message = exc.message
        if exc.first is not None and (pos := position(doc, exc.first)):
            message += f" (first used at line {pos[0]})"
        raise InputError(message, locate(doc, path, exc.loc)) from None


def merge(node: Any, new: Any) -> Any:
    """Bring a round-trip node to the value ``new``, keeping what did not change.

    Unchanged scalars keep their node (and so their quoting); mappings keep key order and
    comments; lists of mappings with an ``id`` are matched by id, so an item keeps its
    comments when others are inserted or removed before it.
    """
    if isinstance(node, CommentedMap) and isinstance(new, dict):
        trailing = _detach_trailing(node)
        for key in [k for k in node if k not in new]:
            del node[key]
        for key, value in new.items():
            if key in node:
                node[key] = merge(node[key], value)
            elif value != []:  # an empty list the file did not write stays unwritten
                node[key] = fresh(value)
        _attach_trailing(node, trailing)
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list):
        trailing = _detach_trailing(node)
        _merge_seq(node, new)
        _attach_trailing(node, trailing)
        return node
    if type(new) is str and isinstance(node, str) and str(node) == new:
        return node
    if not isinstance(node, dict | list) and node == new and type(new) is not str:
        return node
    return fresh(new)


def _merge_seq(node: CommentedSeq, new: list[Any]) -> CommentedSeq:
    def key(v: Any) -> Any:
        return v.get("id") if isinstance(v, dict) else None

    keyed = all(key(v) is not None for v in new) and all(key(v) is not None for v in node)
    if keyed:
        old_index = {str(key(v)): i for i, v in enumerate(node)}
        pairs = [(old_index.get(str(key(v))), v) for v in new]
    else:
        pairs = [(i if i < len(node) else None, v) for i, v in enumerate(new)]
    items = [merge(node[i], v) if i is not None else fresh(v) for i, v in pairs]
    comments = {
        j: node.ca.items[i]
        for j, (i, _) in enumerate(pairs)
        if i is not None and i in node.ca.items
    }
    # A comment after the old last item belongs to the list's end, not to that item.
    if pairs and node and pairs[-1][0] != len(node) - 1 and len(node) - 1 in node.ca.items:
        comments.setdefault(len(items) - 1, node.ca.items[len(node) - 1])
    del node[:]
    node.extend(items)
    node.ca.items.clear()
    node.ca.items.update(comments)
    return node


def _end_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the comment lines that follow ``node``: on its deepest last entry."""
    while isinstance(node, CommentedMap | CommentedSeq) and node:
        key: Any = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        child = node[key]
        if isinstance(child, CommentedMap | CommentedSeq) and child:
            node = child
            continue
        return node, key, 2 if isinstance(node, CommentedMap) else 0
    return None


def _detach_trailing(node: Any) -> Any:
    """Take the whole-line comments after ``node`` (such as "# Goal A.2: ..." before the next
    goal) off its last entry, so that they stay at the end when the last entry changes."""
    slot = _end_slot(node)
    if slot is None:
        return None
    holder, key, index = slot
    entry = holder.ca.items.get(key)
    if not entry or len(entry) <= index or entry[index] is None:
        return None
    token = entry[index]
    if not str(getattr(token, "value", "")).startswith("\n"):
        return None  # an end-of-line comment belongs to its entry
    entry[index] = None
    return token


def _attach_trailing(node: Any, token: Any) -> None:
    """Put comment lines taken by :func:`_detach_trailing` back after ``node``'s last entry."""
    if token is None:
        return
    slot = _end_slot(node)
    if slot is None:
        return
    holder, key, index = slot
    entry = holder.ca.items.setdefault(key, [None, None, None, None])
    if entry[index] is None:
        entry[index] = token


def fresh(value: Any) -> Any:
    """A new round-trip node for a plain value."""
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = fresh(v)
        return out
    if isinstance(value, list):
        seq = CommentedSeq()
        seq.extend(fresh(v) for v in value)
        return seq
    return value


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names a mapping at ``loc`` may have, for "unknown field" messages.

    ``loc`` is pydantic's, with the union tags ("goal", "rephrase") that say which model of a
    union was tried.
    """
    candidates: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        if not any(part in cand.model_fields for cand in candidates):
            tagged = [c for c in candidates if c.__name__.lower().endswith(part.lower())]
            candidates = tagged or candidates
            continue
        found: list[type[BaseModel]] = []
        for cand in candidates:
            info = cand.model_fields.get(part)
            if info is not None:
                found.extend(_models_in(info.annotation))
        candidates = found
    names: list[str] = []
    for cand in candidates:
        names.extend(n for n in cand.model_fields if n not in names)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        out.extend(_models_in(arg))
    return out


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (the file is empty)"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _clean_loc(doc: Any, loc: Loc, kind: str = "") -> Loc:
    """Drop the union tags ("goal", "block", "rephrase", "constrained-int"...) that pydantic
    puts into a location, keeping the name of a missing field."""
    out: list[str | int] = []
    node = doc
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict):
            if part in node:
                node = node[part]
            elif not (last and kind == "missing"):
                continue
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break  # a scalar: what follows names the union member pydantic tried
        out.append(part)
    return tuple(out)


def _node_at(doc: Any, loc: Loc) -> Any:
    node = doc
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _message(error: Any, loc: Loc, raw: Loc, model: type[BaseModel], node: Any) -> str:
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    kind = error["type"]
    if kind == "extra_forbidden":
        known = ", ".join(_fields_at(model, raw[:-1]))
        return f"unknown field {field!r}" + (f"; expected one of: {known}" if known else "")
    if kind == "missing":
        return f"missing field {field!r}"
    if kind == "union_tag_invalid":
        noun = "operation" if field == "op" else field
        return (
            f"{field}: unknown {noun} {error['ctx']['tag']!r}; "
            f"expected one of: {error['ctx']['expected_tags']}"
        )
    if kind == "union_tag_not_found":
        return f"missing field {field!r}"
    if kind == "string_type" and error.get("input") is None:
        return f"{field}: is empty; write the value"
    msg = str(error["msg"])
    msg = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if isinstance(node, dict):
        return msg  # a check of a whole mapping, such as "give 'target' or 'targets'"
    return f"{field}: {msg}"
