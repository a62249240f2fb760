"""Use cases for teams on one plan: the git merge driver, resolving what it leaves, set-up.

``merge_file`` is what git runs (``editplan merge-file %O %A %B %P``) when two branches changed
a plan file: it merges by element id (see :mod:`editplan.core.merge`) and writes OURS in place,
keeping its formatting and comments where nothing changed. Conflicts are written into the plan
file's ``conflicts:`` list, which ``validate`` and ``apply`` refuse until ``resolve`` settles
each one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from editplan.core import conflicts, merge
from editplan.core.model import Conflict, Plan
from editplan.core.reference import resolve as resolve_target
from editplan.errors import HistoryError, InputError, Location, TargetError
from editplan.store import files
from editplan.store.files import PlanFile, display
from editplan.usecases.workspace import Workspace

CHOICES = ("ours", "theirs", "text")
TRAILER_PREFIX = "Editplan-"


@dataclass
class MergeOutcome:
    """What the driver did: the file it wrote and the conflicts left in it."""

    path: str
    conflicts: list[Conflict] = field(default_factory=list)


def merge_file(
    ws: Workspace,
    base: str | Path,
    ours: str | Path,
    theirs: str | Path,
    path: str | None = None,
) -> MergeOutcome:
    """Merge plan files ``theirs`` into ``ours`` (both from ``base``), writing ``ours``.

    ``path`` is the file's name in the work tree, for messages (git passes temporary files);
    the workspace is the one git runs the driver in. Nothing is written when any of the three
    is not a readable plan: the error then says that ``ours`` is kept as it is.
    """
    from editplan.history import config

    name = path or display(ws.path(ours))
    try:
        plans = {
            side: _read_side(ws.path(file), name, side)
            for side, file in (("base", base), ("ours", ours), ("theirs", theirs))
        }
    except InputError as exc:
        exc.message += f"; {name} is not merged: it keeps our version; merge it by hand"
        raise
    repo = ws.repo
    sides = config.merge_sides(repo) if repo is not None else (None, None)
    merged = merge.merge_plans(
        plans["base"].plan,
        plans["ours"].plan,
        plans["theirs"].plan,
        ours_commit=sides[0],
        theirs_commit=sides[1],
    )
    target = plans["ours"]
    files.write_atomic(target.path, target.render(merged.plan))
    return MergeOutcome(name, merged.conflicts)


def _read_side(path: Path, name: str, side: str) -> PlanFile:
    """Read one version, naming it by the work tree's path rather than git's temporary file."""
    try:
        found = files.read_any(path)
        if not isinstance(found, PlanFile):
            raise InputError("this is a patch file, not a plan file", Location(str(path), 1, 1))
        return found
    except InputError as exc:
        where = exc.location
        exc.location = Location(
            f"{name} ({side} version)",
            where.line if where else None,
            where.column if where else None,
        )
        raise


@dataclass
class Resolved:
    """What ``resolve`` settled, how many conflicts are left in the file, and where the
    resolution is on the record: its commit, or (during a merge or rebase) the message of the
    commit that will end it, with the file staged once no conflict is left."""

    path: Path
    settled: list[Conflict]
    left: int
    commit: str | None = None
    by: str | None = None  # who settled it, as git names them
    pending: str | None = None  # the git operation that will make the commit ("a merge")
    finish: str | None = None  # how to end it ("git merge --continue")
    staged: bool = False
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def resolve(
    ws: Workspace,
    target: str,
    choice: str,
    text: str | None = None,
    *,
    plan: str | Path | None = None,
) -> Resolved:
    """Settle the conflicts on one element of the plan (the workspace's, unless named): keep
    ours, take theirs, or write ``text``.

    In a git work tree the resolution goes on the record with ``Editplan-Resolved`` trailers
    naming the element, the choice, the wording and who settled it (git's user): committed,
    or, while a merge or rebase waits to be finished, added to the message of the commit
    that ends it (the plan file is staged once no conflict is left in it).
    """
    from editplan.history import preflight
    from editplan.usecases import recording

    if choice not in CHOICES:
        raise InputError(f"choose one of: {', '.join(CHOICES)}")
    if (choice == "text") != (text is not None):
        raise InputError("a new wording is given exactly when choosing to write one")
    path = ws.plan_path(plan)
    notes = recording.prepare(ws, [path])
    plan_file = files.read_plan(path)
    merged = plan_file.plan
    if not merged.conflicts:
        raise InputError("has no unresolved merge conflicts", Location(display(plan_file.path)))
    wanted = _conflicts_on(merged, target)
    if choice == "text" and len(wanted) > 1:
        fields = ", ".join(c.field for c in wanted)
        raise InputError(
            f"{target}: {len(wanted)} conflicts ({fields}); a new wording settles one, so keep "
            "ours or take theirs"
        )
    for conflict in wanted:
        if any(c is conflict for c in merged.conflicts):
            merged = conflicts.resolve(merged, conflict, choice, text)
    # with none left, the plan dumps no "conflicts" key, and the rewrite drops its lines
    writes: list[tuple[Path, bytes | str]] = [(plan_file.path, plan_file.render(merged))]
    outcome = Resolved(plan_file.path, wanted, len(merged.conflicts), notes=notes)
    what = f"the resolution of the conflict on {target} ({choice})"
    repo = ws.at(plan_file.path).repo
    if repo is None:
        outcome.notes += recording.record(ws, "resolve", what, writes).notes
        return outcome
    outcome.by = repo.user()
    trailers = resolution_trailers(wanted, choice, text, outcome.by, repo.relative(path))
    pending = preflight.pending_message(repo)
    if pending is None:
        message = resolution_message(wanted, choice, outcome.by) + trailers
        done = recording.record(ws, "resolve", what, writes, message=message)
        outcome.commit = done.commit
    else:
        outcome.pending, outcome.finish, message_path = pending
        if message_path.is_file():
            writes.append((message_path, _with_trailers(message_path.read_text("utf-8"), trailers)))
        else:
            outcome.warnings.append(
                f"git keeps no message for the commit that will end {outcome.pending} "
                f"({message_path} is missing), so the resolution is not recorded in it; add "
                "these lines to that commit's message: " + trailers.strip().replace("\n", "; ")
            )
        outcome.staged = not merged.conflicts
        stage = [plan_file.path] if outcome.staged else []
        done = recording.record(ws, "resolve", what, writes, stage=stage)
    outcome.notes += done.notes
    return outcome


def resolution_trailers(
    settled: list[Conflict], choice: str, text: str | None, by: str, plan_rel: str
) -> str:
    """The trailers that put a resolution on the record: per conflict, the element, the
    field, the choice and the value kept (JSON-quoted; "(removed)" for an element removed),
    then who settled it and the plan file."""
    lines = []
    for conflict in settled:
        value = {"ours": conflict.ours, "theirs": conflict.theirs, "text": text}[choice]
        kept = "(removed)" if value is None else json.dumps(value, ensure_ascii=False)
        lines.append(f"Editplan-Resolved: {conflict.element} {conflict.field} {choice}: {kept}")
    lines += [f"Editplan-Resolved-By: {by}", f"Editplan-Plan-File: {plan_rel}"]
    return "\n".join(lines) + "\n"


def resolution_message(settled: list[Conflict], choice: str, by: str) -> str:
    """The subject and body of a resolution's own commit (the trailers follow)."""
    first = settled[0]
    where = first.at or first.element
    taken = {"ours": "our side's", "theirs": "their side's", "text": "a new"}[choice]
    lines = [f"Resolve the merge conflict on {where}: {choice}", ""]
    lines.append(f"Settled by {by}, with {taken} {'wording' if choice == 'text' else 'value'}:")
    lines += [f"- {conflicts.conflict_text(c)}" for c in settled]
    return "\n".join(lines) + "\n\n"


def _with_trailers(message: str, trailers: str) -> str:
    """A pending commit message with trailers added as its last paragraph (joined to the
    trailers an earlier resolution added there, so that git reads them all as trailers)."""
    body = message.rstrip("\n")
    last = body.rsplit("\n", 1)[-1]
    joined = "\n" if last.startswith(TRAILER_PREFIX) else "\n\n"
    return body + joined + trailers


def _conflicts_on(plan: Plan, target: str) -> list[Conflict]:
    """The conflicts on the element ``target`` names: by id (the plan's own id for its
    fields), or as reports name it."""
    key = target.removeprefix("#")
    found = [c for c in plan.conflicts if c.element == key]
    if found:
        return found
    try:
        named = resolve_target(plan, target)
    except TargetError:
        named = []
    ids = {t.element_id or t.unit_id for t in named}
    found = [c for c in plan.conflicts if c.element in ids]
    if not found:
        on = "; ".join(f"{c.at} [{c.element}]" for c in plan.conflicts)
        raise TargetError(f"no unresolved conflict on {target!r}; the conflicts are on: {on}")
    return found


def check_resolved(plan_file: PlanFile) -> None:
    """Refuse a plan file that a merge left with conflicts, naming each with its line."""
    plan = plan_file.plan
    if not plan.conflicts:
        return
    lines = []
    for n in range(len(plan.conflicts)):
        pos = files.yamlio.position(plan_file.doc, ("conflicts", n))
        lines.append(pos[0] if pos else None)
    conflicts.check_resolved(plan, display(plan_file.path), lines)


@dataclass
class SetupOutcome:
    """What ``setup`` changed: the driver in the config, the line in .gitattributes."""

    root: Path
    registered: bool
    attributes: Path | None


def setup(ws: Workspace) -> SetupOutcome:
    """Make a clone merge plan files by element: register the driver, check .gitattributes.

    Idempotent. A workspace made before the driver existed also gets the .gitattributes line
    (written, not committed: commit it so that every clone has it).
    """
    from editplan.history import config

    repo = ws.repo
    if repo is None:
        where = display(ws.root or ws.here)
        raise HistoryError(f"{where} is not inside a git repository: clone the plan's first")
    root = Path(repo.working_tree_dir)
    changed = config.register(repo)
    attributes = write_attributes(root)
    return SetupOutcome(root, changed, attributes)


def write_attributes(root: Path) -> Path | None:
    """Add the plan files' merge attribute to ``root/.gitattributes``; None if it was there."""
    from editplan.history import config

    path = root / ".gitattributes"
    text = files.read_text(path) if path.is_file() else ""
    if config.ATTRIBUTES_LINE in text.splitlines():
        return None
    if text and not text.endswith("\n"):
        text += "\n"
    files.write_atomic(path, text + attributes_text())
    return path


def attributes_text() -> str:
    """The lines ``editplan init`` writes into .gitattributes."""
    from editplan.history import config

    return f"# plan files merge element by element (editplan setup)\n{config.ATTRIBUTES_LINE}\n"
