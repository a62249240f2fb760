"""The last step of an application: write its files, commit them, tag, all or nothing.

Outside a commit the files are written as one transaction. With a commit, the application's
journal (:mod:`editplan.history.journal`) is written first, so that a run killed at any
moment can be finished or undone (:mod:`editplan.usecases.recovery`), and a late refusal (a
hook, a failing tag) puts back everything: the files, the folders made for them, git's index
and COMMIT_EDITMSG, and the commit itself.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editplan.errors import (
    EditplanError,
    HistoryError,
    Location,
    OutputError,
    disk_advice,
    disk_advice_in,
)
from editplan.history import journal as journals
from editplan.store import files
from editplan.store.files import display

if TYPE_CHECKING:
    from editplan.history.repo import Repository

Writes = Sequence[tuple[Path, bytes | str]]
# The remedy of the errors that say "finish it, or undo it" of an interrupted application: the
# two functions that do it (the command line names its own spelling of them).
RECOVERY = "continue_apply / abort_apply"


@dataclass
class CommitSpec:
    """What to commit once the files are written, and what the journal records about it."""

    paths: list[Path]
    message: str
    tag: str | None
    sets: list[tuple[str, Path]]  # (set id, set file)
    plan: Path
    base_hash: str
    result_hash: str
    author: str | None = None  # "Name <email>" of the commit's author; None: git's identity


@dataclass
class Progress:
    """How far an application got, read from the work tree and git against its journal."""

    written: list[journals.FileRecord] = field(default_factory=list)
    unwritten: list[journals.FileRecord] = field(default_factory=list)
    foreign: list[journals.FileRecord] = field(default_factory=list)  # neither old nor new
    commit: str | None = None  # the application's commit, when made
    moved: str | None = None  # HEAD is neither before nor the application's commit: what it is
    tagged: bool = False


def check_folder(folder: Path, option: str) -> None:
    """Refuse an output folder that is missing, or a file."""
    if folder.is_dir():
        return
    if folder.exists():
        raise OutputError(f"{display(folder)} is a file, not a folder", option=option)
    raise OutputError(f"folder {display(folder)} does not exist", option=option)


def folders_needed(paths: Sequence[Path], *, option: str | None = None) -> list[Path]:
    """The folders to create for ``paths``, outermost first; a file where a folder must be
    is refused before anything is written."""
    needed: list[Path] = []
    for folder in dict.fromkeys(p.parent for p in paths):
        missing: list[Path] = []
        here = folder
        while not here.exists():
            missing.append(here)
            here = here.parent
        if not here.is_dir():
            inside = display(folder)
            raise OutputError(
                f"is a file, not a folder, and the documents go into {inside}/: move or "
                "remove that file, or write the documents into another folder",
                Location(display(here)),
                remedy=option,
            )
        needed += [m for m in reversed(missing) if m not in needed]
    return needed


def write_all(writes: Writes, *, option: str | None = None) -> None:
    """Write files all or nothing (each atomically; on any failure every one is put back and
    the folders made for them are removed)."""
    folders = folders_needed([p for p, _ in writes], option=option)
    transaction = files.Transaction()
    made: list[Path] = []
    try:
        for folder in folders:
            make_folder(folder)
            made.append(folder)
        for path, data in writes:
            transaction.write(path, data)
    except BaseException:
        transaction.rollback()
        _remove_empty(made)
        raise


def write_and_commit(
    repo: Repository,
    writes: Writes,
    spec: CommitSpec,
    *,
    option: str | None = None,
    before_commit: Callable[[], None] | None = None,
) -> str:
    """Write the files, commit them and tag the commit, with the journal; the commit's sha.

    On any failure (git refusing the commit, a failing tag, an interruption inside Python)
    everything is put back as it was before, the commit included, and the error raised.
    """
    from editplan.history import git as history
    from editplan.history import preflight

    folders = folders_needed([p for p, _ in writes], option=option)
    preflight.check_locks(repo, spec.tag)
    journal = _journal(repo, writes, spec, folders)
    git_dir = Path(repo.git_dir)
    journals.begin(git_dir, journal)
    journals.checkpoint("journal")
    try:
        for folder in folders:
            make_folder(folder)
        for n, record in enumerate(journal.files, 1):
            files.write_atomic(record.path, record.new)
            journals.checkpoint(f"file:{n}")
        if before_commit is not None:
            before_commit()
        sha = history.commit(repo, spec.paths, spec.message, author=spec.author)
        journals.checkpoint("commit")
        if spec.tag is not None:
            history.tag(repo, spec.tag, sha)
            journals.checkpoint("tag")
    except BaseException as exc:
        try:
            restore(repo, journal)
        except (EditplanError, OSError) as failed:
            said = f"{failed}"
            if isinstance(failed, OSError):
                where = f"{display(Path(failed.filename))}: " if failed.filename else ""
                said = f"{where}{failed.strerror or failed}"
            fix = _advice(failed) if isinstance(failed, OSError) else None
            fix = fix or disk_advice_in(said) or disk_advice_in(str(exc)) or "fix that first"
            raise HistoryError(
                f"{exc}; and putting everything back failed too ({said}), so the application "
                f"is left as it is, with its journal: {fix}; then finish it, or undo it",
                remedy=RECOVERY,
            ) from None
        if isinstance(exc, HistoryError) and not isinstance(exc, OutputError):
            fix = disk_advice_in(str(exc))
            if fix is not None:
                exc.message += f"; nothing was changed: {fix}, then run the command again"
        journals.end(journal)
        raise
    journals.end(journal)
    return sha


def _journal(
    repo: Repository, writes: Writes, spec: CommitSpec, folders: list[Path]
) -> journals.Journal:
    from editplan.history import git as history
    from editplan.history import preflight

    root = Path(repo.working_tree_dir or "").resolve()
    index_path, editmsg_path = preflight.git_paths(repo, ["index", "COMMIT_EDITMSG"])
    journal = journals.Journal(
        folder=Path(),
        root=root,
        sets=[{"id": i, "file": history.relative(repo, p)} for i, p in spec.sets],
        plan=history.relative(repo, spec.plan),
        ref=preflight.branch_of(repo),
        head=repo.head(),
        message=spec.message,
        paths=[history.relative(repo, p) for p in spec.paths],
        tag=spec.tag,
        base_hash=spec.base_hash,
        result_hash=spec.result_hash,
        author=spec.author,
        folders=[f.resolve() for f in folders],
        index_path=index_path,
        index=_read(index_path),
        editmsg_path=editmsg_path,
        editmsg=_read(editmsg_path),
    )
    for path, data in writes:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        journal.files.append(journals.FileRecord(path.resolve(), _read(path), raw))
    return journal


def inspect(repo: Repository, journal: journals.Journal) -> Progress:
    """How far the journal's application got: which files hold their new bytes, and whether
    the commit and the tag were made."""
    progress = Progress()
    for record in journal.files:
        now = _read(record.path)
        if now == record.new:
            progress.written.append(record)
        elif now == record.old:
            progress.unwritten.append(record)
        else:
            progress.foreign.append(record)
    ref = repo.branch_ref()  # None: detached
    sha = repo.head()
    if ref != journal.ref:
        progress.moved = f"{sha[:7]} ({'detached' if ref is None else ref})"
    elif sha != journal.head:
        made = repo.commit_of(sha)
        if (
            made is not None
            and made.parents == (journal.head,)
            and f"Editplan-Result: {journal.result_hash}" in made.message
        ):
            progress.commit = sha
        else:
            progress.moved = sha[:7]
    if journal.tag is not None and progress.commit is not None:
        progress.tagged = tag_target(repo, journal.tag) == progress.commit
    return progress


def tag_target(repo: Repository, name: str) -> str | None:
    """The commit a tag names, or None when there is no such tag."""
    return repo.tag_target(name)


def restore(repo: Repository, journal: journals.Journal) -> Progress:
    """Put back what the journal's application did: the tag, the commit (HEAD goes back, the
    work tree is not touched by git), every file byte for byte, the folders it made, git's
    index and COMMIT_EDITMSG. Safe to run again after an interruption."""
    from editplan.history import preflight

    progress = inspect(repo, journal)
    preflight.check_locks(repo, journal.tag)
    if progress.tagged and journal.tag is not None:
        repo.delete_tag(journal.tag)
    if progress.commit is not None:
        repo.move_branch(
            journal.ref,
            journal.head,
            progress.commit,
            f"editplan: undo the application of {journal.set_ids}",
        )
    for record in reversed(journal.files):
        if record.old is None:
            record.path.unlink(missing_ok=True)
        elif _read(record.path) != record.old:
            files.write_atomic(record.path, record.old)
    clear_temporaries(journal)
    _remove_empty(journal.folders)
    if journal.index_path is not None:
        _put_locked(journal.index_path, journal.index)
    if journal.editmsg_path is not None:
        _put(journal.editmsg_path, journal.editmsg)
    return progress


def clear_temporaries(journal: journals.Journal) -> None:
    """Remove the temporary files of writes killed before their rename (those that cannot be
    removed, in a folder made read-only since, are left: they are hidden and harmless)."""
    for record in journal.files:
        files.clear_temporaries(record.path)


def _advice(failed: OSError) -> str:
    """:func:`disk_advice` naming the folder of the file the system refused, as shown."""
    folder = display(Path(failed.filename).parent) if failed.filename else None
    return disk_advice(failed, folder)


def make_folder(folder: Path) -> None:
    """Make one folder of those :func:`folders_needed` lists; the system's refusal is an
    OutputError that says what to fix."""
    try:
        folder.mkdir()
    except OSError as exc:
        raise OutputError(
            f"cannot make the folder: {exc.strerror or exc}; "
            f"{disk_advice(exc, display(folder.parent))}; nothing was written",
            Location(display(folder)),
        ) from None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _put(path: Path, data: bytes | None) -> None:
    if data is None:
        path.unlink(missing_ok=True)
    elif _read(path) != data:
        files.write_atomic(path, data)


def _put_locked(index: Path, data: bytes | None) -> None:
    """Write git's index as git does: under ``index.lock``, created exclusively, renamed."""
    lock = index.with_name(index.name + ".lock")
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        if data is None:
            os.close(fd)
            index.unlink(missing_ok=True)
            lock.unlink()
            return
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(lock, index)
    except BaseException:
        with contextlib.suppress(OSError):
            lock.unlink()
        raise


def _remove_empty(folders: Sequence[Path]) -> None:
    """Remove the folders an application made, innermost first, when nothing else is in them."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()
