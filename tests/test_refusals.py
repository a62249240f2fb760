"""The system refusing writes (issue 23, items 3 and 8): a read-only folder and a full disk,
met by apply, its --continue and --abort, and decide. Never a traceback: exit 2 or 3, a message
naming the folder and what to fix first, and nothing half written; what cannot be put back is
kept in a journal or record, and ends once the cause is fixed.

The refusals are real (tests/confinement.py): a read-only bind mount (EROFS) and a small tmpfs
filled by a hook (ENOSPC), in a private mount namespace.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
from confinement import confined
from interrupt_support import GIT_ENV, files_of, git

from editplan import api

SET = "amendments/lg14.yaml"
PLAN = "plans/cb-action-plan.yaml"
TRACEBACK = "Traceback"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    api.init(ws, example=True)
    shutil.rmtree(ws / "out")
    (ws / "out").mkdir()
    return ws


def no_bug(*runs: dict[str, Any]) -> None:
    for done in runs:
        assert TRACEBACK not in done["err"] and "editplan: bug" not in done["err"], done["err"]


def test_a_read_only_out_folder_is_a_clear_error_and_nothing_is_written(template: Path) -> None:
    before, head = files_of(template), git(template, "rev-parse", "HEAD")
    index = (template / ".git/index").read_bytes()
    results = confined(
        """
        ws = values["ws"]
        readonly(ws + "/out")
        results["apply"] = editplan(ws, "apply", "amendments/lg14.yaml")
        """,
        GIT_ENV,
        ws=template,
    )
    done = results["apply"]
    no_bug(done)
    assert done["code"] == 2
    assert done["err"] == (
        "editplan: error: out/lg14: cannot make the folder: Read-only file system; mount out "
        "read-write first (its file system is read-only); nothing was written\n"
    )
    assert files_of(template) == before and git(template, "rev-parse", "HEAD") == head
    assert (template / ".git/index").read_bytes() == index
    assert not (template / ".git/editplan-apply").exists()


def test_a_folder_made_read_only_before_putting_back_leaves_a_journal_to_undo(
    template: Path,
) -> None:
    """The documents are written, then a hook makes out/lg14 read-only and refuses the commit:
    putting the older documents back fails too. The journal stays; --abort says what to fix
    while the folder is read-only, and undoes everything byte for byte once it is not."""
    (template / "out/lg14").mkdir()
    for name in ("cb-action-plan.tracked.docx", "cb-action-plan.clean.docx"):
        (template / "out/lg14" / name).write_bytes(b"an older document")
    hook = template / ".git/hooks/pre-commit"
    hook.write_text(
        '#!/bin/sh\nmount -o remount,bind,ro "$PWD/out/lg14"\necho "plans are frozen" >&2\nexit 1\n'
    )
    hook.chmod(0o755)
    before = files_of(template)
    head = git(template, "rev-parse", "HEAD")
    results = confined(
        """
        ws = values["ws"]
        sh("mount", "--bind", ws + "/out/lg14", ws + "/out/lg14")
        results["apply"] = editplan(ws, "apply", "amendments/lg14.yaml")
        results["status"] = editplan(ws, "status")
        results["abort, read-only"] = editplan(ws, "apply", "--abort")
        writable(ws + "/out/lg14")
        os.remove(ws + "/.git/hooks/pre-commit")
        results["abort"] = editplan(ws, "apply", "--abort")
        """,
        GIT_ENV,
        ws=template,
    )
    no_bug(*results.values())
    applied = results["apply"]
    assert applied["code"] == 2
    assert applied["err"].startswith("editplan: error: git refused the commit: plans are frozen")
    assert applied["err"].endswith(
        "; and putting everything back failed too (out/lg14/cb-action-plan.tracked.html: "
        "Read-only file system), so the application is left as it is, with its journal: mount "
        "out/lg14 read-write first (its file system is read-only); then finish it, or undo it "
        "with 'editplan apply --continue' / 'editplan apply --abort'\n"
    )
    assert "was interrupted" in results["status"]["err"] and results["status"]["code"] == 0
    stuck = results["abort, read-only"]
    assert stuck["code"] == 2
    assert stuck["err"].startswith(
        "editplan: error: cannot undo the application of lg14: out/lg14/"
    )
    assert "Read-only file system; mount out/lg14 read-write first" in stuck["err"]
    assert "The application is still unfinished (its journal is " in stuck["err"]
    assert results["abort"]["code"] == 0, results["abort"]["err"]
    hook.unlink(missing_ok=True)
    assert files_of(template) == before and git(template, "rev-parse", "HEAD") == head
    assert not (template / ".git/editplan-apply").exists()


FILL = '#!/bin/sh\ncat /dev/zero > "$PWD/.filler" 2>/dev/null\nexit 0\n'  # fills the disk


def on_a_small_disk(template: Path, hook: str) -> None:
    path = template / ".git/hooks" / hook
    path.write_text(FILL)
    path.chmod(0o755)


SMALL_DISK = """
disk = values["disk"]
os.makedirs(disk)
sh("mount", "-t", "tmpfs", "-o", "size=12m", "none", disk)
ws = disk + "/ws"
sh("cp", "-a", values["ws"], ws)
"""


def test_a_full_disk_inside_the_commit_changes_nothing_and_says_to_free_space(
    template: Path,
) -> None:
    on_a_small_disk(template, "pre-commit")
    results = confined(
        SMALL_DISK
        + textwrap.dedent("""
        results["apply"] = editplan(ws, "apply", "amendments/lg14.yaml")
        results["decide"] = editplan(ws, "decide", "amendments/lg14.yaml", "53(a)",
                                     "--status", "agreed")
        results["left"] = sorted(n for n in os.listdir(ws + "/.git") if n.startswith("editplan"))
        results["status"] = subprocess.run(["git", "status", "--porcelain"], cwd=ws,
                                           capture_output=True, text=True).stdout
        """),
        GIT_ENV,
        ws=template,
        disk=template.parent / "disk",
    )
    no_bug(results["apply"], results["decide"])
    for command in ("apply", "decide"):
        done = results[command]
        assert done["code"] == 2, done
        assert done["err"].startswith("editplan: error: git refused the commit: ")
        assert "No space left on device" in done["err"]
        assert done["err"].endswith(
            "; nothing was changed: free space on that disk first (it is full), then run the "
            "command again\n"
            if command == "apply"
            else "; nothing was changed: free space on that disk first (it is full), then run it "
            "again\n"
        ), done["err"]
    assert results["left"] == []
    assert results["status"] == "?? .filler\n"


def test_a_full_disk_that_stops_putting_back_leaves_a_journal_that_says_free_space_first(
    template: Path,
) -> None:
    """An older tracked document of 1 MB is in out/lg14: once the hook has filled the disk,
    putting it back needs more room than git's refusal freed."""
    (template / "out/lg14").mkdir()
    (template / "out/lg14/cb-action-plan.tracked.docx").write_bytes(b"older " * 200_000)
    on_a_small_disk(template, "pre-commit")
    before = files_of(template)
    results = confined(
        SMALL_DISK
        + textwrap.dedent("""
        results["apply"] = editplan(ws, "apply", "amendments/lg14.yaml")
        results["status"] = editplan(ws, "status")
        results["abort, full"] = editplan(ws, "apply", "--abort")
        results["continue, full"] = editplan(ws, "apply", "--continue")
        os.remove(ws + "/.filler")
        os.remove(ws + "/.git/hooks/pre-commit")
        sh("cp", "-a", ws, disk + "/copy")
        results["abort"] = editplan(ws, "apply", "--abort")
        results["files"] = {
            os.path.relpath(os.path.join(d, f), ws): open(os.path.join(d, f), "rb").read().hex()
            for d, _, names in os.walk(ws) if "/.git" not in d + "/" for f in names
        }
        results["continue"] = editplan(disk + "/copy", "apply", "--continue")
        results["log"] = editplan(disk + "/copy", "log")
        """),
        GIT_ENV,
        ws=template,
        disk=template.parent / "disk",
    )
    no_bug(*[r for k, r in results.items() if k != "files"])
    applied = results["apply"]
    assert applied["code"] == 2
    assert "No space left on device" in applied["err"]
    assert (
        "; and putting everything back failed too (out/lg14/cb-action-plan.tracked.docx: cannot "
        "write: No space left on device; free space on the disk that holds out/lg14 first (it "
        "is full)), so the application is left as it is, with its journal: free space on that "
        "disk first (it is full); then finish it, or undo it"
    ) in applied["err"]
    status = results["status"]["err"]
    assert "The disk that holds " in status and "is full (" in status
    assert "free space on it first. Then finish it" in status
    for key in ("abort, full", "continue, full"):
        assert results[key]["code"] == 2, results[key]
        assert "No space left on device" in results[key]["err"] or (
            "Out of diskspace" in results[key]["err"]  # git's words, writing its index
        )
        assert "free space on " in results[key]["err"], results[key]["err"]
        assert "The application is still unfinished" in results[key]["err"]
    assert results["abort"]["code"] == 0, results["abort"]["err"]
    files = {path: bytes.fromhex(data) for path, data in results["files"].items()}
    assert files == {p: b for p, b in before.items()}
    assert results["continue"]["code"] == 0, results["continue"]["err"]
    assert "Apply lg14" in results["log"]["out"]


