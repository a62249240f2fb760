"""The apply use case: read a set and its plan, apply, write documents and plan, commit."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editplan.core.applier import ApplyResult, Selection, apply_set
from editplan.core.model import Plan
from editplan.core.patch import Instruction
from editplan.errors import ApplyError, ConflictError, InputError
from editplan.store import files
from editplan.store.files import PlanFile, SetFile, display


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


def apply(
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
) -> ApplyOutcome:
    """Apply a patch file to its plan: validate, apply, write the revised plan, commit it.

    With ``docs``, the tracked and clean .docx go to the documents folder, and with ``html``
    the tracked web page beside them.

    In place (no ``out_dir``) only inside a git work tree, so that the previous version stays
    recoverable; there the new version is committed unless ``commit`` is false. A set whose
    base is an earlier version in the history is resolved against that version and applied on
    top, where the elements it touches still read as it expects. Nothing is written, and no
    commit made, when anything fails.
    """
    from editplan.history import git as history

    set_file = files.read_set(Path(set_path))
    plan_file = files.read_set_plan(set_file)
    selection = selection or Selection()
    in_place = out_dir is None
    with history.maybe_repo(plan_file.path) as repo:
        root = Path(repo.working_tree_dir or "") if repo is not None else None
        folder = None if not docs else _docs_folder(docs_dir or out_dir, root, set_file.aset.id)
        committing = repo is not None and in_place and not dry_run and commit
        if tag is not None and not committing and not dry_run:
            raise InputError("--tag names a commit, and this application makes none")
        if repo is None:
            if in_place and not dry_run:
                _refuse_outside_work_tree(plan_file.path)
            result = _apply(set_file, plan_file, selection)
            return _write(
                set_file,
                plan_file,
                result,
                dry_run=dry_run,
                out_dir=out_dir,
                docs=folder,
                html=html,
            )
        plan_rel = history.relative(repo, plan_file.path)
        if committing:
            history.check_ready(repo, plan_rel)
            if tag is not None:
                history.check_new_tag(repo, tag)
        selection = _without_applied(repo, plan_rel, set_file, selection)
        base, base_version = None, None
        if plan_file.plan.version != set_file.aset.base:
            found = history.find_version(repo, plan_rel, set_file.aset.base)
            if found is not None:
                base_version, base = found
        try:
            result = _apply(set_file, plan_file, selection, base=base)
        except ConflictError as exc:
            if base_version is not None and exc.element_id is not None:
                culprit = history.changed_since(repo, plan_rel, base_version.sha, exc.element_id)
                if culprit is not None:
                    what = f"{culprit.subject}, {culprit.date[:10]}"
                    exc.message += f"; changed by commit {culprit.short} ({what})"
            raise
        outcome = _write(
            set_file,
            plan_file,
            result,
            dry_run=dry_run,
            out_dir=out_dir,
            docs=folder,
            html=html,
            repo=repo if committing else None,
            tag=tag,
        )
        outcome.rebased_from = base_version.short if base_version else None
        return outcome


def _write(
    set_file: SetFile,
    plan_file: PlanFile,
    result: ApplyResult,
    *,
    dry_run: bool,
    out_dir: str | Path | None,
    docs: Path | None,
    html: bool = True,
    repo: Any = None,
    tag: str | None = None,
) -> ApplyOutcome:
    """Write the documents and the revised plan, and commit, all or nothing."""
    from editplan.history import git as history

    outcome = ApplyOutcome(result, plan_file.path, dry_run=dry_run)
    if dry_run:
        return outcome
    documents = {} if docs is None else _documents(plan_file.plan, result, docs, html=html)
    if out_dir is None:
        target = plan_file.path
    else:
        folder = Path(out_dir)
        if not folder.is_dir():
            raise InputError(f"--out: folder {display(folder)} does not exist")
        target = folder / plan_file.path.name
        if target.resolve() == plan_file.path.resolve():
            raise InputError(
                f"--out: {display(folder)} is the plan's own folder, so the plan would be "
                "overwritten; apply in place (inside a git work tree) or choose another folder"
            )
    transaction = files.Transaction()
    try:
        if documents:
            assert docs is not None
            docs.mkdir(parents=True, exist_ok=True)
        for path, data in documents.items():
            transaction.write(path, data)
            outcome.written.append(path)
        transaction.write(target, plan_file.render(result.plan))
        outcome.written.append(target)
        if repo is not None:
            paths = [target]
            if not history.is_tracked(repo, set_file.path):
                paths.append(set_file.path)
            message = history.commit_message(
                result.changes,
                set_path=history.relative(repo, set_file.path),
                plan_path=history.relative(repo, target),
                base=plan_file.plan,
                result=result.plan,
            )
            outcome.commit = history.commit(repo, paths, message)
            if tag is not None:
                history.tag(repo, tag, outcome.commit)
                outcome.tag = tag
    except BaseException:
        transaction.rollback()
        raise
    outcome.plan_path = target
    return outcome


def _docs_folder(docs_dir: str | Path | None, root: Path | None, set_id: str) -> Path:
    """Where apply writes its documents: the given folder (--docs-dir, else --out), or
    out/<set id>/ in the workspace."""
    if docs_dir is not None:
        folder = Path(docs_dir)
        if not folder.is_dir():
            raise InputError(f"folder {display(folder)} does not exist")
        return folder
    return (root or Path.cwd()) / "out" / set_id


def _documents(
    base: Plan, result: ApplyResult, folder: Path, *, html: bool = True
) -> dict[Path, bytes]:
    """The tracked and the clean .docx of an application, and its tracked web page, in memory."""
    from editplan.word import writer as document

    stem = result.plan.id
    out = {
        folder / f"{stem}.tracked.docx": document.render_result(base, result),
        folder / f"{stem}.clean.docx": document.render_clean(result.plan),
    }
    if html:
        from editplan.publish import html as page

        out[folder / f"{stem}.tracked.html"] = page.render_result(base, result)
    return out


def _without_applied(
    repo: Any, plan_rel: str, set_file: SetFile, selection: Selection
) -> Selection:
    """Leave out the amendments of the set that the history shows applied (and not reverted).

    A set applied in part (with --only, say) can then be applied again for the rest; a set
    with nothing left to apply is refused, naming the commit.
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
    if all(narrowed.reason_to_skip(a) is not None for a in aset.amendments):
        last = commits[0]
        raise ConflictError(
            f"the base no longer matches: set {aset.id} was applied in {last.short} on "
            f"{last.date[:10]} ({last.subject}), and none of the selected amendments is left "
            "to apply; revert that commit to apply it again",
            files.yamlio.locate(set_file.doc, display(set_file.path), ("id",)),
        )
    return narrowed


def _apply(
    set_file: SetFile, plan_file: PlanFile, selection: Selection, base: Plan | None = None
) -> ApplyResult:
    try:
        return apply_set(set_file.aset, plan_file.plan, base=base, selection=selection)
    except ApplyError as exc:
        if exc.amendment is None and exc.location is None:
            exc.location = files.yamlio.locate(set_file.doc, display(set_file.path), ("base",))
        raise set_file.locate(exc) from None


def _refuse_outside_work_tree(path: Path) -> None:
    raise InputError(
        f"{display(path)} is not in a git work tree, so applying in place would lose the "
        "previous version; use --out DIR to write the revised plan elsewhere, or "
        "'editplan init' to make a workspace"
    )
