"""Use cases of a review round: compile many bodies' sets, list collisions, record decisions,
say where each set stands, and apply the text as agreed in one commit."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from editplan.core import compilation as synopsis
from editplan.core import decisions
from editplan.core import round as rounds
from editplan.core.patch import Decision
from editplan.errors import ApplyError, ConflictError, EditplanError, InputError
from editplan.store import files, yamlio
from editplan.store.files import PlanFile, SetFile, display
from editplan.usecases import recovery
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.repo import Repository


@dataclass
class Loaded:
    """The sets of a round read from disk, their plan, and each set's base and history."""

    plan_file: PlanFile
    set_files: list[SetFile]
    submissions: list[rounds.Submission]
    plan_rel: str | None = None
    applied_at: dict[str, list[str]] = field(default_factory=dict)  # set id -> commits
    left_out: list[str] = field(default_factory=list)  # sets a lenient load could not take


def read_sets(ws: Workspace, set_paths: Sequence[str | Path]) -> tuple[PlanFile, list[SetFile]]:
    """Read patch files that must all amend one plan file, and that plan."""
    if not set_paths:
        raise InputError("no patch file given: a round needs at least one set")
    set_files = [files.read_set(ws.path(p)) for p in set_paths]
    first = set_files[0]
    seen: dict[str, SetFile] = {}
    for set_file in set_files:
        twin = seen.setdefault(set_file.aset.id, set_file)
        if twin is not set_file:
            raise InputError(
                f"set {set_file.aset.id} is given twice ({display(twin.path)} and "
                f"{display(set_file.path)}); each set takes part once: give one of them "
                "another id",
                yamlio.locate(set_file.doc, display(set_file.path), ("id",)),
            )
    for other in set_files[1:]:
        files.check_plan_place(other)
        if other.plan_path != first.plan_path:
            where = yamlio.locate(other.doc, display(other.path), ("plan",))
            raise InputError(
                f"set {other.aset.id} amends {display(other.plan_path)}, but set "
                f"{first.aset.id} amends {display(first.plan_path)}: a round compares sets "
                "written against one plan",
                where,
            )
    return files.read_set_plan(first), set_files


def load(
    ws: Workspace,
    set_paths: Sequence[str | Path],
    *,
    lenient: bool = False,
    check_application: bool = False,
) -> tuple[Loaded, Workspace]:
    """The sets of a round with their bases from the history, and the workspace of their
    plan.

    With ``lenient``, a set after the first whose base is not in the history is left out
    instead of refused (the sets beside one being decided need not all be current). With
    ``check_application``, an interrupted application in that workspace is refused first.
    """
    from editplan.history import git as history

    if check_application:
        for path in set_paths:
            recovery.check_no_application(ws.at(ws.path(path)))
    plan_file, set_files = read_sets(ws, set_paths)
    home = ws.at(plan_file.path)
    repo = home.repo
    loaded = Loaded(plan_file, [], [])
    loaded.plan_rel = history.relative(repo, plan_file.path) if repo is not None else None
    bases: dict[str, Any] = {}
    for n, set_file in enumerate(set_files):
        try:
            submission = _submission(repo, loaded, set_file, bases)
        except InputError as exc:
            if lenient and n > 0:
                loaded.left_out.append(str(exc))
                continue
            raise
        loaded.set_files.append(set_file)
        loaded.submissions.append(submission)
    return loaded, home


def _submission(
    repo: Repository | None, loaded: Loaded, set_file: SetFile, bases: dict[str, Any]
) -> Any:
    """A set with the plan version it was written against and what the history applied."""
    from editplan.history import git as history

    aset, plan = set_file.aset, loaded.plan_file.plan
    base = None
    if aset.base != plan.version:
        if aset.base not in bases:
            found = None
            if repo is not None and loaded.plan_rel is not None:
                found = history.find_version(repo, loaded.plan_rel, aset.base)
            bases[aset.base] = found[1] if found else None
        base = bases[aset.base]
        if base is None:
            where = yamlio.locate(set_file.doc, display(set_file.path), ("base",))
            raise InputError(
                f"set {aset.id} was written against {aset.base!r}, which is not in the history "
                f"of {display(loaded.plan_file.path)} (the plan is now at {plan.version!r})",
                where,
            )
    applied: set[str] = set()
    if repo is not None and loaded.plan_rel is not None:
        versions = history.applied_in(repo, loaded.plan_rel, aset.id)
        loaded.applied_at[aset.id] = [v.short for v in versions]
        for version in versions:
            applied.update(version.amendments_of(aset.id))
    return rounds.Submission(aset, base, frozenset(applied))


