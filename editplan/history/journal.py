"""The application journal: what an application is doing, kept in the repository's git dir.

Like git's own state for a rebase or a merge, an application that will commit records, before
it writes its first file, everything needed to finish it or to undo it: a folder
``editplan-apply`` in the work tree's git dir (``.git/editplan-apply``) holding

- ``state.json``: the sets, the plan, the branch and HEAD before, the commit message and
  author, the paths to commit, the tag, the base and result content hashes, the folders it
  will create, and per file whether it existed before;
- ``files/N.old`` and ``files/N.new``: each file's bytes before and after;
- ``index`` and ``COMMIT_EDITMSG``: copies of git's files as they were.

The folder is built whole under another name and renamed into place (a rename is atomic, and
fails when a journal is already there: two applications cannot run at once); it is ended by a
rename to a third name and then removed, so that a journal is either whole or absent. Leftovers
of an interrupted build or removal are cleared when the next journal begins.

Deterministic kill points for tests: when the environment variable ``EDITPLAN_PAUSE_AT``
names a step, the process writes ``editplan-checkpoint: STEP`` to its standard error on
reaching it, and waits there to be killed. The steps of an application are ``journal`` (the
journal is written, nothing else), ``file:N`` (the N-th file is written, 1-based, the plan
last), ``commit`` (the commit is made) and ``tag`` (the tag too; only the journal remains).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editplan.errors import HistoryError
from editplan.store import files, places

NAME = "editplan-apply"
FORMAT = 1
PAUSE_VARIABLE = "EDITPLAN_PAUSE_AT"


class ApplicationInProgress(HistoryError):
    """An application was interrupted: its journal exists. Exit code 3 (the plan cannot be
    changed until the application is finished or undone)."""

    exit_code = 3


@dataclass
class FileRecord:
    """One file the application writes: where, and its bytes before (None: it did not exist)
    and after."""

    path: Path
    old: bytes | None
    new: bytes


@dataclass
class Journal:
    """What an application is doing: enough to finish it or to undo it, byte for byte."""

    folder: Path
    root: Path
    sets: list[dict[str, str]]  # {"id": ..., "file": path relative to the work tree}
    plan: str
    ref: str
    head: str
    message: str
    paths: list[str]
    tag: str | None
    base_hash: str
    result_hash: str
    files: list[FileRecord] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)  # created, outermost first
    index_path: Path | None = None
    index: bytes | None = None
    editmsg_path: Path | None = None
    editmsg: bytes | None = None
    author: str | None = None  # the commit's author ("Name <email>"); None: git's identity

    @property
    def set_ids(self) -> str:
        """The sets, as a message names them ("lg14", "lg14+party-a")."""
        return "+".join(s["id"] for s in self.sets)

    def _name(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _path(self, name: str) -> Path:
        return self.root / name  # an absolute name stays absolute

    def state(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "sets": self.sets,
            "plan": self.plan,
            "ref": self.ref,
            "head": self.head,
            "message": self.message,
            "paths": self.paths,
            "tag": self.tag,
            "base": self.base_hash,
            "result": self.result_hash,
            "files": [
                {"path": self._name(f.path), "existed": f.old is not None} for f in self.files
            ],
            "folders": [self._name(f) for f in self.folders],
            "index": None if self.index_path is None else self._name(self.index_path),
            "index_existed": self.index is not None,
            "editmsg": None if self.editmsg_path is None else self._name(self.editmsg_path),
            "editmsg_existed": self.editmsg is not None,
            "author": self.author,
        }


def git_dir_of(path: Path) -> Path | None:
    """The git dir of the work tree holding ``path`` (a linked work tree's own), found without
    running git: the work tree's ``.git`` folder, or the folder its ``.git`` file names."""
    root = places.work_tree_of(path)
    if root is None:
        return None
    dot = root / ".git"
    if dot.is_dir():
        return dot
    text = dot.read_text(encoding="utf-8", errors="replace").strip()
    if not text.startswith("gitdir:"):
        return None
    return (root / text.removeprefix("gitdir:").strip()).resolve()


def folder_in(git_dir: Path) -> Path:
    """Where the journal of the work tree with this git dir is."""
    return git_dir / NAME


def exists(git_dir: Path) -> bool:
    return folder_in(git_dir).exists()


def begin(git_dir: Path, journal: Journal) -> None:
    """Write the journal whole (a temporary folder, then a rename), before any other write.

    Refused when a journal is already there (another application runs, or one was
    interrupted): the rename fails rather than replace it.
    """
    clear_leftovers(git_dir)
    members = file_members(journal.files)
    if journal.index is not None:
        members["index"] = journal.index
    if journal.editmsg is not None:
        members["COMMIT_EDITMSG"] = journal.editmsg
    members["state.json"] = state_bytes(journal.state())

    def busy() -> HistoryError:
        target = folder_in(git_dir)
        return ApplicationInProgress(
            f"another application is in progress in this repository ({target} exists)"
        )

    def failed(exc: OSError) -> HistoryError:
        return HistoryError(
            f"cannot write the application's journal in {git_dir}: {exc.strerror or exc}"
        )

    journal.folder = write_whole(git_dir, NAME, members, busy=busy, failed=failed)


def file_members(records: list[FileRecord]) -> dict[str, bytes]:
    """The members of a journal's or record's folder that hold its files, before and after."""
    members: dict[str, bytes] = {}
    for n, record in enumerate(records):
        if record.old is not None:
            members[f"files/{n}.old"] = record.old
        members[f"files/{n}.new"] = record.new
    return members


def state_bytes(state: dict[str, Any]) -> bytes:
    """A journal's or record's state, as its state.json holds it."""
    return (json.dumps(state, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_whole(
    git_dir: Path,
    name: str,
    members: dict[str, bytes],
    *,
    busy: Callable[[], HistoryError],
    failed: Callable[[OSError], HistoryError],
) -> Path:
    """Write the folder ``name`` of the git dir whole, with its ``files/`` and ``members`` in
    order: built under a temporary name, then renamed, so that it is there whole or not at
    all. ``busy()`` is raised when it is there already, ``failed(exc)`` when it cannot be
    written (nothing is left of it)."""
    target = git_dir / name
    if target.exists():
        raise busy()
    building = git_dir / f"{name}.new.{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    try:
        (building / "files").mkdir(parents=True)
        for member, data in members.items():
            (building / member).write_bytes(data)
        os.rename(building, target)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        if target.exists():
            raise busy() from None
        raise failed(exc) from None
    return target


def load(git_dir: Path, root: Path) -> Journal | None:
    """The journal of the work tree at ``root``, or None; a damaged one is reported with how
    to remove it by hand."""
    folder = folder_in(git_dir)
    if not folder.exists():
        return None
    try:
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        if state.get("format") != FORMAT:
            raise ValueError(f"format {state.get('format')!r}, not {FORMAT}")
        journal = Journal(
            folder=folder,
            root=root,
            sets=[{"id": str(s["id"]), "file": str(s["file"])} for s in state["sets"]],
            plan=str(state["plan"]),
            ref=str(state["ref"]),
            head=str(state["head"]),
            message=str(state["message"]),
            paths=[str(p) for p in state["paths"]],
            tag=state["tag"],
            base_hash=str(state["base"]),
            result_hash=str(state["result"]),
            author=state.get("author"),  # absent from journals written before it was kept
        )
        for n, entry in enumerate(state["files"]):
            old = (folder / "files" / f"{n}.old").read_bytes() if entry["existed"] else None
            new = (folder / "files" / f"{n}.new").read_bytes()
            journal.files.append(FileRecord(journal._path(entry["path"]), old, new))
        journal.folders = [journal._path(f) for f in state["folders"]]
        if state["index"] is not None:
            journal.index_path = journal._path(state["index"])
            if state["index_existed"]:
                journal.index = (folder / "index").read_bytes()
        if state["editmsg"] is not None:
            journal.editmsg_path = journal._path(state["editmsg"])
            if state["editmsg_existed"]:
                journal.editmsg = (folder / "COMMIT_EDITMSG").read_bytes()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HistoryError(
            f"an application was interrupted, and its journal ({folder}) is damaged "
            f"({exc}), so editplan cannot finish or undo it. Check the plan and git status "
            f"by hand (git status; git log -1), then remove the journal: rm -r {folder}"
        ) from None
    return journal


def end(journal: Journal) -> None:
    """Remove the journal: renamed away first (the application is then over), then deleted."""
    remove_whole(journal.folder, NAME)


def clear_leftovers(git_dir: Path) -> None:
    """Remove journals half built or half removed by a process that is gone."""
    clear_halves(git_dir, NAME)


def remove_whole(folder: Path, name: str) -> None:
    """Remove a folder :func:`write_whole` wrote: renamed away first, so that it is gone at
    once, then deleted."""
    ending = folder.parent / f"{name}.done.{os.getpid()}"
    shutil.rmtree(ending, ignore_errors=True)
    os.rename(folder, ending)
    shutil.rmtree(ending, ignore_errors=True)


def clear_halves(git_dir: Path, name: str) -> None:
    """Remove the folders ``name`` half built or half removed by a process that is gone."""
    for path in git_dir.glob(f"{name}.*.*"):
        pid = path.name.rsplit(".", 1)[-1]
        if path.name.startswith(f"{name}.done.") or not (pid.isdigit() and alive(int(pid))):
            shutil.rmtree(path, ignore_errors=True)


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (not this one: what it left is from before)."""
    return pid != os.getpid() and files.running(pid)


def checkpoint(step: str) -> None:
    """A deterministic kill point for tests (see the module's docstring); nothing otherwise."""
    if os.environ.get(PAUSE_VARIABLE) != step:
        return
    os.write(2, f"editplan-checkpoint: {step}\n".encode())
    while True:
        time.sleep(60)
