"""The application journal, --continue and --abort, git's refusals checked before anything is
written, late refusals undone whole, and the bad inputs of issue 11 around apply.

Interruptions here are made in-process: the journal's checkpoint raises at a step, and the
rollback that would follow is switched off, which leaves exactly what a kill leaves (the
real kills are in tests/test_interrupt.py). Every test works on a real git workspace.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import here

from editplan import api
from editplan.cli import main
from editplan.cli.base import error_text
from editplan.errors import HistoryError
from editplan.history import journal as journals
from editplan.store import files
from editplan.usecases import committing

PLAN = "plans/cb-action-plan.yaml"
SET = "amendments/lg14.yaml"
JOURNAL = Path(".git") / journals.NAME


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def head(ws: Path) -> str:
    return git(ws, "rev-parse", "HEAD").strip()


def state(ws: Path) -> dict[str, object]:
    """Everything a refused command must leave as it was: the work tree's files and folders
    (out/ included), HEAD, the tags, what git's index holds, COMMIT_EDITMSG, no journal."""
    git(ws, "status", "--porcelain")  # git refreshes its index now, not during the command
    return {
        "files": {
            p.relative_to(ws).as_posix(): p.read_bytes()
            for p in sorted(ws.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(ws).parts
        },
        "folders": sorted(
            p.relative_to(ws).as_posix()
            for p in ws.rglob("*")
            if p.is_dir() and ".git" not in p.relative_to(ws).parts
        ),
        "head": head(ws),
        "tags": git(ws, "tag", "--list"),
        # what the index holds (its stat data changes when git sees a file rewritten)
        "index": git(ws, "ls-files", "--stage"),
        "editmsg": (ws / ".git" / "COMMIT_EDITMSG").read_bytes(),
        "journal": (ws / JOURNAL).exists(),
        "locks": sorted(p.name for p in (ws / ".git").rglob("*.lock")),
    }


class Killed(BaseException):
    """Stands for SIGKILL: nothing after the checkpoint runs, not even the rollback."""


@pytest.fixture
def ws(workspace: Path) -> Path:
    return workspace


@pytest.fixture
def interrupt(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``interrupt(step, *args)``: run ``editplan apply SET *args`` and stop it dead at the
    checkpoint ``step``, leaving what a kill there leaves."""

    def go(step: str, *args: str) -> None:
        def checkpoint(name: str) -> None:
            if name == step:
                raise Killed

        with monkeypatch.context() as patch:
            patch.setattr(journals, "checkpoint", checkpoint)
            patch.setattr(committing, "restore", lambda repo, journal: None)
            patch.setattr(journals, "end", lambda journal: None)
            with pytest.raises(Killed):
                api.apply(
                    here(), SET, tag="v1" if "--tag" in args else None, docs="--no-docs" not in args
                )

    return go


# --- the journal ---------------------------------------------------------------------------


def test_the_journal_is_written_whole_before_the_first_file(ws: Path, interrupt) -> None:
    before = state(ws)
    index = (ws / ".git" / "index").read_bytes()
    interrupt("journal", "--tag")
    journal = ws / JOURNAL
    data = json.loads((journal / "state.json").read_text())
    assert data["sets"] == [{"id": "lg14", "file": SET}]
    assert data["plan"] == PLAN and data["paths"] == [PLAN]
    assert data["head"] == before["head"] and data["ref"] == "refs/heads/main"
    assert data["tag"] == "v1" and data["base"].startswith("sha256:")
    assert "Editplan-Set: lg14" in data["message"]
    assert [f["path"] for f in data["files"]][-1] == PLAN  # the plan is written last
    assert data["folders"] == ["out/lg14"]
    assert (journal / "files" / "3.old").read_bytes() == before["files"][PLAN]
    assert (journal / "index").read_bytes() == index
    after = state(ws)
    assert {k: v for k, v in after.items() if k != "journal"} == {
        k: v for k, v in before.items() if k != "journal"
    }
    assert not list(ws.parent.glob(".git/editplan-apply.*"))


@pytest.mark.parametrize(
    ("command", "setup"),
    [
        (["apply", SET], None),
        (["apply", "--status", "proposed", SET, "amendments/other.yaml"], "other"),
        (["validate", SET], None),
        (["log"], None),
        (["log", "Goal A.1, key area (2)"], None),
        (["diff", "HEAD", "HEAD"], None),
        (["decide", SET, "53(a)", "--status", "agreed"], None),
    ],
)
def test_commands_on_the_plan_refuse_while_an_application_is_unfinished(
    ws: Path, interrupt, command: list[str], setup: str | None
) -> None:
    if setup:
        text = (ws / SET).read_text().replace("id: lg14\n", "id: other\n", 1)
        (ws / "amendments/other.yaml").write_text(text)
    interrupt("file:4", "--tag")
    before = state(ws)
    code, out = run(*command)
    assert code == 3, out
    assert "an application of lg14 to plans/cb-action-plan.yaml was interrupted" in out
    assert "4 of 4 files written (the plan written), no commit made" in out
    assert out.rstrip().endswith(
        "or undo it (puts back every file as it was) with 'editplan apply --continue' / "
        "'editplan apply --abort'"
    )
    assert "tags v1" in out
    assert state(ws) == before


def test_the_library_says_finish_or_undo_and_names_no_command(ws: Path, interrupt) -> None:
    interrupt("file:4", "--tag")
    with pytest.raises(journals.ApplicationInProgress) as refused:
        api.apply(here(), SET)
    message = str(refused.value)
    assert message.endswith(
        "no commit made. Finish it (writes what is missing, commits with the set's trailers and "
        "tags v1), or undo it (puts back every file as it was)"
    )
    assert "editplan apply" not in message and "--" not in message
    assert refused.value.remedy == "continue_apply / abort_apply"


def test_continue_finishes_the_commit_with_its_trailers_and_tag(ws: Path, interrupt) -> None:
    old = head(ws)
    interrupt("file:2", "--tag")
    new_plan = (ws / JOURNAL / "files" / "3.new").read_bytes()
    code, out = run("apply", "--continue")
    assert code == 0, out
    assert "Wrote out/lg14/cb-action-plan.tracked.html" in out
    assert "Wrote plans/cb-action-plan.yaml" in out
    assert "Finished the application of lg14: committed" in out and "tagged v1" in out
    assert (ws / PLAN).read_bytes() == new_plan
    assert git(ws, "rev-parse", "HEAD~1").strip() == old
    trailers = git(ws, "log", "-1", "--format=%(trailers)")
    assert "Editplan-Set: lg14" in trailers and "Editplan-Change: 53(e)" in trailers
    assert git(ws, "rev-parse", "v1").strip() == head(ws)
    assert not git(ws, "status", "--porcelain").strip()
    assert not (ws / JOURNAL).exists()
    code, out = run("log")  # the plan's commands work again, and see the application
    assert code == 0 and "Apply lg14" in out


def test_continue_after_the_commit_only_tags_and_ends(ws: Path, interrupt) -> None:
    interrupt("commit", "--tag")
    made = head(ws)
    code, out = run("apply", "--continue")
    assert code == 0, out
    assert head(ws) == made and git(ws, "rev-parse", "v1").strip() == made
    assert not (ws / JOURNAL).exists()


@pytest.mark.parametrize("step", ["journal", "file:1", "file:4", "commit", "tag"])
def test_abort_puts_back_every_file_the_index_and_the_commit(
    ws: Path, interrupt, step: str
) -> None:
    shutil.rmtree(ws / "out")  # the folders the application makes go too
    before = state(ws)
    interrupt(step, "--tag")
    index = (ws / JOURNAL / "index").read_bytes()
    code, out = run("apply", "--abort")
    assert code == 0, out
    assert (ws / ".git" / "index").read_bytes() == index  # byte for byte, as it was
    assert "Undid the application of lg14" in out
    if step in ("commit", "tag"):
        assert "commit" in out and "undone" in out
    assert state(ws) == before


def test_continue_and_abort_refuse_a_file_changed_since(ws: Path, interrupt) -> None:
    interrupt("file:4")
    (ws / PLAN).write_bytes((ws / PLAN).read_bytes() + b"# edited meanwhile\n")
    before = state(ws)
    for flag in ("--continue", "--abort"):
        code, out = run("apply", flag)
        assert code == 3, out
        assert "plans/cb-action-plan.yaml changed since it was written" in out
        assert f"rm -r {ws / JOURNAL}" in out
        assert state(ws) == before


def test_continue_and_abort_refuse_when_head_moved(ws: Path, interrupt) -> None:
    interrupt("file:4")
    git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "by hand")
    before = state(ws)
    for flag in ("--continue", "--abort"):
        code, out = run("apply", flag)
        assert code == 3, out
        assert "HEAD has moved since" in out and "will not rewrite that history" in out
        assert "It can be neither finished nor undone as it is" in out
        assert out.rstrip().endswith(
            "then finish it or undo it with 'editplan apply --continue' / 'editplan apply --abort'"
        )
        assert state(ws) == before
    with pytest.raises(journals.ApplicationInProgress) as refused:
        api.abort_apply(api.Workspace.open(ws))
    message = str(refused.value)
    assert message.endswith("or put it back as it was, then finish it or undo it")
    assert "editplan apply" not in message and refused.value.remedy == committing.RECOVERY


def test_a_damaged_journal_says_how_to_remove_it(ws: Path, interrupt) -> None:
    interrupt("file:1")
    (ws / JOURNAL / "state.json").write_text('{"format": 1, "sets": [')
    for command in (["apply", SET], ["apply", "--continue"], ["apply", "--abort"]):
        code, out = run(*command)
        assert code == 2, out
        assert "its journal" in out and "is damaged" in out
        assert f"rm -r {ws / JOURNAL}" in out


def test_continue_when_git_refuses_keeps_the_application_open(ws: Path, interrupt) -> None:
    interrupt("file:4")
    hook = ws / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'frozen until the meeting' >&2\nexit 1\n")
    hook.chmod(0o755)
    code, out = run("apply", "--continue")
    assert code == 2, out
    assert "frozen until the meeting" in out and "still unfinished" in out
    assert "or undo it with 'editplan apply --continue' / 'editplan apply --abort'" in out
    with pytest.raises(HistoryError) as refused:
        api.continue_apply(api.Workspace.open(ws))
    message = str(refused.value)
    assert message.endswith("The application is still unfinished: remove the cause, then finish "
                            "it, or undo it")  # fmt: skip
    assert "editplan apply" not in message and refused.value.remedy == committing.RECOVERY
    assert (ws / JOURNAL).exists()
    hook.unlink()
    code, out = run("apply", "--continue")
    assert code == 0, out


def test_nothing_to_continue_or_abort(ws: Path) -> None:
    for flag, verb in (("--continue", "continue"), ("--abort", "abort")):
        code, out = run("apply", flag)
        assert code == 2
        assert f"no application to {verb}" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--continue", SET], "--continue takes no SET"),
        (["--abort", SET], "--abort takes no SET"),
        (["--continue", "--abort"], "exclude each other"),
        (["--continue", "--only", "53(a)"], "--continue takes no other option (got --only)"),
        ([], "Missing argument 'SET...'"),
    ],
)
def test_continue_and_abort_usage(ws: Path, args: list[str], says: str) -> None:
    code, out = run("apply", *args)
    assert code == 2 and says in out


def test_several_sets_in_one_commit_are_journaled_too(ws: Path, monkeypatch) -> None:
    text = (ws / SET).read_text().replace("id: lg14\n", "id: other\n", 1)
    (ws / "amendments/other.yaml").write_text(
        text.split("amendments:\n")[0]
        + "amendments:\n  - id: o1\n    target: Goal B.1, activity (i)\n    op: replace\n"
        + "    phrase: needs\n    by: wants\n"
    )

    def checkpoint(name: str) -> None:
        if name == "file:2":
            raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(journals, "checkpoint", checkpoint)
        patch.setattr(committing, "restore", lambda repo, journal: None)
        patch.setattr(journals, "end", lambda journal: None)
        with pytest.raises(Killed):
            api.apply_agreed(here(), [SET, "amendments/other.yaml"], statuses=["proposed"])
    code, out = run("log")
    assert code == 3 and "an application of lg14+other" in out
    code, out = run("apply", "--continue")
    assert code == 0, out
    trailers = git(ws, "log", "-1", "--format=%(trailers)")
    assert "Editplan-Set: lg14" in trailers and "Editplan-Set: other" in trailers
    assert not git(ws, "status", "--porcelain").strip()


# --- git's refusals, foreseen before anything is written ---------------------------------


@pytest.mark.parametrize("lock", ["index.lock", "HEAD.lock", "refs/heads/main.lock"])
def test_a_stale_lock_is_named_before_anything_is_written(ws: Path, lock: str) -> None:
    (ws / ".git" / lock).write_bytes(b"")
    before = state(ws)
    code, out = run("apply", SET)
    assert code == 2, out
    assert f"{ws / '.git' / lock} exists" in out
    assert "Check that no git process is running (ps -e | grep git" in out
    assert f"rm {ws / '.git' / lock}" in out
    assert state(ws) == before


@pytest.mark.parametrize(
    ("marker", "what"),
    [
        ("MERGE_HEAD", "a merge is in progress"),
        ("CHERRY_PICK_HEAD", "a cherry-pick is in progress"),
        ("REVERT_HEAD", "a revert is in progress"),
        ("rebase-merge", "a rebase is in progress"),
    ],
)
def test_an_operation_in_progress_is_refused_before_anything_is_written(
    ws: Path, marker: str, what: str
) -> None:
    path = ws / ".git" / marker
    if marker.startswith("rebase"):
        path.mkdir()
    else:
        path.write_text(head(ws) + "\n")
    before = state(ws)
    code, out = run("apply", SET)
    assert code == 2, out
    assert what in out and "Nothing was changed" in out
    assert state(ws) == before


def test_a_real_merge_conflict_is_refused_before_anything_is_written(ws: Path) -> None:
    ident = ["-c", "user.name=t", "-c", "user.email=t@t"]
    (ws / "notes.txt").write_text("one\n")
    git(ws, "add", "notes.txt")
    git(ws, *ident, "commit", "-qm", "notes")
    git(ws, "switch", "-qc", "side")
    (ws / "notes.txt").write_text("two\n")
    git(ws, *ident, "commit", "-qam", "side")
    git(ws, "switch", "-q", "main")
    (ws / "notes.txt").write_text("three\n")
    git(ws, *ident, "commit", "-qam", "main")
    subprocess.run(["git", *ident, "merge", "side"], cwd=ws, capture_output=True)
    before = state(ws)
    code, out = run("apply", SET)
    assert code == 2, out
    assert "a merge is in progress" in out and "git merge --abort" in out
    assert state(ws) == before


def test_a_staged_change_to_the_plan_says_what_discards_it(ws: Path) -> None:
    (ws / PLAN).write_bytes((ws / PLAN).read_bytes() + b"# staged\n")
    git(ws, "add", PLAN)
    before = state(ws)
    code, out = run("apply", SET)
    assert code == 2, out
    assert f"{PLAN} has uncommitted changes (staged)" in out
    assert "do not commit them by hand (the commit would lack the Editplan trailers" in out
    assert f"git checkout HEAD -- {PLAN} (this discards staged changes too)" in out
    assert state(ws) == before
    git(ws, "checkout", "HEAD", "--", PLAN)  # what the message says does discard it
    assert not git(ws, "status", "--porcelain", "--", PLAN).strip()


# --- late refusals put everything back ---------------------------------------------------


HOOKS = {
    "pre-commit": "#!/bin/sh\necho 'plans are frozen' >&2\nexit 1\n",
    "commit-msg": "#!/bin/sh\necho 'message must cite a ticket' >&2\nexit 1\n",
}


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_a_refusing_hook_leaves_nothing_behind(ws: Path, hook: str) -> None:
    shutil.rmtree(ws / "out")
    path = ws / ".git" / "hooks" / hook
    path.write_text(HOOKS[hook])
    path.chmod(0o755)
    before = state(ws)
    code, out = run("apply", SET)
    assert code == 2, out
    assert "git refused the commit" in out
    assert state(ws) == before  # no out/lg14/, the same index and COMMIT_EDITMSG


def test_when_putting_back_fails_too_the_application_is_left_to_finish_or_undo(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ws / ".git" / "hooks" / "pre-commit"
    path.write_text(HOOKS["pre-commit"])
    path.chmod(0o755)

    def restore(repo: object, journal: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(ws / PLAN))

    monkeypatch.setattr(committing, "restore", restore)
    with pytest.raises(HistoryError) as refused:
        api.apply(here(), SET)
    message = str(refused.value)
    assert message.endswith(
        f"putting everything back failed too ({ws / PLAN}: No space left on device), so the "
        "application is "
        f"left as it is, with its journal: free space on the disk that holds {ws / 'plans'} "
        "first (it is full); then finish it, or undo it"
    )
    assert "editplan apply" not in message and refused.value.remedy == committing.RECOVERY
    assert error_text(refused.value).endswith(
        "then finish it, or undo it with 'editplan apply --continue' / 'editplan apply --abort'"
    )


def test_a_failing_tag_takes_back_the_commit(ws: Path) -> None:
    hook = ws / ".git" / "hooks" / "reference-transaction"
    hook.write_text(
        '#!/bin/sh\n[ "$1" = prepared ] || exit 0\n'
        'while read old new ref; do case "$ref" in refs/tags/*)\n'
        "  echo 'tags are made by the registry' >&2; exit 1;; esac; done\n"
    )
    hook.chmod(0o755)
    before = state(ws)
    code, out = run("apply", SET, "--tag", "v1")
    assert code == 2, out
    assert "git refused the tag 'v1'" in out and "tags are made by the registry" in out
    assert state(ws) == before
    assert git(ws, "log", "--format=%s") == "Start plan workspace with the LG-14 example\n"


def test_a_failure_while_writing_leaves_nothing_behind(ws: Path, monkeypatch) -> None:
    before = state(ws)
    real = files.write_atomic

    def failing(path: Path, data: bytes | str) -> None:
        if path.name == "cb-action-plan.yaml" and path.parent.name == "plans":
            raise OSError("disk full")
        real(path, data)

    monkeypatch.setattr(files, "write_atomic", failing)
    with pytest.raises(OSError, match="disk full"):
        api.apply(here(), SET)
    monkeypatch.setattr(files, "write_atomic", real)
    assert state(ws) == before


# --- bad input around apply (issue 11, items 4 and 5) -------------------------------------


@pytest.mark.parametrize("blocked", ["out/lg14", "out"])
def test_a_file_where_the_documents_folder_goes(ws: Path, blocked: str) -> None:
    if blocked == "out":
        shutil.rmtree(ws / "out")
    (ws / blocked).write_text("not a folder\n")
    before = state(ws)
    code, out = run("apply", SET)
    assert code == 2, out
    assert f"editplan: error: {blocked}: is a file, not a folder" in out
    assert "the documents go into out/lg14/" in out and "with --docs-dir" in out
    assert state(ws) == before


@pytest.mark.parametrize("flag", ["--out", "--docs-dir"])
def test_an_output_folder_that_is_a_file(ws: Path, flag: str) -> None:
    (ws / "x.yaml").write_text("a file\n")
    before = state(ws)
    extra = ["--no-commit"] if flag == "--docs-dir" else []
    code, out = run("apply", SET, flag, "x.yaml", *extra)
    assert code == 2, out
    assert f"{flag}: x.yaml is a file, not a folder" in out
    assert "does not exist" not in out
    assert state(ws) == before


def test_a_plan_in_another_git_repository(ws: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    api.init(other, example=True)
    (ws / "amendments/far.yaml").write_text(
        (ws / SET)
        .read_text()
        .replace("plan: ../plans/cb-action-plan.yaml", f"plan: {other / PLAN}")
    )
    mine, theirs = state(ws), state(other)
    for command in ("apply", "validate"):
        code, out = run(command, "amendments/far.yaml")
        assert code == 2, out
        assert "amendments/far.yaml:16:7: plan" in out
        assert f"is outside the set's git work tree ({ws})" in out
        assert f"it is in another one ({other})" in out
    assert state(ws) == mine and state(other) == theirs
    assert not (other / "out" / "lg14").exists()


def test_a_plan_outside_the_workspace_is_refused_before_it_is_read(ws: Path, monkeypatch) -> None:
    (ws / "amendments/passwd.yaml").write_text(
        (ws / SET).read_text().replace("plan: ../plans/cb-action-plan.yaml", "plan: /etc/passwd")
    )
    opened: list[Path] = []
    real = files.read_bytes

    def spy(path: Path) -> bytes:
        opened.append(Path(path).resolve())
        return real(path)

    monkeypatch.setattr(files, "read_bytes", spy)
    before = state(ws)
    for command in ("apply", "validate"):
        code, out = run(command, "amendments/passwd.yaml")
        assert code == 2, out
        assert "plan '/etc/passwd' is outside the set's git work tree" in out
    assert Path("/etc/passwd").resolve() not in opened
    assert state(ws) == before


def test_outside_git_the_plan_must_be_in_the_sets_workspace(tmp_path: Path, monkeypatch) -> None:
    space = tmp_path / "space"
    for name, data in api.example_files().items():
        (space / name).parent.mkdir(parents=True, exist_ok=True)
        (space / name).write_bytes(data)
    elsewhere = tmp_path / "elsewhere" / "plan.yaml"
    elsewhere.parent.mkdir()
    shutil.copy(space / PLAN, elsewhere)
    monkeypatch.chdir(space)
    code, out = run("validate", SET)
    assert code == 0, out
    text = (space / SET).read_text()
    (space / SET).write_text(
        text.replace("../plans/cb-action-plan.yaml", "../../elsewhere/plan.yaml")
    )
    code, out = run("validate", SET)
    assert code == 2, out
    assert f"is outside the set's workspace ({space}), the folder above the set's own" in out


@pytest.mark.parametrize("position", ["after", "before"])
def test_a_move_beside_itself(ws: Path, position: str) -> None:
    (ws / "amendments/mv.yaml").write_text(
        "id: mv\ntitle: t\nsource: {document: D/1}\nauthor: A\ndate: 2020-01-01\n"
        "plan: ../plans/cb-action-plan.yaml\nbase: CBD/CP/LG/2020/1/3\namendments:\n"
        "  - id: m1\n    target: Goal A.1, key area (2)\n    op: move\n"
        f"    position: {position}\n    sibling: Goal A.1, key area (2)\n"
    )
    before = state(ws)
    for command in ("validate", "apply"):
        code, out = run(command, "amendments/mv.yaml")
        assert code == 3, out
        assert (
            f"amendments/mv.yaml:13:14: amendment m1: moves Goal A.1, key area (2) (id a1.ka2) "
            f"{position} itself; name another element as the sibling" in out
        )
    assert state(ws) == before


@pytest.mark.parametrize("flag", ["--continue", "--abort"])
def test_recovery_removes_the_half_written_temporary_files(ws: Path, interrupt, flag: str) -> None:
    interrupt("file:1")
    # a kill inside an atomic write leaves its temporary file beside the target
    partial = [
        ws / "plans" / ".cb-action-plan.yaml.k1ll3d00.tmp",
        ws / "out" / "lg14" / ".cb-action-plan.clean.docx.k1ll3d00.tmp",
    ]
    for path in partial:
        path.write_bytes(b"half a fi")
    keep = ws / "plans" / ".notes.tmp"
    keep.write_text("not editplan's\n")
    code, out = run("apply", flag)
    assert code == 0, out
    assert not any(path.exists() for path in partial)
    assert keep.exists()
