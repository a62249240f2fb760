"""How every command that writes files records them: the one careful way to the disk and git.

``decide``, ``draft``, ``accept-candidate``, ``resolve``, ``collect -o``, ``extract -o``,
``import -o`` and ``compile``'s register (and any new command that writes: one call of
:func:`record` is enough, which does what :func:`prepare` does first; a command that reads or
checks the files it will rewrite calls :func:`prepare` before, so that it reads them as they
were before any interrupted command):

- :func:`prepare`, first, before reading what they will rewrite: refused while an application
  is interrupted (:mod:`editplan.usecases.recovery`); what a writing command killed halfway
  left is put right (:mod:`editplan.usecases.settling`: its files put back byte for byte, or
  its finished commit completed in the index), and leftovers removed (the hidden
  ``.NAME.PID.XXXX.tmp`` files of killed writes, git's ``next-index-PID.lock``, the commit
  folders of :mod:`editplan.history.staging`);
- :func:`record`, last: a file that already holds what would be written is not written (all
  of them: "already recorded", with the commit that holds it); git's state is checked before
  anything is written when the command commits (no lock, no merge or rebase waiting, a branch,
  no uncommitted change to a file it rewrites); the command's record
  (:mod:`editplan.history.records`) is written in the git dir, then each file atomically,
  then the commit, through a temporary index with its objects in quarantine (so a refusing
  hook leaves the index as it was and no object). On any failure everything is put back.

Outside git there is no record and no commit: the files are written all or nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.errors import (
    EditplanError,
    InputError,
    Location,
    OutputError,
    disk_advice_in,
)
from editplan.history import journal as journals
from editplan.history import records
from editplan.store import files
from editplan.store.files import display
from editplan.usecases import committing, recovery, settling
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.repo import Repository

Writes = Sequence[tuple[Path, bytes | str]]


@dataclass
class Recorded:
    """What :func:`record` did: the files it wrote, the commit it made, or, when every file
    already held what was asked, where that is recorded (``already``)."""

    written: list[Path] = field(default_factory=list)
    commit: str | None = None
    already: str | None = None
    notes: list[str] = field(default_factory=list)  # what was put right first


def prepare(ws: Workspace, paths: Sequence[Path]) -> list[str]:
    """Before a writing command reads the files it rewrites: refuse while an application is
    interrupted, and put right what an interrupted writing command left (see the module);
    notes saying what was put right."""
    notes: list[str] = []
    seen: set[int] = set()
    for path in paths:
        home = ws.at(path)
        recovery.check_no_application(home)
        repo = home.repo
        if repo is not None and id(repo) not in seen:
            seen.add(id(repo))
            notes += settling.settle(repo)
            repo.clear_stale()
        files.clear_temporaries(path)
    ws.notes += notes
    return notes


def record(
    ws: Workspace,
    command: str,
    what: str,
    writes: Writes,
    *,
    message: str | None = None,
    stage: Sequence[Path] = (),
    author: str | None = None,
) -> Recorded:
    """Write ``writes`` and, with ``message``, commit them (in a git work tree), all or
    nothing; ``command`` and ``what`` name the command in messages ("decide", "the decision
    on lg14 53(a)"). Without a message, the files in ``stage`` are staged once written, for
    the commit git is making (a merge or a rebase waiting to be finished). ``author``
    ("Name <email>") is the commit's author; None: git's identity."""
    paths = [path for path, _ in writes]
    outcome = Recorded(notes=prepare(ws, paths))
    raw = [(p, d.encode("utf-8") if isinstance(d, str) else d) for p, d in writes]
    changed = [(p, d) for p, d in raw if committing._read(p) != d]
    repo = ws.at(paths[0]).repo if paths else None
    commits = repo is not None and message is not None
    to_record: list[str] = []  # the paths to commit, or to stage
    if repo is not None and commits:
        rels = [_relative(repo, p, command) for p in paths]
        moved = {repo.relative(p) for p, _ in changed}
        to_record = [r for r in rels if r in moved or repo.path_status(r) == "??"]
        if not to_record:
            outcome.already = _holding(repo, rels)
            return outcome
        _check_ready(repo, command, rels)
    elif not changed:
        outcome.already = "already holds it: nothing was written"
        return outcome
    elif repo is not None and stage:
        from editplan.history import preflight

        preflight.check_locks(repo)
        to_record = [_relative(repo, p, command) for p in stage]
    folders = committing.folders_needed([p for p, _ in changed])
    if repo is None:
        _write_all(changed, folders)
        outcome.written = [p for p, _ in changed]
        return outcome
    entry = _begin(repo, command, what, changed, folders, message, to_record, bool(stage))
    try:
        _write(entry, folders)
        if commits:
            from editplan.history import git as history

            assert message is not None
            paths = [repo.root / r for r in to_record]
            outcome.commit = history.commit(repo, paths, message, author=author)
            journals.checkpoint("commit")
        elif stage:
            repo.add(to_record)
            journals.checkpoint("staged")
    except BaseException as exc:
        _fail(repo, entry, exc)
        raise
    records.end(entry)
    outcome.written = [p for p, _ in changed]
    return outcome


def _relative(repo: Repository, path: Path, command: str) -> str:
    try:
        return repo.relative(path)
    except ValueError:
        raise InputError(
            f"is outside the git work tree {display(repo.root)}, so {command} cannot commit it",
            Location(display(path)),
        ) from None


def _holding(repo: Repository, rels: list[str]) -> str:
    """Where the files are recorded as they are: the last commit that changed the first."""
    last = repo.commit_of("HEAD", rels[0])
    if last is None:
        return "already recorded"
    return f"already recorded in commit {last.short} ({last.subject})"


def _check_ready(repo: Repository, command: str, rels: list[str]) -> None:
    from editplan.history import preflight

    preflight.check_committable(repo, command)
    for rel in rels:
        preflight.check_clean(repo, rel, command, "commits its change as one commit of its own")


def _begin(
    repo: Repository,
    command: str,
    what: str,
    changed: list[tuple[Path, bytes]],
    folders: list[Path],
    message: str | None,
    paths: list[str],
    stage: bool,
) -> records.Record:
    """The command's record, written in the git dir before anything else."""
    root = Path(repo.working_tree_dir).resolve()
    head = repo.resolve("HEAD")
    entry = records.Record(
        folder=Path(),
        root=root,
        command=command,
        what=what,
        pid=os.getpid(),
        ref=repo.branch_ref(),
        head=head,
        message=message,
        paths=paths,
        staged=stage,
        folders=[f.resolve() for f in folders],
    )
    for path, data in changed:
        entry.files.append(journals.FileRecord(path.resolve(), committing._read(path), data))
    records.begin(Path(repo.git_dir), entry)
    journals.checkpoint("journal")
    return entry


def _write(entry: records.Record, folders: list[Path]) -> None:
    for folder in folders:
        committing.make_folder(folder)
    for n, each in enumerate(entry.files, 1):
        files.write_atomic(each.path, each.new)
        journals.checkpoint(f"file:{n}")


def _write_all(changed: list[tuple[Path, bytes]], folders: list[Path]) -> None:
    """Outside git: each file atomically, all or nothing."""
    transaction = files.Transaction()
    made: list[Path] = []
    try:
        for folder in folders:
            committing.make_folder(folder)
            made.append(folder)
        for path, data in changed:
            transaction.write(path, data)
    except BaseException:
        transaction.rollback()
        committing._remove_empty(made)
        raise


def _fail(repo: Repository, entry: records.Record, exc: BaseException) -> None:
    """Put back everything after a failure; if that fails too, keep the record (the next
    command puts things back) and say what to fix first."""
    try:
        settling.undo(repo, entry)
    except (EditplanError, OSError) as failed:
        why = _said(failed)
        fix = committing._advice(failed) if isinstance(failed, OSError) else None
        fix = fix or disk_advice_in(str(why)) or disk_advice_in(str(exc)) or "fix that first"
        raise records.CommandInProgress(
            f"{exc}; and putting back what {entry.command} had written failed too ({why}). "
            f"Its record is kept ({entry.folder}): {fix}, then run any editplan command that "
            "writes (it puts the files back as they were before it starts)"
        ) from None
    records.end(entry)
    if isinstance(exc, EditplanError) and "nothing was" not in exc.message:
        # the system's refusals (OutputError) say what to fix; git's words may not
        fix = None if isinstance(exc, OutputError) else disk_advice_in(exc.message)
        exc.message += "; nothing was changed" + (f": {fix}, then run it again" if fix else "")


def _said(failed: EditplanError | OSError) -> str:
    """What a failure says, a system's refusal with the file it refused."""
    if not isinstance(failed, OSError):
        return str(failed)
    where = f"{display(Path(failed.filename))}: " if failed.filename else ""
    return f"{where}{failed.strerror or failed}"
