"""A compilation of submissions for the web: Markdown, and a self-contained HTML page.

The same synoptic model as the Word compilation: per goal, each element a set touches (a
goal's title too), its current wording, and each proposal with its number, its changes marked
(deletions struck through, insertions underlined), its sources, and its decision; colliding
proposals are marked, each pair told once; then every proposal once, by number, with its
outcome. Every ``id`` on the page is unique: a goal's row is its id ("A.6-8"), an element's
its id ("a1.ka2"), a title's "<goal>.title", what is added to a goal "<goal>.additions", a
proposal's outcome "no-<number>".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

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
from editplan.core.round import Proposal, Spot
from editplan.core.textdiff import diff_words

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~|#])")

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; line-height: 1.4; color: #111; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border: 1px solid #999; padding: .4rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #ddd; position: sticky; top: 0; }
tr.goal th { background: #d9e2f3; }
td.collides { background: #fbe3e3; }
td.no { font-weight: bold; white-space: nowrap; }
del { color: #a00; }
ins { color: #060; }
.what, .quote { font-style: italic; }
.source { margin-bottom: .4rem; }
p { margin: 0 0 .3rem; }
""".strip()

COLUMNS = ("No.", "Element", "Current text", "Proposal (changes marked)", "Source", "Decision")
RESULT_COLUMNS = ("No.", "Proposal", "Element", "Proposed by", "Outcome")


# --- shared -----------------------------------------------------------------------------


def summary(compilation: Compilation) -> str:
    found = compilation.round
    return (
        f"{len(found.proposals)} proposals; {len(found.same)} made by more than one body "
        f"(shown once); {len(found.collisions)} pair(s) that cannot both apply (marked)."
    )


def submissions(compilation: Compilation) -> list[tuple[str, str]]:
    """Each set as the front matter lists it: its author (bold), and the rest of the line."""
    found = compilation.round
    out = []
    for sub in found.submissions:
        a = sub.aset
        mine = [p for p in found.proposals if p.set_id == a.id]
        numbered = [p.number for p in mine if p.number is not None]
        others = sorted({p.author for p in mine} - {a.author})
        by = f" (proposals by {', '.join(others)})" if others else ""
        nos = f"; nos. {ranges(numbered)}" if numbered else ""
        rest = f"({a.id}){by}: {a.title}; {a.source.cite()}, {a.date.isoformat()}{nos}"
        out.append((a.author, rest))
    return out


def number_of(p: Proposal) -> str:
    return str(p.number) if p.number is not None else ""


# --- Markdown ---------------------------------------------------------------------------


