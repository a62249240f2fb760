"""Use cases on plan files and patch files: read, validate, show, render, and their schemas."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import ConflictError, HistoryError, InputError, Location
from editplan.store import files
from editplan.store.files import PlanFile, display
from editplan.usecases import recovery
from editplan.usecases.workspace import Workspace

# The file kinds with a JSON Schema (the round's register's model is loaded when asked for:
# reading a plan has no need of it).
SCHEMA_KINDS = ("plan", "amendments", "round")
_CONFLICTS = re.compile(rb"^conflicts:", re.M)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file."""
    return files.read_plan(Path(path)).plan


def load_set(path: str | Path) -> AmendmentSet:
    """Read and validate a patch file (not yet against its plan)."""
    return files.read_set(Path(path)).aset


@dataclass(frozen=True)
class Checked:
    """One file that ``validate`` checked, and what it found; ``notes`` are information, not
    problems (a set already applied says in which version)."""

    path: str
    kind: str
    summary: str
    notes: tuple[str, ...] = ()


def validate(ws: Workspace, paths: list[str | Path]) -> list[Checked]:
    """Check plan files and patch files; a patch file is also resolved against its plan, or
    found applied in the plan's history.

    A file that is refused raises its first problem, carrying every other one found in it
    (``EditplanError.each``): every field that is wrong, every inconsistency, every
    amendment that cannot be resolved or overlaps another.
    """
    from editplan.usecases.team import check_resolved

    out: list[Checked] = []
    for given in paths:
        path = ws.path(given)
        recovery.check_no_application(ws.at(path))
        found = files.read_any(path)
        if isinstance(found, PlanFile):
            check_resolved(found)
            plan = found.plan
            summary = f"plan {plan.id}, version {plan.version!r}, {plan.element_count()} elements"
            _check_labels(ws, found)
            out.append(Checked(display(path), "plan", summary))
        else:
            out.append(_check_set(ws, found))
    return out


def _check_set(ws: Workspace, set_file: files.SetFile) -> Checked:
    """A patch file against its plan: what is left to apply resolves and applies; what the
    history shows applied is said, as information."""
    from editplan.core.applier import Selection, problems
    from editplan.errors import ApplyError, ConflictError
    from editplan.usecases.applying import against_history, apply_in_memory

    aset = set_file.aset
    plan_file = files.read_set_plan(set_file)
    repo = ws.at(set_file.path).repo
    selection, rebase, notes = Selection(), None, []
    if repo is not None:
        from editplan.history import git as history

        applied = history.applied_in(repo, history.relative(repo, plan_file.path), aset.id)
        try:
            selection, rebase = against_history(repo, set_file, plan_file, selection)
        except ConflictError:
            if not applied:
                raise
            summary = f"set {aset.id}: {_applied_in(repo, applied)}; nothing is left to apply"
            return Checked(display(set_file.path), "amendments", summary)
        notes = [
            f"{', '.join(ids)} {_applied_in(repo, [version])}"
            for version in reversed(applied)
            if (ids := version.amendments_of(aset.id))
        ]
    try:
        result = apply_in_memory(set_file, plan_file, selection, rebase)
    except ApplyError as exc:
        base = rebase.plan if rebase is not None else None
        found = [set_file.locate(e) for e in problems(aset, plan_file.plan, base=base,
                                                      selection=selection)]  # fmt: skip
        if len(found) > 1:
            raise found[0].with_others(list(found[1:])) from None
        raise exc from None
    summary = (
        f"set {aset.id}: {len(result.changes.applied)} amendments apply to "
        f"{display(plan_file.path)}, {len(result.changes.pending)} pending"
    )
    return Checked(display(set_file.path), "amendments", summary, tuple(notes))


