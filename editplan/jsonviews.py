"""What ``--format json`` prints, for scripts and CI jobs: one stable shape per command.

Each shape is a pydantic model, so the JSON a command prints and the JSON Schema that
``editplan schema <kind>`` publishes come from one definition and cannot drift apart. Every
document names its shape and version in ``format`` ("editplan.apply/1"); a field is only ever
added within a version, never renamed or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Element(_Shape):
    """One element an amendment touched, with its wording and number before and after."""

    id: str = Field(description="the element's id (for a goal's title, the goal's id)")
    kind: str = Field(description="key_area, activity, or goal (the goal's title)")
    action: str = Field(description="text, added, removed, moved")
    before: str | None
    after: str | None
    old_label: str | None
    new_label: str | None
    split_from: str | None = None


class Amendment(_Shape):
    """An applied or pending amendment: its id, operation, targets, what it changed, and
    whose it is."""

    id: str
    op: str
    targets: list[str]
    elements: list[Element] = Field(default_factory=list)
    author: str | None = Field(
        None, description="who proposed it, where not the set's author (a reviewer's change)"
    )
    drafted_by: str | None = Field(
        None,
        description="whose words it applies, where not its proposer's (drafted wording, or "
        "wording the meeting agreed)",
    )


class Skipped(_Shape):
    id: str
    reason: str


class Renumbered(_Shape):
    id: str
    old_label: str
    new_label: str


class ApplyReport(_Shape):
    """``editplan apply --format json``: the same report as the text, for one set."""

    format: Literal["editplan.apply/1"] = "editplan.apply/1"
    dry_run: bool
    set: str
    title: str
    author: str
    date: str
    source: str
    base_version: str
    result_version: str
    applied: list[Amendment]
    pending: list[Amendment]
    skipped: list[Skipped]
    renumbered: list[Renumbered]
    written: list[str] = Field(description="files written, as the user would name them")
    commit: str | None = Field(description="the new commit's full sha, if one was made")
    tag: str | None = None
    rebased_from: str | None = Field(
        None, description="the commit of the set's base when it was applied on top of later ones"
    )


class Problem(_Shape):
    """One problem found in a file, at its place."""

    error: str = Field(description="the message, with file:line:col, as the text output says it")
    line: int | None = None
    column: int | None = None


class Checked(_Shape):
    """One file ``validate`` checked: ok, or the problem at its place."""

    path: str
    ok: bool
    kind: str | None = Field(None, description="plan or amendments")
    summary: str | None = None
    error: str | None = Field(
        None, description="the first problem's message, as the text output says it"
    )
    line: int | None = None
    column: int | None = None
    exit_code: int = 0
    errors: list[Problem] = Field(
        default_factory=list, description="every problem found in the file, the first included"
    )
    notes: list[str] = Field(
        default_factory=list,
        description="information that is no problem, such as the amendments of a set that "
        "the plan's history shows applied, and in which version",
    )


class ValidateReport(_Shape):
    """``editplan validate --format json``: every file, ok or not."""

    format: Literal["editplan.validate/1"] = "editplan.validate/1"
    ok: bool
    files: list[Checked]


class Version(_Shape):
    commit: str
    date: str
    subject: str
    set: str | None
    amendments: list[str]
    pending: list[str]


class Event(_Shape):
    """One change to the element ``log TARGET`` follows, in one version."""

    commit: str
    date: str
    set: str | None
    amendment: str | None
    element: str
    action: str
    before: str | None
    after: str | None
    old_label: str | None
    new_label: str | None
    split_from: str | None = None
    split_into: list[str] = Field(default_factory=list)
    split_from_label: str | None = Field(
        None, description="the display number of the element split from, before the version"
    )
    split_into_labels: list[str] = Field(
        default_factory=list,
        description="the display numbers of the parts split off, as the version numbers them",
    )


class LogReport(_Shape):
    """``editplan log --format json``: the versions, newest first; with a target, its events."""

    format: Literal["editplan.log/1"] = "editplan.log/1"
    target: str | None
    versions: list[Version] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class Origin(_Shape):
    """An amendment that made a change, from its commit's Editplan-* trailers."""

    set: str | None
    amendment: str
    commit: str = Field(description="the commit that applied it (short sha)")
    author: str = Field(description="the body or person whose words the change carries")
    also: list[str] = Field(
        default_factory=list,
        description="the same change proposed by other sets, applied once: 'set:amendment'",
    )


class Difference(_Shape):
    element: str
    action: str = Field(description="added, removed, changed, renumbered, moved")
    old_label: str | None
    new_label: str | None
    before: str | None
    after: str | None
    made_by: list[Origin] = Field(
        default_factory=list,
        description="the amendments that changed the element between the versions, oldest "
        "first; empty for a renumbering, and for an edit made outside editplan",
    )


