"""Plain views of plans and change sets: dictionaries for YAML/JSON and text for terminals.

Pure formatting; the CLI decides where the text goes.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from editplan.core.changeset import ChangeSet, ElementDiff
from editplan.core.model import (
    KIND_FIELD,
    KINDS,
    Area,
    GoalBlock,
    Plan,
    Unit,
    display_number,
    unit_key,
)
from editplan.core.quotation import plain
from editplan.core.reference import Target, resolve

if TYPE_CHECKING:
    from editplan.history.following import Event
    from editplan.history.trailers import Version

_HEADINGS = {
    "key_area": "Key areas for capacity-building",
    "activity": "Capacity-building activities",
}


def unit_view(unit: Unit) -> dict[str, Any]:
    """A goal or block with its numbered items."""
    view: dict[str, Any] = {"id": unit_key(unit), "label": unit.label}
    if isinstance(unit, GoalBlock):
        view["goals"] = [{"id": g.id, "title": g.title} for g in unit.goals]
    else:
        view["title"] = getattr(unit, "title", "")
    for kind in KINDS:
        view[KIND_FIELD[kind]] = [
            {"id": item.id, "number": display_number(kind, n), "text": item.text}
            for n, item in enumerate(unit.items(kind), start=1)
        ]
    return view


def plan_view(plan: Plan) -> dict[str, Any]:
    """The whole plan with display numbers, for --format yaml|json."""
    return {
        "id": plan.id,
        "title": plan.title,
        "version": plan.version,
        **({"source": plan.source} if plan.source else {}),
        **({"note": plan.note} if plan.note else {}),
        "areas": [
            {"id": a.id, "title": a.title, "goals": [unit_view(u) for u in a.goals]}
            for a in plan.areas
        ],
    }


def target_view(plan: Plan, target: str) -> list[dict[str, Any]]:
    """The goals, blocks or items a reference names, with display numbers."""
    views: list[dict[str, Any]] = []
    for found in resolve(plan, target):
        views.append(_target_view(plan, found))
    return views


def _target_view(plan: Plan, target: Target) -> dict[str, Any]:
    if target.element_id is None:
        unit = plan.unit_by_id(target.unit_id)
        assert unit is not None
        return unit_view(unit)
    place = plan.locate()[target.element_id]
    return {"id": place.item.id, "label": place.label, "text": place.item.text}


def data_text(data: Any, fmt: str) -> str:
    """Plain data (a view above) as YAML or JSON text, for ``--format yaml|json``."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from editplan.store import yamlio

    return yamlio.emit(data)


def plan_text(plan: Plan) -> str:
    """The plan as a reader sees it, with headings and numbers."""
    lines = [plan.title, f"Version: {plan.version}"]
    if plan.source:
        lines.append(f"Source: {plan.source}")
    if plan.note:
        lines.append(f"Note: {plan.note}")
    for area in plan.areas:
        lines.extend(area_text(area))
    return "\n".join(lines) + "\n"


def area_text(area: Area) -> list[str]:
    """An area heading and its goals."""
    lines = ["", f"{area.id}. {area.title}"]
    for unit in area.goals:
        lines.extend(["", *unit_text(unit)])
    return lines


def unit_text(unit: Unit) -> list[str]:
    """A goal or block: heading, then its numbered key areas and activities with ids."""
    if isinstance(unit, GoalBlock):
        lines = [f"{unit.label}  [{unit.id}]"]
        lines.extend(f"  Goal {g.id}: {g.title}" for g in unit.goals)
    else:
        lines = [f"{unit.label}: {getattr(unit, 'title', '')}"]
    for kind in KINDS:
        items = unit.items(kind)
        if not items:
            continue
        lines.append(f"  {_HEADINGS[kind]}")
        for n, item in enumerate(items, start=1):
            lines.append(f"    {display_number(kind, n):>6} {item.text}  [{item.id}]")
    return lines


def target_text(plan: Plan, target: str) -> str:
    """What ``editplan show TARGET`` prints."""
    out: list[str] = []
    for found in resolve(plan, target):
        if found.element_id is None:
            unit = plan.unit_by_id(found.unit_id)
            assert unit is not None
            out.extend(unit_text(unit))
        else:
            place = plan.locate()[found.element_id]
            out.append(f"{place.label}  [{place.item.id}]")
            out.append(f"  {place.item.text}")
    return "\n".join(out) + "\n"


