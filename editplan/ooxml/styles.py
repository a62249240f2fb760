"""Paragraph styles of a document: names, inheritance, heading levels and list numbering.

What a style gives its paragraphs (a heading level, a list) may come from any style it is
based on. Each style's answer is worked out once, walking its chain only up to the first
style already answered, so reading a document costs the same whatever the depth of its
chains (a crafted file may base 3,000 styles on one another).
"""

from __future__ import annotations

import re

from lxml import etree

from editplan.ooxml.ns import w
from editplan.ooxml.values import MAX_LEVEL, MAX_OUTLINE, decimal

_HEADING = re.compile(r"heading\s*([1-9])")


def val(node: etree._Element | None, tag: str) -> str | None:
    if node is None:
        return None
    child = node.find(w(tag))
    return None if child is None else child.get(w("val"))


def outline_heading(level: str | None) -> int | None:
    """The heading level of an outline level (0 is Heading 1; 9 is body text)."""
    found = decimal(level, high=MAX_OUTLINE)
    return None if found is None or found == MAX_OUTLINE else found + 1


# What one style says by itself: (heading level or None, list id or None, list level or None).
_Own = tuple[int | None, str | None, int | None]


class Styles:
    """Paragraph styles by id: name, base style, list numbering and outline level."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.characters: dict[str, etree._Element] = {}
        self.default: str | None = None
        self._resolved: dict[str, _Own] = {}
        self._characters_resolved: dict[str, dict[str, bool]] = {}
        if root is None:
            return
        for style in root.iter(w("style")):
            if style.get(w("type"), "paragraph") == "character":
                self.characters[style.get(w("styleId"), "")] = style
            if style.get(w("type"), "paragraph") != "paragraph":
                continue
            style_id = style.get(w("styleId"), "")
            self.styles[style_id] = style
            if style.get(w("default")) in ("1", "true", "on"):
                self.default = style_id

    def _start(self, style_id: str | None) -> str | None:
        return style_id if style_id in self.styles else self.default

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        current = self._start(style_id)
        while current is not None and current in self.styles and current not in seen:
            seen.add(current)
            style = self.styles[current]
            out.append(style)
            current = val(style, "basedOn")
        return out

    def run_format(self, rpr: etree._Element | None) -> frozenset[str]:
        """A run's formats (struck, underlined, bold) from its character style chain and its own
        properties; each character style's chain is worked out once."""
        from editplan.ooxml import formats

        return formats.combine(self._character_state(val(rpr, "rStyle")), formats.explicit(rpr))

    def _character_state(self, style_id: str | None) -> dict[str, bool]:
        """The formats a character style and the styles it is based on switch on or off."""
        from editplan.ooxml import formats

        path: list[str] = []
        seen: set[str] = set()
        current = style_id
        while current is not None and current in self.characters and current not in seen:
            if current in self._characters_resolved:
                break
            seen.add(current)
            path.append(current)
            current = val(self.characters[current], "basedOn")
        state = dict(self._characters_resolved.get(current or "", {}))
        for each in reversed(path):
            state = {**state, **formats.explicit(self.characters[each].find(w("rPr")))}
            self._characters_resolved[each] = state
        return state

    def name(self, style_id: str | None) -> str:
        current = self._start(style_id)
        if current is None or current not in self.styles:
            return (style_id or "").lower()
        style = self.styles[current]
        return (val(style, "name") or style.get(w("styleId"), "")).lower()

    def heading_level(self, style_id: str | None) -> int | None:
        """1 for Heading 1 (or a style with outline level 0), None for body text."""
        return self._resolve(style_id)[0]

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The list and level a style gives its paragraphs."""
        _, num_id, ilvl = self._resolve(style_id)
        return num_id, ilvl

    def _resolve(self, style_id: str | None) -> _Own:
        """What a style gives its paragraphs, its base styles' answers filling its gaps; each
        style is answered once."""
        current = self._start(style_id)
        path: list[str] = []
        seen: set[str] = set()
        while current is not None and current in self.styles and current not in seen:
            if current in self._resolved:
                break
            seen.add(current)
            path.append(current)
            current = val(self.styles[current], "basedOn")
        found: _Own = (None, None, None)
        if current is not None and current in self._resolved:
            found = self._resolved[current]
        for style_id_on_path in reversed(path):
            found = _merge(_own(self.styles[style_id_on_path]), found)
            self._resolved[style_id_on_path] = found
        return found


def _own(style: etree._Element) -> tuple[int | None, str | None, int | None, bool]:
    """A style's own heading level, list and level, and whether it decides the heading (a
    heading name or an outline level of its own)."""
    heading: int | None = None
    decided = False
    match = _HEADING.fullmatch((val(style, "name") or "").lower())
    ppr = style.find(w("pPr"))
    if match:
        heading, decided = int(match[1]), True
    else:
        level = val(ppr, "outlineLvl")
        if decimal(level, high=MAX_OUTLINE) is not None:
            heading, decided = outline_heading(level), True
    num_pr = None if ppr is None else ppr.find(w("numPr"))
    num_id = val(num_pr, "numId")
    ilvl = decimal(val(num_pr, "ilvl"), high=MAX_LEVEL)
    return heading, num_id, ilvl, decided


def _merge(own: tuple[int | None, str | None, int | None, bool], base: _Own) -> _Own:
    heading, num_id, ilvl, decided = own
    return (
        heading if decided else base[0],
        num_id or base[1],
        ilvl if ilvl is not None else base[2],
    )
