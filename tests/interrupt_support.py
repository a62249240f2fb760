"""Killing ``editplan apply`` and checking what it leaves: shared by tests/test_interrupt.py
and the standalone benchmarks/kill_apply.py.

A run copies a template workspace (``editplan init --example``), starts
``python -m editplan apply amendments/lg14.yaml --tag v1`` in a new session, and kills its
whole process group with SIGKILL, either at a named checkpoint (``EDITPLAN_PAUSE_AT``) or after
a delay. :func:`examine` then checks the state left behind (the plan byte-identical to the
old or the new version, HEAD old or new, ``git fsck`` clean), says what kind it is, and checks
that the next command succeeds or says to finish or undo it; :func:`recover_both`
tries each recovery on its own copy. Git's identity and dates are fixed, so that the commit an
application makes has the same sha in every run, and "HEAD is new" is an exact check.
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

from editplan import api
from editplan.errors import EditplanError
from editplan.history import journal as journals

PLAN = "plans/cb-action-plan.yaml"
SET = "amendments/lg14.yaml"
TAG = "v1"
ARGS = ["apply", SET, "--tag", TAG]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Secretariat",
    "GIT_AUTHOR_EMAIL": "secretariat@localhost",
    "GIT_COMMITTER_NAME": "Secretariat",
    "GIT_COMMITTER_EMAIL": "secretariat@localhost",
    "GIT_AUTHOR_DATE": "2020-05-01T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2020-05-01T12:00:00+00:00",
}
CHECKPOINTS = [
    "journal", "file:1", "file:2", "file:3", "file:4",
    "commit:staged", "commit:made", "commit:kept", "commit", "tag",
]  # fmt: skip


def git(cwd: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=check, capture_output=True, text=True
    ).stdout


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of the work tree outside .git, with its bytes (out/ included)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def folders_of(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_dir() and ".git" not in p.relative_to(root).parts
    )


@dataclass
class Reference:
    """The template workspace, and the two states a run may leave it in."""

    template: Path
    old_head: str
    old_files: dict[str, bytes]
    old_folders: list[str]
    new_head: str
    new_files: dict[str, bytes]

    @property
    def old_plan(self) -> bytes:
        return self.old_files[PLAN]

    @property
    def new_plan(self) -> bytes:
        return self.new_files[PLAN]


def environment() -> dict[str, str]:
    env = {**os.environ, **GIT_ENV}
    env.pop(journals.PAUSE_VARIABLE, None)
    return env


def reference(scratch: Path) -> Reference:
    """Make the template workspace (without out/, so that the application makes folders)
    and apply once, uncut, on a copy."""
    template = scratch / "template"
    api.init(template, example=True)
    shutil.rmtree(template / "out")
    done = copy(template, scratch / "uncut")
    result = subprocess.run(
        [sys.executable, "-m", "editplan", *ARGS],
        cwd=done,
        env=environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return Reference(
        template,
        git(template, "rev-parse", "HEAD").strip(),
        files_of(template),
        folders_of(template),
        git(done, "rev-parse", "HEAD").strip(),
        files_of(done),
    )


def copy(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True)
    return target


def start(ws: Path, pause: str | None = None) -> subprocess.Popen[bytes]:
    env = environment()
    if pause is not None:
        env[journals.PAUSE_VARIABLE] = pause
    return subprocess.Popen(
        [sys.executable, "-m", "editplan", *ARGS],
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


def kill_at(ws: Path, step: str, timeout: float = 120.0) -> float:
    """Run until the checkpoint ``step``, then kill; the seconds it took to get there."""
    began = time.perf_counter()
    proc = start(ws, pause=step)
    assert proc.stderr is not None
    deadline = began + timeout
    line = b""
    while time.perf_counter() < deadline:
        line = proc.stderr.readline()
        if not line or line.startswith(b"editplan-checkpoint:"):
            break
    took = time.perf_counter() - began
    kill(proc)
    assert line.strip() == f"editplan-checkpoint: {step}".encode(), (step, line)
    return took


def kill_after(ws: Path, delay: float, *, after: str = "start") -> bool:
    """Run, and kill ``delay`` seconds after the start, after the journal appears
    (``after="journal"``) or after the plan file is written (``after="plan"``: aimed at the
    window between writing the plan and the commit); whether it had finished by then."""
    proc = start(ws)
    if after != "start":
        journal, plan = ws / ".git" / journals.NAME, ws / PLAN
        before = plan.stat()
        while proc.poll() is None:
            if after == "journal" and journal.exists():
                break
            now = plan.stat()
            if after == "plan" and (now.st_mtime_ns, now.st_ino) != (
                before.st_mtime_ns,
                before.st_ino,
            ):
                break
            time.sleep(0.0005)
    try:
        proc.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        finished = False
    kill(proc)
    return finished


def examine(ws: Path, ref: Reference) -> str:
    """Check the state a killed run left, and that the next command handles it; its kind."""
    plan = (ws / PLAN).read_bytes()
    assert plan in (ref.old_plan, ref.new_plan), "the plan file is torn"
    head = git(ws, "rev-parse", "HEAD").strip()
    assert head in (ref.old_head, ref.new_head), f"HEAD is {head}, neither old nor new"
    fsck = subprocess.run(["git", "fsck", "--no-dangling"], cwd=ws, capture_output=True, text=True)
    assert fsck.returncode == 0 and not fsck.stdout.strip(), fsck.stdout + fsck.stderr
    journal = ws / ".git" / journals.NAME
    locks = stale_locks(ws)
    if journal.exists():
        try:
            api.apply(api.Workspace.open(ws), ws / SET, tag=TAG)
        except EditplanError as exc:
            message, remedy = str(exc), exc.remedy
        else:
            raise AssertionError("apply ran over an unfinished application")
        # in the plan's terms; the command line adds 'editplan apply --continue' / '--abort'
        assert "inish it (writes what is missing" in message, message
        assert "or undo it (puts back every file" in message, message
        assert remedy == "continue_apply / abort_apply" and "editplan apply" not in message
        for lock in locks:
            assert lock in message, (lock, message)
        written = message.split("): ", 1)[1].split(" files written")[0]
        kind = "journal: " + (
            "tagged"
            if f"tagged {TAG}" in message and "not tagged" not in message
            else "committed"
            if "committed as" in message
            else "plan written, no commit"
            if "(the plan written)" in message
            else "nothing written"
            if written.startswith("0 of")
            else "documents written, not the plan"
        )
        return kind + (" + stale lock" if locks else "")
    if head == ref.new_head:
        assert plan == ref.new_plan
        assert git(ws, "rev-parse", f"refs/tags/{TAG}").strip() == ref.new_head
        assert not git(ws, "status", "--porcelain").strip()
        assert api.log(api.Workspace.open(ws), plan=ws / PLAN)[0].sha == ref.new_head
        return "completed"
    assert plan == ref.old_plan
    assert not git(ws, "status", "--porcelain").strip()
    kind = "not started"
    if locks:
        try:
            api.apply(api.Workspace.open(ws), ws / SET, tag=TAG)
        except EditplanError as exc:
            assert all(lock in str(exc) for lock in locks) and "ps -e" in str(exc), str(exc)
        else:
            raise AssertionError("apply ran despite a stale lock")
        for path in (ws / ".git").rglob("*.lock"):
            path.unlink()  # what the message says to do, once no git process runs
        kind += " + stale lock"
    outcome = api.apply(api.Workspace.open(ws), ws / SET, tag=TAG)
    assert outcome.commit == ref.new_head
    assert files_of(ws) == ref.new_files
    return kind


def recover_both(ws: Path, ref: Reference, scratch: Path) -> None:
    """With a journal: --continue on one copy gives the new version exactly, --abort on
    another gives the old one back, byte for byte."""
    if not (ws / ".git" / journals.NAME).exists():
        return
    going = copy(ws, scratch / "continue")
    _clear_locks(going)
    done = api.continue_apply(api.Workspace.open(going))
    assert done.head == ref.new_head
    assert files_of(going) == ref.new_files
    assert git(going, "rev-parse", f"refs/tags/{TAG}").strip() == ref.new_head
    assert not git(going, "status", "--porcelain").strip()
    assert not (going / ".git" / journals.NAME).exists()
    back = copy(ws, scratch / "abort")
    _clear_locks(back)
    done = api.abort_apply(api.Workspace.open(back))
    assert done.head == ref.old_head
    assert files_of(back) == ref.old_files
    assert folders_of(back) == ref.old_folders
    assert not git(back, "tag", "--list", TAG).strip()
    assert not git(back, "status", "--porcelain").strip()
    assert not (back / ".git" / journals.NAME).exists()
    for path in (going, back):
        fsck = subprocess.run(["git", "fsck", "--no-dangling"], cwd=path, capture_output=True)
        assert fsck.returncode == 0
        left = [p.name for p in (path / ".git").iterdir() if p.name.startswith("editplan-")]
        assert left == [], left  # no journal, no commit folder of the killed run
        assert not (path / ".git/objects/info/alternates").exists()


def stale_locks(ws: Path) -> list[str]:
    """git's lock files left in .git, except the temporary index of a partial commit
    (``next-index-PID.lock``), which git never looks at again (it is named by process), and
    those in editplan's commit folders (the lock of its temporary index) and on the object
    alternates, which the next commit clears or takes over once their process is gone."""
    git_dir = ws / ".git"
    return [
        p.name
        for p in git_dir.rglob("*.lock")
        if not p.name.startswith("next-index-")
        and not p.relative_to(git_dir).as_posix().startswith(("editplan-", "objects/info/"))
    ]


def _clear_locks(ws: Path) -> None:
    """A stale lock is named in the message; the user removes it, as it says, first. Both
    recoveries refuse while it is there."""
    if not stale_locks(ws):
        return
    locks = list((ws / ".git").rglob("*.lock"))
    for attempt in (api.continue_apply, api.abort_apply):
        try:
            attempt(api.Workspace.open(ws))
        except EditplanError as exc:
            assert "ps -e" in str(exc), str(exc)
        else:
            raise AssertionError("a recovery ran despite a stale lock")
    for lock in locks:
        lock.unlink()