def gather(
    ws: Workspace, set_paths: Sequence[str | Path], *, statuses: Sequence[str] | None = None
) -> rounds.Round:
    """Every proposal of the sets, which are the same, and which collide."""
    loaded, _ = load(ws, set_paths)
    return _gather(loaded, statuses=statuses)


def _gather(loaded: Loaded, **options: Any) -> rounds.Round:
    statuses = options.pop("statuses", None) or rounds.ALL_STATUSES
    return rounds.gather(loaded.plan_file.plan, loaded.submissions, statuses=statuses, **options)


def conflicts(
    ws: Workspace, set_paths: Sequence[str | Path], *, statuses: Sequence[str] | None = None
) -> list[rounds.Collision]:
    """Every pair of amendments of the sets (with one of ``statuses``: any by default) that
    cannot both apply, and why."""
    return list(gather(ws, set_paths, statuses=statuses).collisions)


@dataclass
class CompileOutcome:
    """What ``compile`` laid out, and the file it wrote (None: the text is returned)."""

    compilation: synopsis.Compilation
    output: Path | None
    text: str | None = None


def compile_round(
    ws: Workspace,
    set_paths: Sequence[str | Path],
    output: str | Path | None = None,
    *,
    everything: bool = False,
    statuses: Sequence[str] | None = None,
    force: bool = False,
) -> CompileOutcome:
    """The synoptic compilation of the sets for a meeting: .docx, Markdown, HTML or PDF, as
    ``output``'s suffix says (see :mod:`editplan.usecases.outputs`, which also says when an
    existing file is replaced).

    With no ``output`` the Markdown text is returned instead of written; ``statuses``
    chooses the proposals shown (any status by default).
    """
    from editplan.usecases import outputs

    kind, target = "markdown", None
    if output is not None:
        target = outputs.output(ws, "compile", output, force=force)
        kind = "docx" if target.format is outputs.PDF else target.format.name
    found = gather(ws, set_paths, statuses=statuses)
    laid_out = synopsis.compilation(found, everything=everything)
    if kind == "docx":
        from editplan.word.documents import compilation as word

        data: bytes | str = word.render(laid_out)
    else:
        from editplan.publish import compilation as publish

        data = publish.markdown(laid_out) if kind == "markdown" else publish.html(laid_out)
    if target is None:
        assert isinstance(data, str)
        return CompileOutcome(laid_out, None, data)
    return CompileOutcome(laid_out, target.write(data))


# --- decisions --------------------------------------------------------------------------


@dataclass
class DecideOutcome:
    """What ``decide`` recorded: the set, the amendments, the status, and the commit."""

    set_id: str
    path: Path
    amendment_ids: list[str]
    status: str
    commit: str | None = None
    unchecked: list[str] = field(default_factory=list)  # sets beside it not checked, and why
    warnings: list[str] = field(default_factory=list)


def decide(
    ws: Workspace,
    set_path: str | Path,
    amendment_ids: Sequence[str],
    status: str,
    *,
    note: str | None = None,
    text: str | None = None,
    by: str | None = None,
    commit: bool = True,
) -> DecideOutcome:
    """Record a meeting's decision on amendments of a set: their status, in place.

    Only the decided amendments' status (and decision) lines change; comments and every
    other line stay. An amendment agreed must not collide with any agreed amendment of this
    set or of the sets beside it that amend the same plan. In a git work tree the change is
    committed with a trailer naming the decision.
    """
    from editplan.history import git as history

    path = ws.path(set_path)
    home = ws.at(path)
    recovery.check_no_application(home)
    set_file = files.read_set(path)
    aset = set_file.aset
    decision = _decision(aset, amendment_ids, status, note=note, text=text, by=by)
    decided = [
        a.model_copy(update={"status": status, "decision": decision})
        if a.id in amendment_ids
        else a
        for a in aset.amendments
    ]
    new_set = aset.model_copy(update={"amendments": decided})
    repo = home.repo
    if repo is not None:
        _check_committed(repo, set_file.path)
    unchecked = []
    if status == "agreed":
        unchecked = _check_agreeable(home, set_file, new_set, list(amendment_ids))
    before = set_file.path.read_bytes()
    text = _decided_text(set_file, amendment_ids, status, decision, before)
    files.write_atomic(set_file.path, text)
    outcome = DecideOutcome(
        aset.id, set_file.path, list(amendment_ids), status, unchecked=unchecked
    )
    if repo is not None and commit:
        message = _decision_message(
            aset.id, amendment_ids, status, decision, history.relative(repo, set_file.path)
        )
        try:
            outcome.commit = history.commit(repo, [set_file.path], message)
        except BaseException:
            files.write_atomic(set_file.path, before)
            raise
        outcome.warnings.extend(_driver_warning(repo, set_file.plan_path))
    return outcome


