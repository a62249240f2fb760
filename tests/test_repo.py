"""The repository class over GitPython, on real temporary repositories: finding the work tree,
each named method, what git says when it refuses, and a machine without git."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from editplan.history.refusals import GitError, GitMissing
from editplan.history.repo import (
    FALLBACK_EMAIL,
    FALLBACK_NAME,
    Repository,
    create,
)

WHO = {
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@localhost",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@localhost",
}


def git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **WHO}, capture_output=True, check=check
    )
    return done.stdout.decode().strip()


def commit_all(cwd: Path, message: str) -> str:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)
    return git(cwd, "rev-parse", "HEAD")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    root = tmp_path / "work"
    create(root)
    (root / "plans").mkdir()
    (root / "plans/a.yaml").write_text("id: a\n", encoding="utf-8")
    commit_all(root, "first")
    return root


@pytest.fixture
def repo(work: Path) -> Iterator[Repository]:
    found = Repository.find(work)
    assert found is not None
    with found:
        yield found


def test_found_from_a_file_or_a_folder_inside_named_as_given(work: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(work)
    for start in (work, work / "plans", work / "plans/a.yaml", link / "plans/a.yaml"):
        with Repository.find(start) as repo:  # type: ignore[union-attr]
            assert repo.root == (link if link in start.parents else work)
            assert Path(repo.working_tree_dir) == repo.root
            assert Path(repo.git_dir).resolve() == (work / ".git").resolve()


def test_no_repository_a_git_dir_and_a_bare_one_are_none(work: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    for start in (outside, outside / "missing/plan.yaml", work / ".git", work / ".git/refs", bare):
        assert Repository.find(start) is None, start


def test_a_linked_work_tree_has_its_own_git_dir_and_index(work: Path, tmp_path: Path) -> None:
    git(work, "worktree", "add", "-q", str(tmp_path / "linked"), "-b", "side")
    with Repository.find(tmp_path / "linked/plans") as repo:  # type: ignore[union-attr]
        assert repo.root == tmp_path / "linked"
        own = (work / ".git/worktrees/linked").resolve()
        assert Path(repo.git_dir).resolve() == own
        assert repo.branch_ref() == "refs/heads/side"
        assert repo.branch_name() == "side"
        index, lock = repo.git_paths(["index", "refs/heads/side.lock"])
        assert index.resolve() == own / "index"
        assert lock.resolve() == (work / ".git/refs/heads/side.lock").resolve()  # refs are shared


PROBE = """\
import sys
from pathlib import Path
from editplan.history.repo import Repository
found = Repository.find(Path(sys.argv[1]))
print(found is not None, "git" in sys.modules)
"""


def test_gitpython_is_loaded_only_where_a_work_tree_may_be(work: Path, tmp_path: Path) -> None:
    """Outside any work tree, no git runs and GitPython is not even imported."""
    (tmp_path / "plain").mkdir()

    def probe(start: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(start)], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert probe(tmp_path / "plain") == "False False"
    assert probe(work / "plans") == "True True"  # the probe sees it when it is loaded
    assert probe(work / ".git") == "False True"  # a .git above: git is asked, and says no


def test_head_commits_and_files_of_a_version(repo: Repository, work: Path) -> None:
    first = git(work, "rev-parse", "HEAD")
    (work / "plans/a.yaml").write_text("id: b\n", encoding="utf-8")
    second = commit_all(work, "second\n\nwith a body")
    assert repo.head() == second
    assert repo.resolve("HEAD~1") == first
    assert repo.resolve("no-such-branch") is None
    made = repo.commit_of("HEAD")
    assert made is not None
    assert (made.sha, made.short, made.parents) == (second, second[:7], (first,))
    assert (made.subject, made.message.strip()) == ("second", "second\n\nwith a body")
    assert repo.commit_of("no-such-branch") is None
    assert repo.blob_id(first, "plans/a.yaml") == git(work, "rev-parse", f"{first}:plans/a.yaml")
    assert repo.blob_id(first, "plans/none.yaml") is None
    assert repo.read_file(first, "plans/a.yaml") == b"id: a\n"
    assert repo.read_file("HEAD", "plans/a.yaml") == b"id: b\n"
    assert repo.read_file("HEAD", "plans/none.yaml") is None
    assert repo.read_file("HEAD", "plans") is None  # a folder is not a file


def test_blobs_read_back_byte_for_byte_through_one_process(
    work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents = [b"", b"no newline", b"\x00\xff binary\n\n", "wörding\n".encode() * 5000]
    shas = []
    for data in contents:
        (work / "blob").write_bytes(data)
        shas.append(git(work, "hash-object", "-w", "blob"))
    trace = tmp_path / "trace"
    monkeypatch.setenv("GIT_TRACE", str(trace))

    def readers() -> int:
        return trace.read_text().count("built-in: git cat-file --batch\n")

    repo = Repository.find(work)
    assert repo is not None
    with repo:
        assert [repo.read_blob(sha) for sha in reversed(shas)] == contents[::-1]
        with pytest.raises(GitError, match="no object 0000000000"):
            repo.read_blob("0" * 40)
        assert repo.read_blob(shas[1]) == b"no newline"  # the reader is still in step
        assert readers() == 1
    with repo:  # closed: the next read starts a new reader
        assert repo.read_blob(shas[0]) == b""
        assert readers() == 2


def test_a_commit_message_of_thousands_of_lines_goes_through_stdin(
    repo: Repository, work: Path
) -> None:
    """A message far above the 128 KiB that one argument may hold on Linux."""
    lines = [f"Editplan-Change: a.ka{n}: rephrase, the wording of line {n} ü" for n in range(6000)]
    message = "Apply a long set\n\n" + "\n".join(lines) + "\n"
    assert len(message.encode()) > 300_000
    (work / "plans/a.yaml").write_text("id: long\n", encoding="utf-8")
    sha = repo.commit(["plans/a.yaml"], message)
    assert sha == git(work, "rev-parse", "HEAD")
    assert git(work, "log", "-1", "--format=%B") == message.strip()


def test_without_an_identity_the_fallback_one_commits(
    repo: Repository, work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [*WHO, "EMAIL"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (work / "plans/a.yaml").write_text("id: c\n", encoding="utf-8")
    repo.commit(["plans/a.yaml"], "Nobody configured")
    who = git(work, "log", "-1", "--format=%an <%ae>|%cn <%ce>")
    assert who == f"{FALLBACK_NAME} <{FALLBACK_EMAIL}>|{FALLBACK_NAME} <{FALLBACK_EMAIL}>"
    repo.set_config("user.name", "Secretariat")
    repo.set_config("user.email", "sec@example.org")
    (work / "plans/a.yaml").write_text("id: d\n", encoding="utf-8")
    repo.commit(["plans/a.yaml"], "Configured")
    assert git(work, "log", "-1", "--format=%an <%ae>") == "Secretariat <sec@example.org>"


def test_a_hook_that_refuses_leaves_the_index_as_it_was(repo: Repository, work: Path) -> None:
    hook = work / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'plans are frozen until the meeting' >&2\nexit 1\n")
    hook.chmod(0o755)
    (work / "notes.txt").write_text("staged before, by the user\n", encoding="utf-8")
    git(work, "add", "notes.txt")
    (work / "plans/a.yaml").write_text("id: refused\n", encoding="utf-8")
    before = git(work, "rev-parse", "HEAD")
    with pytest.raises(GitError) as refused:
        repo.commit(["plans/a.yaml"], "Refused")
    assert str(refused.value) == "git refused the commit: plans are frozen until the meeting"
    assert refused.value.said == "plans are frozen until the meeting"
    assert repo.head() == before
    assert git(work, "diff", "--cached", "--name-only") == "notes.txt"  # the user's staging kept
    assert repo.path_status("plans/a.yaml") == " M"  # the file is the caller's to restore


def test_nothing_to_commit_is_what_git_said_on_stdout(repo: Repository) -> None:
    with pytest.raises(GitError) as refused:
        repo.commit(["plans/a.yaml"], "Nothing")
    assert str(refused.value).startswith("git refused the commit: ")
    assert "nothing to commit" in refused.value.said


def test_a_repository_with_no_commits_yet(tmp_path: Path) -> None:
    create(tmp_path / "fresh", "trunk")
    (tmp_path / "fresh/plan.yaml").write_text("id: p\n", encoding="utf-8")
    with Repository.find(tmp_path / "fresh") as repo:  # type: ignore[union-attr]
        assert repo.branch_ref() == "refs/heads/trunk"
        assert repo.branch_name() == "trunk"
        with pytest.raises(GitError, match="no commit yet in"):
            repo.head()
        assert repo.resolve("HEAD") is None
        assert repo.commit_of("HEAD") is None
        assert repo.path_status("plan.yaml") == "??"
        assert not repo.is_tracked("plan.yaml")
        with pytest.raises(GitError) as none:
            repo.path_log("plan.yaml")
        assert str(none.value) == "plan.yaml has no versions yet: trunk has no commits"
        sha = repo.commit(["plan.yaml"], "The first version")
        assert repo.head() == sha
        assert repo.commit_of(sha).parents == ()  # type: ignore[union-attr]
        (entry,) = repo.path_log("plan.yaml")
        assert (entry.sha, entry.parent_blobs) == (sha, (None,))  # a root commit adds the file


def test_a_detached_head_has_no_branch(repo: Repository, work: Path) -> None:
    assert (repo.branch_ref(), repo.branch_name()) == ("refs/heads/main", "main")
    head = repo.head()
    git(work, "checkout", "-q", "--detach")
    assert (repo.branch_ref(), repo.branch_name()) == (None, None)
    assert repo.head() == head
    git(work, "checkout", "-q", "main")
    assert repo.branch_ref() == "refs/heads/main"


def test_tags_made_read_and_removed(repo: Repository) -> None:
    head = repo.head()
    assert repo.valid_tag_name("lg14-applied")
    for bad in ("two..dots", "a space", "end.lock", "-dash", "colon:no"):
        assert not repo.valid_tag_name(bad), bad
    assert not repo.has_tag("v1") and repo.tag_target("v1") is None
    repo.tag("v1", head)
    assert repo.has_tag("v1") and repo.tag_target("v1") == head
    with pytest.raises(GitError, match=r"git refused the tag 'v1': .*already exists"):
        repo.tag("v1", head)
    repo.delete_tag("v1")
    assert not repo.has_tag("v1") and repo.tag_target("v1") is None
    with pytest.raises(GitError, match="git could not remove the tag 'v1'"):
        repo.delete_tag("v1")


def test_a_branch_moves_back_only_from_where_it_was(repo: Repository, work: Path) -> None:
    first = repo.head()
    (work / "plans/a.yaml").write_text("id: second\n", encoding="utf-8")
    second = commit_all(work, "second")
    with pytest.raises(GitError, match="git could not move refs/heads/main back"):
        repo.move_branch("refs/heads/main", first, first, "wrong start")  # it is not at first
    assert repo.head() == second
    repo.move_branch("refs/heads/main", first, second, "editplan: undo the application of x")
    assert repo.head() == first
    assert (work / "plans/a.yaml").read_text() == "id: second\n"  # the work tree is untouched
    undone = git(work, "reflog", "-1", "--format=%gs", "main")
    assert undone == "editplan: undo the application of x"


def test_the_log_of_a_path_with_trailers_through_a_merge(repo: Repository, work: Path) -> None:
    lines = [f"line {n}" for n in range(1, 8)]
    plan = work / "plans/a.yaml"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = commit_all(work, "base")
    git(work, "checkout", "-q", "-b", "side")
    plan.write_text("\n".join(["side 1", *lines[1:]]) + "\n", encoding="utf-8")
    git(work, "commit", "-q", "-am", "side\n\nEditplan-Set: side\nEditplan-Set-File: s.yaml")
    side = git(work, "rev-parse", "HEAD")
    git(work, "checkout", "-q", "main")
    plan.write_text("\n".join([*lines[:-1], "main 7"]) + "\n", encoding="utf-8")
    ours = commit_all(work, "ours")
    git(work, "merge", "-q", "--no-edit", "side")
    merge = git(work, "rev-parse", "HEAD")
    (work / "other.txt").write_text("not the plan\n", encoding="utf-8")
    commit_all(work, "not the plan")

    log = repo.path_log("plans/a.yaml")
    assert [e.sha for e in log[:4]] == [merge, ours, side, base]  # newest first, by date order
    top = log[0]
    assert top.blob == repo.blob_id(merge, "plans/a.yaml")
    assert top.parent_blobs == (
        repo.blob_id(ours, "plans/a.yaml"),
        repo.blob_id(side, "plans/a.yaml"),
    )
    assert log[2].trailers.splitlines() == ["Editplan-Set: side", "Editplan-Set-File: s.yaml"]
    assert (log[2].subject, log[2].body.splitlines()[0]) == ("side", "side")
    assert log[2].parent_blobs == (repo.blob_id(base, "plans/a.yaml"),)
    assert side not in repo.first_parents("HEAD") and merge in repo.first_parents("HEAD")
    assert repo.commits_between(f"{merge}^1", f"{merge}^2") == [side]
    assert repo.merge_base(ours, side) == base
    assert [e.sha for e in repo.path_log("plans/a.yaml", base)] == [base, log[-1].sha]
    with pytest.raises(GitError, match=r"cannot read the history of plans/a\.yaml at nope: "):
        repo.path_log("plans/a.yaml", "nope")


def test_unrelated_histories_have_no_merge_base(repo: Repository, work: Path) -> None:
    git(work, "checkout", "-q", "--orphan", "elsewhere")
    orphan = commit_all(work, "unrelated")
    assert repo.merge_base("main", orphan) is None


def test_state_before_writing(
    repo: Repository, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = work / "plans/a.yaml"
    assert repo.is_tracked("plans/a.yaml") and repo.path_status("plans/a.yaml") == ""
    (work / "new.yaml").write_text("x\n", encoding="utf-8")
    assert not repo.is_tracked("new.yaml") and repo.path_status("new.yaml") == "??"
    repo.add(["new.yaml"])
    assert repo.is_tracked("new.yaml") and repo.path_status("new.yaml") == "A "
    repo.reset(["new.yaml"])
    assert repo.path_status("new.yaml") == "??"
    plan.write_text("id: changed\n", encoding="utf-8")
    assert repo.path_status("plans/a.yaml") == " M"
    repo.add(["plans/a.yaml"])
    assert repo.path_status("plans/a.yaml") == "M "
    assert repo.unmerged_paths() == []
    git(work, "commit", "-q", "-m", "ours")
    git(work, "checkout", "-q", "-b", "side", "HEAD~1")
    plan.write_text("id: theirs\n", encoding="utf-8")
    git(work, "commit", "-q", "-am", "theirs")
    git(work, "checkout", "-q", "main")
    git(work, "merge", "-q", "side", check=False)  # a conflict
    assert repo.unmerged_paths() == ["plans/a.yaml"]
    merge_head, index = repo.git_paths(["MERGE_HEAD", "index"])
    assert merge_head.exists() and index == work / ".git/index"
    monkeypatch.setenv("GIT_INDEX_FILE", str(work / "other-index"))
    with Repository.find(work) as fresh:  # type: ignore[union-attr]
        assert fresh.git_paths(["index"]) == [work / "other-index"]


def test_config_as_git_reads_it_and_again_after_a_change(repo: Repository, work: Path) -> None:
    git(work, "config", "--local", "merge.editplan.driver", "editplan merge-file %O %A %B %P")
    git(work, "config", "--local", "Section.SubSection.Key", "kept case")
    assert repo.config("merge.editplan.driver") == "editplan merge-file %O %A %B %P"
    assert repo.config("section.SubSection.key") == "kept case"
    assert repo.config("section.subsection.key") is None  # a subsection's case counts
    assert repo.config("no.such") is None
    repo.set_config("user.name", "Changed Name")
    assert repo.config("user.name") == "Changed Name"
    assert git(work, "config", "--local", "user.name") == "Changed Name"


def test_attributes_as_git_reads_them(repo: Repository, work: Path) -> None:
    (work / ".gitattributes").write_text("plans/*.yaml merge=editplan\n", encoding="utf-8")
    assert repo.attribute("merge", "plans/a.yaml") == "editplan"
    assert repo.attribute("merge", "notes.txt") == "unspecified"


def test_what_git_said_is_in_the_error(repo: Repository) -> None:
    with pytest.raises(GitError) as refused:
        repo.add(["no/such/file"])
    assert refused.value.said.startswith("fatal: pathspec 'no/such/file'")
    assert str(refused.value).startswith("git could not stage the files: fatal: pathspec")


# --- a machine without git ---------------------------------------------------------------

NO_IMPORT = """\
import sys
sys.argv = ["editplan", *{args!r}]
from editplan.cli import main
try:
    main()
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print("git" in sys.modules)
"""


@pytest.fixture
def plain(tmp_path: Path, repo_root: Path) -> Path:
    """The example's plan and patch file in a folder outside git."""
    root = tmp_path / "plain"
    for rel in ("plans/cb-action-plan.yaml", "amendments/lg14.yaml"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(repo_root / rel, root / rel)
    return root


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("show", "Goal A.1"),
        ("validate", "plans/cb-action-plan.yaml", "amendments/lg14.yaml"),
        ("apply", "amendments/lg14.yaml", "--dry-run"),
    ],
)
def test_commands_that_need_no_git_do_not_load_gitpython(plain: Path, args: tuple[str]) -> None:
    code = NO_IMPORT.format(args=list(args))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=plain, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "False", done.stdout[-500:]


