"""A compilation of submissions as a Word document: the synoptic table of a review round.

One table, in plan order: a heading row per goal, then one row per proposal, grouped by element
(element, current text, proposal with its changes as native tracked changes, source,
decision). The element and current-text cells of an element's rows are merged vertically.
Accepting all changes makes each proposal cell read as proposed; rejecting them, as the
element reads now. Colliding proposals are shaded and say what they collide with.
"""

from __future__ import annotations

from collections.abc import Sequence

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from lxml import etree

from editplan.core.compilation import Compilation, Entry, Row
from editplan.core.quotation import plain, quoted
from editplan.core.round import Proposal, Spot
from editplan.core.textdiff import diff_words
from editplan.ooxml import markup, saving
from editplan.ooxml.ns import XML_SPACE, W

COLUMNS = ("Element", "Current text", "Proposal (changes marked)", "Source", "Decision")
# Column widths in twips: A4 landscape less two 2 cm margins (26.1 cm = 14796 twips).
WIDTHS = (1900, 3500, 4300, 3096, 2000)
COLLISION_FILL = "FBE3E3"
HEADING_FILL = "D9E2F3"
HEADER_FILL = "BFBFBF"
_NSMAP = {"w": W}


def render(compilation: Compilation) -> bytes:
    """Return the .docx bytes of ``compilation`` (the same compilation gives the same bytes)."""
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    body = doc.element.body
    sect_pr = body[-1]
    ids = markup.IdCounter(markup.highest_id(doc.element) + 1)
    for p in _front(compilation):
        sect_pr.addprevious(p)
    sect_pr.addprevious(_Table(ids).build(compilation))
    sect_pr.addprevious(_para("End of compilation"))
    title = f"Compilation of submissions: {compilation.title}"
    return saving.save_reproducibly(doc, title=title, author="editplan")


def _front(compilation: Compilation) -> list[etree._Element]:
    found = compilation.round
    out = [
        _para(f"Compilation of submissions: {compilation.title}", style="Title"),
        _para(f"Version: {compilation.version}"),
        _para("Submissions", style="Heading1"),
    ]
    for sub in found.submissions:
        aset = sub.aset
        n = sum(1 for p in found.proposals if p.set_id == aset.id)
        out.append(
            _para(
                f"{aset.author} ({aset.id}): {aset.title}; {aset.source.cite()}, "
                f"{aset.date.isoformat()}; {n} amendment{'s' if n != 1 else ''}",
                style="ListParagraph",
            )
        )
    out.append(
        _para(
            f"{len(found.proposals)} proposals; {len(found.same)} made by more than one body "
            f"(shown once); {len(found.collisions)} pair(s) that cannot both apply (shaded)."
        )
    )
    return out


class _Table:
    """Builds the ``w:tbl`` of a compilation row by row."""

    def __init__(self, ids: markup.IdCounter) -> None:
        self.ids = ids

    def build(self, compilation: Compilation) -> etree._Element:
        tbl = _el("tbl")
        tbl_pr = etree.SubElement(tbl, markup.qn("w:tblPr"))
        _sub(tbl_pr, "tblStyle", val="TableGrid")
        _sub(tbl_pr, "tblW", w=str(sum(WIDTHS)), type="dxa")
        _sub(tbl_pr, "tblLayout", type="fixed")
        _sub(tbl_pr, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1",
             lastColumn="0", noHBand="0", noVBand="1")  # fmt: skip
        grid = etree.SubElement(tbl, markup.qn("w:tblGrid"))
        for width in WIDTHS:
            _sub(grid, "gridCol", w=str(width))
        header = self._row(header=True)
        for n, title in enumerate(COLUMNS):
            header.append(self._cell(n, [_para(title, bold=True)], fill=HEADER_FILL))
        tbl.append(header)
        for section in compilation.sections:
            heading = self._row()
            heading.append(
                self._cell(0, [_para(section.heading, bold=True)], span=5, fill=HEADING_FILL)
            )
            tbl.append(heading)
            for row in section.rows:
                self._element(tbl, row)
        if compilation.elsewhere:
            heading = self._row()
            title = "Proposals on elements no longer in the plan"
            heading.append(self._cell(0, [_para(title, bold=True)], span=5, fill=HEADING_FILL))
            tbl.append(heading)
            for entry in compilation.elsewhere:
                self._element(tbl, Row("", "(not in the plan)", None, (entry,)))
        return tbl

    def _element(self, tbl: etree._Element, row: Row) -> None:
        entries = row.entries or (None,)
        for n, entry in enumerate(entries):
            tr = self._row()
            merge = ("restart" if len(entries) > 1 else None) if n == 0 else "continue"
            label = [_para(row.label, bold=True)] if n == 0 else [_para("")]
            current = [_para(row.current or "")] if n == 0 else [_para("")]
            fill = COLLISION_FILL if entry is not None and entry.collides else None
            tr.append(self._cell(0, label, merge=merge))
            tr.append(self._cell(1, current, merge=merge))
            if entry is None:
                for col in (2, 3, 4):
                    tr.append(self._cell(col, [_para("")]))
            else:
                tr.append(self._cell(2, self._proposal(entry), fill=fill))
                tr.append(self._cell(3, _sources(entry.sources), fill=fill))
                tr.append(self._cell(4, _decision(entry), fill=fill))
            tbl.append(tr)

    def _proposal(self, entry: Entry) -> list[etree._Element]:
        first = entry.first
        rev = markup.Revision(first.author, f"{first.date}T00:00:00Z")
        out: list[etree._Element] = []
        for spot in entry.spots:
            if spot.what:
                out.append(_para(_what(spot), italic=True))
            changed = self._changed(spot, rev)
            if len(changed) or not out:
                out.append(changed)
        return out

    def _changed(self, spot: Spot, rev: markup.Revision) -> etree._Element:
        p = _para(None)
        if spot.before is not None and spot.after is not None:
            markup.append_diff(p, diff_words(spot.before, spot.after), rev, self.ids)
        elif spot.after is not None:
            p.append(markup.make_ins([markup.make_run(spot.after)], rev, self.ids))
        elif spot.before is not None and spot.what == "removed":
            p.append(markup.make_del([markup.make_run(spot.before, deleted=True)], rev, self.ids))
        return p

    def _row(self, header: bool = False) -> etree._Element:
        tr = _el("tr")
        tr_pr = etree.SubElement(tr, markup.qn("w:trPr"))
        _sub(tr_pr, "cantSplit")
        if header:
            _sub(tr_pr, "tblHeader")
        return tr

    def _cell(
        self,
        col: int,
        paragraphs: Sequence[etree._Element],
        *,
        span: int = 1,
        merge: str | None = None,
        fill: str | None = None,
    ) -> etree._Element:
        tc = _el("tc")
        tc_pr = etree.SubElement(tc, markup.qn("w:tcPr"))
        _sub(tc_pr, "tcW", w=str(sum(WIDTHS[col : col + span])), type="dxa")
        if span > 1:
            _sub(tc_pr, "gridSpan", val=str(span))
        if merge == "restart":
            _sub(tc_pr, "vMerge", val="restart")
        elif merge == "continue":
            _sub(tc_pr, "vMerge")
        if fill is not None:
            _sub(tc_pr, "shd", val="clear", color="auto", fill=fill)
        for p in paragraphs or [_para("")]:
            tc.append(p)
        return tc