def _decision(
    aset: Any,
    amendment_ids: Sequence[str],
    status: str,
    *,
    note: str | None,
    text: str | None,
    by: str | None,
) -> Decision | None:
    known = [a.id for a in aset.amendments]
    if not amendment_ids:
        raise InputError(f"name the amendments decided; set {aset.id} has {', '.join(known)}")
    unknown = [i for i in dict.fromkeys(amendment_ids) if i not in known]
    if unknown:
        raise InputError(
            f"set {aset.id} has no amendment {', '.join(unknown)}; it has {', '.join(known)}"
        )
    if status not in rounds.ALL_STATUSES:
        raise InputError(f"unknown status {status!r}; use {', '.join(sorted(rounds.ALL_STATUSES))}")
    if text is not None:
        if status != "agreed":
            raise InputError(f"agreed wording goes with status agreed, not {status}")
        if len(set(amendment_ids)) != 1:
            raise InputError("agreed wording is the wording of one amendment: name only one")
        decisions.check_agreed_text(aset.amendments[aset.index_of(amendment_ids[0])])
    if by is not None and text is None:
        raise InputError("'by' names who agreed a wording; no agreed wording is given")
    if note is None and text is None:
        return None
    try:
        return Decision(note=note, text=text, by=by)
    except ValidationError as exc:  # an empty or multi-line wording
        first = exc.errors(include_url=False)[0]
        what = {"text": "the agreed wording", "note": "the note", "by": "'by'"}
        name = what.get(str(first["loc"][0]), "the decision")
        problem = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{name} {problem}") from None


def _check_committed(repo: Repository, path: Path) -> None:
    from editplan.history import git as history

    status = repo.path_status(history.relative(repo, path))
    if status and status != "??":
        raise InputError(
            f"{display(path)} has uncommitted changes; commit or discard them first, so that "
            "the decision is one clean commit"
        )


def _check_agreeable(
    ws: Workspace, set_file: SetFile, new_set: Any, decided: list[str]
) -> list[str]:
    """Refuse agreeing an amendment that collides with one already agreed (here or beside);
    the patch files beside it that could not be checked, each with the reason."""
    siblings, unchecked = _siblings(set_file)
    paths = [set_file.path, *siblings]
    loaded, _ = load(ws, paths, lenient=True)
    unchecked += loaded.left_out
    loaded.submissions[0] = rounds.Submission(
        new_set, loaded.submissions[0].base, loaded.submissions[0].applied
    )
    found = _gather(loaded, statuses=["agreed"], as_agreed=True)
    keys = {f"{new_set.id} {i}" for i in decided}
    for p in found.proposals:
        if p.key in keys and p.problem is not None:
            raise ApplyError(f"{p.key} cannot be agreed: {p.problem}")
    for c in found.collisions:
        mine = c.first if c.first.key in keys else c.second if c.second.key in keys else None
        if mine is None:
            continue
        other = c.other(mine.key)
        raise ConflictError(
            f"{mine.key} cannot be agreed: it collides with {other.key} ({other.author}), "
            f"which is agreed: {c.reason}",
            element_id=c.element_id,
        )
    return unchecked


