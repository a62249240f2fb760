"""How every command that writes files records them: the one careful way to the disk and git.

``decide``, ``accept-candidate``, ``resolve``, ``collect -o`` and ``import -o`` (and any new
command that writes: one call of :func:`record` is enough, which does what :func:`prepare`
does first; a command that reads or checks the files it will rewrite calls :func:`prepare`
before, so that it reads them as they were before any interrupted command):

- :func:`prepare`, first, before reading what they will rewrite: refused while an application
  is interrupted (:mod:`editplan.usecases.recovery`); what a writing command killed halfway
  left is put right (its files put back byte for byte, or its finished commit completed in
  the index), and leftovers removed (the hidden ``.NAME.PID.XXXX.tmp`` files of killed
  writes, git's ``next-index-PID.lock``, the commit folders of :mod:`editplan.history.staging`);
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
    disk_advice,
    disk_advice_in,
)
from editplan.history import journal as journals
from editplan.history import records
from editplan.store import files
from editplan.store.files import display
from editplan.usecases import committing, recovery
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
            notes += settle(repo)
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
        _undo(repo, entry)
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


def _undo(repo: Repository, entry: records.Record) -> None:
    """Put back the files (byte for byte), the folders made, and the commit if it was made
    (the branch goes back, the index takes the paths as they were)."""
    made = _made_commit(repo, entry)
    if made is not None and entry.ref is not None and entry.head is not None:
        repo.move_branch(entry.ref, entry.head, made, f"editplan: undo {entry.what}")
        repo.reset(entry.paths)
    for each in reversed(entry.files):
        if committing._read(each.path) == each.new:
            if each.old is None:
                each.path.unlink(missing_ok=True)
            else:
                files.write_atomic(each.path, each.old)
        files.clear_temporaries(each.path)
    committing._remove_empty(entry.folders)


def _made_commit(repo: Repository, entry: records.Record) -> str | None:
    """The commit the recorded command made, when HEAD is it; None otherwise."""
    if entry.message is None or repo.branch_ref() != entry.ref:
        return None
    head = repo.resolve("HEAD")
    if head is None or head == entry.head:
        return None
    made = repo.commit_of(head)
    parents = (entry.head,) if entry.head is not None else ()
    if made is None or made.parents != parents or not _same(made.message, entry.message):
        return None
    return head


def _same(committed: str, message: str) -> bool:
    """Whether a commit's message is the one recorded (git trims trailing space and lines)."""
    return committed.strip() == message.strip()


# --- after an interruption --------------------------------------------------------------


def settle(repo: Repository) -> list[str]:
    """Put right what a writing command killed halfway left in this work tree: a finished
    one is completed (its record removed, the index given its commit); one that had not
    finished is undone, byte for byte. Notes saying which. Refused (with what to do) while
    another command writes, or when a file it wrote has changed since."""
    git_dir = Path(repo.git_dir)
    records.clear_leftovers(git_dir)  # records and journals half removed by killed commands
    journals.clear_leftovers(git_dir)
    entry = records.load(git_dir, Path(repo.working_tree_dir).resolve())
    if entry is None:
        return []
    if records.running(entry):
        raise records.CommandInProgress(
            f"another editplan command ({entry.command}: {entry.what}, process {entry.pid}) "
            "is writing in this repository; wait for it to end, then run this one again"
        )
    state = _state(repo, entry)
    if state.foreign:
        raise records.CommandInProgress(_foreign(entry, state.foreign))
    names = ", ".join(_name(entry, f.path) for f in entry.files)
    try:
        if state.commit is not None:
            if repo.resolve("HEAD") == state.commit:
                _check_index_lock(repo, entry, state.commit)
                repo.reset(entry.paths)
            note = f"the interrupted {entry.command} ({entry.what}) had committed {names} as "
            note += f"{state.commit[:7]}; it is complete"
        elif state.complete:
            note = f"the interrupted {entry.command} ({entry.what}) had written {names}; "
            note += "it is complete"
        elif not state.written:
            _undo(repo, entry)  # the folders it made, if any
            note = f"the interrupted {entry.command} ({entry.what}) had written nothing"
        else:
            _undo(repo, entry)
            note = f"{entry.command} ({entry.what}) was interrupted before it ended: "
            note += f"{names} {'is' if len(entry.files) == 1 else 'are'} put back as before"
        for each in entry.files:
            files.clear_temporaries(each.path)
    except OSError as exc:
        raise records.CommandInProgress(
            f"an interrupted {entry.command} ({entry.what}) left {names} to put back, and "
            f"that failed ({exc.strerror or exc}): {disk_advice(exc)}, then run this command "
            "again"
        ) from None
    records.end(entry)
    return [note]


def _check_index_lock(repo: Repository, entry: records.Record, commit: str) -> None:
    """Refuse to give the index the interrupted command's commit while git's lock is on it
    (the command was killed while git wrote the index, or another git runs): say so."""
    from editplan.history import preflight

    locks = preflight.stale_locks(repo)
    if locks:
        message = preflight.stale_lock_message(locks).replace(" Nothing was changed.", "")
        raise records.CommandInProgress(
            f"{entry.command} ({entry.what}) was interrupted after it committed as "
            f"{commit[:7]}, while git's index was being given that commit. {message}"
        )