def _what(spot: Spot) -> str:
    if spot.what == "instruction":
        return "Instruction: the submission gives no wording"
    return spot.what[0].upper() + spot.what[1:]


def _sources(sources: Sequence[Proposal]) -> list[etree._Element]:
    out: list[etree._Element] = []
    if len(sources) > 1:
        out.append(_para(f"The same proposal from {len(sources)} bodies:", italic=True))
    for p in sources:
        out.append(_para(p.author, bold=True))
        out.append(_para(f"{p.set_id} {p.amendment.id} ({p.amendment.op}); {p.source}"))
        if p.amendment.quote:
            out.append(_para(quoted(plain(p.amendment.quote)), italic=True))
        if p.amendment.note:
            out.append(_para(f"Note: {p.amendment.note}"))
    return out


def _decision(entry: Entry) -> list[etree._Element]:
    out: list[etree._Element] = []
    for p in entry.sources:
        prefix = f"{p.set_id} {p.amendment.id}: " if len(entry.sources) > 1 else ""
        out.append(_para(f"{prefix}{p.status}", bold=True))
        decision = p.amendment.decision
        if decision is not None and decision.text is not None:
            who = decision.by or "the meeting"
            out.append(_para(f"As orally amended ({who}): {decision.text}"))
        if decision is not None and decision.note is not None:
            out.append(_para(decision.note, italic=True))
    seen: set[tuple[str, str]] = set()
    for c in entry.collides:
        pair = (c.first.key, c.second.key)
        if pair in seen:
            continue
        seen.add(pair)
        mine = {s.key for s in entry.sources}
        other = c.second if c.first.key in mine else c.first
        out.append(_para(f"Collides with {other.key} ({other.author}): {c.reason}", italic=True))
    return out


def _el(tag: str) -> etree._Element:
    # plain lxml elements: python-docx's OxmlElement parses a string per element, and these
    # are only serialised, never read through python-docx's proxies
    return etree.Element(markup.qn(f"w:{tag}"), nsmap=_NSMAP)


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, markup.qn(f"w:{tag}"))
    for key, value in attrs.items():
        child.set(markup.qn(f"w:{key}"), value)
    return child


def _para(
    text: str | None, *, style: str | None = None, bold: bool = False, italic: bool = False
) -> etree._Element:
    """A paragraph with one run of ``text`` (none when ``text`` is None)."""
    p = _el("p")
    if style is not None:
        ppr = etree.SubElement(p, markup.qn("w:pPr"))
        _sub(ppr, "pStyle", val=style)
    if text:
        r = etree.SubElement(p, markup.qn("w:r"))
        if bold or italic:
            rpr = etree.SubElement(r, markup.qn("w:rPr"))
            if bold:
                _sub(rpr, "b")
            if italic:
                _sub(rpr, "i")
        for n, line in enumerate(text.split("\n")):
            if n:
                etree.SubElement(r, markup.qn("w:br"))
            if line:
                t = etree.SubElement(r, markup.qn("w:t"))
                t.text = line
                if line != line.strip() or "  " in line:
                    t.set(XML_SPACE, "preserve")
    return p