def _siblings(set_file: SetFile) -> tuple[list[Path], list[str]]:
    """The other patch files beside a set that amend the same plan, and those that could not
    be read, each with the reason (said, never skipped silently)."""
    out: list[Path] = []
    unreadable: list[str] = []
    for path in sorted(set_file.path.parent.glob("*.y*ml")):
        if path.resolve() == set_file.path.resolve():
            continue
        try:
            other = files.read_set(path)
        except EditplanError as exc:
            unreadable.append(str(exc))
            continue
        if other.plan_path == set_file.plan_path and other.aset.id != set_file.aset.id:
            out.append(path)
    return out, unreadable


def _decided_text(
    set_file: SetFile,
    amendment_ids: Sequence[str],
    status: str,
    decision: Decision | None,
    raw: bytes,
) -> str:
    """The patch file with only the decided amendments' status and decision changed.

    The store's rewrite keeps every other byte; the file's CR LF line ends and byte-order
    mark (``raw`` is the file as read) are kept too.
    """
    data = copy.deepcopy(yamlio.to_plain(set_file.doc))
    for index, amendment in enumerate(set_file.aset.amendments):
        if amendment.id not in amendment_ids:
            continue
        node = data["amendments"][index]
        node["status"] = status
        node.pop("decision", None)
        if decision is not None:
            node["decision"] = decision.model_dump(exclude_none=True)
    text = yamlio.rewrite(set_file.doc, data)
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    return "\ufeff" + text if raw.startswith(b"\xef\xbb\xbf") else text


def _decision_message(
    set_id: str, ids: Sequence[str], status: str, decision: Decision | None, set_rel: str
) -> str:
    lines = [f"Decide on {set_id}: {', '.join(ids)} {status}", ""]
    if decision is not None and decision.text is not None:
        lines += [f"Agreed as orally amended, wording of {decision.by or decisions.DECIDED_BY}:"]
        lines += [f"  {decision.text}", ""]
    if decision is not None and decision.note is not None:
        lines += [decision.note, ""]
    lines += [f"Editplan-Decision: {set_id} {i} {status}" for i in ids]
    lines.append(f"Editplan-Set-File: {set_rel}")
    return "\n".join(lines) + "\n"


# --- status -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SetStatus:
    """Where one set stands: amendments by status, applied (from the history), pending."""

    set_id: str
    path: str
    title: str
    author: str
    counts: dict[str, int]
    applied_in: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "set": self.set_id,
            "file": self.path,
            "title": self.title,
            "author": self.author,
            **self.counts,
            "applied_in": list(self.applied_in),
        }


def status(ws: Workspace, set_paths: Sequence[str | Path] = ()) -> list[SetStatus]:
    """Per set: proposed, agreed, rejected, withdrawn, applied and pending amendments.

    With no set, every patch file in the workspace's ``amendments/``. Pending counts the
    proposed and agreed amendments that are not yet applied.
    """
    paths: list[str | Path] = [*set_paths] or [*ws.sets()]
    if not paths:
        where = display(ws.root / "amendments") + "/" if ws.root is not None else None
        raise InputError(
            "no patch file given, and "
            + (f"{where} holds no patch file" if where else "this is not in a workspace")
        )
    loaded, _ = load(ws, paths)
    out = []
    for set_file, sub in zip(loaded.set_files, loaded.submissions, strict=True):
        amendments = set_file.aset.amendments
        counts = {s: 0 for s in ("proposed", "agreed", "rejected", "withdrawn")}
        for a in amendments:
            counts[a.status] += 1
        counts["applied"] = sum(1 for a in amendments if a.id in sub.applied)
        counts["pending"] = sum(
            1
            for a in amendments
            if a.id not in sub.applied and a.status in ("proposed", "agreed")
        )
        counts["total"] = len(amendments)
        out.append(
            SetStatus(
                set_file.aset.id,
                display(set_file.path),
                set_file.aset.title,
                set_file.aset.author,
                counts,
                tuple(loaded.applied_at.get(set_file.aset.id, ())),
            )
        )
    return out


def _driver_warning(repo: Repository, plan_path: Path) -> list[str]:
    """The warning of a clone without the plan merge driver (for the set's plan file)."""
    from editplan.history import config
    from editplan.history import git as history

    try:
        rel = history.relative(repo, plan_path)
    except ValueError:  # the plan is outside this repository
        return []
    warning = config.driver_missing(repo, rel)
    return [warning] if warning else []
