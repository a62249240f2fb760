"""The Python API: what each command does, callable without the CLI.

Each function reads its inputs, calls the pure core, and writes its outputs all or nothing.
It never prints: it returns what happened, and raises :class:`~editplan.errors.EditplanError`.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from editplan.core.applier import ApplyResult, Selection, apply_set
from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet, Instruction
from editplan.errors import ApplyError, ConflictError, InputError, Location, TargetError
from editplan.store import files
from editplan.store.files import PlanFile, SetFile, display

EXAMPLE_PLAN = "plans/cb-action-plan.yaml"
EXAMPLE_SET = "amendments/lg14.yaml"
SCHEMAS = {"plan": Plan, "amendments": AmendmentSet}


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file."""
    return files.read_plan(Path(path)).plan


def load_set(path: str | Path) -> AmendmentSet:
    """Read and validate a patch file (not yet against its plan)."""
    return files.read_set(Path(path)).aset


@dataclass(frozen=True)
class Checked:
    """One file that ``validate`` checked, and what it found."""

    path: str
    kind: str
    summary: str


def validate(paths: list[Path]) -> list[Checked]:
    """Check plan files and patch files; a patch file is also resolved against its plan."""
    out: list[Checked] = []
    for path in paths:
        found = files.read_any(path)
        if isinstance(found, PlanFile):
            kind, plan = "plan", found.plan
            summary = f"plan {plan.id}, version {plan.version!r}, {plan.element_count()} elements"
        else:
            kind, set_file = "amendments", found
            plan_file = files.read_set_plan(set_file)
            result = _apply(set_file, plan_file, Selection())
            summary = (
                f"set {set_file.aset.id}: {len(result.changes.applied)} amendments apply to "
                f"{display(plan_file.path)}, {len(result.changes.pending)} pending"
            )
        out.append(Checked(display(path), kind, summary))
    return out


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
) -> ApplyOutcome:
    """Apply a patch file to its plan: validate, apply, write the revised plan, commit it.

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
                set_file, plan_file, result, dry_run=dry_run, out_dir=out_dir, docs=folder
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
    repo: Any = None,
    tag: str | None = None,
) -> ApplyOutcome:
    """Write the documents and the revised plan, and commit, all or nothing."""
    from editplan.history import git as history

    outcome = ApplyOutcome(result, plan_file.path, dry_run=dry_run)
    if dry_run:
        return outcome
    documents = {} if docs is None else _documents(plan_file.plan, result, docs)
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


def _documents(base: Plan, result: ApplyResult, folder: Path) -> dict[Path, bytes]:
    """The tracked and the clean .docx of an application, in memory."""
    from editplan.word import writer as document

    stem = result.plan.id
    return {
        folder / f"{stem}.tracked.docx": document.render_result(base, result),
        folder / f"{stem}.clean.docx": document.render_clean(result.plan),
    }


def render(plan_path: str | Path, output: str | Path) -> Path:
    """Write a clean .docx of a plan file, atomically."""
    from editplan.word import writer as document

    target = Path(output)
    files.write_atomic(target, document.render_clean(load_plan(plan_path)))
    return target


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
        for amendment in [*version.amendments, *version.pending]
        # an instruction pending then and still without wording has nothing new to give;
        # once the secretariat drafts its wording, it applies
        if amendment not in version.pending or amendment in waiting
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


def show(plan_path: str | Path, target: str | None = None) -> dict[str, Any] | list[Any]:
    """The plan, or the elements a target names, as plain data with display numbers."""
    from editplan import views as report

    plan = load_plan(plan_path)
    return report.plan_view(plan) if target is None else report.target_view(plan, target)


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a plan file or a patch file, from the pydantic models."""
    if kind not in SCHEMAS:
        raise InputError(f"no schema {kind!r}; choose one of: {', '.join(SCHEMAS)}")
    doc = SCHEMAS[kind].model_json_schema(mode="validation")
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return doc


