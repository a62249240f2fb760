"""Every command that writes records the same careful way (editplan/usecases/recording.py), on
real git workspaces: git's state checked before anything is written, a refusing hook leaving
the index as it was and no object, a repeated command answered "already recorded", what
killed commands left removed or put back by the next one, and every command saying so, or
refusing, while an application is interrupted (issue 23, items 2, 3, 7 and 11)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from interrupt_support import GIT_ENV
from interrupt_support import kill_at as kill_apply_at
from record_support import DECIDE, REVIEWED, editplan_entries, kill_at, state

from editplan.cli import main

SET = "amendments/lg14.yaml"
REPORT = Path(__file__).parent / "data" / "lg14-report.txt"
PLAN = "plans/cb-action-plan.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert not check or done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def ws(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    return workspace


def a_process_that_is_gone() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


# --- git's state, before anything is written ------------------------------------------------


def test_a_repeated_decision_is_already_recorded_and_git_is_not_touched(ws: Path) -> None:
    first = run(*DECIDE[:-2])
    assert first.exit_code == 0, first.output
    head = git(ws, "rev-parse", "--short", "HEAD").strip()
    before = state(ws)
    again = run(*DECIDE[:-2])
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        f"lg14: 53(b), 53(m) rejected, already recorded in commit {head} "
        "(Decide on lg14: 53(b), 53(m) rejected)\n"
    )
    assert state(ws) == before  # the index not even rewritten: same bytes, same time


def test_decide_during_a_merge_is_refused_before_anything_is_written(ws: Path) -> None:
    git(ws, "checkout", "-q", "-b", "side")
    (ws / "notes.txt").write_text("side\n")
    git(ws, "add", "notes.txt")
    git(ws, "commit", "-qm", "side")
    git(ws, "checkout", "-q", "main")
    (ws / "notes.txt").write_text("main\n")
    git(ws, "add", "notes.txt")
    git(ws, "commit", "-qm", "main")
    git(ws, "merge", "side", check=False)
    before = state(ws)
    refused = run(*DECIDE)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "editplan: error: a merge is in progress in this repository, and git commits nothing "
        "else until it ends. Nothing was changed. Finish it (git merge --continue) or give it "
        "up (git merge --abort), then decide again\n"
    )
    assert state(ws) == before


def test_decide_on_a_detached_head_is_refused(ws: Path) -> None:
    git(ws, "checkout", "-q", "--detach")
    before = state(ws)
    refused = run(*DECIDE)
    assert refused.exit_code == 2
    assert "HEAD is detached: decide would make a commit on no branch" in refused.stderr
    assert state(ws) == before


def test_a_stale_index_lock_is_refused_before_anything_is_written(ws: Path) -> None:
    (ws / ".git/index.lock").write_bytes(b"")
    refused = run("accept-candidate", SET, "53(b)")  # not an instruction: refused later anyway
    assert refused.exit_code == 2
    refused = run(*DECIDE)
    assert refused.exit_code == 2
    assert "git's lock file" in refused.stderr and "index.lock exists" in refused.stderr
    assert git(ws, "status", "--porcelain", "--untracked-files=no", check=False) == ""


HOOKS = {
    "pre-commit": "#!/bin/sh\necho 'plans are frozen until the meeting' >&2\nexit 1\n",
    "commit-msg": "#!/bin/sh\necho 'say why in the subject' >&2\nexit 1\n",
    "reference-transaction": (
        '#!/bin/sh\n[ "$1" = prepared ] || exit 0\necho "refs are frozen" >&2\nexit 1\n'
    ),
}


@pytest.mark.parametrize("hook", list(HOOKS))
def test_a_hook_that_refuses_leaves_the_index_as_it_was_and_no_object(ws: Path, hook: str) -> None:
    (ws / "notes.txt").write_text("staged before, by the user\n")
    git(ws, "add", "notes.txt")
    path = ws / ".git/hooks" / hook
    path.write_text(HOOKS[hook])
    path.chmod(0o755)
    before = state(ws)
    refused = run(*DECIDE)
    assert refused.exit_code == 2
    said = HOOKS[hook].split("echo ")[1].split(" >&2")[0].strip("'\"")
    assert refused.stderr.startswith(f"editplan: error: git refused the commit: {said}")
    assert refused.stderr.rstrip().endswith("; nothing was changed")
    assert state(ws) == before  # index bytes and time, HEAD, objects, files: all as they were
    assert git(ws, "diff", "--cached", "--name-only") == "notes.txt\n"
    assert editplan_entries(ws) == []
    assert git(ws, "fsck", "--unreachable", "--no-progress") == ""


def test_the_commit_is_what_a_partial_commit_makes_and_the_user_keeps_their_staging(
    ws: Path,
) -> None:
    (ws / "notes.txt").write_text("staged by the user\n")
    git(ws, "add", "notes.txt")
    (ws / "README.txt").write_text("not staged\n")
    done = run(*DECIDE)
    assert done.exit_code == 0, done.output
    assert git(ws, "show", "--name-only", "--format=", "HEAD") == f"{SET}\n"
    assert git(ws, "status", "--porcelain") == "A  notes.txt\n?? README.txt\n"
    assert editplan_entries(ws) == []


def test_a_file_written_again_as_it_is_is_left_untouched_and_said_unchanged(ws: Path) -> None:
    """collect -o, import -o and extract -o (with --force: the file is there) that would write
    what the file holds already write nothing, and say so instead of "Wrote"."""
    assert run("apply", SET, "--no-docs").exit_code == 0
    assert run("render", "-o", "out/plan.docx").exit_code == 0
    commands = [
        ["collect", str(REVIEWED), "-o", "amendments/review1.yaml", "--force"],
        ["import", "out/plan.docx", "-o", "plans/imported.yaml", "--force"],
        ["extract", str(REPORT), "-o", "amendments/extracted.yaml", "--plan", PLAN, "--force"],
    ]
    for args in commands:
        first = run(*args)
        assert first.exit_code == 0 and first.stdout.startswith("Wrote "), first.output
        written = ws / args[3]
        before = written.read_bytes(), written.stat().st_mtime_ns
        again = run(*args)
        assert again.exit_code == 0, again.output
        assert again.stdout.startswith(f"Unchanged: {args[3]} ("), again.stdout
        assert (written.read_bytes(), written.stat().st_mtime_ns) == before


# --- leftovers of killed commands ------------------------------------------------------------


def test_the_leftovers_of_killed_commands_are_removed_by_the_next(ws: Path) -> None:
    gone = a_process_that_is_gone()
    left = [
        ws / f"amendments/.lg14.yaml.{gone}.k3j2h1x0.tmp",  # a killed write
        ws / "amendments/.lg14.yaml.q8w7e6r5.tmp",  # one of an earlier version
        ws / f".git/next-index-{gone}.lock",  # git's partial commit, killed
        ws / f".git/editplan-commit.{gone}/objects/ab/cdef0123",  # a commit killed early
    ]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    running = ws / f"amendments/.lg14.yaml.{__import__('os').getpid()}.r1r2r3r4.tmp"
    running.write_bytes(b"a write in progress")  # this process runs: kept
    done = run(*DECIDE)
    assert done.exit_code == 0, done.output
    assert [p for p in left if p.exists()] == []
    assert not (ws / f".git/editplan-commit.{gone}").exists()
    assert running.exists()


def test_a_lock_on_the_alternates_a_killed_commit_left_is_removed_by_a_command_that_does_not_commit(
    ws: Path,
) -> None:
    """Found by benchmarks/kill_record.py (seed 7, decide run 17): killed after it removed the
    alternates file and before its lock; the decide run again was already recorded. (A lock
    never appears empty: its pid is written in a claim first, then linked as the lock.)"""
    assert run(*DECIDE).exit_code == 0
    info = ws / ".git/objects/info"
    info.mkdir(exist_ok=True)
    gone = a_process_that_is_gone()
    left = [
        info / "alternates.lock",  # the lock, holding its pid
        info / f"alternates.lock.{gone}",  # its claim, before it was linked as the lock
        info / f".alternates.{gone}.k3j2h1x0.tmp",  # a write of the alternates
    ]
    for path in left:
        path.write_text(str(gone))
    again = run(*DECIDE)
    assert again.exit_code == 0 and "already recorded" in again.stdout, again.output
    assert [p.name for p in left if p.exists()] == []


def test_after_an_interrupted_decide_the_next_one_says_what_it_put_back(ws: Path) -> None:
    kill_at(ws, DECIDE, "file:1")
    assert git(ws, "status", "--porcelain") == f" M {SET}\n"
    warned = run("status")
    assert warned.exit_code == 0
    what = "decide (the decision on lg14 53(b), 53(m): rejected) was interrupted before it ended"
    assert warned.stderr == (
        "editplan: warning: this reads the files as an interrupted command left them: "
        f"{what}: {SET} holds what it wrote, not committed; the next editplan command that "
        "writes puts it back as before (then run decide again)\n"
    )
    other = run("decide", SET, "53(c)", "--status", "agreed")
    assert other.exit_code == 0, other.output
    assert other.stderr == f"editplan: note: {what}: {SET} is put back as before\n"
    text = (ws / SET).read_text()
    assert "Not now" not in text and text.count("status: agreed") == 1
    assert git(ws, "status", "--porcelain") == ""


def test_a_file_changed_after_an_interrupted_decide_is_not_overwritten(ws: Path) -> None:
    kill_at(ws, DECIDE, "file:1")
    edited = (ws / SET).read_text() + "# kept by hand\n"
    (ws / SET).write_text(edited)
    refused = run("decide", SET, "53(c)", "--status", "agreed")
    assert refused.exit_code == 3
    assert f"{SET} has changed since it wrote it, so editplan will not put it back" in (
        refused.stderr
    )
    assert f"rm -r {ws / '.git/editplan-record'}" in refused.stderr
    assert (ws / SET).read_text() == edited
    warned = run("status")
    assert warned.exit_code == 0 and "has changed since it wrote it" in warned.stderr


def test_a_killed_commit_leaves_a_repository_git_reads(ws: Path) -> None:
    """Killed after git moved the branch and before the objects moved in: the quarantine is
    listed as an alternate, so plain git reads the new commit; the next command moves the
    objects in and gives the index its commit."""
    kill_at(ws, DECIDE, "commit:made")
    assert git(ws, "fsck") == ""
    assert "Decide on lg14" in git(ws, "log", "-1", "--format=%s")
    assert git(ws, "status", "--porcelain") == f"MM {SET}\n"  # the index is behind
    warned = run("status")
    assert "before git's index took the commit" in warned.stderr
    again = run(*DECIDE)
    assert again.exit_code == 0
    assert "already recorded in commit" in again.stdout
    assert "had committed amendments/lg14.yaml as" in again.stderr
    assert git(ws, "status", "--porcelain") == ""
    assert editplan_entries(ws) == []
    assert git(ws, "fsck", "--unreachable", "--no-progress") == ""


# --- an interrupted application: reading commands warn, writing ones refuse ------------------


READING = [
    ["status"],
    ["show", "Goal A.5"],
    ["compile", SET],
    ["conflicts", SET],
    ["export", PLAN, "--format", "akn"],
    ["render", "-o", "out/plan.docx"],
    ["collect", str(REVIEWED)],
    ["extract", str(REPORT), "--paragraph", "53"],
]
WRITING = [
    DECIDE,
    ["collect", str(REVIEWED), "-o", "amendments/review1.yaml"],
    ["accept-candidate", SET, "53(b)"],
    ["draft", SET, "53(b)", "--text", "Making information available"],
    ["extract", str(REPORT), "--paragraph", "53", "-o", "amendments/extracted.yaml"],
    ["resolve", "Goal A.5", "--ours"],
    ["validate", PLAN],
    ["log"],
]


def test_every_command_warns_or_refuses_during_an_interrupted_application(ws: Path) -> None:
    kill_apply_at(ws, "file:4")
    said = (
        "an application of lg14 to plans/cb-action-plan.yaml was interrupted (its journal is "
        f"{ws / '.git/editplan-apply'}): 4 of 4 files written (the plan written), no commit "
        "made. Finish it (writes what is missing, commits with the set's trailers and tags v1), or "
        "undo it "
        "(puts back every file as it was) with 'editplan apply --continue' / "
        "'editplan apply --abort'"
    )
    for args in READING:
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert result.stderr.startswith(
            "editplan: warning: this reads the files as an interrupted command left them: " + said
        ), (args, result.stderr)
    for args in WRITING:
        result = run(*args)
        assert result.exit_code == 3, (args, result.output)
        assert result.stderr == f"editplan: error: {said}\n", (args, result.stderr)


def test_a_repeated_apply_with_its_tag_says_already_applied(ws: Path) -> None:
    assert run("apply", SET, "--tag", "v1", "--no-docs").exit_code == 0
    again = run("apply", SET, "--tag", "v1", "--no-docs")
    assert again.exit_code == 3
    assert "already applied (the base no longer matches): set lg14 was applied in" in (again.stderr)
    assert "tag" not in again.stderr


def test_a_command_killed_while_git_wrote_the_index_names_the_lock_first(ws: Path) -> None:
    """Killed after its commit, while git wrote the index (found by benchmarks/kill_record.py,
    seed 2): git's index.lock is left. The next command names it and says how to check that no
    git runs before removing it, instead of git's own refusal."""
    kill_at(ws, DECIDE, "commit:kept")
    lock = ws / ".git/index.lock"
    lock.write_bytes(b"DIRC")  # what git leaves when it is killed writing the index
    warned = run("status")
    assert "before git's index took the commit" in warned.stderr
    assert f"git's lock file {lock} exists" in warned.stderr
    refused = run(*DECIDE)
    assert refused.exit_code == 3
    assert refused.stderr.startswith(
        "editplan: error: decide (the decision on lg14 53(b), 53(m): rejected) was interrupted "
        "after it committed as "
    )
    assert f"git's lock file {lock} exists" in refused.stderr and "ps -e" in refused.stderr
    lock.unlink()
    again = run(*DECIDE)
    assert again.exit_code == 0 and "already recorded in commit" in again.stdout
    assert git(ws, "status", "--porcelain") == "" and editplan_entries(ws) == []


