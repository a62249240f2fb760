"""A document body as paragraphs and tables in order, with each paragraph's visible text,
style, heading level and the list number Word shows for it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.styles import Styles, val


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

_RUN_TEXT = {
    w("tab"): "\t",
    w("ptab"): "\t",
    w("cr"): "\n",
    w("noBreakHyphen"): "-",
}
_INLINE_CONTAINERS = frozenset(
    w(name)
    for name in ("hyperlink", "smartTag", "fldSimple", "customXml", "ins", "moveTo", "dir", "bdo")
)


class Walker:
    """Turns the body into paragraphs and tables in document order, counting paragraphs."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.count = 0
        self.tables = 0

    def walk(self, body: etree._Element) -> list[Block]:
        out: list[Block] = []
        for child in flatten(body):
            if child.tag == w("p"):
                out.append(self.paragraph(child, in_table=False))
            elif child.tag == w("tbl"):
                self.tables += 1
                out.append(self.table(child, self.tables))
        return out

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
                span_text = val(tc_pr, "gridSpan") or "1"
                span = int(span_text) if span_text.isdigit() else 1
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
        return out

    def paragraph(self, p: etree._Element, *, in_table: bool) -> Para:
        self.count += 1
        ppr = p.find(w("pPr"))
        style_id = val(ppr, "pStyle")
        heading = self.styles.heading_level(style_id)
        outline = val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit():
            heading = int(outline) + 1 if int(outline) < 9 else None
        para = Para(
            self.count, paragraph_text(p), self.styles.name(style_id), heading, in_table=in_table
        )
        num_pr = None if ppr is None else ppr.find(w("numPr"))
        style_num, style_ilvl = self.styles.num_pr(style_id)
        num_id = val(num_pr, "numId") or style_num
        ilvl_text = val(num_pr, "ilvl")
        ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else style_ilvl or 0
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


def paragraph_text(p: etree._Element) -> str:
    """The visible text of a paragraph: runs, hyperlinks and fields, no text boxes or deletions."""
    parts: list[str] = []

    def runs(node: etree._Element) -> None:
        for child in node:
            if child.tag == w("r"):
                for piece in child:
                    if piece.tag == w("t"):
                        parts.append(piece.text or "")
                    elif piece.tag == w("br"):
                        if piece.get(w("type"), "textWrapping") == "textWrapping":
                            parts.append("\n")
                    elif piece.tag in _RUN_TEXT:
                        parts.append(_RUN_TEXT[piece.tag])
            elif child.tag in _INLINE_CONTAINERS:
                runs(child)
            elif child.tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    runs(content)

    runs(p)
    return "".join(parts)