class DiffReport(_Shape):
    """``editplan diff --format json``: how each element differs between two versions."""

    format: Literal["editplan.diff/1"] = "editplan.diff/1"
    old_version: str
    new_version: str
    elements: list[Difference]


class Decision(_Shape):
    """What the meeting decided about the amendment, as its patch file said in that version."""

    status: str | None = Field(description="proposed, agreed, rejected, withdrawn")
    note: str | None = None
    agreed_text: str | None = Field(None, description="wording agreed 'as orally amended'")
    by: str | None = Field(None, description="who agreed that wording (the meeting)")


class Source(_Shape):
    """What put words in an element: a version and, for a set's, the amendment."""

    kind: Literal["base", "amendment", "edit", "uncommitted"] = Field(
        description="base: the first version's text; amendment: an amendment of a set; "
        "edit: a version made outside editplan (or a change its trailers do not name); "
        "uncommitted: the work tree"
    )
    commit: str | None = Field(description="the commit of the version (full sha)")
    date: str | None = Field(description="the commit's date (ISO 8601)")
    version: str | None = Field(description="the plan's version label in that commit")
    set: str | None
    amendment: str | None
    author: str | None = Field(description="the body or person whose words they are")
    proposed_by: str | None = Field(None, description="the proposer, if another drafted them")
    source: str | None = Field(None, description="the set's document and paragraph")
    proposed_on: str | None = Field(None, description="the date of the proposal (the set's)")
    quote: str | None = Field(None, description="the report's words for the amendment")
    decision: Decision | None = None
    also: list[str] = Field(default_factory=list, description="the same change of other sets")
    committer: str | None = Field(None, description="git's author of the commit")
    subject: str | None = Field(None, description="the commit's subject")


class Run(_Shape):
    """Consecutive characters of the wording from one source: text[start:end]."""

    text: str
    start: int
    end: int
    source: int = Field(description="the position of its source in the element's sources")


class BlamedElement(_Shape):
    """One element's wording, every character of it in exactly one run."""

    id: str
    label: str | None = Field(description="its display number (when removed: its last one)")
    text: str
    runs: list[Run]
    sources: list[Source]
    removed: Source | None = Field(None, description="what removed it (its last wording shown)")


class BlameReport(_Shape):
    """``editplan blame --format json``: who wrote every word of each element the target
    names."""

    format: Literal["editplan.blame/1"] = "editplan.blame/1"
    target: str
    elements: list[BlamedElement]


SHAPES: dict[str, type[_Shape]] = {
    "apply-report": ApplyReport,
    "validate-report": ValidateReport,
    "log-report": LogReport,
    "diff-report": DiffReport,
    "blame-report": BlameReport,
}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one output shape."""
    doc = SHAPES[kind].model_json_schema(mode="serialization")
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return doc


def text(report: _Shape) -> str:
    """A report as the JSON a command prints."""
    return report.model_dump_json(indent=2) + "\n"


# --- builders from what the API returns ---------------------------------------------------


def _amendment(a: Any) -> Amendment:
    return Amendment(
        id=a.id,
        op=a.op,
        targets=list(a.targets),
        elements=[
            Element(
                id=c.element_id,
                kind=c.kind,
                action=c.action,
                before=c.before,
                after=c.after,
                old_label=c.old_label,
                new_label=c.new_label,
                split_from=c.split_from,
            )
            for c in a.changes
        ],
        author=a.author,
        drafted_by=a.drafted_by,
    )


def apply_report(outcome: Any, written: Sequence[str]) -> ApplyReport:
    """The report of ``api.apply``'s outcome; ``written`` as the user would name the files."""
    c = outcome.result.changes
    return ApplyReport(
        dry_run=outcome.dry_run,
        set=c.set_id,
        title=c.title,
        author=c.author,
        date=c.date,
        source=c.source,
        base_version=c.base_version,
        result_version=c.result_version,
        applied=[_amendment(a) for a in c.applied],
        pending=[_amendment(a) for a in c.pending],
        skipped=[Skipped(id=s.id, reason=s.reason) for s in c.skipped],
        renumbered=[
            Renumbered(id=r.element_id, old_label=r.old_label, new_label=r.new_label)
            for r in c.renumbered
        ],
        written=list(written),
        commit=outcome.commit,
        tag=outcome.tag,
        rebased_from=outcome.rebased_from,
    )