def change_text(
    changes: ChangeSet, *, dry_run: bool = False, options: Mapping[str, str] | None = None
) -> str:
    """The report ``editplan apply`` prints: applied, pending, skipped, renumbered.

    ``options`` spells the selection settings that left amendments out (as a front end names
    them: "only" -> "--only"), to show after each reason.
    """
    options = options or {}
    head = "Would apply" if dry_run else "Applied"
    lines = [
        f"{head} {changes.set_id}: {changes.title}",
        f"  {changes.source}; {changes.author}, {changes.date}",
        f"  version {changes.base_version!r} -> {changes.result_version!r}",
        "",
        f"Applied ({len(changes.applied)}):",
    ]
    for amendment in changes.applied:
        targets = "; ".join(amendment.targets)
        drafted = f" (wording drafted by {amendment.drafted_by})" if amendment.drafted_by else ""
        lines.append(f"  {amendment.id:<8} {amendment.op:<11} {targets}{drafted}")
        for change in amendment.changes:
            if change.action == "text" and change.after is not None:
                lines.append(f"           now: {change.after}")
            elif change.action == "added":
                lines.append(f"           new {change.new_label}: {change.after}")
            elif change.action == "removed":
                lines.append(f"           removed {change.old_label}: {change.before}")
            elif change.action == "moved":
                lines.append(f"           moved {change.old_label} -> {change.new_label}")
    lines.append("")
    lines.append(f"Pending instructions ({len(changes.pending)}):")
    for amendment in changes.pending:
        lines.append(f"  {amendment.id:<8} {'; '.join(amendment.targets)}")
        if amendment.quote:
            lines.append(f"           {plain(amendment.quote)}")
    if changes.skipped:
        lines.append("")
        lines.append(f"Skipped ({len(changes.skipped)}):")
        for s in changes.skipped:
            how = f" ({options[s.option]})" if s.option in options else ""
            lines.append(f"  {s.id:<8} {s.reason}{how}")
    lines.append("")
    lines.append(f"Renumbered ({len(changes.renumbered)}):")
    for r in changes.renumbered:
        lines.append(f"  {r.old_label} -> {r.new_label}  [{r.element_id}]")
    return "\n".join(lines) + "\n"


def versions_text(versions: Sequence[Version]) -> str:
    """``editplan log``: one block per version, newest first."""
    lines: list[str] = []
    for v in versions:
        head = f"{v.short}  {v.date[:10]}  {v.subject}"
        lines.append(head + _merged_in(v))
        for set_id in v.set_ids:
            done = ", ".join(v.amendments_of(set_id)) or "no amendments"
            lines.append(f"         set {set_id}: {done}")
            pending = v.pending_of(set_id)
            if pending:
                lines.append(f"         pending: {', '.join(pending)}")
    if not lines:
        lines.append("(no versions: the plan file has no commits)")
    return "\n".join(lines) + "\n"


def _merged_in(version: Version) -> str:
    """Where a version made on another branch joined this one."""
    return f"  (merged in {version.merged_in[:7]})" if version.merged_in else ""


def events_text(events: Sequence[Event]) -> str:
    """``editplan log TARGET``: each change to the element(s), newest first."""
    lines: list[str] = []
    for e in events:
        v = e.version
        owner, amendment = v.owner(e.amendment) if e.amendment else (v.set_id, None)
        by = f" by {amendment}" if amendment else ""
        set_id = f" ({owner})" if owner else ""
        lines.append(f"{v.short}  {v.date[:10]}  {v.subject}{_merged_in(v)}")
        if e.action == "split":
            origin = _named(e.split_from_label, e.split_from or "")
            lines.append(f"  {e.new_label} [{e.element_id}] split off {origin}{by}{set_id}")
            lines.append(f"    now: {e.after}")
        else:
            suffix = set_id if e.action == "renumbered" else by + set_id
            lines.append(f"  {_headline(e)}{suffix}")
            if e.action in ("changed", "removed"):
                lines.append(f"    was: {e.before}")
            if e.action in ("changed", "added"):
                lines.append(f"    now: {e.after}")
        if e.split_into:
            labels = e.split_into_labels or ("",) * len(e.split_into)
            parts = [_named(label, i) for label, i in zip(labels, e.split_into, strict=False)]
            lines.append(f"    split: the rest became {', '.join(parts)}")
    if not lines:
        lines.append("(no version changed this element)")
    return "\n".join(lines) + "\n"