def test_the_no_import_check_sees_gitpython_where_it_is_loaded(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "editplan", "init", "--example", "ws"], cwd=tmp_path,
                   check=True, capture_output=True)  # fmt: skip
    for args, loads in ((["show", "Goal A.1"], False), (["log"], True)):
        code = NO_IMPORT.format(args=args)
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "ws",
                              capture_output=True, text=True, check=True)  # fmt: skip
        assert done.stdout.splitlines()[-1] == str(loads), args


def test_without_git_on_path_the_commands_that_need_it_say_so(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "editplan", "init", "--example", "ws"], cwd=tmp_path,
                   check=True, capture_output=True)  # fmt: skip
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_PYTHON")}
    env["PATH"] = str(empty)

    def editplan(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "editplan", *args], cwd=tmp_path / "ws",
                              env=env, capture_output=True, text=True, timeout=60)  # fmt: skip

    for needs_git in (["log"], ["apply", "amendments/lg14.yaml"], ["diff", "HEAD", "HEAD"]):
        done = editplan(*needs_git)
        assert done.returncode == 2, (needs_git, done.stderr)
        assert done.stderr.startswith("editplan: error: git is not installed or not on PATH: "), (
            done.stderr
        )
        assert "Traceback" not in done.stderr
    assert git(tmp_path / "ws", "status", "--porcelain") == ""  # apply wrote nothing
    shown = editplan("show", "Goal A.1")
    assert shown.returncode == 0 and shown.stdout.startswith("Goal A.1: "), shown.stderr
    checked = editplan("validate", "plans/cb-action-plan.yaml")
    assert checked.returncode == 0, checked.stderr
    drawn = editplan("render", "plans/cb-action-plan.yaml", "-o", str(tmp_path / "plan.docx"))
    assert drawn.returncode == 0 and (tmp_path / "plan.docx").is_file(), drawn.stderr
    made = editplan("init", str(tmp_path / "new"))
    assert made.returncode == 2 and "not on PATH" in made.stderr
    assert not (tmp_path / "new").exists()  # nothing half made


def test_a_workspace_without_git_says_so_each_time_it_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process, GitPython loaded: the git it runs is gone from PATH."""
    from editplan import api

    api.init(tmp_path / "ws", example=True)
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with api.Workspace.open(tmp_path / "ws") as ws:
        for _ in range(2):  # not "no repository" the second time
            with pytest.raises(GitMissing, match=r"^git is not installed or not on PATH: 'git'"):
                ws.repo  # noqa: B018
