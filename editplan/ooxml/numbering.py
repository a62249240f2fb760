"""Word's list numbering: the number Word shows for a numbered paragraph, rebuilt from
numbering.xml (drafts and reports alike meet paragraphs whose number is not in their text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from editplan.core.numerals import to_roman
from editplan.ooxml.ns import w
from editplan.ooxml.styles import Styles, val
from editplan.ooxml.values import MAX_LEVEL, MAX_LIST_NUMBER, decimal


def format_number(fmt: str, n: int) -> str:
    """The ``n``-th number of a Word list level whose ``w:numFmt`` is ``fmt``: 4 -> "iv".

    Letters and roman numerals grow with ``n``; past Word's largest list number they are
    not built, and the number is shown in digits."""
    if n > MAX_LIST_NUMBER:
        return str(n)
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        # Word doubles the letter after z: ..., y, z, aa, bb, cc, ...
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        roman = to_roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass(frozen=True)
class Level:
    fmt: str
    text: str
    start: int


class Numbering:
    """Word's list numbering: which format a list level has, and the number Word shows."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # numbering style id -> the list defining it
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        links: dict[str, str] = {}
        for node in root.iter(w("abstractNum")):
            abstract_id = node.get(w("abstractNumId"), "")
            levels: dict[int, Level] = {}
            for lvl in node.iter(w("lvl")):
                ilvl = decimal(lvl.get(w("ilvl"), "0"), high=MAX_LEVEL)
                if ilvl is not None:
                    levels[ilvl] = self._level(lvl)
            self.abstract[abstract_id] = levels
            if (link := val(node, "styleLink")) is not None:
                self.style_links[link] = abstract_id
            if (link := val(node, "numStyleLink")) is not None:
                links[abstract_id] = link
        for num in root.iter(w("num")):
            abstract_id = val(num, "abstractNumId") or ""
            overrides: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for override in num.iter(w("lvlOverride")):
                ilvl = decimal(override.get(w("ilvl"), "0"), high=MAX_LEVEL)
                if ilvl is None:
                    continue
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    overrides[ilvl] = self._level(lvl)
                start = decimal(val(override, "startOverride"), high=MAX_LIST_NUMBER)
                if start is not None:
                    starts[ilvl] = start
            self.nums[num.get(w("numId"), "")] = (abstract_id, overrides, starts)
        for abstract_id, style_id in links.items():
            # A list that only points at a numbering style takes that style's list's levels.
            target_num, _ = styles.num_pr(style_id)
            target = self.nums.get(target_num or "")
            if target is not None and target[0] in self.abstract:
                self.abstract[abstract_id] = self.abstract[target[0]]
            elif style_id in self.style_links:
                self.abstract[abstract_id] = self.abstract[self.style_links[style_id]]

    def reset(self) -> None:
        """Start counting again from each list's start: one count per reading of a body."""
        self.counters = {}
        self.started = set()

    @staticmethod
    def _level(lvl: etree._Element) -> Level:
        start = decimal(val(lvl, "start"), high=MAX_LIST_NUMBER)
        return Level(
            val(lvl, "numFmt") or "decimal",
            val(lvl, "lvlText") or "",
            1 if start is None else start,
        )

    def level(self, num_id: str | None, ilvl: int) -> tuple[str, dict[int, Level]] | None:
        """The abstract list and the levels of list ``num_id``, or None if it is not a list."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, overrides, _ = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        if ilvl not in levels:
            return None
        return abstract_id, levels

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Count one paragraph of list ``num_id`` at level ``ilvl``: its format and its number."""
        found = self.level(num_id, ilvl)
        if found is None:
            return None
        abstract_id, levels = found
        counts = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            # A list instance with a start override restarts the numbering when first used.
            self.started.add(num_id)
            for level, start in self.nums[num_id][2].items():
                counts[level] = start - 1
        current = counts.get(ilvl)
        counts[ilvl] = current + 1 if current is not None else levels[ilvl].start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        lvl = levels[ilvl]
        if lvl.fmt == "none":
            return lvl.fmt, ""
        if lvl.fmt == "bullet":
            return lvl.fmt, lvl.text

        def number(m: re.Match[str]) -> str:
            at = int(m[1]) - 1
            other = levels.get(at, Level("decimal", "", 1))
            return format_number(other.fmt, counts.get(at, other.start))

        return lvl.fmt, re.sub(r"%([1-9])", number, lvl.text)