def _made_by(made: Any) -> str:
    """An amendment that made a change, with its set, and the sets that proposed the same
    change: "53(n) (lg14; also B1 of ngo-b)"."""
    owners = [made.set_id] if made.set_id else []
    owners += [f"also {a} of {s}" for s, _, a in (other.partition(":") for other in made.also)]
    return f"{made.amendment} ({'; '.join(owners)})" if owners else made.amendment


def _named(label: str | None, element_id: str) -> str:
    """An element as a reader knows it, its display number, with its id beside it:
    "Goal A.5, key area (2) [lg14.53e.2]" (the id alone when the number is unknown)."""
    return f"{label} [{element_id}]" if label else f"[{element_id}]"


def diff_text(
    elements: Sequence[ElementDiff],
    *,
    color: bool = False,
    origins: Mapping[str, Sequence[Any]] | None = None,
) -> str:
    """``editplan diff``: each changed element with word-level marks, and the amendments that
    changed it ("by 53(a) (lg14)"), from ``origins`` (element id -> what made its changes,
    each with ``amendment`` and ``set_id``; see ``usecases.versions.Made``)."""
    from editplan.core.textdiff import diff_words

    def mark(op: str, text: str) -> str:
        if op == "equal":
            return text
        if color:
            return _ansi(text, op)
        return f"[-{text}-]" if op == "delete" else f"{{+{text}+}}"

    lines: list[str] = []
    for e in elements:
        made = [] if e.action == "renumbered" else (origins or {}).get(e.element_id, [])
        by = ", ".join(_made_by(m) for m in made)
        lines.append(_headline(e) + (f" by {by}" if by else ""))
        if e.action == "added":
            lines.append("  " + mark("insert", e.after or ""))
        elif e.action == "removed":
            lines.append("  " + mark("delete", e.before or ""))
        elif e.action == "changed":
            words = diff_words(e.before or "", e.after or "")
            lines.append("  " + "".join(mark(op, t) for op, t in words))
    if not lines:
        lines.append("(no differences)")
    return "\n".join(lines) + "\n"


def _headline(e: ElementDiff | Event) -> str:
    """One element's difference in a line: its label(s), its id and what happened to it."""
    if e.action == "added":
        return f"{e.new_label} [{e.element_id}] added"
    if e.action == "removed":
        return f"{e.old_label} [{e.element_id}] removed"
    if e.action == "renumbered":
        return f"{e.old_label} -> {e.new_label} [{e.element_id}] renumbered"
    moved = f" -> {e.new_label}" if e.old_label != e.new_label else ""
    return f"{e.old_label}{moved} [{e.element_id}] changed"


def _ansi(text: str, op: str) -> str:
    """ANSI colours for a terminal: deletions red and struck through, insertions green."""
    if op == "delete":
        return f"\x1b[31;9m{text}\x1b[0m"
    return f"\x1b[32;4m{text}\x1b[0m"


def _proposal(p: Any) -> str:
    """A proposal as messages name it: "no. 3 (lg14 53(a))", or "lg14 53(a)" unnumbered."""
    return p.key if getattr(p, "number", None) is None else f"no. {p.number} ({p.key})"


def collisions_text(collisions: list[Any]) -> str:
    """``editplan conflicts``: each pair of amendments that cannot both apply, and why."""
    lines: list[str] = []
    for c in collisions:
        lines.append(
            f"{_proposal(c.first)} ({c.first.author}, {c.first.status}) and "
            f"{_proposal(c.second)} ({c.second.author}, {c.second.status})"
        )
        lines.append(f"  {c.reason}")
    if not lines:
        lines.append("No collisions: every pair of amendments can apply together.")
    else:
        lines.append(f"{len(collisions)} pair{'s' if len(collisions) > 1 else ''} collide.")
    return "\n".join(lines) + "\n"


def collisions_data(collisions: list[Any]) -> list[dict[str, Any]]:
    """The collisions as plain data, for ``--format json``."""

    def side(p: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"set": p.set_id, "amendment": p.amendment.id}
        if p.number is not None:
            out["number"] = p.number
        out["author"] = p.author
        return out

    return [
        {
            "first": side(c.first),
            "second": side(c.second),
            "element": c.element_id,
            "reason": c.reason,
        }
        for c in collisions
    ]


