"""A round's voting list for the web: Markdown and a self-contained HTML page, the same list
as the Word one (:mod:`editplan.word.documents.voting`)."""

from __future__ import annotations

from editplan.core.compilation import numbers_of, outcome
from editplan.core.register import ranges
from editplan.core.voting import Ballot, Vote, VotingList, falls_text
from editplan.publish.compilation import h, head, html_spot, md, md_spot, submissions, what

COLUMNS = ("No.", "Proposal (changes marked)", "Proposed by", "Falls", "Result")
ORDER = (
    "The proposals on each element are taken in the order of this list: the one that departs "
    "furthest from the text first (deletion, then replacement, then insertion), unless the "
    "secretariat set the order. If a proposal is agreed, the proposals it cannot apply with "
    "fall. Identical proposals of several bodies are taken together."
)


def _withdrawn(voting: VotingList) -> str:
    numbers = [p.number for p in voting.withdrawn if p.number is not None]
    keys = [p.key for p in voting.withdrawn if p.number is None]
    return ", ".join(filter(None, [ranges(numbers) if numbers else "", *keys]))


def _result(vote: Vote, numbers: dict[str, int]) -> str:
    return "; ".join(outcome(p, numbers) for p in vote.sources if p.status != "proposed")


def _subheading(ballot: Ballot) -> str:
    row = ballot.row
    text = row.label + (f": {row.current}" if row.current else "")
    return text + (" (order set by the secretariat)" if ballot.ordered == "secretariat" else "")


def markdown(voting: VotingList) -> str:
    """The voting list as Markdown."""
    laid = voting.compilation
    numbers = numbers_of(laid.round)
    lines = [f"# Voting list: {md(laid.title)}", "", f"Version: {md(laid.version)}", ""]
    lines += ["## Submissions", ""]
    lines += [f"- **{md(author)}** {md(rest)}" for author, rest in submissions(laid)]
    lines += ["", ORDER, ""]
    for heading, ballots in voting.sections:
        lines += [f"## {md(heading)}", ""]
        for ballot in ballots:
            lines += [f"### {md(_subheading(ballot))}", ""]
            for vote in ballot.votes:
                entry = vote.entry
                who = "; ".join(f"{p.author} ({p.key}, {p.amendment.op})" for p in entry.sources)
                lines.append(f"- **No. {entry.numbers or '-'}**: {md(who)}")
                if len(entry.sources) > 1:
                    lines.append("  - identical proposals, taken together")
                for spot in entry.spots:
                    if spot.what:
                        lines.append(f"  - *{md(what(spot))}*")
                    if marked := md_spot(spot):
                        lines.append(f"  - {marked}")
                if falls := falls_text(vote):
                    lines.append(f"  - *{md(falls)}*")
                if result := _result(vote, numbers):
                    lines.append(f"  - Result: {md(result)}")
            lines.append("")
    if voting.withdrawn:
        lines += [f"Withdrawn: {md(_withdrawn(voting))}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def html(voting: VotingList) -> str:
    """The voting list as one self-contained HTML page."""
    laid = voting.compilation
    numbers = numbers_of(laid.round)
    out = head(f"Voting list: {laid.title}")
    out += [f"<p>Version: {h(laid.version)}</p>", "<h2>Submissions</h2>", "<ul>"]
    out += [f"<li><strong>{h(a)}</strong> {h(rest)}</li>" for a, rest in submissions(laid)]
    out += ["</ul>", f"<p>{h(ORDER)}</p>", "<table>", "<thead><tr>"]
    out += [f'<th scope="col">{c}</th>' for c in COLUMNS]
    out += ["</tr></thead>", "<tbody>"]
    span = len(COLUMNS)
    for heading, ballots in voting.sections:
        out.append(f'<tr class="goal"><th colspan="{span}" scope="rowgroup">{h(heading)}</th></tr>')
        for ballot in ballots:
            out.append(
                f'<tr><th colspan="{span}" scope="rowgroup">{h(_subheading(ballot))}</th></tr>'
            )
            for vote in ballot.votes:
                entry = vote.entry
                cls = ' class="collides"' if vote.falls_if else ""
                number = entry.numbers
                anchor = f' id="vote-{h(number.split(",")[0])}"' if number else ""
                proposal = "".join(html_spot(s) for s in entry.spots)
                if len(entry.sources) > 1:
                    proposal = '<p class="what">Identical proposals, taken together</p>' + proposal
                who = "".join(
                    f"<p>{h(p.author)} ({h(p.key)}, {h(p.amendment.op)})</p>" for p in entry.sources
                )
                out.append(
                    f'<tr{anchor}><td class="no">{h(number)}</td><td{cls}>{proposal}</td>'
                    f'<td{cls}>{who}</td><td{cls}><p class="what">{h(falls_text(vote))}</p>'
                    f"</td><td{cls}>{h(_result(vote, numbers))}</td></tr>"
                )
    out += ["</tbody>", "</table>"]
    if voting.withdrawn:
        out.append(f"<p>Withdrawn: {h(_withdrawn(voting))}</p>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
