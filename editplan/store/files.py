"""Plan files and patch files on disk: read with positions, write back atomically.

This is the I/O shell around the pure core: it turns bytes into models (with file:line:col
errors) and models back into bytes (keeping comments and untouched lines).
"""

from __future__ import annotations

import glob
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from editplan.core.model import Plan
from editplan.core.patch import AmendmentSet
from editplan.errors import (
    ApplyError,
    InputError,
    Location,
    OutputError,
    disk_advice,
    reading,
)
from editplan.store import memo as memos
from editplan.store import places, yamlio
from editplan.store.paths import display

__all__ = [
    "PlanFile",
    "SetFile",
    "Transaction",
    "check_plan_place",
    "clear_temporaries",
    "display",
    "read_any",
    "read_bytes",
    "read_plan",
    "read_set",
    "read_set_plan",
    "read_text",
    "running",
    "temporaries_of",
    "write_atomic",
]


@dataclass
class PlanFile:
    """A plan read from disk, with the YAML document it came from (for writing back)."""

    path: Path
    plan: Plan
    doc: yamlio.Document
    crlf: bool = False  # the file's lines end in CR LF (saved on Windows): keep them so
    bom: bool = False  # the file starts with a UTF-8 byte-order mark: keep it

    def render(self, plan: Plan) -> str:
        """The file's text for ``plan``: only the lines whose content changed differ."""
        # not exclude_defaults: a file's "activities: []" must stay; the rewrite does not add
        # the empty lists that the file leaves out
        data = plan.model_dump(mode="json", exclude_none=True)
        text = yamlio.rewrite(self.doc, data)
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return "\ufeff" + text if self.bom else text


@dataclass
class SetFile:
    """A patch file read from disk, with positions for error messages."""

    path: Path
    aset: AmendmentSet
    doc: yamlio.Document

    @property
    def plan_path(self) -> Path:
        """The plan file the set names, relative to the patch file."""
        return (self.path.parent / self.aset.plan).resolve()

    def locate(self, error: ApplyError) -> ApplyError:
        """Give an applier error the line and column of its amendment's field."""
        if error.location is not None or error.amendment is None:
            return error
        try:
            index = self.aset.index_of(error.amendment)
        except KeyError:
            return error
        field = error.field or "id"
        loc: tuple[str | int, ...] = ("amendments", index, *_split_field(field))
        if field.startswith("targets") and "targets" not in self.doc.data["amendments"][index]:
            loc = ("amendments", index, "target")
        error.location = yamlio.locate(self.doc, display(self.path), loc)
        return error


def read_text(path: Path) -> str:
    """A plan or patch file's UTF-8 text (without a byte-order mark), or a clear error saying
    what is wrong with it; files over the size limit are refused before they are read."""
    return yamlio.decode(read_bytes(path), display(path))


def read_bytes(path: Path) -> bytes:
    """A plan or patch file's bytes, refused when over the size limit (yamlio.max_bytes)."""
    name = display(path)
    with reading(Location(name)), path.open("rb") as handle:
        yamlio.check_size(os.fstat(handle.fileno()).st_size, name)
        return handle.read()


def read_plan(path: Path) -> PlanFile:
    """Read and validate a plan file (inside :func:`editplan.store.memo.remembering`, parsed
    once per content: the same object while the file holds the same bytes)."""
    memo = memos.current()
    if memo is None:
        found = _read(path, "plan")
    else:
        data = read_bytes(path)
        key = ("plan file", str(path), memos.digest(data))
        found = memo.keep(key, lambda: _read(path, "plan", data))
    assert isinstance(found, PlanFile)
    return found


def read_set(path: Path) -> SetFile:
    """Read and validate a patch file (not yet against its plan)."""
    found = _read(path, "amendments")
    assert isinstance(found, SetFile)
    return found


def read_any(path: Path) -> PlanFile | SetFile:
    """Read a plan file or a patch file, whichever it is (by its top-level keys)."""
    return _read(path, None)


# What tells the two kinds of file apart: a key only that kind has at its top.
_KINDS = {"plan": ("areas", "a plan file"), "amendments": ("amendments", "a patch file")}