def test_what_was_put_right_is_said_even_when_the_command_then_fails(ws: Path) -> None:
    """Killed inside git's ref update (benchmarks/kill_record.py, seed 2): the file written,
    git's HEAD.lock left. The next decide puts the file back, says so, then refuses for the
    lock."""
    kill_at(ws, DECIDE, "file:1")
    lock = ws / ".git/HEAD.lock"
    lock.write_bytes(b"")
    refused = run(*DECIDE)
    assert refused.exit_code == 2
    note, error = refused.stderr.splitlines()
    assert note == (
        "editplan: note: decide (the decision on lg14 53(b), 53(m): rejected) was interrupted "
        f"before it ended: {SET} is put back as before"
    )
    assert error.startswith(f"editplan: error: git's lock file {lock} exists")
    assert git(ws, "status", "--porcelain", "--untracked-files=no") == ""


def test_apply_puts_right_what_an_interrupted_decide_left_before_it_reads_the_set(
    ws: Path,
) -> None:
    """Otherwise it would apply the decision that was never recorded."""
    kill_at(ws, ["decide", SET, "53(a)", "--status", "rejected"], "file:1")
    done = run("apply", SET, "--no-docs")
    assert done.exit_code == 0, done.output
    assert "editplan: note: decide (the decision on lg14 53(a): rejected) was interrupted" in (
        done.stderr
    )
    assert "53(a)" in git(ws, "log", "-1", "--format=%(trailers:key=Editplan-Amendments)")
    assert git(ws, "status", "--porcelain") == ""