STATUS_COLUMNS = ("proposed", "agreed", "rejected", "withdrawn", "fallen", "applied", "pending")


def status_text(sets: list[Any]) -> str:
    """``editplan status``: per set, how many amendments stand where, and their numbers."""
    width = max([len(s.set_id) for s in sets] + [3])
    numbered = any(s.numbers for s in sets)
    head = f"{'set':<{width}}  " + "  ".join(f"{c:>9}" for c in STATUS_COLUMNS)
    lines = [head + ("  numbers" if numbered else "")]
    for s in sets:
        counts = "  ".join(f"{s.counts[c]:>9}" for c in STATUS_COLUMNS)
        nos = f"  {s.number_ranges or '-'}" if numbered else ""
        lines.append(f"{s.set_id:<{width}}  {counts}{nos}  {s.author}")
    return "\n".join(lines) + "\n"


# --- who wrote every word ------------------------------------------------------------------

_WIDTH = 100  # of the lines blame prints, as a terminal shows them whole


def blame_text(result: Any) -> str:
    """``editplan blame TARGET``: per element, its wording, then each run of words beside the
    commit and amendment that put it there (as ``git annotate`` sets lines beside theirs),
    then what each of those is: whose words, the meeting's decision, the report, the version."""
    blocks = [_blame_element(e) for e in result.elements]
    return "\n".join(blocks) if blocks else "(no elements)\n"


def _blame_element(element: Any) -> str:
    lines = [_named(element.label, element.element_id)]
    if element.removed is not None:
        lines.append(f"  removed {_removal(element.removed)}; its last wording:")
    lines += _wrapped(element.text, "  ", "  ")
    lines.append("")
    tags = [_tag(source) for source in element.sources]
    width = max((len(t) for t in tags), default=0)
    for run in element.runs:
        words = run.text.strip()
        if words:
            lines += _wrapped(words, f"  {tags[run.source]:<{width}}  ", " " * (width + 4))
    lines.append("")
    for tag, source in zip(tags, element.sources, strict=True):
        lines += _wrapped(f"{tag}: {_credit(source)}", "  ", " " * 10)
        for more in _details(source):
            lines += _wrapped(more, " " * 10, " " * 10)
    return "\n".join(lines) + "\n"


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=first, subsequent_indent=rest) or [first]


def _tag(source: Any) -> str:
    """How a run's source is named beside it: commit, then amendment and set."""
    what = {
        "base": "base text",
        "edit": "by hand",
        "uncommitted": "not committed yet",
    }.get(source.kind) or f"{source.amendment} ({source.set_id})"
    return f"{source.short or '-------'} {what}"


def _credit(source: Any) -> str:
    """What a source is, in a sentence: whose words, and the meeting's decision."""
    if source.kind == "uncommitted":
        return "changed in the work tree, not committed"
    if source.kind == "base":
        return "the first version of the plan"
    if source.kind == "edit":
        who = f" by {source.committer}" if source.committer else ""
        return f"edited outside editplan{who}: {source.subject}"
    said = [f"words of {source.author or 'unknown'}"]
    if source.proposed_by:
        said[0] += f", on a proposal of {source.proposed_by}"
    said.append(_decision(source))
    said += [f"also {a} of {s}" for s, _, a in (o.partition(":") for o in source.also)]
    return "; ".join(said)


def _details(source: Any) -> list[str]:
    """Where a source's words were published and recorded, and the report's words."""
    if source.kind == "uncommitted":
        return []
    where = [source.source] if source.source else []
    if where and source.proposed_on:
        where[0] += f", of {source.proposed_on}"
    if source.version:
        where.append(f'version "{source.version}"')
    if source.date:
        where.append(f"committed {source.date[:10]}")
    quote = [f"the report: {plain(source.quote)}"] if source.quote else []
    return ["; ".join(where), *quote]


def _decision(source: Any) -> str:
    if source.agreed_text:
        text = f"agreed as orally amended by {source.decided_by}"
    elif source.status in (None, "proposed"):
        text = "applied as proposed"
    else:
        text = source.status
    return text + (f" ({source.note})" if source.note else "")


def _removal(source: Any) -> str:
    if source.kind == "uncommitted":
        return "in the work tree (not committed)"
    how = f"by {source.amendment} ({source.set_id})" if source.kind == "amendment" else "by hand"
    version = f', version "{source.version}"' if source.version else ""
    return f"in {source.short} {how}{version}"
