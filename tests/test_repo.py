"""The git runner, on real temporary repositories: finding the work tree, running commands,
config, reading blobs, and what git says when it refuses."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from editplan.history.repo import GitError, Repo, create, run


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@localhost",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@localhost",
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True)
    return done.stdout.decode().strip()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    root = tmp_path / "work"
    create(root)
    (root / "plans").mkdir()
    (root / "plans/a.yaml").write_text("id: a\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    return root


def test_found_from_a_file_or_a_folder_inside_named_as_given(work: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(work)
    for start in (work, work / "plans", work / "plans/a.yaml", link / "plans/a.yaml"):
        with Repo.find(start) as repo:  # type: ignore[union-attr]
            assert Path(repo.working_tree_dir) == (link if link in start.parents else work)
            assert Path(repo.git_dir).resolve() == (work / ".git").resolve()


def test_no_repository_a_git_dir_and_a_bare_one_are_none(work: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    for start in (outside, outside / "missing/plan.yaml", work / ".git", bare):
        assert Repo.find(start) is None, start


def test_a_linked_work_tree_has_its_own_git_dir(work: Path, tmp_path: Path) -> None:
    git(work, "worktree", "add", "-q", str(tmp_path / "linked"), "-b", "side")
    repo = Repo.find(tmp_path / "linked/plans")
    assert repo is not None
    assert Path(repo.working_tree_dir) == tmp_path / "linked"
    assert Path(repo.git_dir).resolve() == (work / ".git/worktrees/linked").resolve()
    assert repo.branch_ref() == "refs/heads/side"


def test_commands_run_in_the_work_tree_and_lose_only_the_last_newline(work: Path) -> None:
    repo = Repo.find(work / "plans")
    assert repo is not None
    assert repo.git.ls_files() == "plans/a.yaml"
    assert repo.git.rev_parse("HEAD") == git(work, "rev-parse", "HEAD")
    assert repo.git.show("HEAD:plans/a.yaml") == "id: a"  # the file's own newline goes
    assert repo.git.log("-1", "--format=%s%n") == "first\n"  # "first\n\n": one newline goes


def test_stdin_and_extra_environment_reach_git(work: Path) -> None:
    repo = Repo.find(work)
    assert repo is not None
    (work / "plans/a.yaml").write_text("id: b\n", encoding="utf-8")
    repo.git.add("--", "plans/a.yaml")
    who = {"GIT_AUTHOR_NAME": "Someone", "GIT_AUTHOR_EMAIL": "s@localhost"}
    with (
        tempfile.TemporaryFile() as message,
        repo.git.custom_environment(**who, GIT_COMMITTER_NAME="C", GIT_COMMITTER_EMAIL="c@l"),
    ):
        message.write("Über\n\nbody".encode())
        message.seek(0)
        repo.git.commit("--quiet", "-F", "-", istream=message)
    assert git(work, "log", "-1", "--format=%an|%s|%b") == "Someone|Über|body"
    elsewhere = repo.git.custom_environment(GIT_DIR=str(work / "nowhere"))
    with pytest.raises(GitError), elsewhere:
        repo.git.status()
    repo.git.status()  # the environment was for the block only


def test_a_refusal_says_what_git_said(work: Path) -> None:
    repo = Repo.find(work)
    assert repo is not None
    with pytest.raises(GitError) as refused:
        repo.git.rev_parse("--verify", "no-such-branch")
    assert refused.value.status == 128
    assert "fatal: Needed a single revision" in refused.value.stderr
    with pytest.raises(GitError) as nothing:  # this one says it on stdout
        repo.git.commit("-m", "nothing")
    assert "nothing to commit" in str(nothing.value)
    with pytest.raises(GitError, match="cannot run git"):
        run(["status"], work / "gone")


def test_detached_head_has_no_branch_and_an_unborn_one_has(work: Path, tmp_path: Path) -> None:
    create(tmp_path / "fresh", "trunk")
    assert Repo.find(tmp_path / "fresh").branch_ref() == "refs/heads/trunk"  # type: ignore[union-attr]
    repo = Repo.find(work)
    assert repo is not None
    assert repo.branch_ref() == "refs/heads/main"
    git(work, "checkout", "-q", "--detach")
    assert repo.branch_ref() is None


def test_config_as_git_reads_it_and_again_after_a_change(work: Path) -> None:
    repo = Repo.find(work)
    assert repo is not None
    git(work, "config", "--local", "merge.editplan.driver", "editplan merge-file %O %A %B %P")
    git(work, "config", "--local", "Section.SubSection.Key", "kept case")
    assert repo.config("merge.editplan.driver") == "editplan merge-file %O %A %B %P"
    assert repo.config("section.SubSection.key") == "kept case"
    assert repo.config("section.subsection.key") is None  # a subsection's case counts
    assert repo.config("no.such") is None
    repo.git.config("--local", "user.name", "Changed Name")
    assert repo.config("user.name") == "Changed Name"


def test_blobs_read_back_byte_for_byte_through_one_reader(work: Path) -> None:
    repo = Repo.find(work)
    assert repo is not None
    contents = [b"", b"no newline", b"\x00\xff binary\n\n", "wörding\n".encode() * 5000]
    shas = []
    for data in contents:
        (work / "blob").write_bytes(data)
        shas.append(git(work, "hash-object", "-w", "blob"))
    with repo:
        assert [repo.read_blob(sha) for sha in reversed(shas)] == contents[::-1]
        reader = repo._blobs
        assert reader is not None and reader.poll() is None
        with pytest.raises(GitError, match="no object"):
            repo.read_blob("0" * 40)
    assert reader.poll() == 0 and repo._blobs is None