def test_a_full_disk_that_stops_decide_putting_back_keeps_its_record(template: Path) -> None:
    """A patch file of 1 MB (a long comment): putting it back needs more room than git's
    refusal freed. The record is kept; the next command puts the file back and decides."""
    path = template / "amendments/lg14.yaml"
    path.write_bytes(path.read_bytes() + b"# a long comment\n" * 60_000)
    git(template, "commit", "-qam", "A long comment")
    on_a_small_disk(template, "pre-commit")
    results = confined(
        SMALL_DISK
        + textwrap.dedent("""
        results["decide"] = editplan(ws, "decide", "amendments/lg14.yaml", "53(a)",
                                     "--status", "agreed")
        results["status"] = editplan(ws, "status")
        os.remove(ws + "/.filler")
        os.remove(ws + "/.git/hooks/pre-commit")
        results["again"] = editplan(ws, "decide", "amendments/lg14.yaml", "53(a)",
                                    "--status", "agreed")
        results["left"] = sorted(n for n in os.listdir(ws + "/.git") if n.startswith("editplan"))
        results["clean"] = subprocess.run(["git", "status", "--porcelain"], cwd=ws,
                                          capture_output=True, text=True).stdout
        """),
        GIT_ENV,
        ws=template,
        disk=template.parent / "disk",
    )
    no_bug(results["decide"], results["status"], results["again"])
    decided = results["decide"]
    assert decided["code"] == 3, decided
    assert decided["err"].startswith("editplan: error: git refused the commit: ")
    assert "and putting back what decide had written failed too (" in decided["err"]
    assert (
        "(amendments/lg14.yaml: cannot write: No space left on device; free space on the disk "
        "that holds amendments first (it is full)). Its record is kept ("
    ) in decided["err"]
    assert (
        "free space on that disk first (it is full), then run any editplan command that "
        in (decided["err"])
    )
    assert (
        "decide (the decision on lg14 53(a): agreed) was interrupted before it ended"
        in (results["status"]["err"])
    )
    again = results["again"]
    assert again["code"] == 0, again["err"]
    assert "amendments/lg14.yaml is put back as before" in again["err"]
    assert "Committed " in again["out"]
    assert results["left"] == [] and results["clean"] == ""


def test_decide_in_a_read_only_folder_writes_nothing(template: Path) -> None:
    before = files_of(template)
    results = confined(
        """
        ws = values["ws"]
        readonly(ws + "/amendments")
        results["decide"] = editplan(ws, "decide", "amendments/lg14.yaml", "53(a)",
                                     "--status", "agreed")
        """,
        GIT_ENV,
        ws=template,
    )
    done = results["decide"]
    no_bug(done)
    assert done["code"] == 2
    assert done["err"] == (
        "editplan: error: amendments/lg14.yaml: cannot write here: Read-only file system; "
        "mount amendments read-write first (its file system is read-only); nothing was changed\n"
    )
    assert files_of(template) == before
    assert not (template / ".git/editplan-record").exists()
