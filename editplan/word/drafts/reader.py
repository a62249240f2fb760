"""Read a Word draft of an action plan (.docx) into a plan, placing every paragraph or saying why.

The draft may lay goals out as headings ("A. Area title", "Goal A.1: title", "Goals A.6, A.7 and
A.8" followed by one "Goal A.6: title" line per goal, then "Key areas" and "Activities" headings
over numbered items) or as the rows of a table (a goal column, a key-area column and an activity
column). Items may be numbered as text ("(1)", "(i)", "1.", "(a)") or by Word's list numbering.

A .docx is untrusted input: :func:`read_docx` checks the zip (member sizes, total size,
compression ratio) before decompressing anything, parses XML with a parser that never loads a
DTD, resolves no entity and never touches the network, and refuses any DOCTYPE. Tracked changes
are refused unless the caller asks to accept or reject them, which is done on the XML.

Ids follow the convention of plans/cb-action-plan.yaml: a goal's id is its number (A.1), a block
of goals A.6, A.7 and A.8 is "A.6-8", and items are numbered by position (a1.ka2, a6-8.act1).
Importing the clean document that editplan writes for a plan gives that plan back when its ids
follow this convention; a plan whose ids do not (after an amendment added lg14.53h, say) comes
back with the same texts and numbering but positional ids, since a document does not hold ids.
Nothing here prints; problems are :class:`~editplan.errors.InputError` and what could not be
placed is returned in :class:`ImportResult`.

This module opens the package and feeds the body's paragraphs and tables to the two layout
recognisers, :mod:`~editplan.word.drafts.headings` and :mod:`~editplan.word.drafts.tables`,
which share the line patterns of :mod:`~editplan.word.drafts.lines`, the typed numbers of
:mod:`~editplan.word.drafts.numbers` and the state of :mod:`~editplan.word.drafts.state`; the
result is :mod:`~editplan.word.drafts.result`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from editplan.errors import InputError, Location
from editplan.ooxml.ns import w
from editplan.ooxml.numbering import Numbering
from editplan.ooxml.package import read_roots
from editplan.ooxml.revisions import count_revisions, resolve_revisions
from editplan.ooxml.styles import Styles
from editplan.ooxml.walker import Block, Para, Table, Walker
from editplan.word.drafts.headings import HeadingsLayout
from editplan.word.drafts.lines import SUPPORTED_LAYOUTS
from editplan.word.drafts.result import ImportResult, Unplaced, plan_data
from editplan.word.drafts.state import DraftState, build
from editplan.word.drafts.tables import TableLayout

__all__ = ["SUPPORTED_LAYOUTS", "ImportResult", "Unplaced", "plan_data", "read_docx"]

Revisions = Literal["refuse", "accept", "reject"]


def read_docx(
    path: Path,
    *,
    revisions: Revisions = "refuse",
    plan_id: str = "imported",
    name: str | None = None,
) -> ImportResult:
    """Read a Word draft into a plan; ``plan_id`` is the new plan's id (the output file's name).

    ``name`` is how messages and the plan file's header name the draft (the path as the user
    wrote it, say); by default its file name.

    Refuses (with :class:`InputError`, before anything is written) a file that is not a .docx,
    a password-protected one, a possible zip bomb, XML with a DOCTYPE or entities, a document
    with tracked changes when ``revisions`` is "refuse", and a document where no goal is found.
    Positions of unplaced paragraphs count every paragraph of the body, table cells included,
    after tracked changes were accepted or rejected.
    """
    if revisions not in ("refuse", "accept", "reject"):
        raise ValueError(f"revisions must be refuse, accept or reject, not {revisions!r}")
    path = Path(path)
    name = path.name if name is None else name
    roots = read_roots(path, name)
    body = roots["document"].find(w("body"))
    notes: list[str] = []
    count = count_revisions(body)
    if count:
        if revisions == "refuse":
            raise InputError(
                f"has {count} tracked change{'s' if count > 1 else ''}; accept or reject them in "
                "Word first, or on import",
                Location(name),
                remedy="revisions",
            )
        resolve_revisions(body, accept=revisions == "accept")
        done = "accepted" if revisions == "accept" else "rejected"
        notes.append(f"{count} tracked change{'s' if count > 1 else ''} {done} before import.")
    styles = Styles(roots.get("styles"))
    numbering = Numbering(roots.get("numbering"), styles)
    walker = Walker(styles, numbering)
    blocks = walker.walk(body)
    state = DraftState(name, path.name, plan_id, blocks, notes)
    headings, tables = HeadingsLayout(state), TableLayout(state)
    for block in blocks:
        if isinstance(block, Table):
            tables.table(block)
        else:
            headings.paragraph(block)
    result = build(state)
    losses = [
        Unplaced(p.position, p.display, "; ".join(p.losses))
        for p in _paragraphs(blocks)
        if p.losses
    ]
    losses += [Unplaced(after, "", reason) for after, reason in walker.losses]
    result.losses = sorted(losses, key=lambda u: u.position)
    return result


def _paragraphs(blocks: list[Block]) -> list[Para]:
    """Every paragraph of the body in order, those in table cells included."""
    out: list[Para] = []
    for block in blocks:
        if isinstance(block, Table):
            out.extend(p for row in block.rows for cell in row for p in cell.paras)
        else:
            out.append(block)
    return out
