"""A YAML file's text brought to new data by rewriting only the text of what changed.

Every node of a parsed :class:`~editplan.store.yamlnodes.Document` knows its span, so a
changed scalar is replaced where it stands, a removed entry's lines are cut, a new entry is
written after its siblings, and a reordered list is put together from its items' own text.
Everything else (comments, quoting, blank lines, key order) stays byte for byte. An item of a
list owns the comment lines just above it, so "# Goal A.2" travels with goal A.2; items of
lists of mappings with ``id`` are matched by id.
"""

from __future__ import annotations

from typing import Any

from editplan.store.yamlnodes import Document, Node
from editplan.store.yamlwrite import block, inline, scalar

Edit = tuple[int, int, str]


def rewrite(doc: Document, new: Any) -> str:
    """The text of ``doc`` changed to hold ``new``, keeping every untouched byte."""
    if doc.root is None:
        from editplan.store.yamlwrite import emit

        return emit(new)
    edits: list[Edit] = []
    _Rewriter(doc.text).merge(doc.root, new, None, edits, flow=False)
    return _apply(doc.text, 0, len(doc.text), edits)


def _apply(text: str, start: int, end: int, edits: list[Edit]) -> str:
    if not edits:
        return text[start:end]
    out = []
    at = start
    for a, b, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[at:a])
        out.append(replacement)
        at = b
    out.append(text[at:end])
    return "".join(out)


