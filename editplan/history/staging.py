"""A commit made aside: a temporary index, and a quarantine for the objects git writes.

``git commit -- PATHS`` stages into the repository's own index and writes its objects into the
repository; when a hook refuses, the index has been rewritten and the objects stay behind,
unreachable. editplan commits instead through a folder of its own in the git dir,
``editplan-commit.PID``, holding

- ``index``: a temporary index (``GIT_INDEX_FILE``), read from HEAD, into which the paths are
  staged: the commit is HEAD plus those paths, as a partial commit is, and the user's own
  index is not touched until the commit is made;
- ``objects/``: a quarantine (``GIT_OBJECT_DIRECTORY``, the repository's objects as an
  alternate), as git's own receive-pack keeps pushed objects until its hooks accept them.

When git refuses, the folder is removed: the index is as it was and no object is left. When
git commits, the objects move into the repository. Between the two, git has pointed the branch
at a commit whose objects are in the quarantine: so that a process killed there leaves a
repository every git command can read, the quarantine is listed in the repository's
``objects/info/alternates`` while git commits, and that line is removed once the objects have
moved. A folder left by a process that is gone is cleared by the next commit
(:func:`clear_stale`): its objects are moved in if it was listed (something may refer to them),
and dropped if it was not (nothing can).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from editplan.errors import HistoryError, OutputError, disk_advice
from editplan.store import files

PREFIX = "editplan-commit."
_NEXT_INDEX = "next-index-"  # git's own temporary index of a partial commit: next-index-PID.lock
_PACK_LAST = (".idx",)  # git sees a pack once its index is there: moved last


class Staging:
    """The temporary index and quarantine of one commit; a context manager that clears the
    folder on the way out unless :meth:`keep` moved its objects in."""

    def __init__(self, git_dir: Path, objects: Path) -> None:
        self.folder = git_dir / f"{PREFIX}{os.getpid()}"
        self.objects = objects  # the repository's object directory
        self.quarantine = self.folder / "objects"
        self.index = self.folder / "index"
        self._listed = False
        self._done = False

    @property
    def env(self) -> dict[str, str]:
        """The environment git runs in to stage and commit aside."""
        others = os.environ.get("GIT_ALTERNATE_OBJECT_DIRECTORIES")
        alternates = os.pathsep.join(filter(None, [str(self.objects), others]))
        return {
            "GIT_INDEX_FILE": str(self.index),
            "GIT_OBJECT_DIRECTORY": str(self.quarantine),
            "GIT_ALTERNATE_OBJECT_DIRECTORIES": alternates,
        }

    def __enter__(self) -> Staging:
        clear_stale(self.folder.parent, self.objects)
        shutil.rmtree(self.folder, ignore_errors=True)  # a process of this pid that is gone
        try:
            (self.quarantine / "info").mkdir(parents=True)
        except OSError as exc:
            raise HistoryError(_cannot(f"make {self.folder}", exc)) from None
        return self

    def protect(self) -> None:
        """List the quarantine among the repository's alternates, before git commits: from
        then on, a branch pointing at a commit in it is readable by every git process."""
        _edit_alternates(self.objects, add=_line(self.objects, self.quarantine))
        self._listed = True

    def keep(self) -> None:
        """Move the objects git wrote into the repository, then forget the folder."""
        migrate(self.quarantine, self.objects)
        self._forget()

    def __exit__(self, *exc: object) -> None:
        if not self._done:
            with contextlib.suppress(HistoryError):  # the error on its way out says more
                self._forget()

    def _forget(self) -> None:
        """Unlist the quarantine, then remove the folder; a quarantine that cannot be unlisted
        (a full disk) is kept: listed and present, it harms nothing, and the next commit of
        another process clears it."""
        if self._listed:
            _edit_alternates(self.objects, remove=_line(self.objects, self.quarantine))
            self._listed = False
        shutil.rmtree(self.folder, ignore_errors=True)
        self._done = True


def clear_stale(git_dir: Path, objects: Path) -> list[Path]:
    """Clear what commits of processes that are gone left in the git dir: editplan's own
    folders (objects moved in when listed as an alternate, dropped when not) and git's
    ``next-index-PID.lock`` of a partial commit, which git never looks at again. The paths
    cleared."""
    cleared: list[Path] = []
    try:
        names = os.listdir(git_dir)
    except OSError:
        return cleared
    lock = objects / "info" / "alternates.lock"
    if _stale(lock):  # a process killed while it edited the alternates
        with contextlib.suppress(OSError):
            lock.unlink()
            cleared.append(lock)
    for claim in lock.parent.glob(f"{lock.name}.*"):  # its claim, or its claim half written
        if not _alive(claim.name.rsplit(".", 1)[-1]):
            with contextlib.suppress(OSError):
                claim.unlink()
                cleared.append(claim)
    files.clear_temporaries(lock.parent / "alternates")  # a write of the alternates, killed
    listed = _read_alternates(objects)
    for name in names:
        path = git_dir / name
        if name.startswith(PREFIX) and not _alive(name.removeprefix(PREFIX)):
            line = _line(objects, path / "objects")
            if line in listed:
                migrate(path / "objects", objects)
                _edit_alternates(objects, remove=line)
            shutil.rmtree(path, ignore_errors=True)
            cleared.append(path)
        elif (
            name.startswith(_NEXT_INDEX)
            and name.endswith(".lock")
            and not _alive(name.removeprefix(_NEXT_INDEX).removesuffix(".lock"))
        ):
            with contextlib.suppress(OSError):
                path.unlink()
                cleared.append(path)
    return cleared


def migrate(quarantine: Path, objects: Path) -> None:
    """Move the objects of ``quarantine`` into the object directory ``objects``: loose objects
    (one already there is kept), then packs, each pack's index last."""
    if not quarantine.is_dir():
        return
    try:
        for fan in sorted(quarantine.iterdir()):
            if len(fan.name) == 2 and fan.is_dir():
                for loose in sorted(fan.iterdir()):
                    _move(loose, objects / fan.name / loose.name)
        pack = quarantine / "pack"
        if pack.is_dir():
            found = sorted(pack.iterdir(), key=lambda p: (p.suffix in _PACK_LAST, p.name))
            for part in found:
                _move(part, objects / "pack" / part.name)
    except OSError as exc:
        raise HistoryError(_cannot(f"move the new objects into {objects}", exc)) from None