def log_report(target: str | None, entries: Iterable[Any]) -> LogReport:
    """The versions (no target) or the events of one element (with a target)."""
    if target is None:
        versions = [
            Version(
                commit=v.sha,
                date=v.date,
                subject=v.subject,
                set=v.set_id,
                amendments=list(v.amendments),
                pending=list(v.pending),
            )
            for v in entries
        ]
        return LogReport(target=None, versions=versions)
    events = [
        Event(
            commit=e.version.sha,
            date=e.version.date,
            set=e.version.set_id,
            amendment=e.amendment,
            element=e.element_id,
            action=e.action,
            before=e.before,
            after=e.after,
            old_label=e.old_label,
            new_label=e.new_label,
            split_from=e.split_from,
            split_into=list(e.split_into),
            split_from_label=e.split_from_label,
            split_into_labels=list(e.split_into_labels),
        )
        for e in entries
    ]
    return LogReport(target=target, events=events)


def diff_report(result: Any) -> DiffReport:
    """How each element differs between the two versions of ``api.diff``, and what made it."""
    origins = result.origins
    return DiffReport(
        old_version=result.old.version,
        new_version=result.new.version,
        elements=[
            Difference(
                element=d.element_id,
                action=d.action,
                old_label=d.old_label,
                new_label=d.new_label,
                before=d.before,
                after=d.after,
                made_by=[]
                if d.action == "renumbered"
                else [
                    Origin(
                        set=m.set_id,
                        amendment=m.amendment,
                        commit=m.commit,
                        author=m.author,
                        also=list(m.also),
                    )
                    for m in origins.get(d.element_id, [])
                ],
            )
            for d in result.elements
        ],
    )


def _source(c: Any) -> Source:
    decided = c.status is not None or c.note or c.agreed_text
    return Source(
        kind=c.kind, commit=c.commit, date=c.date, version=c.version, set=c.set_id,
        amendment=c.amendment, author=c.author, proposed_by=c.proposed_by, source=c.source,
        proposed_on=c.proposed_on,
        quote=c.quote, also=list(c.also), committer=c.committer, subject=c.subject,
        decision=Decision(status=c.status, note=c.note, agreed_text=c.agreed_text,
                          by=c.decided_by) if decided else None,
    )  # fmt: skip


def blame_report(result: Any) -> BlameReport:
    """Who wrote every word, as ``api.blame`` found it."""
    return BlameReport(
        target=result.target,
        elements=[
            BlamedElement(
                id=e.element_id,
                label=e.label,
                text=e.text,
                runs=[
                    Run(text=r.text, start=r.start, end=r.start + len(r.text), source=r.source)
                    for r in e.runs
                ],
                sources=[_source(c) for c in e.sources],
                removed=_source(e.removed) if e.removed is not None else None,
            )
            for e in result.elements
        ],
    )


def checked(path: Path | str, *, kind: str | None = None, summary: str | None = None,
            error: Any = None, notes: Sequence[str] = ()) -> Checked:  # fmt: skip
    """One file's result; ``error`` an EditplanError when the file was refused (with every
    other problem found in the file, its ``each()``)."""
    if error is None:
        return Checked(path=str(path), ok=True, kind=kind, summary=summary, notes=list(notes))
    where = error.location
    return Checked(
        path=str(path),
        ok=False,
        error=str(error),
        line=None if where is None else where.line,
        column=None if where is None else where.column,
        exit_code=error.exit_code,
        errors=[_problem(each) for each in error.each()],
    )


def _problem(error: Any) -> Problem:
    where = error.location
    return Problem(
        error=str(error),
        line=None if where is None else where.line,
        column=None if where is None else where.column,
    )


# --- the texts the command line prints ------------------------------------------------------


def apply_json(outcome: Any) -> str:
    """``apply --format json``: the report of ``api.apply``'s outcome."""
    from editplan.store.files import display

    return text(apply_report(outcome, [display(path) for path in outcome.written]))


def log_json(target: str | None, entries: Iterable[Any]) -> str:
    """``log --format json``."""
    return text(log_report(target, entries))


def diff_json(result: Any) -> str:
    """``diff --format json``."""
    return text(diff_report(result))


def blame_json(result: Any) -> str:
    """``blame --format json``."""
    return text(blame_report(result))


def validate_json(results: Sequence[tuple[str, Any]]) -> tuple[str, int]:
    """``validate --format json`` of each (path, Checked or the EditplanError that refused
    it), and the exit code: that of the first file refused, else 0."""
    from editplan.errors import EditplanError

    files = [
        checked(path, error=found)
        if isinstance(found, EditplanError)
        else checked(path, kind=found.kind, summary=found.summary, notes=found.notes)
        for path, found in results
    ]
    ok = all(f.ok for f in files)
    code = 0 if ok else next(f.exit_code for f in files if not f.ok)
    return text(ValidateReport(ok=ok, files=files)), code
