"""What a writing command killed halfway left, read and put right (see
:mod:`editplan.usecases.recording`, whose commands write through a record in the git dir).

:func:`settle`, called by every writing command before it reads, completes a command that had
committed (the index given its commit) and undoes one that had not, byte for byte;
:func:`interruptions` and :func:`interrupted` say what was left, for commands that only read
(they warn and go on); :func:`undo` puts back what a command wrote, when it fails or later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.errors import EditplanError, disk_advice
from editplan.history import journal as journals
from editplan.history import records
from editplan.store import files
from editplan.store.files import display
from editplan.usecases import committing, recovery
from editplan.usecases.workspace import Workspace

if TYPE_CHECKING:
    from editplan.history.repo import Repository


def undo(repo: Repository, entry: records.Record) -> None:
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
            undo(repo, entry)  # the folders it made, if any
            note = f"the interrupted {entry.command} ({entry.what}) had written nothing"
        else:
            undo(repo, entry)
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
            left = None
            if records.folder_in(git_dir).exists():  # git (and GitPython) only then
                repo = home.repo
                left = None if repo is None else interrupted(repo)
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
