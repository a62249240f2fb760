"""A compilation of submissions for the web: Markdown, and a self-contained HTML page.

The same synoptic model as the Word compilation: per goal, each element a set touches, its
current wording, and each proposal with its changes marked (deletions struck through,
insertions underlined), its sources, and its decision; colliding proposals are marked.
"""

from __future__ import annotations

import re
from html import escape

from editplan.core.compilation import Compilation, Entry, Row
from editplan.core.quotation import plain, quoted
from editplan.core.round import Collision, Proposal, Spot
from editplan.core.textdiff import diff_words

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~|#])")

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; line-height: 1.4; color: #111; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .4rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #ddd; position: sticky; top: 0; }
tr.goal th { background: #d9e2f3; }
td.collides { background: #fbe3e3; }
del { color: #a00; }
ins { color: #060; }
.what, .quote { font-style: italic; }
.source { margin-bottom: .4rem; }
p { margin: 0 0 .3rem; }
""".strip()


# --- Markdown ---------------------------------------------------------------------------


def markdown(compilation: Compilation) -> str:
    """The compilation as Markdown (insertions in bold, deletions struck through)."""
    found = compilation.round
    lines = [
        f"# Compilation of submissions: {_md(compilation.title)}",
        "",
        f"Version: {_md(compilation.version)}",
        "",
        "## Submissions",
        "",
    ]
    for sub in found.submissions:
        a = sub.aset
        lines.append(
            f"- **{_md(a.author)}** ({_md(a.id)}): {_md(a.title)}; {_md(a.source.cite())}, "
            f"{a.date.isoformat()}"
        )
    lines += ["", _summary(compilation), ""]
    for section in compilation.sections:
        lines += [f"## {_md(section.heading)}", ""]
        for row in section.rows:
            lines += _md_row(row)
    if compilation.elsewhere:
        lines += ["## Proposals on elements no longer in the plan", ""]
        for entry in compilation.elsewhere:
            lines += _md_entry(entry)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_row(row: Row) -> list[str]:
    lines = [f"### {_md(row.label)}", ""]
    if row.current is not None:
        lines += [f"> {_md(row.current)}", ""]
    for entry in row.entries:
        lines += _md_entry(entry)
    return lines


def _md_entry(entry: Entry) -> list[str]:
    lines = []
    for n, p in enumerate(entry.sources):
        head = "- " if n == 0 else "  "
        lines.append(
            f"{head}**{_md(p.key)}**, {_md(p.author)} ({p.amendment.op}; {_md(p.source)}): "
            f"*{_status(p)}*"
        )
    if len(entry.sources) > 1:
        lines.append(f"  - the same proposal from {len(entry.sources)} bodies")
    for spot in entry.spots:
        if spot.what:
            lines.append(f"  - *{_md(_what(spot))}*")
        marked = _md_spot(spot)
        if marked:
            lines.append(f"  - {marked}")
    for p in entry.sources:
        if p.amendment.quote:
            lines.append(f"  - {_md(quoted(plain(p.amendment.quote)))}")
        if p.amendment.note:
            lines.append(f"  - Note: {_md(p.amendment.note)}")
    for c in _collisions(entry):
        other = _other(c, entry)
        lines.append(
            f"  - **Collides** with {_md(other.key)} ({_md(other.author)}): {_md(c.reason)}"
        )
    lines.append("")
    return lines


def _md_spot(spot: Spot) -> str:
    if spot.before is not None and spot.after is not None:
        out = []
        for op, text in diff_words(spot.before, spot.after):
            if op == "equal":
                out.append(_md(text))
            elif text.strip():
                mark = "~~" if op == "delete" else "**"
                lead, core, tail = _edges(text)
                out.append(f"{lead}{mark}{_md(core)}{mark}{tail}")
            else:
                out.append(text)
        return "".join(out)
    if spot.after is not None:
        return f"**{_md(spot.after)}**"
    if spot.before is not None and spot.what == "removed":
        return f"~~{_md(spot.before)}~~"
    return ""


def _edges(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


# --- HTML -------------------------------------------------------------------------------


def html(compilation: Compilation) -> str:
    """The compilation as one self-contained HTML page (no scripts, styles inline)."""
    found = compilation.round
    title = f"Compilation of submissions: {compilation.title}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_h(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
        f"<p>Version: {_h(compilation.version)}</p>",
        "<h2>Submissions</h2>",
        "<ul>",
    ]
    for sub in found.submissions:
        a = sub.aset
        out.append(
            f"<li><strong>{_h(a.author)}</strong> ({_h(a.id)}): {_h(a.title)}; "
            f"{_h(a.source.cite())}, {a.date.isoformat()}</li>"
        )
    out += ["</ul>", f"<p>{_h(_summary(compilation))}</p>", "<table>", "<thead><tr>"]
    out += [
        f'<th scope="col">{c}</th>'
        for c in ("Element", "Current text", "Proposal (changes marked)", "Source", "Decision")
    ]
    out += ["</tr></thead>", "<tbody>"]
    for section in compilation.sections:
        out.append(
            f'<tr class="goal" id="{_h(section.unit_id)}">'
            f'<th colspan="5" scope="rowgroup">{_h(section.heading)}</th></tr>'
        )
        for row in section.rows:
            out += _html_row(row)
    if compilation.elsewhere:
        out.append(
            '<tr class="goal"><th colspan="5">Proposals on elements no longer in the plan</th></tr>'
        )
        for entry in compilation.elsewhere:
            out += _html_row(Row("", "(not in the plan)", None, (entry,)))
    out += ["</tbody>", "</table>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_row(row: Row) -> list[str]:
    entries = row.entries or (None,)
    out = []
    for n, entry in enumerate(entries):
        cells = []
        if n == 0:
            span = f' rowspan="{len(entries)}"' if len(entries) > 1 else ""
            anchor = f' id="{_h(row.anchor)}"' if row.anchor else ""
            cells.append(f'<th scope="row"{span}{anchor}>{_h(row.label)}</th>')
            cells.append(f"<td{span}>{_h(row.current or '')}</td>")
        if entry is None:
            cells += ["<td></td>"] * 3
        else:
            cls = ' class="collides"' if entry.collides else ""
            proposal = "".join(_html_spot(s) for s in entry.spots)
            cells.append(f"<td{cls}>{proposal}</td>")
            cells.append(f"<td{cls}>{''.join(_html_source(p) for p in entry.sources)}</td>")
            cells.append(f"<td{cls}>{_html_decision(entry)}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    return out


def _html_spot(spot: Spot) -> str:
    what = f'<p class="what">{_h(_what(spot))}</p>' if spot.what else ""
    if spot.before is not None and spot.after is not None:
        parts = []
        for op, text in diff_words(spot.before, spot.after):
            tag = {"delete": "del", "insert": "ins"}.get(op)
            parts.append(f"<{tag}>{_h(text)}</{tag}>" if tag else _h(text))
        return f"{what}<p>{''.join(parts)}</p>"
    if spot.after is not None:
        return f"{what}<p><ins>{_h(spot.after)}</ins></p>"
    if spot.before is not None and spot.what == "removed":
        return f"{what}<p><del>{_h(spot.before)}</del></p>"
    return what


def _html_source(p: Proposal) -> str:
    out = [
        '<div class="source">',
        f"<p><strong>{_h(p.author)}</strong></p>",
        f"<p>{_h(p.key)} ({_h(p.amendment.op)}); {_h(p.source)}</p>",
    ]
    if p.amendment.quote:
        out.append(f'<p class="quote">{_h(quoted(plain(p.amendment.quote)))}</p>')
    if p.amendment.note:
        out.append(f"<p>Note: {_h(p.amendment.note)}</p>")
    out.append("</div>")
    return "".join(out)


def _html_decision(entry: Entry) -> str:
    out = []
    for p in entry.sources:
        prefix = f"{_h(p.key)}: " if len(entry.sources) > 1 else ""
        out.append(f"<p><strong>{prefix}{_h(_status(p))}</strong></p>")
    for c in _collisions(entry):
        other = _other(c, entry)
        out.append(
            f'<p class="what">Collides with {_h(other.key)} ({_h(other.author)}): '
            f"{_h(c.reason)}</p>"
        )
    return "".join(out)


# --- shared -----------------------------------------------------------------------------


def _summary(compilation: Compilation) -> str:
    found = compilation.round
    return (
        f"{len(found.proposals)} proposals; {len(found.same)} made by more than one body "
        f"(shown once); {len(found.collisions)} pair(s) that cannot both apply (marked)."
    )


def _status(p: Proposal) -> str:
    decision = p.amendment.decision
    text = p.status
    if decision is not None and decision.text is not None:
        text += f", as orally amended ({decision.by or 'the meeting'}): {decision.text}"
    if decision is not None and decision.note is not None:
        text += f" ({decision.note})"
    return text


def _what(spot: Spot) -> str:
    if spot.what == "instruction":
        return "Instruction: the submission gives no wording"
    return spot.what[0].upper() + spot.what[1:]


def _collisions(entry: Entry) -> list[Collision]:
    seen: dict[tuple[str, str], Collision] = {}
    for c in entry.collides:
        seen.setdefault((c.first.key, c.second.key), c)
    return list(seen.values())


def _other(c: Collision, entry: Entry) -> Proposal:
    mine = {s.key for s in entry.sources}
    return c.second if c.first.key in mine else c.first


def _h(text: str) -> str:
    return escape(text, quote=True)