def schema_text(kind: str) -> str:
    """The JSON Schema as the text written to ``schemas/<kind>.schema.json``."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def example_files() -> dict[str, bytes]:
    """The bundled example plan and patch file, by their path in a workspace."""
    root = resources.files("editplan") / "examples"
    return {rel: (root / rel).read_bytes() for rel in (EXAMPLE_PLAN, EXAMPLE_SET)}


def init(folder: str | Path, *, example: bool = False) -> list[Path]:
    """Make a plan workspace: a git repository with plans/, amendments/, schemas/, ignored out/.

    With ``example``, the bundled LG-14 plan and patch file; everything is committed so that
    ``editplan apply`` can run at once. Refuses a folder that exists and is not empty.
    """
    from editplan.history import git as history

    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise InputError(
            "is a file, not a folder; 'editplan init' makes a workspace in a new or empty folder",
            Location(display(root)),
        )
    if root.exists() and any(root.iterdir()):
        raise InputError(
            "is not empty; 'editplan init' makes a new workspace in a new or empty folder",
            Location(display(root)),
        )
    contents: dict[str, bytes] = {
        ".gitignore": b"# editplan writes documents here; they are made from the plans\nout/\n",
        "schemas/plan.schema.json": schema_text("plan").encode(),
        "schemas/amendments.schema.json": schema_text("amendments").encode(),
    }
    contents.update(example_files() if example else {"plans/.keep": b"", "amendments/.keep": b""})
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
        history.init(root)
        written = []
        for rel, data in contents.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
        (root / "out").mkdir()
        with history.open_repo(root) as repo:
            history.commit(
                repo,
                written,
                "Start plan workspace" + (" with the LG-14 example" if example else ""),
            )
    except BaseException:
        _undo_init(root, created)
        raise
    return written


def _undo_init(root: Path, created: bool) -> None:
    if created:
        shutil.rmtree(root, ignore_errors=True)
    else:
        for child in root.iterdir():
            (shutil.rmtree if child.is_dir() else Path.unlink)(child)  # type: ignore[operator]


# --- history ----------------------------------------------------------------------------


def plan_at(plan_path: str | Path, rev: str | None) -> Plan:
    """The plan in ``plan_path`` as it is now (``rev`` None) or as it was at git ``rev``."""
    if rev is None:
        return load_plan(plan_path)
    from editplan.history import git as history

    path = Path(plan_path)
    with history.open_repo(path) as repo:
        return history.plan_at(repo, rev, history.relative(repo, path))


def log(plan_path: str | Path, target: str | None = None) -> list[Any]:
    """The plan's versions, newest first; with a target, only the changes to that element.

    Without a target: :class:`history.Version` values. With one: :class:`history.Event`
    values, following the element's id through renumbering and back through splits.
    """
    from editplan.core.reference import element_ids
    from editplan.history import git as history

    path = Path(plan_path)
    with history.open_repo(path) as repo:
        plan_rel = history.relative(repo, path)
        if target is None:
            return history.versions(repo, plan_rel)
        try:
            ids = element_ids(load_plan(path), target)
        except TargetError:
            # an element removed since can still be named by id: "#a1.ka3"
            ids = history.ids_in_history(repo, plan_rel, target)
            if not ids:
                raise
        return history.element_log(repo, plan_rel, ids)


@dataclass(frozen=True)
class ElementDiff:
    """How one element differs between two versions."""

    element_id: str
    action: str
    old_label: str | None
    new_label: str | None
    before: str | None
    after: str | None


@dataclass
class VersionDiff:
    """Two versions of a plan and their differences, element by element, in new order."""

    old: Plan
    new: Plan
    elements: list[ElementDiff]
    versions: list[Any]
    quotes: dict[tuple[str, str], str] = field(default_factory=dict)  # (sha, amendment) -> quote


def diff(plan_path: str | Path, rev1: str, rev2: str, target: str | None = None) -> VersionDiff:
    """What changed in the plan between git revisions ``rev1`` and ``rev2``."""
    from editplan.core.reference import element_ids
    from editplan.history import git as history

    path = Path(plan_path)
    with history.open_repo(path) as repo:
        plan_rel = history.relative(repo, path)
        old = history.plan_at(repo, rev1, plan_rel)
        new = history.plan_at(repo, rev2, plan_rel)
        between = history.versions_between(repo, plan_rel, rev1, rev2)
        quotes = {(v.sha, a): q for v in between for a, q in history.quotes(repo, v).items()}
    wanted: set[str] | None = None
    if target is not None:
        # the target as either version numbers it: an element may have moved between them
        wanted = set()
        for version in (old, new):
            with suppress(TargetError):
                wanted.update(element_ids(version, target))
        if not wanted:
            element_ids(new, target)  # raises the error that says what exists
    return VersionDiff(old, new, compare(old, new, wanted), between, quotes)


def compare(old: Plan, new: Plan, only: set[str] | None = None) -> list[ElementDiff]:
    """Element-by-element differences between two plans, in the new plan's order."""
    before, after = old.locate(), new.locate()
    out: list[ElementDiff] = []
    for element_id, place in after.items():
        if only is not None and element_id not in only:
            continue
        prior = before.get(element_id)
        if prior is None:
            out.append(ElementDiff(element_id, "added", None, place.label, None, place.item.text))
        elif prior.item.text != place.item.text:
            out.append(
                ElementDiff(
                    element_id,
                    "changed",
                    prior.label,
                    place.label,
                    prior.item.text,
                    place.item.text,
                )
            )
        elif prior.label != place.label:
            out.append(
                ElementDiff(
                    element_id,
                    "renumbered",
                    prior.label,
                    place.label,
                    prior.item.text,
                    place.item.text,
                )
            )
    for element_id, prior in before.items():
        if element_id not in after and (only is None or element_id in only):
            out.append(ElementDiff(element_id, "removed", prior.label, None, prior.item.text, None))
    return out