def _read(path: Path, expected: str | None, data: bytes | None = None) -> PlanFile | SetFile:
    name = display(path)
    data = read_bytes(path) if data is None else data
    text = yamlio.decode(data, name)
    crlf = "\r\n" in text
    # parse LF text; the CRs are put back when the file is written
    doc = yamlio.parse(text.replace("\r\n", "\n") if crlf else text, name)
    top = doc.data
    present = [k for k, (key, _) in _KINDS.items() if isinstance(top, dict) and key in top]
    for other in present:
        if expected is not None and other != expected:
            key, noun = _KINDS[other]
            raise InputError(
                f"this is {noun} (it has {key!r}), not {_KINDS[expected][1]}",
                Location(name, 1, 1),
            )
    if expected is None and not present:
        raise InputError(
            "neither a plan (no 'areas') nor a patch file (no 'amendments')", Location(name, 1, 1)
        )
    kind = expected or present[-1]
    if kind == "plan":
        bom = data.startswith(b"\xef\xbb\xbf")
        return PlanFile(path, yamlio.validate(Plan, doc, name), doc, crlf, bom)
    return SetFile(path, yamlio.validate(AmendmentSet, doc, name), doc)


def read_set_plan(set_file: SetFile) -> PlanFile:
    """The plan a patch file names; a missing plan is reported at the set's 'plan' field."""
    path = set_file.plan_path
    check_plan_place(set_file)
    if not path.is_file():
        where = yamlio.locate(set_file.doc, display(set_file.path), ("plan",))
        raise InputError(
            f"plan file {set_file.aset.plan!r} not found (looked for {display(path)})", where
        )
    return read_plan(path)


def check_plan_place(set_file: SetFile) -> None:
    """Refuse a set whose plan is outside its own workspace (before the plan is opened)."""
    where = yamlio.locate(set_file.doc, display(set_file.path), ("plan",))
    places.check_plan_place(set_file.path, set_file.plan_path, set_file.aset.plan, where)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename.

    The temporary file is ``.NAME.PID.XXXXXXXX.tmp``; those that writes of the same file by
    processes that are gone left behind (killed before their rename) are removed first.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"folder {display(folder)} does not exist", Location(display(path)))
    clear_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _refused(path, exc, "cannot write here") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _refused(path, exc, "cannot write") from None


def _refused(path: Path, exc: OSError, what: str) -> OutputError:
    """The system refused to write ``path``: why, and what to do first."""
    folder = display(path.parent)
    return OutputError(
        f"{what}: {exc.strerror or exc}; {disk_advice(exc, folder)}",
        Location(display(path)),
    )


def temporaries_of(path: Path) -> list[Path]:
    """The temporary files that :func:`write_atomic` of ``path`` leaves when it is killed
    before its rename (``.NAME.PID.XXXXXXXX.tmp`` beside it; ``.NAME.XXXXXXXX.tmp`` from
    earlier versions)."""
    return sorted(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))


def clear_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files of writes of ``path`` by processes that are gone; the
    files removed. Those of a process still running (writing it now) are kept."""
    removed = []
    prefix = f".{path.name}."
    for tmp in temporaries_of(path):
        middle = tmp.name[len(prefix) : -len(".tmp")]
        pid, dot, _ = middle.partition(".")
        if dot and pid.isdigit() and running(int(pid)):
            continue
        try:
            tmp.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            break  # a folder the user may not write: the write itself will say so
        removed.append(tmp)
    return removed


def running(pid: int) -> bool:
    """Whether process ``pid`` runs (this one included). A process that has ended but was not
    yet reaped by its parent (a zombie, on Linux) does not run: it writes nothing more."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rpartition(b")")[2].split()[:1]
    except OSError:
        return True  # no /proc (not Linux): the process exists
    return state != [b"Z"]


def _split_field(field: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in field.split(".")]


class Transaction:
    """Several atomic writes that can be undone together, for all-or-nothing commands."""

    def __init__(self) -> None:
        self.saved: list[tuple[Path, bytes | None]] = []

    def write(self, path: Path, data: bytes | str) -> None:
        """Write ``path`` atomically, remembering what it held before."""
        previous = path.read_bytes() if path.is_file() else None
        write_atomic(path, data)
        self.saved.append((path, previous))

    def rollback(self) -> None:
        """Put every written file back as it was (or remove it if it is new)."""
        for path, previous in reversed(self.saved):
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, previous)
        self.saved.clear()
