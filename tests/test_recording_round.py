"""The meeting's writing commands record as every writing command does
(editplan/usecases/recording.py): ``draft``, ``decide`` by running numbers (several patch files
in one commit) and ``compile``'s register, on a real git workspace with three bodies' sets. A
repeated command is "already recorded" and git is not touched; a merge waiting is refused
before anything is written; a refusing hook leaves the index as it was and no object; a killed
decide of two files is put back whole by the next command (issue 23, items 2, 3, 7 and 11)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from interrupt_support import GIT_ENV
from interrupt_support import kill_at as kill_apply_at
from record_support import editplan_entries, kill_at, state
from round_support import SETS, git, round_workspace

from editplan import api
from editplan.cli import main
from editplan.errors import EditplanError

REGISTER = "rounds/cb-action-plan.yaml"
DRAFT = ["draft", SETS[0], "53(b)", "--text", "Making information available and used"]
FROZEN = "#!/bin/sh\necho 'plans are frozen until the meeting' >&2\nexit 1\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = round_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def numbers(ws: Path) -> dict[str, int]:
    found = api.gather(api.Workspace.open(ws), list(SETS)).proposals
    return {p.key: p.number for p in found if p.number is not None}


def two_in_two_sets(ws: Path) -> list[str]:
    """The numbers of two proposals in two patch files (the round compiled first)."""
    ok("compile", *SETS, "-o", "out/c.md")
    found = numbers(ws)
    return [str(found["lg14 53(c)"]), str(found["party-a 2"])]


def hook(ws: Path, text: str = FROZEN, name: str = "pre-commit") -> None:
    path = ws / ".git/hooks" / name
    path.write_text(text)
    path.chmod(0o755)


def merge_waiting(ws: Path) -> None:
    """A merge stopped on a conflict in a file of no concern to editplan."""
    for checkout in (["-b", "side"], ["main"]):
        words = checkout[-1]
        git(ws, "checkout", "-q", *checkout)
        (ws / "notes.txt").write_text(f"{words}\n")
        git(ws, "add", "notes.txt")
        git(ws, "commit", "-qm", words)
    done = subprocess.run(["git", "merge", "side"], cwd=ws, capture_output=True)
    assert done.returncode != 0  # the conflict in notes.txt


# --- draft ------------------------------------------------------------------------------------


def test_a_repeated_draft_is_already_recorded_and_git_is_not_touched(ws: Path) -> None:
    first = ok(*DRAFT)
    head = git(ws, "rev-parse", "--short", "HEAD").strip()
    assert first.stdout.endswith(f"Committed {head}\n")
    before = state(ws)
    again = ok(*DRAFT)
    assert again.stdout == (
        f"lg14 53(b): drafted by the Secretariat, already recorded in commit {head} "
        "(Draft the wording of lg14 53(b) (the secretariat))\n"
    )
    assert state(ws) == before  # the index not even rewritten: same bytes, same time


def test_draft_during_a_merge_is_refused_before_anything_is_written(ws: Path) -> None:
    merge_waiting(ws)
    before = state(ws)
    refused = run(*DRAFT)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "editplan: error: a merge is in progress in this repository, and git commits nothing "
        "else until it ends. Nothing was changed. Finish it (git merge --continue) or give it "
        "up (git merge --abort), then draft again\n"
    )
    assert state(ws) == before


def test_a_hook_that_refuses_a_draft_leaves_the_index_as_it_was_and_no_object(ws: Path) -> None:
    hook(ws)
    before = state(ws)
    refused = run(*DRAFT)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "editplan: error: git refused the commit: plans are frozen until the meeting; "
        "nothing was changed\n"
    )
    assert state(ws) == before
    assert editplan_entries(ws) == []
    assert git(ws, "fsck", "--unreachable", "--no-progress") == ""


# --- decide by running numbers: several patch files, one commit --------------------------------


def test_decide_by_numbers_records_two_sets_in_one_commit_and_then_says_already(ws: Path) -> None:
    picked = two_in_two_sets(ws)
    first = ok("decide", *picked, "--status", "rejected")
    assert git(ws, "show", "--name-only", "--format=", "HEAD") == f"{SETS[0]}\n{SETS[1]}\n"
    head = git(ws, "rev-parse", "--short", "HEAD").strip()
    assert first.stdout.endswith(f"Committed {head}\n")
    before = state(ws)
    again = ok("decide", *picked, "--status", "rejected")
    assert again.stdout == (
        f"lg14: 53(c) rejected (no. {picked[0]})\n"
        f"party-a: 2 rejected (no. {picked[1]}), already recorded in commit {head} "
        "(Decide on lg14: 53(c); party-a: 2 rejected)\n"
    )
    assert state(ws) == before


def test_a_hook_that_refuses_decide_by_numbers_puts_both_sets_back(ws: Path) -> None:
    picked = two_in_two_sets(ws)
    hook(ws, name="commit-msg")
    before = state(ws)
    refused = run("decide", *picked, "--status", "rejected")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("editplan: error: git refused the commit: plans are frozen")
    assert state(ws) == before  # both patch files byte for byte, the index, HEAD, no object
    assert editplan_entries(ws) == []
    assert git(ws, "fsck", "--unreachable", "--no-progress") == ""


def test_decide_by_numbers_killed_between_its_two_files_is_put_back_by_the_next(
    ws: Path,
) -> None:
    picked = two_in_two_sets(ws)
    committed = {name: (ws / name).read_bytes() for name in SETS[:2]}
    kill_at(ws, ["decide", *picked, "--status", "rejected"], "file:1")
    assert git(ws, "status", "--porcelain") == f" M {SETS[0]}\n"  # one written, one not
    warned = ok("status")
    what = "decide (the decision on lg14 53(c); party-a 2: rejected) was interrupted"
    assert what in warned.stderr and "hold what it wrote, not committed" in warned.stderr
    other = ok("decide", picked[0], "--status", "agreed")
    assert other.stderr.startswith(
        f"editplan: note: {what} before it ended: {SETS[0]}, {SETS[1]} are put back as before"
    )
    assert (ws / SETS[1]).read_bytes() == committed[SETS[1]]
    assert "rejected" not in (ws / SETS[0]).read_text()
    assert git(ws, "status", "--porcelain") == ""
    assert editplan_entries(ws) == []


# --- compile's register -------------------------------------------------------------------------


def test_compile_after_an_interrupted_decide_reads_what_it_left_and_puts_nothing_right(
    ws: Path,
) -> None:
    picked = two_in_two_sets(ws)
    register = (ws / REGISTER).read_bytes()
    kill_at(ws, ["decide", *picked, "--status", "rejected"], "file:1")
    left = {name: (ws / name).read_bytes() for name in SETS}
    (ws / "amendments/late.yaml").write_text(  # a new set: numbers to give
        (ws / SETS[2]).read_text().replace("id: ngo-b", "id: late")
    )
    compiled = ok("compile", *SETS, "amendments/late.yaml", "-o", "out/c.md")
    assert "decide (the decision on lg14 53(c); party-a 2: rejected) was interrupted" in (
        compiled.stderr
    )
    assert f"{REGISTER} is not written, since this reads the files as an interrupted" in (
        compiled.stderr
    )
    assert {name: (ws / name).read_bytes() for name in SETS} == left  # nothing put back
    assert (ws / REGISTER).read_bytes() == register
    assert (ws / ".git/editplan-record").exists()  # for the next writing command to put right


def test_a_register_git_refuses_is_kept_written_said_and_committed_by_the_next_compile(
    ws: Path,
) -> None:
    hook(ws)
    index = (ws / ".git/index").read_bytes()
    first = ok("compile", *SETS, "-o", "out/c.md")
    assert first.stderr == (
        f"editplan: warning: {REGISTER} holds the round's numbers but is not committed: git "
        "refused the commit: plans are frozen until the meeting\n"
    )
    assert git(ws, "status", "--porcelain") == "?? rounds/\n"  # out/ is ignored
    assert (ws / ".git/index").read_bytes() == index
    assert git(ws, "fsck", "--unreachable", "--no-progress") == ""
    written = (ws / REGISTER).read_bytes()
    (ws / ".git/hooks/pre-commit").unlink()
    again = ok("compile", *SETS, "-o", "out/c.md")
    assert f"Committed {REGISTER} (" in again.stdout and again.stderr == ""
    assert (ws / REGISTER).read_bytes() == written  # the same numbers, committed as they were
    assert "Editplan-Numbered: 1-20" in git(ws, "log", "-1", "--format=%B")
    assert git(ws, "status", "--porcelain") == ""


def test_compile_during_an_interrupted_application_numbers_for_this_compilation_only(
    ws: Path,
) -> None:
    kill_apply_at(ws, "file:4")
    compiled = ok("compile", *SETS, "-o", "out/c.md")
    assert "Numbered" not in compiled.stdout
    warnings = compiled.stderr.splitlines()
    assert warnings[0].startswith(
        "editplan: warning: this reads the files as an interrupted command left them: an "
        "application of lg14"
    )
    assert warnings[1].startswith(
        "editplan: warning: the proposals' numbers hold for this compilation only: "
        f"{REGISTER} is not written, since this reads the files as an interrupted command "
        "left them: an application of lg14"
    )
    assert not (ws / REGISTER).exists()
    assert "No. 20: **lg14 53(o)**" in (ws / "out/c.md").read_text()  # numbered for this run


# --- the commit's author ----------------------------------------------------------------------


def test_an_author_given_is_the_author_of_each_commit_recorded(ws: Path) -> None:
    """The API's author ("Name <email>", as a front end's signed-in user) goes through the
    record to the commit of compile's register, decide and draft; the committer stays git's."""
    ann = "Ann Lee <ann@example.org>"
    with api.Workspace.open(ws) as here:
        api.compile_round(here, list(SETS), "out/c.md", author=ann)
        assert git(ws, "log", "-1", "--format=%an <%ae>|%s") == (
            f"{ann}|Number the proposals of round cb-action-plan: numbers 1-20\n"
        )
        api.decide(here, SETS[1], ["2"], "rejected", author=ann)
        committer = GIT_ENV["GIT_COMMITTER_NAME"]
        assert git(ws, "log", "-1", "--format=%an <%ae>|%cn") == f"{ann}|{committer}\n"
        api.draft(here, SETS[0], "53(b)", "Making information available", author=ann)
        assert git(ws, "log", "-1", "--format=%an <%ae>") == f"{ann}\n"
        with pytest.raises(EditplanError) as refused:
            api.decide(here, SETS[1], ["3"], "rejected", author="Ann Lee")
    assert "is not an author as git records one" in str(refused.value)
    assert git(ws, "status", "--porcelain") == ""  # the refused decision is put back
