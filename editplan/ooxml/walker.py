"""A document body as paragraphs and tables in order, with each paragraph's visible text,
style, heading level and the list number Word shows for it, and what it could not read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.runs import MATH, TextReader
from editplan.ooxml.styles import Styles, outline_heading, val
from editplan.ooxml.values import MAX_LEVEL, MAX_OUTLINE, MAX_SPAN, decimal


@dataclass
class Para:
    """One paragraph: where it is, its text, and what its style and numbering say."""

    position: int
    text: str
    style: str
    heading: int | None
    num_fmt: str | None = None
    label: str = ""
    in_table: bool = False
    losses: list[str] = field(default_factory=list)  # what of the paragraph was not read
    # (start, end, formats) of the runs of ``text`` struck through, underlined or bold
    formats: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The text as Word shows it: a heading's automatic number first."""
        if self.label and self.heading is not None and self.num_fmt != "bullet":
            return f"{self.label} {self.text.strip()}"
        return self.text.strip()

    @property
    def display(self) -> str:
        """The text for a report, with any automatic number."""
        if self.label and self.num_fmt != "bullet":
            return f"{self.label} {self.text.strip()}"
        return self.text.strip()

    @property
    def is_title(self) -> bool:
        return self.style == "title"

    @property
    def is_list(self) -> bool:
        return "list" in self.style


@dataclass
class Cell:
    column: int
    span: int
    merged: bool  # a vertical merge continuing the cell above
    paras: list[Para]

    @property
    def text(self) -> str:
        return "\n".join(p.text.strip() for p in self.paras if p.text.strip())


@dataclass
class Table:
    number: int
    rows: list[list[Cell]]


Block = Para | Table

class Walker:
    """Turns the body into paragraphs and tables in document order, counting paragraphs."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.count = 0
        self.tables = 0
        # what between paragraphs could not be read: (paragraphs read before it, reason)
        self.losses: list[tuple[int, str]] = []

    def walk(self, body: etree._Element) -> list[Block]:
        """The body's paragraphs and tables; list numbers count from their starts (each
        reading of a body counts on its own, whatever was read before)."""
        self.numbering.reset()
        out: list[Block] = []
        for child in flatten(body):
            if child.tag == w("p"):
                out.append(self.paragraph(child, in_table=False))
            elif child.tag == w("tbl"):
                self.tables += 1
                out.append(self.table(child, self.tables))
            else:
                self.between(child)
        return out

    def between(self, el: etree._Element) -> None:
        """Content between paragraphs that is not read: a document embedded whole."""
        if el.tag == w("altChunk"):
            self.losses.append(
                (
                    self.count,
                    "content embedded whole from another file (w:altChunk: HTML, RTF or a "
                    "document), which Word converts only when it opens the file: not read",
                )
            )

    def table(self, tbl: etree._Element, number: int) -> Table:
        rows: list[list[Cell]] = []
        for tr in flatten(tbl):
            if tr.tag != w("tr"):
                continue
            column = 0
            cells: list[Cell] = []
            for tc in flatten(tr):
                if tc.tag != w("tc"):
                    continue
                tc_pr = tc.find(w("tcPr"))
                span = decimal(val(tc_pr, "gridSpan"), low=1, high=MAX_SPAN) or 1
                vmerge = None if tc_pr is None else tc_pr.find(w("vMerge"))
                merged = vmerge is not None and vmerge.get(w("val"), "continue") == "continue"
                cells.append(Cell(column, span, merged, self.cell_paragraphs(tc)))
                column += span
            rows.append(cells)
        return Table(number, rows)

    def cell_paragraphs(self, tc: etree._Element) -> list[Para]:
        out: list[Para] = []
        for child in flatten(tc):
            if child.tag == w("p"):
                out.append(self.paragraph(child, in_table=True))
            elif child.tag == w("tbl"):
                # A table in a cell is read as its paragraphs, in order.
                for row in flatten(child):
                    for cell in flatten(row):
                        if cell.tag == w("tc"):
                            out.extend(self.cell_paragraphs(cell))
            else:
                self.between(child)
        return out

    def paragraph(self, p: etree._Element, *, in_table: bool) -> Para:
        self.count += 1
        ppr = p.find(w("pPr"))
        style_id = val(ppr, "pStyle")
        heading = self.styles.heading_level(style_id)
        outline = val(ppr, "outlineLvl")
        if decimal(outline, high=MAX_OUTLINE) is not None:
            heading = outline_heading(outline)
        reader = TextReader(self.styles)
        reader.inline(p)
        text, losses = "".join(reader.parts), reader.losses
        para = Para(
            self.count, text, self.styles.name(style_id), heading, in_table=in_table, losses=losses
        )
        para.formats = reader.formats
        num_pr = None if ppr is None else ppr.find(w("numPr"))
        style_num, style_ilvl = self.styles.num_pr(style_id)
        num_id = val(num_pr, "numId") or style_num
        ilvl = decimal(val(num_pr, "ilvl"), high=MAX_LEVEL)
        if ilvl is None:
            ilvl = style_ilvl or 0
        if num_id and (found := self.numbering.label(num_id, ilvl)) is not None:
            para.num_fmt, para.label = found
        return para


def flatten(el: etree._Element) -> Iterator[etree._Element]:
    """Children of ``el``, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from flatten(content)
        elif child.tag == w("customXml"):
            yield from flatten(child)
        else:
            yield child


def read_paragraph(p: etree._Element) -> tuple[str, list[str]]:
    """The visible text of a paragraph, and what of it could not be read as text, each said in
    a few words (a footnote's text, an equation's layout, a phonetic guide), never dropped
    silently."""
    reader = TextReader()
    reader.inline(p)
    return "".join(reader.parts), reader.losses


__all__ = ["MATH", "Block", "Cell", "Para", "Table", "Walker", "flatten", "read_paragraph"]
