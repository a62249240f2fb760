"""A compilation of submissions as a Word document: the synoptic table of a review round.

One table, in plan order: a heading row per goal, then one row per proposal, grouped by element
(number, element, current text, proposal with its changes as native tracked changes by its own
author, source, decision and outcome). The element and current-text cells of an element's rows
are merged vertically. Accepting all changes makes each proposal cell read as proposed;
rejecting them, as the element reads now. Colliding proposals are shaded, and each pair is
told once, under the proposal a reader reaches second. Then every proposal once, by number,
with its outcome.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from editplan.core.compilation import (
    Compilation,
    Entry,
    Row,
    collision_note,
    numbers_of,
    outcome,
)
from editplan.core.quotation import plain, quoted
from editplan.core.register import ranges
from editplan.core.round import Proposal
from editplan.ooxml import markup
from editplan.word.documents.cells import COLLISION_FILL, Grid, first_id, package, para

COLUMNS = ("No.", "Element", "Current text", "Proposal (changes marked)", "Source", "Decision")
# Column widths in twips: A4 landscape less two 2 cm margins (26.1 cm = 14796 twips).
WIDTHS = (800, 1800, 3300, 4300, 2696, 1900)
RESULT_COLUMNS = ("No.", "Proposal", "Element", "Proposed by", "Outcome")
RESULT_WIDTHS = (800, 2400, 3400, 3000, 5196)


def render(compilation: Compilation) -> bytes:
    """Return the .docx bytes of ``compilation`` (the same compilation gives the same bytes)."""
    ids = markup.IdCounter(first_id())
    body = front(compilation, "Compilation of submissions")
    body.append(_Table(ids, numbers_of(compilation.round)).build(compilation))
    body.append(para("Proposals and their outcome", style="Heading1", keep=True))
    body.append(results(compilation, ids))
    body.append(para("End of compilation"))
    return package(body, f"Compilation of submissions: {compilation.title}")


def front(compilation: Compilation, kind: str) -> list[etree._Element]:
    """The title, version, submissions and counts above a round's table."""
    found = compilation.round
    out = [
        para(f"{kind}: {compilation.title}", style="Title"),
        para(f"Version: {compilation.version}"),
        para("Submissions", style="Heading1", keep=True),
    ]
    for sub in found.submissions:
        aset = sub.aset
        mine = [p for p in found.proposals if p.set_id == aset.id]
        numbered = [p.number for p in mine if p.number is not None]
        nos = f", nos. {ranges(numbered)}" if numbered else ""
        authors = sorted({p.author for p in mine} - {aset.author})
        by = f" (proposals by {', '.join(authors)})" if authors else ""
        out.append(
            para(
                f"{aset.author} ({aset.id}){by}: {aset.title}; {aset.source.cite()}, "
                f"{aset.date.isoformat()}; {len(mine)} proposal{'s' if len(mine) != 1 else ''}"
                f"{nos}",
                style="ListParagraph",
            )
        )
    out.append(para(summary(compilation)))
    return out


def summary(compilation: Compilation) -> str:
    found = compilation.round
    return (
        f"{len(found.proposals)} proposals; {len(found.same)} made by more than one body "
        f"(shown once); {len(found.collisions)} pair(s) that cannot both apply (shaded)."
    )


class _Table:
    """Builds the compilation's ``w:tbl`` row by row."""

    def __init__(self, ids: markup.IdCounter, numbers: dict[str, int]) -> None:
        self.grid = Grid(WIDTHS, ids)
        self.numbers = numbers

    def build(self, compilation: Compilation) -> etree._Element:
        self.grid.header(COLUMNS)
        for section in compilation.sections:
            self.grid.heading(section.heading)
            for row in section.rows:
                self._element(row)
        if compilation.elsewhere:
            self.grid.heading("Proposals on elements no longer in the plan")
            for entry in compilation.elsewhere:
                self._element(Row("", "(not in the plan)", None, (entry,)))
        return self.grid.tbl

    def _element(self, row: Row) -> None:
        grid = self.grid
        entries = row.entries or (None,)
        for n, entry in enumerate(entries):
            tr = grid.row()
            merge = ("restart" if len(entries) > 1 else None) if n == 0 else "continue"
            label = [para(row.label, bold=True)] if n == 0 else [para("")]
            current = [para(row.current or "")] if n == 0 else [para("")]
            fill = COLLISION_FILL if entry is not None and entry.collides else None
            number = entry.numbers if entry is not None else ""
            tr.append(grid.cell(0, [para(number, bold=True)], fill=fill))
            tr.append(grid.cell(1, label, merge=merge))
            tr.append(grid.cell(2, current, merge=merge))
            if entry is None:
                for col in (3, 4, 5):
                    tr.append(grid.cell(col, [para("")]))
                continue
            proposal = grid.changes(entry.spots, entry.first)
            proposal += [para(collision_note(c, entry), italic=True) for c in entry.notes]
            tr.append(grid.cell(3, proposal, fill=fill))
            tr.append(grid.cell(4, _sources(entry.sources), fill=fill))
            tr.append(grid.cell(5, self._decision(entry), fill=fill))

    def _decision(self, entry: Entry) -> list[etree._Element]:
        out: list[etree._Element] = []
        for p in entry.sources:
            prefix = f"{p.number or p.key}: " if len(entry.sources) > 1 else ""
            out.append(para(f"{prefix}{outcome(p, self.numbers)}", bold=True))
        return out


def _sources(sources: Sequence[Proposal]) -> list[etree._Element]:
    out: list[etree._Element] = []
    if len(sources) > 1:
        out.append(para(f"The same proposal from {len(sources)} bodies:", italic=True))
    for p in sources:
        out.append(para(p.author, bold=True))
        out.append(para(f"{p.set_id} {p.amendment.id} ({p.amendment.op}); {p.source}"))
        if p.amendment.quote:
            out.append(para(quoted(plain(p.amendment.quote)), italic=True))
        if p.amendment.note:
            out.append(para(f"Note: {p.amendment.note}"))
    return out


def results(compilation: Compilation, ids: markup.IdCounter) -> etree._Element:
    """Every proposal of the round once, by number, with its outcome."""
    grid = Grid(RESULT_WIDTHS, ids)
    grid.header(RESULT_COLUMNS)
    numbers = numbers_of(compilation.round)
    for p in compilation.results:
        tr = grid.row()
        cells = [
            str(p.number or ""),
            f"{p.key} ({p.amendment.op})",
            "; ".join(p.targets),
            p.author,
            outcome(p, numbers),
        ]
        for col, text in enumerate(cells):
            tr.append(grid.cell(col, [para(text, bold=col == 0)]))
    return grid.tbl
