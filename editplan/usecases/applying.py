"""The apply use case: read a set and its plan, apply, write documents and plan, commit."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.core import decisions
from editplan.core.applier import DEFAULT_STATUSES, Selection, apply_set, statuses
from editplan.core.changeset import ApplyResult
from editplan.core.model import Plan, hashes_kept
from editplan.core.patch import Instruction
from editplan.errors import ApplyError, ConflictError, InputError
from editplan.store import files
from editplan.store.files import PlanFile, SetFile, display
from editplan.usecases import recovery
from editplan.usecases.committing import CommitSpec, check_folder, write_all, write_and_commit
from editplan.usecases.renderers import renderer_for
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.repo import Repository
    from editplan.history.trailers import Version

# the selection of amendments is part of this use case's request
__all__ = [
    "DEFAULT_STATUSES",
    "ApplyOutcome",
    "Rebase",
    "Selection",
    "against_history",
    "apply",
    "apply_in_memory",
    "check_request",
    "check_tag",
    "docs_folder",
    "plan_target",
    "statuses",
]


@dataclass
class ApplyOutcome:
    """What ``apply`` did: the result, the files written, and the commit made (if any)."""

    result: ApplyResult
    plan_path: Path
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    commit: str | None = None
    tag: str | None = None
    rebased_from: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rebase:
    """The earlier version a set was written against, found in the history, and its plan."""

    repo: Repository
    plan_rel: str
    version: Version
    plan: Plan

    def name_culprit(self, exc: ConflictError) -> None:
        """Add to a conflict the commit that changed its element since that version."""
        from editplan.history import git as history

        if exc.element_id is None:
            return
        culprit = history.changed_since(self.repo, self.plan_rel, self.version.sha, exc.element_id)
        if culprit is not None:
            what = f"{culprit.subject}, {culprit.date[:10]}"
            exc.message += f"; changed by commit {culprit.short} ({what})"


Progress = Callable[[str, int, int], None]
"""Told each step of a long command as it starts: what is done, its number, how many."""

_progress: ContextVar[tuple[Progress, list[int]] | None] = ContextVar("progress", default=None)


@contextmanager
def _reporting(progress: Progress | None, total: int) -> Iterator[None]:
    token = _progress.set(None if progress is None else (progress, [0, total]))
    try:
        yield
    finally:
        _progress.reset(token)


def _step(label: str) -> None:
    """Say which step starts, to whoever asked to hear (the CLI's progress bar)."""
    found = _progress.get()
    if found is not None:
        progress, count = found
        count[0] += 1
        count[1] = max(count)
        progress(label, count[0], count[1])


def apply(
    ws: Workspace,
    set_path: str | Path,
    *,
    selection: Selection | None = None,
    dry_run: bool = False,
    out_dir: str | Path | None = None,
    commit: bool = True,
    tag: str | None = None,
    docs: bool = True,
    docs_dir: str | Path | None = None,
    html: bool = True,
    progress: Progress | None = None,
    force: bool = False,
    author: str | None = None,
) -> ApplyOutcome:
    """Apply a patch file to its plan: validate, apply, write the revised plan, commit it.

    With ``docs``, the tracked and clean .docx go to the documents folder (``docs_dir``, else
    ``out_dir``, else out/<set id>/ in the workspace), and with ``html`` the tracked web page
    beside them. A file there that editplan did not make (see :mod:`outputs`) is replaced
    only with ``force``.

    In place (no ``out_dir``) only inside a git work tree, so that the previous version stays
    recoverable; there the new version is committed unless ``commit`` is false. A set whose
    base is an earlier version in the history is resolved against that version and applied on
    top, where the elements it touches still read as it expects. Nothing is written, and no
    commit made, when anything fails. ``progress`` is told each step as it starts.
    ``author`` ("Name <email>") is the commit's author (a front end's signed-in user); by
    default, git's identity.
    """
    from editplan.history import config
    from editplan.history import git as history

    steps = 3 + (0 if dry_run else 1 + (2 + int(html) if docs else 0) + int(commit))
    with _reporting(progress, steps):
        _step("reading the patch file and its plan")
        path = ws.path(set_path)
        home = ws.at(path)
        if dry_run:
            recovery.check_no_application(home)
        else:  # what an interrupted decide left is put right before the set is read
            from editplan.usecases import recording

            recording.prepare(ws, [path])
        set_file = files.read_set(path)
        plan_file = files.read_set_plan(set_file)
        repo = home.repo
        out = ws.path(out_dir) if out_dir is not None else None
        folder = None
        if docs:
            folder = docs_folder(ws, docs_dir, out_dir, home, set_file.aset.id)
        committing = check_request(
            plan_file, repo, in_place=out is None, dry_run=dry_run, commit=commit, tag=tag
        )
        if repo is not None:
            _step("reading the history")
        selection, rebase = against_history(repo, set_file, plan_file, selection or Selection())
        check_tag(repo, tag, committing)
        _step(f"applying {len(set_file.aset.amendments):,} amendments")
        result = apply_in_memory(set_file, plan_file, selection, rebase)
        notes: list[str] = []
        if repo is not None:
            result = _labelled(repo, plan_file, result, notes)
        outcome = ApplyOutcome(result, plan_file.path, dry_run=dry_run, warnings=notes)
        outcome.rebased_from = rebase.version.short if rebase else None
        if not dry_run:
            into = repo if committing else None
            with hashes_kept():  # both documents and the commit record both hashes
                _write(
                    ws, outcome, set_file, plan_file, out, folder,
                    html=html, repo=into, tag=tag, force=force, author=author,
                )  # fmt: skip
            if committing:
                assert repo is not None
                rel = history.relative(repo, plan_file.path)
                outcome.warnings.extend(filter(None, [config.driver_missing(repo, rel)]))
        return outcome


def check_request(
    plan_file: PlanFile,
    repo: Repository | None,
    *,
    in_place: bool,
    dry_run: bool,
    commit: bool,
    tag: str | None,
) -> bool:
    """Whether the application makes a commit; refuses, before any work, what cannot be done."""
    from editplan.history import git as history

    committing = repo is not None and in_place and not dry_run and commit
    if tag is not None and not committing and not dry_run:
        raise InputError("a tag names a commit, and this application makes none", option="tag")
    if repo is None and in_place and not dry_run:
        raise InputError(
            f"{display(plan_file.path)} is not in a git work tree, so applying in place would "
            "lose the previous version; make a workspace with 'editplan init', or write the "
            "revised plan to another folder",
            remedy="out_dir",
        )
    if committing:
        assert repo is not None
        history.check_ready(repo, history.relative(repo, plan_file.path))
        if tag is not None and not repo.valid_tag_name(tag):
            history.check_new_tag(repo, tag)  # says so; whether it exists is asked later
    return committing


def check_tag(repo: Repository | None, tag: str | None, committing: bool) -> None:
    """Refuse a tag that exists, once the history has said whether the sets were applied
    already (a repeated application is said to be that, not a clash of tags)."""
    from editplan.history import git as history

    if committing and tag is not None and repo is not None:
        history.check_new_tag(repo, tag)


def against_history(
    repo: Repository | None, set_file: SetFile, plan_file: PlanFile, selection: Selection
) -> tuple[Selection, Rebase | None]:
    """Leave out what the history shows applied, and find the version the set was written
    against when the plan has moved on since."""
    from editplan.history import git as history

    if repo is None:
        return selection, None
    plan_rel = history.relative(repo, plan_file.path)
    selection = _without_applied(repo, plan_rel, set_file, selection)
    if plan_file.plan.version == set_file.aset.base:
        return selection, None
    found = history.find_version(repo, plan_rel, set_file.aset.base)
    return selection, None if found is None else Rebase(repo, plan_rel, *found)


def _labelled(
    repo: Repository, plan_file: PlanFile, result: ApplyResult, warnings: list[str]
) -> ApplyResult:
    """The result under a label no other text in the history has: a set applied again takes
    a numbered one (said in ``warnings``)."""
    from editplan.history import git as history
    from editplan.usecases.labelling import relabel, unique_label

    plan_rel = history.relative(repo, plan_file.path)
    label, note = unique_label(repo, plan_rel, result.plan, current=plan_file)
    if note is not None:
        warnings.append(note)
    return relabel(result, label)


def apply_in_memory(
    set_file: SetFile, plan_file: PlanFile, selection: Selection, rebase: Rebase | None = None
) -> ApplyResult:
    """Apply the set; an error gets the line and column of what it is about in the set file.
    A plan that a merge left with conflicts is refused."""
    if plan_file.plan.conflicts:  # the team module (and the merge) only for such a plan
        from editplan.usecases.team import check_resolved

        check_resolved(plan_file)
    aset = set_file.aset
    try:
        base = rebase.plan if rebase is not None else None
        # wording the meeting agreed ("as orally amended") is what applies, as the meeting's
        decided = decisions.as_decided(aset)
        result = apply_set(decided, plan_file.plan, base=base, selection=selection)
        changes = decisions.attribute(result.changes, aset.amendments)
        return dataclasses.replace(result, changes=changes)
    except ApplyError as exc:
        if exc.amendment is None and exc.location is None:
            exc.location = files.yamlio.locate(set_file.doc, display(set_file.path), ("base",))
        if rebase is not None and isinstance(exc, ConflictError):
            rebase.name_culprit(exc)
        raise set_file.locate(exc) from None


def _write(
    ws: Workspace,
    outcome: ApplyOutcome,
    set_file: SetFile,
    plan_file: PlanFile,
    out_dir: Path | None,
    docs: Path | None,
    *,
    html: bool,
    repo: Repository | None,
    tag: str | None,
    force: bool,
    author: str | None = None,
) -> None:
    """Write the documents and the revised plan, and commit them, all or nothing."""
    result = outcome.result
    documents = {} if docs is None else _documents(plan_file.plan, result, docs, html=html)
    target = plan_target(plan_file, out_dir)
    writes = [*documents.items(), (target, plan_file.render(result.plan))]
    check_outputs(ws, writes, plan_file, force=force)
    _step("writing the plan file")
    if repo is None:
        write_all(writes, option="docs_dir")
    else:
        spec = _commit_spec(outcome, repo, set_file, plan_file.plan, target, tag)
        spec.author = author
        outcome.commit = write_and_commit(
            repo, writes, spec, option="docs_dir", before_commit=lambda: _step("committing")
        )
        outcome.tag = tag
    outcome.written = [path for path, _ in writes]
    outcome.plan_path = target


def check_outputs(
    ws: Workspace, writes: list[tuple[Path, bytes | str]], plan_file: PlanFile, *, force: bool
) -> None:
    """Refuse, before anything is written, to replace a file in a folder the user chose that
    editplan did not make (the plan file itself is replaced in place, on the record)."""
    from editplan.usecases.outputs import check_files

    check_files(ws, [path for path, _ in writes if path != plan_file.path], force=force)


def plan_target(plan_file: PlanFile, out_dir: Path | None) -> Path:
    """Where the revised plan goes: over the plan file, or into the output folder."""
    if out_dir is None:
        return plan_file.path
    folder = out_dir
    check_folder(folder, "out_dir")
    target = folder / plan_file.path.name
    if target.resolve() == plan_file.path.resolve():
        raise InputError(
            f"{display(folder)} is the plan's own folder, so the plan would be "
            "overwritten; apply in place (inside a git work tree) or choose another folder",
            option="out_dir",
        )
    return target


def _commit_spec(
    outcome: ApplyOutcome,
    repo: Repository,
    set_file: SetFile,
    base: Plan,
    target: Path,
    tag: str | None,
) -> CommitSpec:
    """What to commit: the revised plan (and the set file, if git does not track it yet), with
    the Editplan trailers, and the tag."""
    from editplan.history import git as history
    from editplan.history import trailers

    paths = [target]
    if not history.is_tracked(repo, set_file.path):
        paths.append(set_file.path)
    message = trailers.commit_message(
        outcome.result.changes,
        set_path=history.relative(repo, set_file.path),
        plan_path=history.relative(repo, target),
        base=base,
        result=outcome.result.plan,
    )
    return CommitSpec(
        paths=paths,
        message=message,
        tag=tag,
        sets=[(set_file.aset.id, set_file.path)],
        plan=target,
        base_hash=trailers.plan_hash(base),
        result_hash=trailers.plan_hash(outcome.result.plan),
    )


def docs_folder(
    ws: Workspace,
    docs_dir: str | Path | None,
    out_dir: str | Path | None,
    home: Workspace,
    set_id: str,
) -> Path:
    """Where apply writes its documents: the documents folder, else the output folder, else
    out/<set id>/ in the set's workspace."""
    given, option = (docs_dir, "docs_dir") if docs_dir is not None else (out_dir, "out_dir")
    if given is not None:
        folder = ws.path(given)
        check_folder(folder, option)
        return folder
    root = home.root if home.root is not None else ws.here
    return root / "out" / set_id


def _documents(
    base: Plan, result: ApplyResult, folder: Path, *, html: bool = True
) -> dict[Path, bytes]:
    """The tracked and the clean .docx of an application, and its tracked web page, in memory.
    Both tracked renderings draw the same layout, computed once."""
    from editplan.core.layout import tracked_layout

    stem = result.plan.id
    _step("writing the tracked document")
    blocks = tracked_layout(base, result.plan)
    tracked = folder / f"{stem}.tracked.docx"
    out = {tracked: renderer_for(tracked).render_result(base, result, blocks=blocks)}
    _step("writing the clean document")
    clean = folder / f"{stem}.clean.docx"
    out[clean] = renderer_for(clean).render_clean(result.plan)
    if html:
        _step("writing the web page")
        page = folder / f"{stem}.tracked.html"
        out[page] = renderer_for(page).render_result(base, result, blocks=blocks)
    return out


def _without_applied(
    repo: Repository, plan_rel: str, set_file: SetFile, selection: Selection
) -> Selection:
    """Leave out the amendments of the set that the history shows applied (and not reverted).

    A set applied in part (a selection of it, say) can then be applied again for the rest; a
    set with nothing left to apply is refused, naming the commit.
    """
    from editplan.history import git as history

    aset = set_file.aset
    commits = history.applied_in(repo, plan_rel, aset.id)
    if not commits:
        return selection
    waiting = {a.id for a in aset.amendments if isinstance(a, Instruction) and a.text is None}
    done = tuple(
        (amendment, version.short)
        for version in reversed(commits)
        for amendment in [*version.amendments_of(aset.id), *version.pending_of(aset.id)]
        # an instruction pending then and still without wording has nothing new to give;
        # once the secretariat drafts its wording, it applies
        if amendment not in version.pending_of(aset.id) or amendment in waiting
    )
    narrowed = dataclasses.replace(selection, done=done)
    if all(narrowed.skip(a) is not None for a in aset.amendments):
        last = commits[0]
        raise ConflictError(
            f"already applied (the base no longer matches): set {aset.id} was applied in "
            f"{last.short} on "
            f"{last.date[:10]} ({last.subject}), and none of the selected amendments is left "
            "to apply; revert that commit to apply it again",
            files.yamlio.locate(set_file.doc, display(set_file.path), ("id",)),
        )
    return narrowed
