"""A round's voting list as a Word document: what the chair holds.

Per goal, per element in the order of the text, the element's wording now and its proposals in
the order they are taken, each with its number, its changes as native tracked changes by its
own author, who proposed it, what makes it fall ("Falls if no. 3 is agreed") and its result;
the withdrawn proposals at the end by number.
"""

from __future__ import annotations

from lxml import etree

from editplan.core.compilation import numbers_of, outcome
from editplan.core.register import ranges
from editplan.core.voting import VotingList, falls_text
from editplan.ooxml import markup
from editplan.word.documents.cells import COLLISION_FILL, Grid, first_id, package, para
from editplan.word.documents.compilation import front

COLUMNS = ("No.", "Proposal (changes marked)", "Proposed by", "Falls", "Result")
WIDTHS = (900, 6400, 2800, 2096, 2600)
ORDER = (
    "The proposals on each element are taken in the order of this list: the one that departs "
    "furthest from the text first (deletion, then replacement, then insertion), unless the "
    "secretariat set the order. If a proposal is agreed, the proposals it cannot apply with "
    "fall. Identical proposals of several bodies are taken together."
)
SUBHEADING_FILL = "EDEDED"


def render(voting: VotingList) -> bytes:
    """Return the .docx bytes of ``voting`` (the same list gives the same bytes)."""
    laid = voting.compilation
    ids = markup.IdCounter(first_id())
    body = [*front(laid, "Voting list"), para(ORDER), _table(voting, ids)]
    if voting.withdrawn:
        numbers = [p.number for p in voting.withdrawn if p.number is not None]
        keys = [p.key for p in voting.withdrawn if p.number is None]
        listed = ", ".join(filter(None, [ranges(numbers) if numbers else "", *keys]))
        body.append(para(f"Withdrawn: {listed}"))
    body.append(para("End of voting list"))
    return package(body, f"Voting list: {laid.title}")


def _table(voting: VotingList, ids: markup.IdCounter) -> etree._Element:
    grid = Grid(WIDTHS, ids)
    grid.header(COLUMNS)
    numbers = numbers_of(voting.compilation.round)
    for heading, ballots in voting.sections:
        grid.heading(heading)
        for ballot in ballots:
            row = ballot.row
            text = row.label + (f": {row.current}" if row.current else "")
            if ballot.ordered == "secretariat":
                text += " (order set by the secretariat)"
            grid.heading(text, fill=SUBHEADING_FILL)
            for vote in ballot.votes:
                tr = grid.row()
                entry = vote.entry
                fill = COLLISION_FILL if vote.falls_if else None
                same = len(entry.sources) > 1
                tr.append(grid.cell(0, [para(entry.numbers, bold=True)], fill=fill))
                proposal = grid.changes(entry.spots, entry.first)
                if same:
                    proposal.insert(0, para("Identical proposals, taken together", italic=True))
                tr.append(grid.cell(1, proposal, fill=fill))
                by = [para(f"{p.author} ({p.key}, {p.amendment.op})") for p in entry.sources]
                tr.append(grid.cell(2, by, fill=fill))
                tr.append(grid.cell(3, [para(falls_text(vote), italic=True)], fill=fill))
                results = [
                    para(outcome(p, numbers) if p.status != "proposed" else "")
                    for p in entry.sources
                ]
                tr.append(grid.cell(4, results, fill=fill))
    return grid.tbl