class _Rewriter:
    """The edits that bring a node to a new value, in the document's coordinates."""

    def __init__(self, text: str) -> None:
        self.text = text

    def merge(
        self, node: Node, new: Any, key: Node | None, edits: list[Edit], *, flow: bool
    ) -> None:
        """Add to ``edits`` what brings ``node`` (the value of ``key``, if any) to ``new``."""
        if node.value == new:  # read values are text: equal only when written the same
            return
        if node.kind == "map" and isinstance(new, dict):
            if node.flow or flow:
                self._flow_collection(node, new, edits)
            else:
                self._map(node, new, edits)
        elif node.kind == "seq" and isinstance(new, list):
            if node.flow or flow:
                self._flow_seq(node, new, key, edits)
            else:
                self._seq(node, new, key, edits)
        elif node.kind == "scalar" and not isinstance(new, dict | list):
            self._scalar(node, new, key, edits, flow=flow)
        else:
            self._replace_value(node, new, key, edits)

    # -- scalars --------------------------------------------------------------------------

    def _scalar(
        self, node: Node, new: Any, key: Node | None, edits: list[Edit], *, flow: bool
    ) -> None:
        old = node.value
        if new == old or (old is not None and not isinstance(new, str) and scalar(new) == old):
            return
        text = scalar(new, flow=flow)
        bare = old is None and node.style is None  # "key:" with nothing after it
        if bare and key is not None and self.text.startswith(":", key.end):
            edits.append((key.end, key.end + 1, f": {text}" if text else ":"))
            return
        if not text and key is not None and self.text.startswith(":", key.end):
            edits.append((key.end + 1, node.end, ""))
            return
        if node.style in ("|", ">") and self.text[node.end - 1] == "\n":
            text += "\n"
        edits.append((node.start, node.end, text))

    def _replace_value(self, node: Node, new: Any, key: Node | None, edits: list[Edit]) -> None:
        """A value that changed kind (a scalar became a list, say): written afresh."""
        if key is None or not self.text.startswith(":", key.end):
            edits.append((node.start, node.end, _flow(new)))
            return
        end = self._line_end(node.end) - 1 if self._line_end(node.end) > node.end else node.end
        if isinstance(new, dict | list) and new:
            lines = block(new, key.col + 2)
            edits.append((key.end, end, ":\n" + "\n".join(lines)))
        else:
            text = inline(new)
            edits.append((key.end, end, f": {text}" if text else ":"))

    # -- mappings ---------------------------------------------------------------------------

    def _map(self, node: Node, new: dict[str, Any], edits: list[Edit]) -> None:
        children: dict[str, tuple[Node, Node]] = node.children
        for name, (key, value) in children.items():
            if name not in new:
                edits.append((self._line_start(key.start), self._line_end(value.end), ""))
            else:
                self.merge(value, new[name], key, edits, flow=False)
        added = {k: v for k, v in new.items() if k not in children and v != []}
        if added:
            at = self._line_end(node.end)
            lines = block(added, node.col)
            prefix = "" if at == 0 or self.text[at - 1] == "\n" else "\n"
            edits.append((at, at, prefix + "\n".join(lines) + "\n"))

    # -- lists ------------------------------------------------------------------------------

    def _seq(self, node: Node, new: list[Any], key: Node | None, edits: list[Edit]) -> None:
        items: list[Node] = node.children
        old = node.value
        if _keyed(old) and _keyed(new):
            index = {str(v["id"]): i for i, v in enumerate(old)}
            pairs = [(index.get(str(v["id"])), v) for v in new]
        else:
            pairs = [(i if i < len(items) else None, v) for i, v in enumerate(new)]
        if [i for i, _ in pairs] == list(range(len(items))):
            for i, v in pairs:
                self.merge(items[i], v, None, edits, flow=False)
            return
        start = self._item_start(items[0])
        end = self._line_end(items[-1].end)
        if not new:
            if key is not None and self.text.startswith(":", key.end):
                edits.append((key.end, end - 1 if self.text[end - 1] == "\n" else end, ": []"))
            else:
                edits.append((start, end, " " * node.col + "[]\n"))
            return
        pieces = []
        for i, value in pairs:
            if i is None:
                pieces.append("\n".join(block([value], node.col)) + "\n")
                continue
            item_edits: list[Edit] = []
            self.merge(items[i], value, None, item_edits, flow=False)
            piece = _apply(self.text, self._item_start(items[i]), self._line_end(items[i].end),
                           item_edits)  # fmt: skip
            pieces.append(piece if piece.endswith("\n") else piece + "\n")
        text = "".join(pieces)
        if not self.text.endswith("\n") and end == len(self.text):
            text = text[:-1]
        edits.append((start, end, text))

    def _flow_seq(self, node: Node, new: list[Any], key: Node | None, edits: list[Edit]) -> None:
        if len(new) == len(node.children) and new:
            for child, value in zip(node.children, new, strict=True):
                self.merge(child, value, None, edits, flow=True)
            return
        if new == node.value:
            return
        if new and key is not None and not node.children and self.text.startswith(":", key.end):
            # "activities: []" that now has items: written as a block list, as a person would
            edits.append((key.end, node.end, ":\n" + "\n".join(block(new, key.col + 2))))
            return
        edits.append((node.start, node.end, _flow(new)))

    def _flow_collection(self, node: Node, new: dict[str, Any], edits: list[Edit]) -> None:
        if list(new) == list(node.children):
            for name, (key, value) in node.children.items():
                self.merge(value, new[name], key, edits, flow=True)
            return
        edits.append((node.start, node.end, _flow(new)))

    # -- lines ------------------------------------------------------------------------------

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        """The start of the line after the one holding the character before ``index``."""
        if index > 0 and self.text[index - 1] == "\n":
            return index
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def _item_start(self, item: Node) -> int:
        """Where a block list item's text begins: its dash line, or the comment and blank
        lines just above it, which belong to it."""
        text = self.text
        start = self._line_start(text.rfind("-", 0, item.start + 1))
        while start > 0:
            above = self._line_start(start - 1)
            stripped = text[above : start - 1].strip()
            if stripped and not stripped.startswith("#"):
                break
            start = above
        return start


def _keyed(values: list[Any]) -> bool:
    return bool(values) and all(isinstance(v, dict) and v.get("id") is not None for v in values)


def _flow(value: Any) -> str:
    """A value in flow style, for the rare edit inside ``[...]`` or ``{...}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, flow=True) or "null"
