"""A document body as paragraphs and tables in order, with each paragraph's visible text,
style, heading level and the list number Word shows for it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
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
        return out

    def paragraph(self, p: etree._Element, *, in_table: bool) -> Para:
        self.count += 1
        ppr = p.find(w("pPr"))
        style_id = val(ppr, "pStyle")
        heading = self.styles.heading_level(style_id)
        outline = val(ppr, "outlineLvl")
        if decimal(outline, high=MAX_OUTLINE) is not None:
            heading = outline_heading(outline)
        reader = _TextReader(self.styles)
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
    reader = _TextReader()
    reader.inline(p)
    return "".join(reader.parts), reader.losses


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W16SE = "http://schemas.microsoft.com/office/word/2015/wordml/symex"
# The Symbol font's Greek letters and common signs (Adobe Symbol encoding); below 0x41 and for
# digits and punctuation it agrees with ASCII.
_SYMBOL_FONT = dict(
    zip(
        [*range(0x41, 0x5B), *range(0x61, 0x7B)],
        "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖαβχδεφγηιϕκλμνοπθρστυϖωξψζ",
        strict=True,
    )
) | {
    0xA3: "≤", 0xA5: "∞", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°", 0xB1: "±",
    0xB3: "≥", 0xB4: "×", 0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xD7: "⋅",
}  # fmt: skip
_NOTE_REFERENCES = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}


class _TextReader:
    """Collects a paragraph's text in order, and the reasons for anything it cannot read."""

    def __init__(self, styles: Styles | None = None) -> None:
        self.parts: list[str] = []
        self.losses: list[str] = []
        self.styles = styles
        self.formats: list[tuple[int, int, frozenset[str]]] = []
        self.length = 0

    def inline(self, node: etree._Element) -> None:
        """Runs and the containers that hold runs, in document order."""
        for child in node:
            tag = child.tag
            if tag == w("r"):
                self.run(child)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.inline(content)
            elif tag == f"{{{_MC}}}AlternateContent":
                self.inline(_alternative(child, w("r")))
            elif tag in (f"{{{MATH}}}oMath", f"{{{MATH}}}oMathPara"):
                self.equation(child)

    def run(self, r: etree._Element) -> None:
        start = len(self.parts)
        self._run(r)
        if self.styles is None:
            return
        added = sum(len(part) for part in self.parts[start:])
        found = self.styles.run_format(r.find(w("rPr")))
        if found and added:
            self.formats.append((self.length, self.length + added, found))
        self.length += added

    def _run(self, r: etree._Element) -> None:
        for piece in r:
            tag = piece.tag
            if tag == w("t"):
                self.parts.append(piece.text or "")
            elif tag == w("br"):
                if piece.get(w("type"), "textWrapping") == "textWrapping":
                    self.parts.append("\n")
            elif tag in _RUN_TEXT:
                self.parts.append(_RUN_TEXT[tag])
            elif tag == w("sym"):
                self.symbol(piece.get(w("font"), ""), piece.get(w("char"), ""))
            elif tag == f"{{{_W16SE}}}symEx":
                self.symbol("", piece.get(f"{{{_W16SE}}}char", ""))
            elif piece.find(f".//{w('txbxContent')}") is not None:  # a drawing or shape
                self.losses.append("a text box: its text is not read")
            elif tag == f"{{{_MC}}}AlternateContent":
                self._run(_alternative(piece, w("t")))
            elif tag == w("ruby"):
                self.ruby(piece)
            elif tag in _NOTE_REFERENCES:
                kind = _NOTE_REFERENCES[tag]
                self.losses.append(f"a {kind} reference: the {kind}'s text is not read")

    def symbol(self, font: str, code: str) -> None:
        """A w:sym character. Symbol fonts use the private range F000-F0FF for their 8-bit
        codes: the Symbol font's are mapped to Unicode; other fonts' (Wingdings...) are
        pictures with no text, said as a loss."""
        try:
            value = int(code, 16)
        except ValueError:
            self.losses.append(f"a symbol with an unreadable code {code!r}")
            return
        if 0xF000 <= value <= 0xF0FF:
            value -= 0xF000
            if font.lower() != "symbol":
                self.losses.append(f"a symbol of the font {font or 'unknown'} (code {code})")
                return
            self.parts.append(_SYMBOL_FONT.get(value, chr(value)))
        elif 0 < value < 0x110000:
            self.parts.append(chr(value))

    def ruby(self, ruby: etree._Element) -> None:
        """Phonetic guides: the base text is read; the guide above it is not part of the text."""
        base = ruby.find(w("rubyBase"))
        guide = ruby.find(w("rt"))
        if base is not None:
            self.inline(base)
        if guide is not None:
            text = "".join(t.text or "" for t in guide.iter(w("t")))
            self.losses.append(f"a phonetic guide {text!r} over the text is not kept")

    def equation(self, math: etree._Element) -> None:
        """An equation's characters stay in the sentence; its layout (fractions, scripts) goes."""
        text = "".join(t.text or "" for t in math.iter(f"{{{MATH}}}t"))
        self.parts.append(text)
        self.length += len(text)
        self.losses.append(f"an equation, read as its characters {text!r} without its layout")


def _alternative(node: etree._Element, wanted: str) -> etree._Element:
    """The branch of mc:AlternateContent to read: the first that holds ``wanted`` elements
    (Word puts an emoji's plain character in the fallback), else the first choice."""
    branches = [*node.iter(f"{{{_MC}}}Choice"), *node.iter(f"{{{_MC}}}Fallback")]
    for branch in branches:
        if branch.find(f".//{wanted}") is not None or branch.find(wanted) is not None:
            return branch
    return branches[0] if branches else node
