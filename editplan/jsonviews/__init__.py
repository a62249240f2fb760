"""What ``--format json`` prints, for scripts and CI jobs: one stable shape per command.

Each shape is a pydantic model, so the JSON a command prints and the JSON Schema that
``editplan schema <kind>`` publishes come from one definition and cannot drift apart. Every
document names its shape and version in ``format`` ("editplan.apply/1"); a field is only ever
added within a version, never renamed or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from editplan.jsonviews.shapes import (
    SHAPES,
    Amendment,
    ApplyReport,
    BlamedElement,
    BlameReport,
    Checked,
    Decision,
    Difference,
    DiffReport,
    Element,
    Event,
    LogReport,
    Origin,
    Problem,
    Renumbered,
    Run,
    Skipped,
    Source,
    ValidateReport,
    Version,
    _Shape,
)


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
