"""What git will check before a commit, checked before editplan writes anything.

An application writes its files and then commits them; if git refuses the commit only then,
everything has to be put back. Most of git's refusals can be foreseen from the repository's
state: a lock left on the index, a merge or rebase in progress, a detached HEAD, unmerged
paths, uncommitted changes to the plan. These are refused here, first, with what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from editplan.errors import HistoryError, InputError

if TYPE_CHECKING:
    from editplan.history.repo import Repository

# Files and folders in the git dir that mean an operation waits to be finished, and its name.
IN_PROGRESS = (
    ("MERGE_HEAD", "a merge", "git merge --continue", "git merge --abort"),
    ("CHERRY_PICK_HEAD", "a cherry-pick", "git cherry-pick --continue", "git cherry-pick --abort"),
    ("REVERT_HEAD", "a revert", "git revert --continue", "git revert --abort"),
    ("rebase-merge", "a rebase", "git rebase --continue", "git rebase --abort"),
    ("rebase-apply", "a rebase or git am", "git rebase --continue", "git rebase --abort"),
)


def git_path(repo: Repository, name: str) -> Path:
    """Where git keeps ``name`` (index, MERGE_HEAD...) for this work tree: the work tree's own
    git dir for a linked work tree, and GIT_INDEX_FILE for the index when set."""
    return git_paths(repo, [name])[0]


def git_paths(repo: Repository, names: list[str]) -> list[Path]:
    """:func:`git_path` of several names (git is asked once for all it is asked)."""
    return repo.git_paths(names)


def stale_locks(repo: Repository, tag: str | None = None) -> list[Path]:
    """git's lock files that would make the commit (or the tag) fail: on the index, on HEAD,
    on the branch, on packed-refs and on the tag."""
    names = ["index.lock", "HEAD.lock", "packed-refs.lock"]
    branch = repo.branch_ref()
    if branch is not None:
        names.append(f"{branch}.lock")
    if tag is not None:
        names.append(f"refs/tags/{tag}.lock")
    return [path for path in git_paths(repo, names) if path.exists()]


def check_locks(repo: Repository, tag: str | None = None) -> None:
    """Refuse when git's lock files exist (``index.lock`` and the like): git would refuse to
    commit, after editplan wrote."""
    locks = stale_locks(repo, tag)
    if locks:
        raise HistoryError(stale_lock_message(locks))


def stale_lock_message(locks: list[Path]) -> str:
    """Why a lock left by git blocks editplan, and how to remove it safely."""
    names = " ".join(str(lock) for lock in locks)
    return (
        f"git's lock file {names} exists: another git process is running in this "
        "repository, or one was killed and left its lock behind. Nothing was changed. Check "
        "that no git process is running (ps -e | grep git; close editors and tools that run "
        f"git), then remove the lock (rm {names}) and run the command again"
    )


def check_no_operation(repo: Repository) -> None:
    """Refuse during a merge, rebase, cherry-pick or revert, and with unmerged paths."""
    paths = git_paths(repo, [name for name, *_ in IN_PROGRESS])
    for (_, what, go_on, give_up), path in zip(IN_PROGRESS, paths, strict=True):
        if path.exists():
            raise HistoryError(
                f"{what} is in progress in this repository, and git commits nothing else "
                f"until it ends. Nothing was changed. Finish it ({go_on}) or give it up "
                f"({give_up}), then apply again"
            )
    unmerged = repo.unmerged_paths()
    if unmerged:
        path = unmerged[0]
        raise HistoryError(
            f"{path} has unresolved merge conflicts, and git commits nothing until they are "
            "resolved. Nothing was changed. Resolve them (edit, then git add) and commit, then "
            "apply again"
        )


def check_branch(repo: Repository) -> None:
    """Refuse a detached HEAD: the commit would be on no branch."""
    branch_of(repo)


def branch_of(repo: Repository) -> str:
    """The branch the commit will be on ("refs/heads/main"); refused when HEAD is detached."""
    ref = repo.branch_ref()
    if ref is None:
        raise InputError(
            "HEAD is detached: apply would make a commit on no branch; "
            "check out a branch first (git switch main)"
        )
    return ref


def check_plan_clean(repo: Repository, plan_rel: str) -> None:
    """Refuse uncommitted changes to the plan file (staged or not): the revised plan must be
    one commit of its own, made from the committed version."""
    code = repo.path_status(plan_rel)
    if not code:
        return
    if code == "??":
        raise InputError(
            f"{plan_rel} is not committed yet, so applying would leave no previous version to "
            f"go back to; commit it first (git add -- {plan_rel} && git commit)"
        )
    kinds = [k for k, c in (("staged", code[0]), ("not staged", code[1])) if c != " "]
    raise InputError(
        f"{plan_rel} has uncommitted changes ({' and '.join(kinds)}), and apply commits the "
        "revised plan as one commit of its own. If they are edits to keep, commit them first "
        f"(git commit -- {plan_rel}). If they are the output of an application that was "
        "interrupted, do not commit them by hand (the commit would lack the Editplan trailers "
        "that record the set as applied): discard them with "
        f"git checkout HEAD -- {plan_rel} (this discards staged changes too) and apply again"
    )


def check_ready(repo: Repository, plan_rel: str, tag: str | None = None) -> None:
    """Everything git will check before committing the plan, before anything is written."""
    check_locks(repo, tag)
    check_no_operation(repo)
    check_branch(repo)
    check_plan_clean(repo, plan_rel)
