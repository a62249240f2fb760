"""Killing ``editplan decide`` and ``editplan collect -o`` and checking what they leave: shared
by tests/test_interrupt_record.py and the standalone benchmarks/kill_record.py.

A run copies a template workspace, starts the command (``python -m editplan ...``) in a new
session and kills its whole process group with SIGKILL, at a named checkpoint
(``EDITPLAN_PAUSE_AT``: the command's record written, each file written, inside the commit:
staged, made, its objects moved in, committed) or after a delay. :func:`examine` then checks
the state left (each file byte-identical to the old or the new version, HEAD old or new, git's
connectivity whole), that a command that only reads (``status``) gives the right advice for
that state, and that the same command run again ends in exactly the uncut run's result with no
temporary file, record, quarantine or lock left. Git's identity and dates are fixed, so the
commit has the same sha in every run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from interrupt_support import GIT_ENV, copy, environment, files_of, git

from editplan import api
from editplan.history import journal as journals

DATA = Path(__file__).parent / "data"
SET = "amendments/lg14.yaml"
REVIEWED = DATA / "collect" / "lg14-review1.docx"
OUTPUT = "amendments/review1.yaml"
DECIDE = ["decide", SET, "53(b)", "53(m)", "--status", "rejected", "--note", "Not now"]
COLLECT = ["collect", str(REVIEWED), "-o", OUTPUT]
CHECKPOINTS = {
    "decide": ["journal", "file:1", "commit:staged", "commit:made", "commit:kept", "commit"],
    "collect": ["journal", "file:1"],
}
# How long after its record appears a command is still writing: the window aimed at.
AIM = {"decide": 0.05, "collect": 0.004}
__all__ = ["GIT_ENV", "copy"]


@dataclass
class Case:
    """A command to kill, its template workspace, and the uncut run's result."""

    name: str
    args: list[str]
    template: Path
    target: str  # the file the command writes
    old_head: str
    old_files: dict[str, bytes]
    new_head: str
    new_files: dict[str, bytes]


def case(name: str, scratch: Path) -> Case:
    """The template workspace for ``decide`` (the example) or ``collect -o`` (the example with
    lg14 applied, the version the reviewed copy was made from), and one uncut run on a copy."""
    template = scratch / f"template-{name}"
    api.init(template, example=True)
    if name == "collect":
        done = _run(template, ["apply", SET, "--no-docs"])
        assert done.returncode == 0, done.stderr
    args = DECIDE if name == "decide" else COLLECT
    uncut = copy(template, scratch / f"uncut-{name}")
    done = _run(uncut, args)
    assert done.returncode == 0, done.stderr
    return Case(
        name,
        args,
        template,
        SET if name == "decide" else OUTPUT,
        git(template, "rev-parse", "HEAD").strip(),
        files_of(template),
        git(uncut, "rev-parse", "HEAD").strip(),
        files_of(uncut),
    )


def _run(ws: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "editplan", *args],
        cwd=ws,
        env=environment(),
        capture_output=True,
        text=True,
    )