def _check_labels(ws: Workspace, plan_file: PlanFile) -> None:
    """Refuse a plan whose history has a version label that names two texts: a set written
    against that label would be resolved against the newest of them, maybe not the one its
    body read."""
    from editplan.core.version_labels import clashes
    from editplan.history import git as history
    from editplan.history.labels import label_texts

    try:
        repo = ws.at(plan_file.path).repo
    except HistoryError:  # git cannot run: the file is checked, its history cannot be
        return
    if repo is None:
        return
    plan_rel = history.relative(repo, plan_file.path)
    if not history.is_tracked(repo, plan_file.path):
        return
    taken = label_texts(repo, plan_rel)
    found = clashes(taken)
    if not found:
        return
    parts = []
    for label in found:
        commits = ", ".join(f"{v.short} ({v.subject})" for v in taken[label].values())
        parts.append(f"{label!r} names {len(taken[label])} texts: {commits}")
    raise ConflictError(
        "a version label names one text, but in the history of "
        f"{display(plan_file.path)} " + "; ".join(parts) + "; a set written against such a "
        "label is resolved against the newest of its texts",
        Location(display(plan_file.path)),
    )


def _applied_in(repo: Any, versions: list[Any]) -> str:
    """"applied in version 'V' (commit abc1234, 2020-05-01)", of the newest of ``versions``."""
    from editplan.history import git as history

    newest = versions[0]
    label = history.version_label(repo, newest)
    named = f"version {label!r}" if label else "a version"
    return f"applied in {named} (commit {newest.short}, {newest.date[:10]})"


def render(
    ws: Workspace,
    plan: str | Path | None,
    output: str | Path,
    *,
    force: bool = False,
    rev: str | None = None,
) -> Path:
    """Write a clean document of a plan file (the workspace's, unless named), atomically: a
    .docx, a web page (.html) or a PDF, as ``output``'s suffix says (see
    :mod:`editplan.usecases.outputs`, which also says when an existing file is replaced).
    With ``rev``, the plan as it was at that git revision."""
    from editplan.usecases import outputs
    from editplan.usecases.renderers import renderer_for

    target = outputs.output(ws, "render", output, force=force)
    if rev is not None:
        from editplan.usecases.versions import plan_at

        source = plan_at(ws, rev, plan=plan)
    else:
        source = load_plan(ws.plan_path(plan))
    return target.write(renderer_for(target.path).render_clean(source))


def show(
    ws: Workspace, target: str | None = None, *, plan: str | Path | None = None
) -> dict[str, Any] | list[dict[str, Any]]:
    """The plan (the workspace's, unless named), or the elements a target names, as plain
    data with display numbers."""
    from editplan import views as report

    found = load_plan(ws.plan_path(plan))
    return report.plan_view(found) if target is None else report.target_view(found, target)


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a plan file or a patch file, from the pydantic models, or of a
    command's JSON output (apply-report, validate-report, log-report, diff-report,
    blame-report)."""
    from editplan import jsonviews

    if kind in jsonviews.SHAPES:
        return jsonviews.schema(kind)
    if kind not in SCHEMA_KINDS:
        known = ", ".join([*SCHEMA_KINDS, *jsonviews.SHAPES])
        raise InputError(f"no schema {kind!r}; choose one of: {known}")
    doc = _model_of(kind).model_json_schema(mode="validation")
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return doc


def schema_text(kind: str) -> str:
    """The JSON Schema as the text written to ``schemas/<kind>.schema.json``."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _model_of(kind: str) -> type[BaseModel]:
    if kind == "plan":
        return Plan
    if kind == "amendments":
        return AmendmentSet
    from editplan.core.register import Register

    return Register


def plan_warnings(ws: Workspace, plan: str | Path | None = None) -> list[str]:
    """Warnings about the workspace's plan (or the one named) that a command showing it gives:
    merge conflicts left open in it."""
    path = ws.plan_path(plan)
    if not _CONFLICTS.search(files.read_bytes(path)):  # the usual case, without a second parse
        return []
    from editplan.core.conflicts import open_conflicts  # the merge's model, only when needed

    found = open_conflicts(files.read_plan(path).plan, display(path))
    return [found] if found else []