def write_diff_document(result: VersionDiff, output: str | Path) -> Path:
    """Write the difference between two versions as a tracked .docx, atomically.

    Each change is attributed to the set and amendment that made it (from the commits'
    Editplan-* trailers); changes made outside editplan are attributed to "unknown".
    """
    from editplan.word import writer as document

    known = set(result.old.locate()) | set(result.new.locate())
    attributions = []
    for version in reversed(result.versions):
        author = version.trailer("Author") or "unknown"
        date = version.trailer("Date") or version.date[:10]
        source = version.trailer("Source") or version.subject
        for amendment, touches in version.changes().items():
            # an element added and removed again between the two versions shows in neither
            ids = tuple(dict.fromkeys(t.element_id for t in touches if t.element_id in known))
            if not ids:
                continue
            comment = f"{amendment} ({version.set_id}, commit {version.short}) — {source}"
            if quote := result.quotes.get((version.sha, amendment)):
                comment += f"\n“{quote}”"
            attributions.append(
                document.Attribution(
                    key=f"{version.set_id} {amendment}",
                    author=author,
                    date=date,
                    comment=comment,
                    element_ids=ids,
                )
            )
    newest = result.versions[0] if result.versions else None
    target = Path(output)
    data = document.render_tracked(
        result.old,
        result.new,
        attributions,
        author=(newest.trailer("Author") if newest else None) or "unknown",
        date=(newest.trailer("Date") if newest else None) or "1970-01-01",
    )
    files.write_atomic(target, data)
    return target


# --- reading reports ----------------------------------------------------------------------


def extract(
    report: str | Path,
    *,
    paragraph: int | None = None,
    plan_path: str | Path | None = None,
    output: str | Path | None = None,
) -> Any:
    """Turn the amending items of a report into a patch file (an ``extract.Extraction``).

    With ``plan_path``, every target and phrase is checked against that plan, and the patch
    file names it relative to ``output`` (or to the current folder). With ``output``, the
    patch file is written there atomically.
    """
    import os

    from editplan.reports import extract as reader

    report_path = Path(report)
    plan = load_plan(plan_path) if plan_path is not None else None
    if plan_path is not None:
        where = Path(output).resolve().parent if output is not None else Path.cwd()
        named = Path(os.path.relpath(Path(plan_path).resolve(), where)).as_posix()
    else:
        named = reader.DEFAULT_PLAN_PATH
    result = reader.extract(
        reader.read_report(report_path),
        paragraph=paragraph,
        plan=plan,
        source_name=display(report_path),
        plan_path=named,
    )
    text = result.to_yaml()
    if output is not None:
        files.write_atomic(Path(output), text)
    return result


# --- importing Word drafts ------------------------------------------------------------------


def import_docx(
    draft: str | Path,
    output: str | Path,
    *,
    revisions: str = "refuse",
    force: bool = False,
    strict: bool = False,
) -> Any:
    """Read a Word draft into a plan file (an ``importer.ImportResult``), written atomically.

    Refuses to overwrite an existing file unless ``force``; with ``strict``, a paragraph that
    could not be placed is an error and nothing is written.
    """
    from editplan.word import reader as importer

    target = Path(output)
    if target.exists() and not force:
        raise InputError(
            "exists; choose another file, or pass --force to replace it", Location(display(target))
        )
    result = importer.read_docx(Path(draft), revisions=revisions, plan_id=_plan_id(target))  # type: ignore[arg-type]
    if strict and result.unplaced:
        raise InputError(
            f"{len(result.unplaced)} paragraph(s) could not be placed "
            f"(first: {result.unplaced[0]}); nothing was written",
            Location(display(Path(draft))),
        )
    files.write_atomic(target, result.to_yaml())
    return result


def _plan_id(path: Path) -> str:
    """A plan id from an output file name: 'plans/My Plan.yaml' -> 'my-plan'."""
    import re

    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._").lower()
    return slug or "imported"
