"""The pieces of a round's Word tables (compilation, voting list): paragraphs, rows and cells
as plain lxml elements, laid out for a chair to hold.

Rows may split across pages (a long proposal must not leave a page nearly empty); a goal's
heading row cannot split and is kept with the row after it (keep-with-next on its paragraph),
and the header row repeats on every page.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from editplan.core.round import Proposal, Spot
from editplan.core.textdiff import diff_words
from editplan.ooxml import markup, saving, template
from editplan.ooxml.ns import XML_SPACE, W

HEADING_FILL = "D9E2F3"
HEADER_FILL = "BFBFBF"
COLLISION_FILL = "FBE3E3"
_NSMAP = {"w": W}


def first_id() -> int:
    """The first ``w:id`` the tables may use."""
    return template.first_id()


def package(body: Sequence[etree._Element], title: str) -> bytes:
    """The .docx of a round's document: ``body`` on A4 landscape pages with 2 cm margins (26.1
    cm of text width), python-docx's default template otherwise (shipped as bytes, see
    :mod:`editplan.ooxml.template`); the same body always gives the same bytes."""
    members = template.members(
        comments=False, tracked=False, title=title, author="editplan", landscape=True
    )
    return saving.package(members, fills={"word/document.xml": _markup(body)})


def _markup(body: Sequence[etree._Element]) -> str:
    """The elements as markup text, serialised as they are inside a part that declares ``w``
    (appended to one element that declares it, whose own tags are then cut away)."""
    holder = etree.Element(markup.qn("w:body"), nsmap=_NSMAP)
    holder.extend(body)
    text = etree.tostring(holder, encoding="unicode")
    start = text.index(">") + 1
    if text.endswith("/>"):
        return ""
    return text[start : -len("</w:body>")]


def el(tag: str) -> etree._Element:
    # plain lxml elements: python-docx's OxmlElement parses a string per element, and these
    # are only serialised, never read through python-docx's proxies
    return etree.Element(markup.qn(f"w:{tag}"), nsmap=_NSMAP)


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, markup.qn(f"w:{tag}"))
    for key, value in attrs.items():
        child.set(markup.qn(f"w:{key}"), value)
    return child


def para(
    text: str | None,
    *,
    style: str | None = None,
    bold: bool = False,
    italic: bool = False,
    keep: bool = False,
) -> etree._Element:
    """A paragraph with one run of ``text`` (none when ``text`` is None); ``keep`` keeps it
    on the page of the next paragraph (and its table row with the next row)."""
    p = el("p")
    if style is not None or keep:
        ppr = etree.SubElement(p, markup.qn("w:pPr"))
        if style is not None:
            sub(ppr, "pStyle", val=style)
        if keep:
            sub(ppr, "keepNext")
    if text:
        r = etree.SubElement(p, markup.qn("w:r"))
        if bold or italic:
            rpr = etree.SubElement(r, markup.qn("w:rPr"))
            if bold:
                sub(rpr, "b")
            if italic:
                sub(rpr, "i")
        for n, line in enumerate(text.split("\n")):
            if n:
                etree.SubElement(r, markup.qn("w:br"))
            if line:
                t = etree.SubElement(r, markup.qn("w:t"))
                t.text = line
                if line != line.strip() or "  " in line:
                    t.set(XML_SPACE, "preserve")
    return p


class Grid:
    """Builds one ``w:tbl`` of fixed column widths (twips), row by row."""

    def __init__(self, widths: Sequence[int], ids: markup.IdCounter) -> None:
        self.widths = tuple(widths)
        self.ids = ids
        self.tbl = el("tbl")
        tbl_pr = etree.SubElement(self.tbl, markup.qn("w:tblPr"))
        sub(tbl_pr, "tblStyle", val="TableGrid")
        sub(tbl_pr, "tblW", w=str(sum(self.widths)), type="dxa")
        sub(tbl_pr, "tblLayout", type="fixed")
        sub(tbl_pr, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1",
            lastColumn="0", noHBand="0", noVBand="1")  # fmt: skip
        grid = etree.SubElement(self.tbl, markup.qn("w:tblGrid"))
        for width in self.widths:
            sub(grid, "gridCol", w=str(width))

    def header(self, titles: Sequence[str]) -> None:
        """The header row, repeated on every page."""
        tr = self.row(header=True)
        for n, title in enumerate(titles):
            tr.append(self.cell(n, [para(title, bold=True)], fill=HEADER_FILL))

    def heading(self, text: str, *, fill: str = HEADING_FILL) -> None:
        """A row across the table (a goal's heading): never split, kept with the next row."""
        tr = self.row(whole=True)
        tr.append(
            self.cell(0, [para(text, bold=True, keep=True)], span=len(self.widths), fill=fill)
        )

    def row(self, *, header: bool = False, whole: bool = False) -> etree._Element:
        """A new row appended to the table; ``whole`` rows do not split across pages."""
        tr = el("tr")
        tr_pr = etree.SubElement(tr, markup.qn("w:trPr"))
        if header or whole:
            sub(tr_pr, "cantSplit")
        if header:
            sub(tr_pr, "tblHeader")
        self.tbl.append(tr)
        return tr

    def cell(
        self,
        col: int,
        paragraphs: Sequence[etree._Element],
        *,
        span: int = 1,
        merge: str | None = None,
        fill: str | None = None,
    ) -> etree._Element:
        """A cell of column ``col`` (``span`` columns wide), vertically merged with the one
        above it when ``merge`` is "continue" ("restart" opens such a run)."""
        tc = el("tc")
        tc_pr = etree.SubElement(tc, markup.qn("w:tcPr"))
        sub(tc_pr, "tcW", w=str(sum(self.widths[col : col + span])), type="dxa")
        if span > 1:
            sub(tc_pr, "gridSpan", val=str(span))
        if merge == "restart":
            sub(tc_pr, "vMerge", val="restart")
        elif merge == "continue":
            sub(tc_pr, "vMerge")
        if fill is not None:
            sub(tc_pr, "shd", val="clear", color="auto", fill=fill)
        for p in paragraphs or [para("")]:
            tc.append(p)
        return tc

    def changes(self, spots: Sequence[Spot], proposal: Proposal) -> list[etree._Element]:
        """A proposal's spots as paragraphs whose changes are native revisions by its
        author."""
        rev = markup.Revision(proposal.author, proposal.date)
        out: list[etree._Element] = []
        for spot in spots:
            if spot.what:
                out.append(para(what(spot), italic=True))
            changed = self._changed(spot, rev)
            if len(changed) or not out:
                out.append(changed)
        return out

    def _changed(self, spot: Spot, rev: markup.Revision) -> etree._Element:
        p = para(None)
        if spot.before is not None and spot.after is not None:
            markup.append_diff(p, diff_words(spot.before, spot.after), rev, self.ids)
        elif spot.after is not None:
            p.append(markup.make_ins([markup.make_run(spot.after)], rev, self.ids))
        elif spot.before is not None and spot.what == "removed":
            p.append(markup.make_del([markup.make_run(spot.before, deleted=True)], rev, self.ids))
        return p


def what(spot: Spot) -> str:
    """The line that says what a spot is, beside its marked wording."""
    if spot.what == "instruction":
        return "Instruction: the submission gives no wording"
    return spot.what[0].upper() + spot.what[1:]
