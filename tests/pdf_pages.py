"""Pages of a PDF as a chair holds them: how full each is, and what ends it.

The PDF is read with poppler's ``pdftotext -bbox-layout`` (Debian's poppler-utils), which gives
every line of text with its box; the tests that use this skip when it is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MARGIN = 20 / 25.4 * 72  # the documents' 2 cm margins, in points
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Page:
    height: float
    lines: tuple[Line, ...]

    @property
    def fullness(self) -> float:
        """How much of the text area the page fills, from its top margin to its last line."""
        if not self.lines:
            return 0.0
        area = self.height - 2 * MARGIN
        return (max(line.bottom for line in self.lines) - MARGIN) / area


def missing() -> str | None:
    """Why the pages cannot be read here, or None."""
    if shutil.which("pdftotext") is None:
        return "pdftotext (Debian's poppler-utils) is not installed"
    return None


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its lines, top to bottom."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        check=True, capture_output=True, timeout=120,
    ).stdout  # fmt: skip
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    found = []
    for page in root.iter(f"{XHTML}page"):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            words = [w.text or "" for w in line.iter(f"{XHTML}word")]
            lines.append(
                Line(float(line.get("yMin", 0)), float(line.get("yMax", 0)), " ".join(words))
            )
        lines.sort(key=lambda x: (x.top, x.bottom))
        found.append(Page(float(page.get("height", 0)), tuple(lines)))
    return found


def underfull(found: list[Page], share: float = 1 / 3) -> list[int]:
    """The pages (1-based), the last apart, that fill less than ``share`` of their area."""
    return [n for n, page in enumerate(found[:-1], start=1) if page.fullness < share]


def headings_last(found: list[Page], headings: list[str]) -> list[tuple[int, str]]:
    """The headings that end a page: nothing of what they head follows them there."""
    out = []
    for n, page in enumerate(found, start=1):
        lines = list(page.lines)
        for heading in headings:
            words = " ".join(heading.split())
            for i, line in enumerate(lines):
                if not line.text or not words.startswith(line.text[: max(12, len(line.text) // 2)]):
                    continue
                if not words.startswith(" ".join(line.text.split())[:12]):
                    continue
                rest = [x for x in lines[i + 1 :] if " ".join(x.text.split()) not in words]
                if not rest:
                    out.append((n, heading))
                break
    return out