def markdown(compilation: Compilation) -> str:
    """The compilation as Markdown (insertions in bold, deletions struck through)."""
    numbers = numbers_of(compilation.round)
    lines = [
        f"# Compilation of submissions: {md(compilation.title)}",
        "",
        f"Version: {md(compilation.version)}",
        "",
        "## Submissions",
        "",
    ]
    lines += [f"- **{md(author)}** {md(rest)}" for author, rest in submissions(compilation)]
    lines += ["", summary(compilation), ""]
    for section in compilation.sections:
        lines += [f"## {md(section.heading)}", ""]
        for row in section.rows:
            lines += _md_row(row, numbers)
    if compilation.elsewhere:
        lines += ["## Proposals on elements no longer in the plan", ""]
        for entry in compilation.elsewhere:
            lines += _md_entry(entry, numbers)
    lines += ["## Proposals and their outcome", ""]
    for p in compilation.results:
        no = f"- No. {p.number}: " if p.number is not None else "- "
        lines.append(
            f"{no}**{md(p.key)}** ({p.amendment.op}; {md('; '.join(p.targets))}), "
            f"{md(p.author)}: *{md(outcome(p, numbers))}*"
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_row(row: Row, numbers: dict[str, int]) -> list[str]:
    lines = [f"### {md(row.label)}", ""]
    if row.current is not None:
        lines += [f"> {md(row.current)}", ""]
    for entry in row.entries:
        lines += _md_entry(entry, numbers)
    return lines


def _md_entry(entry: Entry, numbers: dict[str, int]) -> list[str]:
    lines = []
    for n, p in enumerate(entry.sources):
        head = "- " if n == 0 else "  "
        no = f"No. {p.number}: " if p.number is not None else ""
        lines.append(
            f"{head}{no}**{md(p.key)}**, {md(p.author)} ({p.amendment.op}; {md(p.source)}): "
            f"*{md(outcome(p, numbers))}*"
        )
    if len(entry.sources) > 1:
        lines.append(f"  - the same proposal from {len(entry.sources)} bodies")
    for spot in entry.spots:
        if spot.what:
            lines.append(f"  - *{md(what(spot))}*")
        marked = md_spot(spot)
        if marked:
            lines.append(f"  - {marked}")
    for p in entry.sources:
        if p.amendment.quote:
            lines.append(f"  - {md(quoted(plain(p.amendment.quote)))}")
        if p.amendment.note:
            lines.append(f"  - Note: {md(p.amendment.note)}")
    for c in entry.notes:
        lines.append(f"  - **{md(collision_note(c, entry))}**")
    lines.append("")
    return lines


def md_spot(spot: Spot) -> str:
    """A spot's wording with its changes marked in Markdown."""
    if spot.before is not None and spot.after is not None:
        out = []
        for op, text in diff_words(spot.before, spot.after):
            if op == "equal":
                out.append(md(text))
            elif text.strip():
                mark = "~~" if op == "delete" else "**"
                lead, core, tail = _edges(text)
                out.append(f"{lead}{mark}{md(core)}{mark}{tail}")
            else:
                out.append(text)
        return "".join(out)
    if spot.after is not None:
        return f"**{md(spot.after)}**"
    if spot.before is not None and spot.what == "removed":
        return f"~~{md(spot.before)}~~"
    return ""


def _edges(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


# --- HTML -------------------------------------------------------------------------------


def head(title: str) -> list[str]:
    """A self-contained page's opening, up to its first heading."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{h(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{h(title)}</h1>",
    ]


def html(compilation: Compilation) -> str:
    """The compilation as one self-contained HTML page (no scripts, styles inline)."""
    numbers = numbers_of(compilation.round)
    title = f"Compilation of submissions: {compilation.title}"
    out = head(title)
    out += [f"<p>Version: {h(compilation.version)}</p>", "<h2>Submissions</h2>", "<ul>"]
    out += [f"<li><strong>{h(a)}</strong> {h(rest)}</li>" for a, rest in submissions(compilation)]
    out += ["</ul>", f"<p>{h(summary(compilation))}</p>", "<table>", "<thead><tr>"]
    out += [f'<th scope="col">{c}</th>' for c in COLUMNS]
    out += ["</tr></thead>", "<tbody>"]
    ids = _Ids()
    for section in compilation.sections:
        out.append(
            f'<tr class="goal"{ids.attr(section.unit_id)}>'
            f'<th colspan="{len(COLUMNS)}" scope="rowgroup">{h(section.heading)}</th></tr>'
        )
        for row in section.rows:
            out += _html_row(row, ids, numbers)
    if compilation.elsewhere:
        out.append(
            f'<tr class="goal"><th colspan="{len(COLUMNS)}">Proposals on elements no longer in '
            "the plan</th></tr>"
        )
        for entry in compilation.elsewhere:
            out += _html_row(Row("", "(not in the plan)", None, (entry,)), ids, numbers)
    out += ["</tbody>", "</table>", "<h2>Proposals and their outcome</h2>", "<table>"]
    out += ["<thead><tr>", *(f'<th scope="col">{c}</th>' for c in RESULT_COLUMNS)]
    out += ["</tr></thead>", "<tbody>"]
    for p in compilation.results:
        anchor = ids.attr(f"no-{p.number}") if p.number is not None else ""
        out.append(
            f'<tr{anchor}><td class="no">{number_of(p)}</td><td>{h(p.key)} '
            f"({h(p.amendment.op)})</td><td>{h('; '.join(p.targets))}</td><td>{h(p.author)}"
            f"</td><td>{h(outcome(p, numbers))}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


class _Ids:
    """The ids given on a page, so that none is given twice."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def attr(self, wanted: str) -> str:
        if not wanted or wanted in self.used:
            return ""
        self.used.add(wanted)
        return f' id="{h(wanted)}"'


def _row_id(row: Row) -> str:
    if not row.anchor:
        return ""
    if row.title:
        return f"{row.anchor}.title"
    if row.current is None:  # what is added to a goal or block
        return f"{row.anchor}.additions"
    return row.anchor


def _html_row(row: Row, ids: _Ids, numbers: dict[str, int]) -> list[str]:
    entries = row.entries or (None,)
    out = []
    for n, entry in enumerate(entries):
        cells = []
        cls = ' class="collides"' if entry is not None and entry.collides else ""
        cells.append(f'<td class="no">{h(entry.numbers) if entry is not None else ""}</td>')
        if n == 0:
            span = f' rowspan="{len(entries)}"' if len(entries) > 1 else ""
            cells.append(f'<th scope="row"{span}{ids.attr(_row_id(row))}>{h(row.label)}</th>')
            cells.append(f"<td{span}>{h(row.current or '')}</td>")
        if entry is None:
            cells += ["<td></td>"] * 3
        else:
            proposal = "".join(html_spot(s) for s in entry.spots)
            proposal += "".join(
                f'<p class="what">{h(collision_note(c, entry))}</p>' for c in entry.notes
            )
            cells.append(f"<td{cls}>{proposal}</td>")
            cells.append(f"<td{cls}>{''.join(_html_source(p) for p in entry.sources)}</td>")
            cells.append(f"<td{cls}>{_html_decision(entry.sources, numbers)}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    return out


def html_spot(spot: Spot) -> str:
    """A spot's wording with its changes marked as ``<ins>`` and ``<del>``."""
    lead = f'<p class="what">{h(what(spot))}</p>' if spot.what else ""
    if spot.before is not None and spot.after is not None:
        parts = []
        for op, text in diff_words(spot.before, spot.after):
            tag = {"delete": "del", "insert": "ins"}.get(op)
            parts.append(f"<{tag}>{h(text)}</{tag}>" if tag else h(text))
        return f"{lead}<p>{''.join(parts)}</p>"
    if spot.after is not None:
        return f"{lead}<p><ins>{h(spot.after)}</ins></p>"
    if spot.before is not None and spot.what == "removed":
        return f"{lead}<p><del>{h(spot.before)}</del></p>"
    return lead


def _html_source(p: Proposal) -> str:
    out = [
        '<div class="source">',
        f"<p><strong>{h(p.author)}</strong></p>",
        f"<p>{h(p.key)} ({h(p.amendment.op)}); {h(p.source)}</p>",
    ]
    if p.amendment.quote:
        out.append(f'<p class="quote">{h(quoted(plain(p.amendment.quote)))}</p>')
    if p.amendment.note:
        out.append(f"<p>Note: {h(p.amendment.note)}</p>")
    out.append("</div>")
    return "".join(out)


def _html_decision(sources: Sequence[Proposal], numbers: dict[str, int]) -> str:
    out = []
    for p in sources:
        prefix = f"{h(number_of(p) or p.key)}: " if len(sources) > 1 else ""
        out.append(f"<p><strong>{prefix}{h(outcome(p, numbers))}</strong></p>")
    return "".join(out)


def what(spot: Spot) -> str:
    if spot.what == "instruction":
        return "Instruction: the submission gives no wording"
    return spot.what[0].upper() + spot.what[1:]


def h(text: str) -> str:
    return escape(text, quote=True)
