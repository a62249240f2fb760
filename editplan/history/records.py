"""The record of a writing command in progress: ``decide``, ``collect -o``, ``resolve``...

Like an application's journal (:mod:`editplan.history.journal`), a command that writes files
in a git work tree first records, in the work tree's git dir, a folder ``editplan-record``
holding what it is doing:

- ``state.json``: the command and its words ("decide lg14: 53(a) agreed"), its process, the
  branch and HEAD before, the commit message (none when it only writes), the paths to commit,
  per file whether it existed, and the folders it makes;
- ``files/N.old`` and ``files/N.new``: each file's bytes before and after.

It is built under another name and renamed into place (so it is whole or absent, and two
commands cannot write at once), and removed the same way when the command ends. A command
killed halfway leaves it behind; the next one reads it to put things right
(:mod:`editplan.usecases.recording`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editplan.errors import HistoryError, disk_advice
from editplan.history.journal import (
    FileRecord,
    alive,
    clear_halves,
    file_members,
    remove_whole,
    state_bytes,
    write_whole,
)

NAME = "editplan-record"
FORMAT = 1


class CommandInProgress(HistoryError):
    """Another editplan command is writing in this repository, or one was interrupted in a
    way that needs a person. Exit code 3, as for an interrupted application."""

    exit_code = 3


@dataclass
class Record:
    """What a writing command is doing: enough to tell, later, how far it got and to undo it."""

    folder: Path
    root: Path
    command: str
    what: str  # the command in words, for messages
    pid: int
    ref: str | None
    head: str | None
    message: str | None  # None: the command writes and does not commit
    paths: list[str] = field(default_factory=list)  # relative to the work tree, to commit
    staged: bool = False  # the files are staged for the commit git is making, not committed
    files: list[FileRecord] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)  # made by the command, outermost first

    def name(self, path: Path) -> str:
        """A path as the record keeps it: relative to the work tree when inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def state(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "command": self.command,
            "what": self.what,
            "pid": self.pid,
            "ref": self.ref,
            "head": self.head,
            "message": self.message,
            "paths": self.paths,
            "staged": self.staged,
            "files": [
                {"path": self.name(f.path), "existed": f.old is not None} for f in self.files
            ],
            "folders": [self.name(f) for f in self.folders],
        }


def folder_in(git_dir: Path) -> Path:
    return git_dir / NAME


def begin(git_dir: Path, record: Record) -> None:
    """Write the record whole (a temporary folder, then a rename), before the command writes
    anything; refused when one is there already (another command writes, or one was killed
    and was not put right)."""
    clear_leftovers(git_dir)
    members = file_members(record.files)
    members["state.json"] = state_bytes(record.state())

    def busy() -> HistoryError:
        target = folder_in(git_dir)
        return CommandInProgress(
            f"another editplan command is writing in this repository ({target} exists)"
        )

    def failed(exc: OSError) -> HistoryError:
        return HistoryError(
            f"cannot write the record of {record.what} in {git_dir}: {exc.strerror or exc}; "
            f"{disk_advice(exc, str(git_dir))}; nothing was changed"
        )

    record.folder = write_whole(git_dir, NAME, members, busy=busy, failed=failed)


def load(git_dir: Path, root: Path) -> Record | None:
    """The record left in the git dir, or None; a damaged one is reported with how to remove
    it by hand."""
    folder = folder_in(git_dir)
    if not folder.exists():
        return None
    try:
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        if state.get("format") != FORMAT:
            raise ValueError(f"format {state.get('format')!r}, not {FORMAT}")
        record = Record(
            folder=folder,
            root=root,
            command=str(state["command"]),
            what=str(state["what"]),
            pid=int(state["pid"]),
            ref=state["ref"],
            head=state["head"],
            message=state["message"],
            paths=[str(p) for p in state["paths"]],
            staged=bool(state.get("staged", False)),
        )
        for n, entry in enumerate(state["files"]):
            old = (folder / "files" / f"{n}.old").read_bytes() if entry["existed"] else None
            new = (folder / "files" / f"{n}.new").read_bytes()
            record.files.append(FileRecord(root / entry["path"], old, new))
        record.folders = [root / f for f in state["folders"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CommandInProgress(
            f"an editplan command was interrupted, and its record ({folder}) is damaged "
            f"({exc}), so editplan cannot tell what it left. Check the files and git status "
            f"by hand (git status), then remove the record: rm -r {folder}"
        ) from None
    return record


def running(record: Record) -> bool:
    """Whether the command that wrote the record still runs."""
    return record.pid != os.getpid() and alive(record.pid)


def end(record: Record) -> None:
    """Remove the record: renamed away first (the command is then over), then deleted."""
    remove_whole(record.folder, NAME)


def clear_leftovers(git_dir: Path) -> None:
    """Remove records half built or half removed by a process that is gone."""
    clear_halves(git_dir, NAME)