def start(ws: Path, args: list[str], pause: str | None = None) -> subprocess.Popen[bytes]:
    env = environment()
    if pause is not None:
        env[journals.PAUSE_VARIABLE] = pause
    return subprocess.Popen(
        [sys.executable, "-m", "editplan", *args],
        cwd=ws,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the whole process group (editplan and the git it runs)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()


def kill_at(ws: Path, args: list[str], step: str, timeout: float = 120.0) -> float:
    """Run until the checkpoint ``step``, then kill; the seconds it took to get there."""
    began = time.perf_counter()
    proc = start(ws, args, pause=step)
    assert proc.stderr is not None
    line = b""
    while time.perf_counter() < began + timeout:
        line = proc.stderr.readline()
        if not line or line.startswith(b"editplan-checkpoint:"):
            break
    took = time.perf_counter() - began
    kill(proc)
    assert line.strip() == f"editplan-checkpoint: {step}".encode(), (step, line)
    return took


def kill_after(ws: Path, args: list[str], delay: float, *, after_record: bool = False) -> bool:
    """Run, and kill ``delay`` seconds after the start or after the command's record appears
    (aimed at the writes and the commit); whether it had finished by then."""
    proc = start(ws, args)
    if after_record:
        record = ws / ".git" / "editplan-record"
        while proc.poll() is None and not record.exists():
            time.sleep(0.0005)
    try:
        proc.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        finished = False
    kill(proc)
    return finished


def leftovers(ws: Path) -> list[str]:
    """What a command may leave behind and must not after the next one: hidden temporary
    files, editplan's record and commit folders in the git dir, git's lock files and its
    next-index of a partial commit, the quarantine listed as an alternate."""
    found = [p.relative_to(ws).as_posix() for p in ws.rglob(".*.tmp")]
    git_dir = ws / ".git"
    found += [p.name for p in git_dir.iterdir() if p.name.startswith("editplan-")]
    found += [p.relative_to(ws).as_posix() for p in git_dir.rglob("*.lock")]
    if (git_dir / "objects" / "info" / "alternates").exists():
        found.append(".git/objects/info/alternates")
    return found


def stale_locks(ws: Path) -> list[str]:
    """git's own lock files left in the git dir (not those in editplan's commit folders, which
    the next commit clears, nor editplan's lock on the alternates, taken over once its process
    is gone), relative to it."""
    git_dir = ws / ".git"
    return [
        p.relative_to(git_dir).as_posix()
        for p in git_dir.rglob("*.lock")
        if not p.relative_to(git_dir).as_posix().startswith(("editplan-", "objects/info/"))
    ]


def examine(ws: Path, ref: Case) -> str:
    """Check the state a killed run left, the advice a reading command gives about it, and
    that running the command again ends as the uncut run; the kind of state."""
    now = files_of(ws)
    target = now.get(ref.target)
    assert target in (ref.old_files.get(ref.target), ref.new_files[ref.target]), "torn file"
    head = git(ws, "rev-parse", "HEAD").strip()
    assert head in (ref.old_head, ref.new_head), f"HEAD is {head}, neither old nor new"
    fsck = subprocess.run(["git", "fsck", "--no-dangling"], cwd=ws, capture_output=True, text=True)
    assert fsck.returncode == 0 and not fsck.stdout.strip(), fsck.stdout + fsck.stderr
    recorded = (ws / ".git" / "editplan-record").exists()
    stale_index = bool(git(ws, "status", "--porcelain", "--untracked-files=no").strip())
    kind = _kind(ws, ref, target, head, recorded, stale_index)
    advice = _run(ws, ["status"])
    assert advice.returncode == 0, advice.stderr
    _check_advice(kind, advice.stderr)
    locks = stale_locks(ws)
    if locks:  # git was killed with the command: the message names the lock; then removed
        refused = _run(ws, ref.args)
        assert refused.returncode in (2, 3), refused.stdout + refused.stderr
        assert all(lock in refused.stderr for lock in locks), refused.stderr
        assert "ps -e" in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
        _check_put_right(kind, refused.stderr)
        for lock in locks:
            (ws / ".git" / lock).unlink()  # as the message says, once no git process runs
        again = _run(ws, ref.args)
        assert again.returncode == 0, again.stderr
        assert "Committed" in again.stdout or "already recorded" in again.stdout, again.stdout
        kind += " + stale lock"
    else:
        again = _run(ws, ref.args)
        _check_again(kind, ref, again)
    assert files_of(ws) == ref.new_files, "the command run again did not end as the uncut run"
    assert git(ws, "rev-parse", "HEAD").strip() == ref.new_head
    assert not git(ws, "status", "--porcelain", "--untracked-files=no").strip()
    assert leftovers(ws) == [], leftovers(ws)
    fsck = subprocess.run(["git", "fsck"], cwd=ws, capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    return kind


def _kind(
    ws: Path, ref: Case, target: bytes | None, head: str, recorded: bool, stale_index: bool
) -> str:
    new = target == ref.new_files[ref.target]
    if head == ref.new_head != ref.old_head:
        return "committed, index behind" if stale_index else "committed"
    if not recorded:
        return "finished" if new else "not started"
    if new and ref.name == "collect":  # it writes and does not commit: complete
        return "finished, record left"
    return "written, record left" if new else "record left, nothing written"


def _check_advice(kind: str, said: str) -> None:
    """What ``status`` says (on stderr) about the state, before anything is put right."""
    if kind == "written, record left":
        assert "was interrupted before it ended" in said, said
        assert "holds what it wrote" in said and "puts it back as before" in said, said
    elif kind == "committed, index behind":
        assert "before git's index took the commit" in said, said
        assert "puts the index right" in said, said
    else:
        assert "interrupted" not in said, said


def _check_put_right(kind: str, said: str) -> None:
    """What a command run again says it put right, before it refuses for a lock git left."""
    if kind == "written, record left":
        assert "is put back as before" in said, said
    elif kind == "record left, nothing written":
        assert "had written nothing" in said, said
    elif kind.startswith("committed") and "editplan-record" in said:
        assert "was interrupted after it committed as " in said, said


def _check_again(kind: str, ref: Case, again: subprocess.CompletedProcess[str]) -> None:
    """The same command run again: what it says for each state."""
    if kind == "written, record left":
        assert again.returncode == 0, again.stderr
        assert "is put back as before" in again.stderr, again.stderr
    elif kind.startswith("finished") and ref.name == "collect":
        # what it wrote is whole: collect says so, and keeps it, as any file that exists
        assert again.returncode == 2, again.stdout + again.stderr
        assert "exists, and writing it would replace the patch file of set" in again.stderr
    elif kind == "record left, nothing written":
        assert again.returncode == 0, again.stderr
        assert "had written nothing" in again.stderr, again.stderr
    elif kind.startswith("committed"):
        assert again.returncode == 0, again.stderr
        assert "already recorded in commit" in again.stdout, again.stdout
    else:
        assert again.returncode == 0, again.stderr
        assert "interrupted" not in again.stderr, again.stderr


def fresh(ref: Case, scratch: Path, name: str = "ws") -> Path:
    """A copy of the case's template to kill the command in."""
    target = scratch / name
    shutil.rmtree(target, ignore_errors=True)
    return copy(ref.template, target)


# --- the state of a workspace, for tests that check nothing was touched -------------------


def objects(ws: Path) -> set[str]:
    """Every object file of the repository (loose objects and packs)."""
    return {p.relative_to(ws).as_posix() for p in (ws / ".git/objects").rglob("*") if p.is_file()}


def state(ws: Path) -> tuple[bytes, int, str, set[str], dict[str, bytes]]:
    """git's index (bytes and time), HEAD, the objects and the work tree's files."""
    index = ws / ".git/index"
    files = {
        p.relative_to(ws).as_posix(): p.read_bytes()
        for p in sorted(ws.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(ws).parts
    }
    head = git(ws, "rev-parse", "HEAD").strip()
    return index.read_bytes(), index.stat().st_mtime_ns, head, objects(ws), files


def editplan_entries(ws: Path) -> list[str]:
    """What editplan keeps in the git dir while it works (none once it is done)."""
    left = [p.name for p in (ws / ".git").iterdir() if p.name.startswith("editplan-")]
    if (ws / ".git/objects/info/alternates").exists():
        left.append("objects/info/alternates")
    return left
