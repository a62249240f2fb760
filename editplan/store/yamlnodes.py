"""YAML read at C speed with a position for every node: libyaml's events, our own resolvers.

libyaml (PyYAML's C parser) gives each event its line, column and character offset; the tree
is built here from the events, so that the rules are ours, not YAML 1.1's: every scalar is a
string (``no`` stays "no"; the schema converts what it types otherwise) except an empty or
``null``/``~`` plain scalar, which is nothing; a key may appear once per mapping; anchors,
aliases and nesting deeper than :data:`MAX_DEPTH` are refused where they are written, so a
hostile file answers at once instead of exhausting memory or the stack.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from editplan.errors import InputError, Location

MAX_DEPTH = 64  # a plan file nests 8 levels; deeper is not a plan file, and stacks are finite
_SLOW_PARSE_LIMIT = 20_000  # characters the pure-Python parser reads to word an error (it reads
# about 50,000 a second on a long line of flow nesting: 200,000 took 7 s)
_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"  # libyaml in PyYAML 6.0.4 wheels
NULLS = frozenset(("", "~", "null", "Null", "NULL"))

# What YAML allows in a file (YAML 1.2, 5.1); the first other character is named in the error.
_NOT_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


class Node:
    """One value in the file, where it is, and (for collections) its children.

    ``start`` and ``end`` are character offsets of the value's text (for a block collection,
    ``end`` is the end of its last scalar or flow collection, before any comment lines that
    follow); ``line`` and ``col`` are 0-based. A mapping's ``children`` maps each key to its
    key node and value node; a sequence's ``children`` lists its item nodes. Positions are
    read from libyaml's marks when asked for: most nodes are never asked.
    """

    __slots__ = ("_end", "children", "flow", "kind", "mark", "style", "value")

    def __init__(self, kind: str, value: Any, mark: Any, end: Any = None) -> None:
        self.kind = kind  # "map", "seq" or "scalar"
        self.value = value  # the plain value: dict, list, str or None
        self.mark = mark
        self._end = end  # a libyaml mark, or an offset once a collection is closed
        self.flow = False
        self.style: str | None = None
        self.children: Any = None

    @property
    def start(self) -> int:
        return int(self.mark.index)

    @property
    def line(self) -> int:
        return int(self.mark.line)

    @property
    def col(self) -> int:
        return int(self.mark.column)

    @property
    def end(self) -> int:
        end = self._end
        if isinstance(end, int):
            return end
        if end is not None:
            return int(end.index)
        if self.kind == "map":  # a block mapping ends where its last value ends
            return next(reversed(self.children.values()))[1].end
        return self.children[-1].end if self.children else self.start


@dataclass
class Document:
    """A parsed YAML file: its (LF) text, the node tree, and the plain data for pydantic."""

    text: str
    root: Node | None

    @property
    def data(self) -> Any:
        """The plain data: dicts, lists, strings and None."""
        return None if self.root is None else self.root.value


def parse(text: str, path: str) -> Document:
    """Parse YAML text into a :class:`Document`, or raise an InputError at file:line:col."""
    import yaml
    from yaml._yaml import CParser

    with paused_gc():
        try:
            return Document(text, _build(CParser(text), path))
        except yaml.YAMLError as exc:
            raise _explain(text, path, exc) from None


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cycle collection while a large tree without cycles is built: the collector's passes
    over a growing tree of 100,000s of objects take longer than building it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _build(parser: Any, path: str) -> Node | None:
    import yaml

    scalar_event, stream_end = yaml.ScalarEvent, yaml.StreamEndEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    get = parser.get_event
    stack: list[Node] = []
    keys: list[Node | None] = []  # per open mapping: the key waiting for its value
    parent: Node | None = None
    root: Node | None = None
    documents = 0
    while True:
        event = get()
        cls = type(event)
        if cls is scalar_event:
            mark = event.start_mark
            if event.anchor is not None:
                raise _anchor(event, path)
            text = event.value
            style = event.style or None
            node = Node("scalar", None if style is None and text in NULLS else text, mark,
                        event.end_mark)  # fmt: skip
            node.style = style
            if parent is None:
                root = node
            elif parent.kind == "seq":
                parent.children.append(node)
                parent.value.append(node.value)
            else:
                key = keys[-1]
                if key is None:
                    _as_key(parent, node, keys, path)
                else:
                    parent.children[key.value] = (key, node)
                    parent.value[key.value] = node.value
                    keys[-1] = None
        elif cls is map_start or cls is seq_start:
            mark = event.start_mark
            if event.anchor is not None:
                raise _anchor(event, path)
            if cls is map_start:
                node = Node("map", {}, mark)
                node.children = {}
            else:
                node = Node("seq", [], mark)
                node.children = []
            node.flow = bool(event.flow_style)
            if parent is None:
                root = node
            else:
                _add(parent, keys, node, path)
            if len(stack) >= MAX_DEPTH:
                raise InputError(
                    f"malformed YAML: nested more than {MAX_DEPTH} levels deep; a plan or "
                    "patch file needs far fewer",
                    Location(path, mark.line + 1, mark.column + 1),
                )
            stack.append(node)
            keys.append(None)
            parent = node
        elif cls in ends:
            node = stack.pop()
            keys.pop()
            parent = stack[-1] if stack else None
            if node.flow:
                node._end = event.end_mark
        elif cls is stream_end:
            return root
        elif cls is yaml.AliasEvent:
            mark = event.start_mark
            raise InputError(
                f"malformed YAML: alias *{event.anchor}: plan and patch files use no anchors "
                "or aliases; write the value out",
                Location(path, mark.line + 1, mark.column + 1),
            )
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise InputError(
                    "malformed YAML: a second document ('---'); a file holds one plan or one "
                    "patch file",
                    Location(path, mark.line + 1, mark.column + 1),
                )


def _anchor(event: Any, path: str) -> InputError:
    mark = event.start_mark
    return InputError(
        f"malformed YAML: anchor &{event.anchor}: plan and patch files use no anchors or "
        "aliases; write the value out",
        Location(path, mark.line + 1, mark.column + 1),
    )


def _add(parent: Node, keys: list[Node | None], node: Node, path: str) -> None:
    """Put a collection ``node`` into ``parent``: as an item, or as the value of a key."""
    if parent.kind == "seq":
        parent.children.append(node)
        parent.value.append(node.value)
        return
    key = keys[-1]
    if key is None:
        raise InputError(
            "malformed YAML: a key must be a plain word, not a list or a mapping",
            Location(path, node.line + 1, node.col + 1),
        )
    parent.children[key.value] = (key, node)
    parent.value[key.value] = node.value
    keys[-1] = None


def _as_key(parent: Node, node: Node, keys: list[Node | None], path: str) -> None:
    """Make a scalar ``node`` the next key of mapping ``parent``, refusing a duplicate."""
    name = "" if node.value is None else node.value
    if name in parent.children:
        raise InputError(
            f'malformed YAML: found duplicate key "{name}"; each key may appear once in a '
            "mapping",
            Location(path, node.line + 1, node.col + 1),
        )
    node.value = name
    keys[-1] = node


def _explain(text: str, path: str, exc: Exception) -> InputError:
    """The error libyaml found, worded and placed as the pure-Python parser words it.

    That parser is slow, so it reads only the text up to the line after libyaml's error, and
    only when that is short; after that, libyaml's own words are used.
    """
    import yaml

    bad = _NOT_PRINTABLE.search(text)
    mark = getattr(exc, "problem_mark", None)
    if bad is not None and (mark is None or bad.start() <= mark.index):
        line, column = line_col(text, bad.start())
        return InputError(
            f"character U+{ord(bad.group()):04X} is not allowed in a YAML file "
            "(a control character)",
            Location(path, line, column),
        )
    if mark is None:
        return InputError(f"malformed YAML: {exc}", Location(path))
    problem = (getattr(exc, "problem", None) or "").strip()
    problem = problem.replace("did not find expected", "expected")
    context = getattr(exc, "context", None)
    if mark.index > _SLOW_PARSE_LIMIT or problem.startswith(_LIBYAML_DEPTH_LIMIT):
        # libyaml's own nesting limit: the pure-Python parser has none, so it would not word
        # the error better, and over 1,000 levels on one line it takes minutes.
        return _malformed(path, mark, problem, context)
    end = text.find("\n", mark.index)
    end = text.find("\n", end + 1) if end >= 0 else -1
    end = len(text) if end < 0 else end + 1
    # a long line after the error is not read: what it would say comes after libyaml's mark
    prefix = text[: min(end, mark.index + 2_000)]
    try:
        loader = yaml.SafeLoader(prefix)
        try:
            while loader.check_event():
                loader.get_event()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as slow:
        slow_mark = slow.problem_mark or slow.context_mark
        if slow_mark is not None and slow_mark.index <= mark.index:
            mark, problem, context = slow_mark, (slow.problem or "").strip(), slow.context
    return _malformed(path, mark, problem, context)


def _malformed(path: str, mark: Any, problem: str, context: str | None) -> InputError:
    if context:
        problem = f"{problem} ({context.strip()})"
    return InputError(f"malformed YAML: {problem}", Location(path, mark.line + 1, mark.column + 1))


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
