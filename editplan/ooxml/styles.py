"""Paragraph styles of a document: names, inheritance, heading levels and list numbering."""

from __future__ import annotations

import re

from lxml import etree

from editplan.ooxml.ns import w


def val(node: etree._Element | None, tag: str) -> str | None:
    if node is None:
        return None
    child = node.find(w(tag))
    return None if child is None else child.get(w("val"))


class Styles:
    """Paragraph styles by id: name, base style, list numbering and outline level."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.characters: dict[str, etree._Element] = {}
        self.default: str | None = None
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

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        current = style_id if style_id in self.styles else self.default
        while current is not None and current in self.styles and current not in seen:
            seen.add(current)
            style = self.styles[current]
            out.append(style)
            current = val(style, "basedOn")
        return out

    def run_format(self, rpr: etree._Element | None) -> frozenset[str]:
        """A run's formats (struck, underlined, bold) from its character style chain and its own
        properties."""
        from editplan.ooxml import formats

        layers: list[dict[str, bool]] = []
        current = val(rpr, "rStyle")
        seen: set[str] = set()
        while current is not None and current in self.characters and current not in seen:
            seen.add(current)
            style = self.characters[current]
            layers.insert(0, formats.explicit(style.find(w("rPr"))))
            current = val(style, "basedOn")
        return formats.combine(*layers, formats.explicit(rpr))

    def name(self, style_id: str | None) -> str:
        chain = self.chain(style_id)
        if not chain:
            return (style_id or "").lower()
        return (val(chain[0], "name") or chain[0].get(w("styleId"), "")).lower()

    def heading_level(self, style_id: str | None) -> int | None:
        """1 for Heading 1 (or a style with outline level 0), None for body text."""
        for style in self.chain(style_id):
            name = (val(style, "name") or "").lower()
            match = re.fullmatch(r"heading\s*([1-9])", name)
            if match:
                return int(match[1])
            level = val(style.find(w("pPr")), "outlineLvl")
            if level is not None and level.isdigit():
                return int(level) + 1 if int(level) < 9 else None
        return None

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The list and level a style gives its paragraphs."""
        num_id: str | None = None
        ilvl: int | None = None
        for style in self.chain(style_id):
            ppr = style.find(w("pPr"))
            num_pr = None if ppr is None else ppr.find(w("numPr"))
            if num_pr is None:
                continue
            num_id = num_id or val(num_pr, "numId")
            level = val(num_pr, "ilvl")
            if ilvl is None and level is not None and level.isdigit():
                ilvl = int(level)
        return num_id, ilvl