def _move(source: Path, target: Path) -> None:
    if target.exists():
        source.unlink()
        return
    target.parent.mkdir(exist_ok=True)
    os.replace(source, target)


def _line(objects: Path, quarantine: Path) -> str:
    """The quarantine as an alternates line: relative to the object directory, so that the
    repository can be moved."""
    return Path(os.path.relpath(quarantine, objects)).as_posix()


def _read_alternates(objects: Path) -> list[str]:
    try:
        return (objects / "info" / "alternates").read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise HistoryError(_cannot(f"read {objects / 'info' / 'alternates'}", exc)) from None


def _edit_alternates(objects: Path, *, add: str | None = None, remove: str | None = None) -> None:
    """Add or remove one line of ``objects/info/alternates``, under a lock, atomically; the
    file is removed when no line is left."""
    info = objects / "info"
    path = info / "alternates"
    lock = info / "alternates.lock"
    try:
        info.mkdir(exist_ok=True)
        _acquire(lock)
        try:
            lines = [line for line in _read_alternates(objects) if line != remove]
            if add is not None and add not in lines:
                lines.append(add)
            if lines:
                files.write_atomic(path, "".join(f"{line}\n" for line in lines))
            else:
                path.unlink(missing_ok=True)
        finally:
            lock.unlink(missing_ok=True)
    except OSError as exc:
        raise HistoryError(_cannot(f"update {path}", exc)) from None
    except OutputError as exc:  # the atomic write refused: the message says what to fix
        raise HistoryError(f"cannot update {path}: {exc.message}") from None


def _acquire(lock: Path, wait: float = 5.0) -> None:
    """Take the lock, waiting a little for another editplan; a lock whose process is gone is
    taken over. The lock appears holding the pid, never empty: the pid is written in a claim
    (``alternates.lock.PID``) that is then linked as the lock, exclusively."""
    deadline = time.monotonic() + wait
    claim = lock.with_name(f"{lock.name}.{os.getpid()}")
    while True:
        try:
            _take(lock, claim)
        except FileExistsError:
            if _stale(lock, mine=True):
                lock.unlink(missing_ok=True)
                continue
            if time.monotonic() > deadline:
                holder = _holder(lock)
                raise HistoryError(
                    f"{lock} exists: another editplan command is committing in this "
                    f"repository (process {holder or 'unknown'}); wait for it to end, or, if "
                    f"none runs, remove the file (rm {lock})"
                ) from None
            time.sleep(0.01)
            continue
        return


def _take(lock: Path, claim: Path) -> None:
    """Make ``lock`` holding this process's pid, or raise FileExistsError when it exists."""
    try:
        claim.write_text(str(os.getpid()), encoding="utf-8")
        os.link(claim, lock)
    except FileExistsError:
        raise
    except OSError:  # no room for the claim (a full disk), or no hard links: made exclusively
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with contextlib.suppress(OSError), os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(str(os.getpid()))  # a full disk leaves it empty: held all the same
    finally:
        claim.unlink(missing_ok=True)


def _holder(lock: Path) -> str:
    """The pid written in a lock ("" when none could be read)."""
    try:
        return lock.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _stale(lock: Path, *, mine: bool = False) -> bool:
    """Whether a lock is left by a process that is gone (or, with ``mine``, by this one), or
    was left empty over 10 s ago (its pid could not be written: a full disk, a kill)."""
    holder = _holder(lock)
    if holder:
        return (mine and holder == str(os.getpid())) or not _alive(holder)
    try:
        return time.time() - lock.stat().st_mtime > 10
    except OSError:
        return False


def _alive(pid: str) -> bool:
    """Whether process ``pid`` (as written in a name) still runs; a name that is no pid is
    taken as a process that is gone."""
    return pid.isdigit() and files.running(int(pid))


def _cannot(what: str, exc: OSError) -> str:
    """git's folder refused a write: what, why, and what to do first."""
    return f"cannot {what}: {exc.strerror or exc}; {disk_advice(exc)}"