@dataclass
class _State:
    commit: str | None = None
    complete: bool = False
    written: int = 0  # files holding their new bytes
    foreign: list[Path] = field(default_factory=list)


def _state(repo: Repository, entry: records.Record) -> _State:
    """How far a recorded command got: its commit (when made), whether it wrote every file
    (and staged them, when asked), which files hold neither their old nor their new bytes."""
    state = _State()
    new = 0
    for each in entry.files:
        now = committing._read(each.path)
        if now == each.new:
            new += 1
        elif now != each.old:
            state.foreign.append(each.path)
    state.written = new
    state.commit = _committed(repo, entry)
    if state.commit is not None:
        state.foreign = []  # the commit holds what it wrote; later edits are the user's
    written = new == len(entry.files)
    staged = not entry.staged or not set(entry.paths) & set(repo.unmerged_paths())
    state.complete = written and entry.message is None and staged
    return state


def _committed(repo: Repository, entry: records.Record) -> str | None:
    """The commit the recorded command made, found on its branch's first-parent line (later
    commits may sit on it); None if it was not made."""
    if entry.message is None or entry.ref is None:
        return None
    tip = repo.resolve(entry.ref)
    if tip is None or tip == entry.head:
        return None
    line = repo.first_parents(tip)
    if entry.head is None:
        candidate = line[-1] if line else None
    elif entry.head in line:
        at = line.index(entry.head)
        candidate = line[at - 1] if at > 0 else None
    else:
        return None
    made = repo.commit_of(candidate) if candidate else None
    if made is None or not _same(made.message, entry.message):
        return None
    return made.sha


def _foreign(entry: records.Record, changed: list[Path]) -> str:
    names = ", ".join(_name(entry, p) for p in changed)
    return (
        f"{entry.command} ({entry.what}) was interrupted before it ended, and {names} "
        f"{'has' if len(changed) == 1 else 'have'} changed since it wrote "
        f"{'it' if len(changed) == 1 else 'them'}, so editplan will not put "
        f"{'it' if len(changed) == 1 else 'them'} back. Check (git status; git diff), keep or "
        f"discard those changes, then remove the record of the interrupted command "
        f"(rm -r {entry.folder}) and run this command again"
    )


def interruptions(ws: Workspace, paths: Sequence[str | Path] = ()) -> list[EditplanError]:
    """For commands that only read (they warn and go on): what an interrupted application or
    writing command left in the workspaces holding ``paths`` (the workspace itself when none
    is given), each as the error a writing command would refuse with."""
    homes = [ws.at(ws.path(p)) for p in paths] or [ws]
    found: list[EditplanError] = []
    seen: set[Path] = set()
    for home in homes:
        if home.root is None or home.root in seen:
            continue
        seen.add(home.root)
        git_dir = journals.git_dir_of(home.root)
        if git_dir is None:
            continue
        try:
            if journals.exists(git_dir):
                recovery.check_no_application(home)
            repo = home.repo
            left = None
            if repo is not None and records.folder_in(git_dir).exists():
                left = interrupted(repo)
        except EditplanError as exc:
            exc.message = f"{_READ_AS_LEFT}: {exc.message}"
            found.append(exc)
            continue
        if left is not None:
            found.append(records.CommandInProgress(f"{_READ_AS_LEFT}: {left}"))
    return found


_READ_AS_LEFT = "this reads the files as an interrupted command left them"


def interrupted(repo: Repository) -> str | None:
    """What a writing command killed halfway left in this work tree, for commands that only
    read (they warn and go on); None when nothing is left."""
    entry = records.load(Path(repo.git_dir), Path(repo.working_tree_dir).resolve())
    if entry is None or records.running(entry):
        return None
    state = _state(repo, entry)
    names = ", ".join(_name(entry, f.path) for f in entry.files)
    if state.commit is not None:
        if repo.resolve("HEAD") != state.commit or not any(map(repo.path_status, entry.paths)):
            return None
        from editplan.history import preflight

        locks = preflight.stale_locks(repo)
        lock = f" (first: {preflight.stale_lock_message(locks)})" if locks else ""
        return (
            f"{entry.command} ({entry.what}) was interrupted after it committed {names} as "
            f"{state.commit[:7]}, before git's index took the commit, so git status shows "
            f"{'it' if len(entry.files) == 1 else 'them'} changed; the next editplan command "
            f"that writes puts the index right (as git reset -q -- {' '.join(entry.paths)} does)"
            f"{lock}"
        )
    if state.complete or not (state.written or state.foreign):
        return None
    if state.foreign:
        return _foreign(entry, state.foreign).replace(" and run this command again", "")
    one = len(entry.files) == 1
    return (
        f"{entry.command} ({entry.what}) was interrupted before it ended: {names} "
        f"{'holds' if one else 'hold'} what it wrote"
        + (", not committed" if entry.message is not None else "")
        + f"; the next editplan command that writes puts {'it' if one else 'them'} back as "
        f"before (then run {entry.command} again)"
    )


def _name(entry: records.Record, path: Path) -> str:
    try:
        return path.relative_to(entry.root).as_posix()
    except ValueError:
        return display(path)
